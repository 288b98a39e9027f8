// The path .github/workflows/self-test.yml takes, on this machine: scripts/sandbox-serve.ts starts a
// detached sandbox and writes the action's inputs as step outputs, the bundled action sends through
// it, and scripts/sandbox-assert.ts checks what arrived and stops it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT, runAction } from '../support/run-action.js';
import { masksOf, parseCommands, parseKeyValueFile } from '../support/workflow-commands.js';

const run = promisify(execFile);

interface Script {
  code: number;
  stdout: string;
}

async function script(name: string, args: string[], env: Record<string, string> = {}): Promise<Script> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', `scripts/${name}`, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
  }
}

describe('self-test scripts: serve, send with dist/, assert', () => {
  let dir = '';
  let outputs: Record<string, string> = {};
  let served: Script = { code: -1, stdout: '' };

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'self-test-scripts-'));
    const files = { GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_ENV: path.join(dir, 'env') };
    await Promise.all(Object.values(files).map((f) => writeFile(f, '')));
    served = await script('sandbox-serve.ts', ['--lifetime-seconds', '60'], { ...files, RUNNER_TEMP: dir });
    outputs = parseKeyValueFile(await readFile(files.GITHUB_OUTPUT, 'utf8'));
    outputs.NODE_EXTRA_CA_CERTS =
      parseKeyValueFile(await readFile(files.GITHUB_ENV, 'utf8')).NODE_EXTRA_CA_CERTS ?? '';
  });

  after(async () => {
    // Normally already stopped by the assert script; this covers a test that failed before it.
    await fetch(`http://127.0.0.1:${outputs['control-port'] ?? '1'}/stop`, { method: 'POST' }).catch(
      () => undefined,
    );
    await rm(dir, { recursive: true, force: true });
  });

  test('serve returns once ready, with the inputs as outputs and the secret masked first', () => {
    assert.equal(served.code, 0, served.stdout);
    const secret = outputs['client-secret'] ?? '';
    assert.match(secret, /^Q8~/);
    assert.deepEqual(masksOf(parseCommands(served.stdout)), [secret]);
    assert.equal(served.stdout.split(secret).length, 2, 'the secret appears only in ::add-mask::');
    for (const name of [
      'tenant-id',
      'client-id',
      'authority-host',
      'smtp-host',
      'smtp-port',
      'from',
      'control-port',
    ])
      assert.ok(outputs[name], `output ${name}`);
    assert.equal(outputs.NODE_EXTRA_CA_CERTS, outputs['ca-path']);
  });

  test('the action sends through it and assert checks what arrived, then stops it', async () => {
    const pick = [
      'tenant-id',
      'client-id',
      'client-secret',
      'authority-host',
      'smtp-host',
      'smtp-port',
      'from',
    ];
    const sent = await runAction({
      inputs: {
        ...Object.fromEntries(pick.map((name) => [name, outputs[name] ?? ''])),
        to: 'oncall@contoso.example',
        bcc: 'audit@contoso.example',
        subject: 'Self-test Linux',
        template: 'status',
        status: 'success',
        body: 'Self-test marker: 7-1-Linux',
        attachments: 'reports/build-report.txt',
      },
      workspaceFiles: { 'reports/build-report.txt': 'report\n' },
      caPath: outputs.NODE_EXTRA_CA_CERTS ?? '',
    });
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);

    const port = outputs['control-port'] ?? '';
    const base = ['--port', port, '--to', 'oncall@contoso.example,audit@contoso.example'];
    const expected = [
      ...base,
      '--subject',
      'Self-test Linux',
      '--attachment',
      'build-report.txt',
      '--count',
      '1',
    ];
    const wrong = await script('sandbox-assert.ts', [
      ...expected,
      '--body-marker',
      'absent',
      '--keep-running',
    ]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stdout, /::error title=Self-test::the text part does not contain 'absent'/);

    const right = await script('sandbox-assert.ts', [
      ...expected,
      '--body-marker',
      'Self-test marker: 7-1-Linux',
    ]);
    assert.equal(right.code, 0, right.stdout);
    assert.match(right.stdout, /^OK: 'Self-test Linux' reached/m);

    const log = await readFile(outputs['log-path'] ?? '', 'utf8');
    assert.match(log, /stopping: POST \/stop/);
    assert.ok(!log.includes(outputs['client-secret'] ?? '\0'), 'the log holds no secret');
    const gone = await fetch(`http://127.0.0.1:${port}/delivered`).then(
      () => false,
      () => true,
    );
    assert.ok(gone, 'the control endpoint is closed after POST /stop');
  });
});
