// Checks the harness itself with a stand-in action, so a failing action test always means the
// action, not the way it was launched or read back.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { actionInputDefaults } from './action-defaults.js';
import { REPO_ROOT, runAction } from './run-action.js';
import { parseKeyValueFile } from './workflow-commands.js';

const FAKE_ACTION = `
import fs from 'node:fs';
const env = process.env;
fs.appendFileSync(env.GITHUB_OUTPUT, 'report<<ghadelimiter_7\\nline one\\nline two\\nghadelimiter_7\\nmessage-id=<a@b>\\n');
fs.appendFileSync(env.GITHUB_STEP_SUMMARY, '### Mail sent\\n');
console.log('::add-mask::' + env['INPUT_CLIENT-SECRET']);
console.log('::error title=Token request failed%3A 401,file=action.yml::AADSTS7000215%0Asecond line 100%25');
console.log('::warning::slow');
fs.mkdirSync(env.RUNNER_TEMP + '/mail', { recursive: true });
fs.writeFileSync(env.RUNNER_TEMP + '/mail/1.eml', 'Subject: x\\r\\n\\r\\nx');
console.log(JSON.stringify({ env }));
if (env.INPUT_HANG === 'yes') setInterval(() => {}, 1000);
else process.exitCode = 3;
`;

const fakeDirs: string[] = [];
after(() => fakeDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function fakeAction(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'm365-fake-action-'));
  fakeDirs.push(dir);
  const file = path.join(dir, 'index.mjs');
  writeFileSync(file, FAKE_ACTION);
  return file;
}

function childEnv(stdout: string): Record<string, string> {
  const line = stdout.split('\n').find((l) => l.startsWith('{"env"'));
  return (JSON.parse(line ?? '{}') as { env: Record<string, string> }).env;
}

describe('runAction', () => {
  it('runs an action like the runner does and reads back outputs, summary and commands', async () => {
    process.env.M365_PARENT_ONLY = 'must not leak into the child';
    const entry = fakeAction();
    const result = await runAction({
      entry,
      inputs: { 'client-id': 'abc', 'client-secret': 'S3cret~value-1234', 'my input': 'x' },
      env: { GITHUB_REF_NAME: null, EXTRA: '1' },
      caPath: '/tmp/ca.pem',
    });
    delete process.env.M365_PARENT_ONLY;
    assert.equal(result.code, 3);
    assert.equal(result.timedOut, false);
    assert.deepEqual(result.outputs, { report: 'line one\nline two', 'message-id': '<a@b>' });
    assert.equal(result.summary, '### Mail sent\n');
    assert.deepEqual(result.masks, ['S3cret~value-1234']);
    assert.deepEqual(result.annotations, [
      {
        level: 'error',
        message: 'AADSTS7000215\nsecond line 100%',
        properties: { title: 'Token request failed: 401', file: 'action.yml' },
      },
      { level: 'warning', message: 'slow', properties: {} },
    ]);
    assert.deepEqual(result.emlFiles, [path.join(result.dirs.runnerTemp, 'mail', '1.eml')]);

    const env = childEnv(result.stdout);
    assert.equal(env['INPUT_CLIENT-ID'], 'abc');
    assert.equal(env.INPUT_MY_INPUT, 'x');
    assert.equal(env.NODE_EXTRA_CA_CERTS, '/tmp/ca.pem');
    assert.equal(env.EXTRA, '1');
    assert.equal(env.GITHUB_REF_NAME, undefined, 'null removes a variable');
    assert.equal(env.M365_PARENT_ONLY, undefined, 'the parent environment is not inherited');
    assert.equal(
      env.GITHUB_SHA,
      'a10867b14bb761a232cd80139fbd4c0d33264240',
      'GITHUB_SHA comes from the event',
    );
    assert.equal(env.GITHUB_WORKSPACE, result.dirs.workspace);
    const defaults = await actionInputDefaults(path.join(REPO_ROOT, 'action.yml'));
    for (const [name, value] of Object.entries(defaults)) {
      assert.equal(env[`INPUT_${name.toUpperCase()}`], value, `action.yml default of '${name}'`);
    }
  });

  it('kills an action that outlives its timeout', async () => {
    const result = await runAction({ entry: fakeAction(), inputs: { hang: 'yes' }, timeoutMs: 700 });
    assert.equal(result.timedOut, true);
    assert.equal(result.signal, 'SIGKILL');
    assert.ok(result.durationMs < 5_000, `took ${result.durationMs} ms`);
  });
});

describe('parseKeyValueFile', () => {
  it('reads heredoc and plain entries, keeping empty values and embedded "="', () => {
    const text = 'a<<EOF\n\nEOF\nb=x=y\nc<<D1\nD2\nD1\n';
    assert.deepEqual(parseKeyValueFile(text), { a: '', b: 'x=y', c: 'D2' });
  });
});
