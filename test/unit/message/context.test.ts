// The workflow context: what each event fixture gives, and that it is plain data holding only what
// the documented fields name.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { readContext, runIdentity, type ContextSources } from '../../../src/message/context/context.js';
import { readWorkflowRun } from '../../../src/message/context/toolkit.js';
import type { WorkflowContext } from '../../../src/message/context/context-types.js';
import { envOf, fixture, NOW, tempDir } from './support.js';

async function contextOf(
  file: string,
  extra: Partial<ContextSources> = {},
  env: Record<string, string> = {},
): Promise<{ context: WorkflowContext; warnings: string[] }> {
  const warnings: string[] = [];
  const context = await readContext({
    env: envOf(fixture(file), env),
    status: undefined,
    vars: {},
    now: NOW,
    warn: (m) => warnings.push(m),
    ...extra,
  });
  return { context, warnings };
}

describe('workflow context', () => {
  test('run fields come from the GITHUB_* variables', async () => {
    const { context } = await contextOf('push-multi', {
      status: 'failure',
      vars: { team: 'core' },
    });
    assert.deepEqual(context.repository, {
      owner: 'octo-org',
      name: 'octo-repo',
      full_name: 'octo-org/octo-repo',
      url: 'https://github.com/octo-org/octo-repo',
    });
    assert.deepEqual(context.run, {
      id: '1658821493',
      number: '42',
      attempt: '1',
      url: 'https://github.com/octo-org/octo-repo/actions/runs/1658821493',
    });
    assert.equal(context.workflow, 'CI');
    assert.equal(context.job, 'build');
    assert.equal(context.event_name, 'push');
    assert.equal(context.ref, 'refs/heads/main');
    assert.equal(context.ref_name, 'main');
    assert.equal(context.short_sha, '18bec3e');
    assert.equal(context.actor, 'octocat');
    assert.equal(context.server_url, 'https://github.com');
    assert.equal(context.status, 'failure');
    assert.deepEqual(context.vars, { team: 'core' });
    assert.equal(context.timestamp, '2026-11-28T18:20:00.000Z');
  });

  test('push: commits oldest first, compare URL, and the head commit', async () => {
    const { context } = await contextOf('push-multi');
    assert.equal(
      context.push?.compare_url,
      'https://github.com/octo-org/octo-repo/compare/cfb3fb4d51de...18bec3e8973b',
    );
    assert.deepEqual(
      context.push.commits.map((c) => [c.short_sha, c.author, c.title]),
      [
        ['5c572b7', 'Mona Lisa Octocat', 'docs: document the retry-attempts input'],
        ['a2c5bd3', 'Hubot', 'chore(deps): bump nodemailer from 6.9.12 to 6.9.13'],
        ['18bec3e', 'The Octocat', 'Add retry to send step'],
      ],
    );
    assert.equal(context.commit.title, 'Add retry to send step');
    assert.equal(
      context.commit.message,
      'Add retry to send step\nRetries transient SMTP 4xx errors up to 3 times.',
    );
    assert.equal(
      context.commit.url,
      'https://github.com/octo-org/octo-repo/commit/18bec3e8973b873ba66b5255ac692ba286d052f8',
    );
    assert.equal(context.pull_request, undefined);
  });

  test('pull_request from a fork: the title is kept as sent, the fork is flagged', async () => {
    const { context } = await contextOf('pull-request-fork');
    const pr = context.pull_request;
    assert.ok(pr);
    assert.equal(pr.number, 1347);
    assert.equal(pr.title, 'Fix <img src=x onerror=alert(1)> and\r\nBcc: attacker@evil.example');
    assert.equal(pr.fork, true);
    assert.deepEqual(pr.head, {
      ref: 'patch-1',
      sha: 'c33064adb94a7d8b161e4949f31870f936c563da',
      repo: 'evil-fork/octo-repo',
      label: 'evil-fork:patch-1',
    });
    assert.equal(pr.base.ref, 'main');
    assert.equal(
      context.commit.sha,
      'c33064adb94a7d8b161e4949f31870f936c563da',
      'the PR head, not the merge commit',
    );
  });

  test('release: notes as Markdown, as safe HTML and as text, assets with sizes', async () => {
    const { context } = await contextOf('release-published');
    const release = context.release;
    assert.ok(release);
    assert.equal(release.name, 'v1.4.0 – Faster sends');
    assert.equal(release.tag, 'v1.4.0');
    assert.equal(release.url, 'https://github.com/octo-org/octo-repo/releases/tag/v1.4.0');
    assert.equal(release.author, 'octocat');
    assert.equal(release.prerelease, false);
    assert.match(release.body, /^## What's changed\n/);
    assert.match(release.body_html, /<h2 style="[^"]+">What's changed<\/h2>/);
    assert.doesNotMatch(release.body_html, /script|alert/, 'the sanitizer drops a script and its content');
    assert.match(release.body_text, /^What's changed\n-{14}\n\n- Batch sends now reuse/);
    assert.doesNotMatch(release.body_text, /<|script/);
    assert.deepEqual(
      release.assets.map((a) => [a.name, a.size]),
      [
        ['octo-repo-v1.4.0-linux-x64.tar.gz', 2483921],
        ['SHA256SUMS.txt', 196],
      ],
    );
    assert.equal(
      release.assets[1]?.download_url,
      'https://github.com/octo-org/octo-repo/releases/download/v1.4.0/SHA256SUMS.txt',
    );
  });

  test('workflow_run: the watched run, its conclusion and head commit', async () => {
    const { context } = await contextOf('workflow-run-failure');
    const run = context.workflow_run;
    assert.ok(run);
    assert.equal(run.name, 'CI');
    assert.equal(run.conclusion, 'failure');
    assert.equal(run.run_number, 42);
    assert.equal(run.url, 'https://github.com/octo-org/octo-repo/actions/runs/9079123456');
    assert.equal(run.head_branch, 'main');
    assert.equal(run.short_sha, '18bec3e');
    assert.equal(run.head_commit?.title, 'Add retry to send step');
    assert.equal(run.head_commit.author, 'The Octocat');
    assert.equal(context.commit.sha, '18bec3e8973b873ba66b5255ac692ba286d052f8');
  });

  test('workflow_dispatch inputs; schedule has none', async () => {
    assert.deepEqual((await contextOf('workflow-dispatch')).context.inputs, {
      environment: 'staging',
      notify: 'true',
      reason: 'Manual re-run',
    });
    const schedule = (await contextOf('schedule')).context;
    assert.deepEqual(schedule.inputs, {});
    assert.equal((schedule.event as { schedule?: string }).schedule, '30 5 * * 1-5');
  });

  test('plain JSON: no prototypes beyond Object, nothing from other variables', async () => {
    const { context } = await contextOf(
      'push-multi',
      {},
      { MY_SECRET: 'hunter2', ACTIONS_RUNTIME_TOKEN: 'tok' },
    );
    const json = JSON.stringify(context);
    assert.doesNotMatch(json, /hunter2|"tok"/);
    assert.equal(Object.getPrototypeOf(context), Object.prototype);
    assert.deepEqual(JSON.parse(json), context);
  });

  test('a missing or broken event file gives empty event fields and a warning, not a failure', async () => {
    const dir = await tempDir('ctx-');
    const broken = path.join(dir, 'event.json');
    await writeFile(broken, '{ not json');
    const { context, warnings } = await contextOf('push-multi', {}, { GITHUB_EVENT_PATH: broken });
    assert.deepEqual(context.event, {});
    assert.equal(context.push?.commits.length, 0);
    assert.equal(context.repository.full_name, 'octo-org/octo-repo');
    assert.match(warnings[0] ?? '', /Could not read the event payload/);
  });

  test('outside a workflow run every field is empty, nothing throws', async () => {
    const context = await readContext({
      env: {},
      status: undefined,
      vars: {},
      now: NOW,
      warn: () => undefined,
    });
    assert.equal(context.repository.full_name, '');
    assert.equal(context.run.url, '');
    assert.equal(context.commit.url, '');
    assert.equal(runIdentity(await readWorkflowRun({}, () => undefined)), undefined);
  });
});
