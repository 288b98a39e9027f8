// Our runner module must speak exactly the protocol @actions/core speaks; this compares the two
// byte for byte (core is a dev dependency only, see docs/design.md).
import * as core from '@actions/core';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { formatCommand } from '../../src/runner/commands.js';
import { createRunner, inputEnvName, type RunnerIo } from '../../src/runner/index.js';

function captureCoreStdout(fn: () => void): string {
  const original = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = (chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  };
  try {
    fn();
  } finally {
    process.stdout.write = original;
  }
  return out;
}

function fakeIo(
  env: Record<string, string> = {},
): RunnerIo & { lines: string[]; exitCode: number | undefined } {
  const io = {
    env,
    lines: [] as string[],
    exitCode: undefined as number | undefined,
    write: (line: string) => io.lines.push(line),
    setExitCode: (code: number) => (io.exitCode = code),
  };
  return io;
}

describe('workflow commands match @actions/core', () => {
  const messages = ['plain', 'multi\nline\r\nmessage', '100% done: a,b', '', 'trailing newline\n'];
  for (const message of messages) {
    test(`error/warning/debug/add-mask: ${JSON.stringify(message)}`, () => {
      const io = fakeIo();
      const runner = createRunner(io);
      const expected = captureCoreStdout(() => {
        core.error(message, { title: 'Title: with, specials' });
        core.warning(message);
        core.debug(message);
      });
      runner.error(message, { title: 'Title: with, specials' });
      runner.warning(message);
      runner.debug(message);
      assert.equal(io.lines.map((l) => `${l}${os.EOL}`).join(''), expected);
    });
  }

  test('add-mask', () => {
    const io = fakeIo();
    createRunner(io).setSecret('s3cr%t:value');
    assert.equal(
      `${io.lines.join(os.EOL)}${os.EOL}`,
      captureCoreStdout(() => core.setSecret('s3cr%t:value')),
    );
  });

  test('formatCommand leaves out empty properties', () => {
    assert.equal(formatCommand('error', { title: '', file: undefined }, 'x'), '::error::x');
  });
});

describe('inputs', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env['INPUT_CLIENT-ID'] = '  abc  ';
    process.env.INPUT_MY_INPUT = 'v';
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  test('names map to INPUT_ variables like the toolkit (hyphens kept, spaces to _)', () => {
    const runner = createRunner(fakeIo(process.env as Record<string, string>));
    assert.equal(runner.input('client-id'), core.getInput('client-id'));
    assert.equal(runner.input('client-id'), 'abc');
    assert.equal(runner.input('my input'), core.getInput('my input'));
    assert.equal(inputEnvName('client-id'), 'INPUT_CLIENT-ID');
    assert.equal(runner.input('absent'), '');
  });
});

describe('file commands', () => {
  test('outputs use the heredoc form and the summary is appended', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'runner-test-'));
    const output = path.join(dir, 'output');
    const summary = path.join(dir, 'summary');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    const runner = createRunner(fakeIo({ GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary }));
    runner.setOutput('accepted', 'a@b.cd,e@f.gh');
    runner.setOutput('multi', 'line1\nline2');
    runner.appendSummary('<h3>Sent</h3>');
    const text = readFileSync(output, 'utf8');
    assert.match(
      text,
      /^accepted<<(ghadelimiter_[0-9a-f-]+)\na@b\.cd,e@f\.gh\n\1\nmulti<<(ghadelimiter_[0-9a-f-]+)\nline1\nline2\n\2\n$/,
    );
    assert.equal(readFileSync(summary, 'utf8'), '<h3>Sent</h3>\n');
  });

  test('setFailed writes one error annotation and sets exit code 1', () => {
    const io = fakeIo();
    createRunner(io).setFailed('boom\nhint', { title: 'Failed' });
    assert.deepEqual(io.lines, ['::error title=Failed::boom%0Ahint']);
    assert.equal(io.exitCode, 1);
  });

  test('multi-line secrets are masked whole and line by line', () => {
    const io = fakeIo();
    createRunner(io).setSecret('-----BEGIN KEY-----\nAAAABBBB\n-----END KEY-----');
    assert.deepEqual(io.lines, [
      '::add-mask::-----BEGIN KEY-----%0AAAAABBBB%0A-----END KEY-----',
      '::add-mask::-----BEGIN KEY-----',
      '::add-mask::AAAABBBB',
      '::add-mask::-----END KEY-----',
    ]);
  });

  test('empty secrets are not registered', () => {
    const io = fakeIo();
    createRunner(io).setSecret('  ');
    assert.deepEqual(io.lines, []);
  });
});
