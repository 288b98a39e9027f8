// The runner seam: inputs through @actions/core, and the two things it adds: printed text never acts
// as a workflow command, and every secret is masked in every form the action writes.
import * as core from '@actions/core';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { coreBackend, createRunner } from '../../src/runner/index.js';
import { neutraliseLine, neutraliseText } from '../../src/runner/safe-text.js';
import { renderLog } from '../support/workflow-commands.js';
import { recordingBackend } from '../support/recording-runner.js';

/** What the runner would run: a line that starts with `::` after white space, or holds `##[`. */
const ACTS = /^[\s\u0085]*::|##\[/;

const HOSTILE = [
  '::add-mask::x',
  '::stop-commands::token',
  '  ::set-output name=x::y',
  '\t::error::forged',
  'ok\n::warning::forged',
  'ok\r::warning::forged',
  'ok\r\n::notice::forged',
  'ok\u2028::debug::forged',
  'ok\u2029::group::forged',
  'ok\u0085::endgroup::',
  'ok\v::error::x',
  'ok\f::error::x',
  'text ##[add-mask]secret',
  '##[error]legacy',
  '\u0085::error::x',
];

describe('printed text never acts as a workflow command', () => {
  for (const text of HOSTILE) {
    test(JSON.stringify(text), () => {
      const backend = recordingBackend();
      const runner = createRunner(backend);
      runner.info(text);
      runner.warning(text, { title: text });
      runner.error(text);
      runner.debug(text);
      runner.startGroup(text);
      const printed = backend.lines.flatMap((line) => line.split(/\r\n|[\r\n\v\f\u0085\u2028\u2029]/));
      const forged = printed.filter(
        (line) => ACTS.test(line) && !/^::(warning|error|debug|group)[ :]/.test(line),
      );
      assert.deepEqual(forged, []);
      // The reader still sees the text: only an invisible character was added.
      assert.equal(
        neutraliseText(text).replaceAll('\u200B', ''),
        text.split(/\r\n|[\r\n\v\f\u0085\u2028\u2029]/).join('\n'),
      );
    });
  }

  test('lines that do not look like commands are left alone', () => {
    for (const line of ['plain', 'a :: b', 'x ::y', 'https://x/y', '#[not legacy]', '']) {
      assert.equal(neutraliseLine(line), line);
    }
  });
});

describe('secrets are masked in every form the action writes', () => {
  test('as given, trimmed, line by line, and HTML-escaped', () => {
    const backend = recordingBackend();
    createRunner(backend).setSecret(' a<b&"c\'d \n-----END KEY-----\n');
    const masks = backend.lines.map((l) => l.replace(/^::add-mask::/, ''));
    for (const form of [
      ' a<b&"c\'d %0A-----END KEY-----%0A',
      'a<b&"c\'d %0A-----END KEY-----',
      'a<b&"c\'d',
      '-----END KEY-----',
      'a&lt;b&amp;&quot;c&#39;d',
    ]) {
      assert.ok(masks.includes(form), `${form} is masked (${JSON.stringify(masks)})`);
    }
  });

  test('a secret in the summary is masked by the runner in its escaped form', () => {
    const backend = recordingBackend();
    const runner = createRunner(backend);
    const secret = 'p<ss&word>123';
    runner.setSecret(secret);
    const shown = renderLog(`${backend.lines.join('\n')}\n<td>p&lt;ss&amp;word&gt;123</td>`);
    assert.doesNotMatch(shown, /ss&amp;word/);
  });

  test('empty secrets are not registered', () => {
    const backend = recordingBackend();
    createRunner(backend).setSecret('  ');
    assert.deepEqual(backend.lines, []);
  });
});

describe('the seam on @actions/core', () => {
  const saved = { ...process.env };
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runner-test-'));
    process.env['INPUT_CLIENT-ID'] = '  abc  ';
    process.env.GITHUB_OUTPUT = path.join(dir, 'output');
    process.env.GITHUB_STEP_SUMMARY = path.join(dir, 'summary');
    writeFileSync(process.env.GITHUB_OUTPUT, '');
    writeFileSync(process.env.GITHUB_STEP_SUMMARY, '');
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  test('inputs: trimmed, and raw for masking', () => {
    const runner = createRunner(coreBackend);
    assert.equal(runner.input('client-id'), 'abc');
    assert.equal(runner.rawInput('client-id'), '  abc  ');
    assert.equal(runner.input('absent'), '');
  });

  test('outputs use the heredoc form and the summary is appended', async () => {
    const runner = createRunner(coreBackend);
    runner.setOutput('accepted', 'a@b.cd,e@f.gh');
    await runner.appendSummary('<h3>Sent</h3>');
    await runner.appendSummary('<p>again</p>');
    assert.match(
      readFileSync(path.join(dir, 'output'), 'utf8'),
      /^accepted<<(ghadelimiter_[0-9a-f-]+)\na@b\.cd,e@f\.gh\n\1\n$/,
    );
    assert.equal(
      readFileSync(path.join(dir, 'summary'), 'utf8'),
      `<h3>Sent</h3>${os.EOL}<p>again</p>${os.EOL}`,
    );
  });

  test('no summary file outside a runner is not an error', async () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    await createRunner(coreBackend).appendSummary('<p>x</p>');
    assert.equal(core.summary.stringify(), '');
  });
});

test('setFailed writes one error annotation and marks the step failed', () => {
  const backend = recordingBackend();
  createRunner(backend).setFailed('boom\nhint', { title: 'Failed' });
  assert.deepEqual(backend.lines, ['::error title=Failed::boom%0Ahint']);
  assert.equal(backend.failed(), true);
});
