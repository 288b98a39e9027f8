// What the built-in templates show, from literal contexts: status words and colours, the watched run
// of a workflow_run event, release titles.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WorkflowContext } from '../../../src/message/context/context-types.js';
import { formatBytes, formatDate } from '../../../src/message/render/helpers.js';
import { oneLine } from '../../../src/text.js';
import { templateView } from '../../../src/message/render/view.js';

const base: WorkflowContext = {
  repository: { owner: 'o', name: 'r', full_name: 'o/r', url: 'https://github.com/o/r' },
  run: { id: '1', number: '5', attempt: '2', url: 'https://github.com/o/r/actions/runs/1' },
  workflow: 'CI',
  job: 'build',
  event_name: 'push',
  ref: 'refs/heads/dev',
  ref_name: 'dev',
  sha: 'a'.repeat(40),
  short_sha: 'aaaaaaa',
  actor: 'mona',
  triggering_actor: 'hubot',
  server_url: 'https://github.com',
  status: '',
  commit: {
    sha: '',
    short_sha: '',
    title: 'Fix',
    message: 'Fix',
    author: '',
    author_login: '',
    url: '',
    timestamp: '',
  },
  event: {},
  inputs: {},
  vars: {},
  timestamp: '2026-11-28T18:20:00.000Z',
};

describe('templateView', () => {
  const cases: [string, string, string, string][] = [
    ['success', 'Succeeded', 'succeeded', '#1a7f37'],
    ['failure', 'Failed', 'failed', '#cf222e'],
    ['cancelled', 'Cancelled', 'was cancelled', '#59636e'],
    ['skipped', 'Skipped', 'was skipped', '#59636e'],
    ['', 'Finished', 'finished', '#0969da'],
  ];
  for (const [status, label, verb, color] of cases) {
    test(`status '${status}'`, () => {
      const view = templateView({ ...base, status });
      assert.deepEqual(view.status, { state: status, label, verb, color });
      assert.equal(view.run.workflow, 'CI');
      assert.equal(view.run.actor, 'hubot', 'who started the run: the triggering actor');
      assert.equal(view.preheader, `${label} on dev: Fix`);
    });
  }

  test('workflow_run: about the watched run; the status input wins over its conclusion', () => {
    const watched = {
      name: 'Build',
      conclusion: 'timed_out',
      status: 'completed',
      url: 'https://github.com/o/r/actions/runs/9',
      id: 9,
      run_number: 77,
      run_attempt: 1,
      event: 'pull_request',
      head_branch: 'feature',
      head_sha: 'b'.repeat(40),
      short_sha: 'bbbbbbb',
      display_title: 'x',
      actor: 'mona',
      head_commit: undefined,
    };
    const view = templateView({ ...base, event_name: 'workflow_run', workflow_run: watched });
    assert.equal(view.status.label, 'Timed out');
    assert.deepEqual(
      [
        view.run.workflow,
        view.run.number,
        view.run.branch,
        view.run.event,
        view.run.conclusion,
        view.run.watched,
      ],
      ['Build', '77', 'feature', 'pull_request', 'timed_out', true],
    );
    assert.equal(
      templateView({ ...base, status: 'success', workflow_run: watched }).status.label,
      'Succeeded',
    );
  });

  test('links other than http(s) are dropped', () => {
    assert.equal(templateView({ ...base, run: { ...base.run, url: 'javascript:alert(1)' } }).run.url, '');
  });

  test('release titles', () => {
    const release = {
      name: 'v1.4.0 – Faster sends',
      tag: 'v1.4.0',
      url: 'https://github.com/o/r/releases/tag/v1.4.0',
      author: 'mona',
      prerelease: false,
      draft: false,
      published_at: '',
      body: '',
      body_html: '',
      body_text: '',
      assets: [],
    };
    assert.equal(templateView({ ...base, release }).release_title, 'v1.4.0 – Faster sends');
    assert.equal(
      templateView({ ...base, release: { ...release, name: 'Faster sends' } }).release_title,
      'Faster sends (v1.4.0)',
    );
    assert.equal(templateView({ ...base, release: { ...release, name: '' } }).release_title, 'v1.4.0');
    const pre = templateView({ ...base, release: { ...release, prerelease: true } });
    assert.deepEqual([pre.release_kind, pre.release_color], ['Pre-release', '#9a6700']);
    const tag = templateView({ ...base, ref: 'refs/tags/v2', ref_name: 'v2' });
    assert.deepEqual(
      [tag.release_title, tag.release_tag, tag.release_url],
      ['v2', 'v2', 'https://github.com/o/r/releases/tag/v2'],
    );
  });
});

test('formatting helpers', () => {
  assert.deepEqual([0, 1023, 1024, 2483921, 35 * 1024 * 1024, 5 * 1024 ** 4].map(formatBytes), [
    '0 B',
    '1023 B',
    '1.0 KB',
    '2.4 MB',
    '35 MB',
    '5.0 TB',
  ]);
  assert.equal(formatBytes(Number.NaN), '');
  assert.equal(formatDate('2024-05-14T08:05:33Z'), '2024-05-14 08:05 UTC');
  assert.equal(formatDate('not a date'), 'not a date');
  assert.equal(oneLine(' a\r\n\tb\u2028c \u0000 d '), 'a b c d');
});
