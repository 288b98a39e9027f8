// `npx tsx scripts/sandbox-serve.ts [--lifetime-seconds 600]`: starts the sandbox for the steps of
// a workflow job (see .github/workflows/self-test.yml) and returns once it is ready.
//
// The sandbox runs in a detached Node process (scripts/sandbox-daemon.ts) that outlives this one: the
// same code path on Linux, macOS and Windows, with no reliance on a shell's `&`, nohup or job control.
// Readiness comes over an IPC channel, bounded by --ready-timeout-seconds; the channel is then closed
// and this process exits. The sandbox stops itself after --lifetime-seconds, on POST /stop, or when
// the runner ends the job (the runner kills what a job leaves running).
//
// Writes the action inputs it serves to $GITHUB_OUTPUT (tenant-id, client-id, client-secret after
// `::add-mask::`, authority-host, smtp-host, smtp-port, from), plus control-port, log-path and
// ca-path, and NODE_EXTRA_CA_CERTS=<ca.pem> to $GITHUB_ENV so later steps trust the throwaway CA.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as core from '@actions/core';
import { createRunner } from '../src/runner/index.js';
import type { ReadyMessage } from './sandbox-control.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DAEMON = fileURLToPath(new URL('./sandbox-daemon.ts', import.meta.url));
const OUTPUTS = [
  'tenant-id',
  'client-id',
  'client-secret',
  'authority-host',
  'smtp-host',
  'smtp-port',
  'from',
];

const runner = createRunner();

function seconds(value: string | undefined, name: string, fallback: number, max: number): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new Error(`Invalid '--${name}': expected an integer 1-${max}, got '${String(value)}'`);
  }
  return n;
}

function isReady(message: unknown): message is ReadyMessage {
  return typeof message === 'object' && message !== null && 'type' in message && message.type === 'ready';
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<ReadyMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown): void => {
      if (!isReady(message)) return;
      settle();
      resolve(message);
    };
    const onError = (err: Error): void => {
      settle();
      reject(err);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      settle();
      reject(
        new Error(`the sandbox process ended before it was ready (${signal ?? `exit code ${String(code)}`})`),
      );
    };
    const timer = setTimeout(() => {
      settle();
      reject(new Error(`the sandbox was not ready within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    // Only our own listeners: ChildProcess keeps internal ones for the IPC channel.
    const settle = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage).off('error', onError).off('exit', onExit);
    };
    child.on('message', onMessage).once('error', onError).once('exit', onExit);
  });
}

function logTail(logPath: string): string {
  try {
    return readFileSync(logPath, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'lifetime-seconds': { type: 'string' }, 'ready-timeout-seconds': { type: 'string' } },
  });
  const lifetime = seconds(values['lifetime-seconds'], 'lifetime-seconds', 600, 3600);
  const readyTimeout = seconds(values['ready-timeout-seconds'], 'ready-timeout-seconds', 60, 600);
  const { GITHUB_OUTPUT: outputFile, GITHUB_ENV: envFile } = process.env; // core writes to both
  if (!outputFile || !envFile) {
    // Without them the outputs would go to stdout, client secret included.
    throw new Error('GITHUB_OUTPUT and GITHUB_ENV must name files (the runner sets both)');
  }

  const stateDir = await mkdtemp(path.join(process.env.RUNNER_TEMP ?? os.tmpdir(), 'm365-sandbox-'));
  const logPath = path.join(stateDir, 'sandbox.log');
  const logFd = openSync(logPath, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', DAEMON, '--lifetime-seconds', String(lifetime)], {
    cwd: ROOT,
    env: { ...process.env, SANDBOX_STATE_DIR: stateDir },
    detached: true,
    windowsHide: true,
    // Not this process's stdout: a background process holding the step's pipe open can hold the step.
    stdio: ['ignore', logFd, logFd, 'ipc'],
  });
  closeSync(logFd);
  let ready: ReadyMessage;
  try {
    ready = await waitForReady(child, readyTimeout * 1000);
  } catch (err) {
    child.kill();
    runner.info(`sandbox log (${logPath}):\n${logTail(logPath)}`);
    throw err;
  }
  child.disconnect();
  child.unref();

  const secret = ready.inputs['client-secret'] ?? '';
  runner.setSecret(secret);
  for (const name of OUTPUTS) runner.setOutput(name, ready.inputs[name] ?? '');
  runner.setOutput('control-port', String(ready.controlPort));
  runner.setOutput('log-path', logPath);
  runner.setOutput('ca-path', ready.caPath);
  core.exportVariable('NODE_EXTRA_CA_CERTS', ready.caPath);
  runner.info(
    `Sandbox ready (pid ${String(child.pid)}): token endpoint ${ready.inputs['authority-host'] ?? ''}, ` +
      `SMTP ${ready.inputs['smtp-host'] ?? ''}:${ready.inputs['smtp-port'] ?? ''}, ` +
      `control http://127.0.0.1:${ready.controlPort}; stops by itself in ${lifetime} s; log ${logPath}`,
  );
}

main().catch((err: unknown) => {
  runner.setFailed(`sandbox-serve: ${err instanceof Error ? err.message : String(err)}`);
});
