// The detached half of scripts/sandbox-serve.ts: runs the sandbox (fake Entra ID + fake Exchange
// Online on 127.0.0.1) for later workflow steps, plus a control endpoint on 127.0.0.1:
//
//   GET  /delivered   {"messages": DeliveredSummary[]}: what arrived, never a token
//   POST /stop        stops everything and exits
//
// It stops by itself after --lifetime-seconds, on SIGINT/SIGTERM, or on POST /stop. Its stdout and
// stderr go to a log file (see sandbox-serve.ts); nothing secret is written there.
import { copyFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startSandbox } from '../test/sandbox/index.js';
import type { Sandbox } from '../test/sandbox/index.js';
import { summarize } from './sandbox-control.js';
import type { ReadyMessage } from './sandbox-control.js';

// After stop() a leaked handle must not keep the process past its promised lifetime.
const EXIT_GRACE_MS = 10_000;

const log = (line: string): void => {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
};

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify(body));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'lifetime-seconds': { type: 'string' } } });
  const lifetimeSeconds = Number(values['lifetime-seconds']);
  const stateDir = process.env.SANDBOX_STATE_DIR;
  if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds < 1 || !stateDir) {
    throw new Error('sandbox-daemon is started by scripts/sandbox-serve.ts, not by hand');
  }

  const sb: Sandbox = await startSandbox();
  try {
    await serve(sb, stateDir, lifetimeSeconds);
  } catch (err) {
    await sb.stop();
    throw err;
  }
}

async function serve(sb: Sandbox, stateDir: string, lifetimeSeconds: number): Promise<void> {
  // The sandbox deletes its own directory on stop; a copy of the CA outside it keeps
  // NODE_EXTRA_CA_CERTS pointing at a file for the steps that run after the stop.
  const caPath = path.join(stateDir, 'ca.pem');
  await copyFile(sb.caPath, caPath);

  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      log(`stopping: ${reason}`);
      clearTimeout(lifetime);
      control.close();
      control.closeAllConnections();
      await sb.stop();
      log(`stopped; ${sb.delivered.length} message(s) had arrived`);
      setTimeout(() => {
        log('a handle outlived stop(); exiting anyway');
        process.exit(0);
      }, EXIT_GRACE_MS).unref();
    })();
    return stopping;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const route = `${req.method ?? ''} ${new URL(req.url ?? '/', 'http://127.0.0.1').pathname}`;
    log(route);
    if (route === 'GET /delivered') {
      const connectionOf = (id: string) => sb.connections.find((c) => c.id === id);
      const messages = await Promise.all(sb.delivered.map((m) => summarize(m, connectionOf(m.connectionId))));
      answer(res, 200, { messages });
    } else if (route === 'POST /stop') {
      answer(res, 200, { stopping: true });
      res.once('finish', () => void stop('POST /stop'));
    } else answer(res, 404, { error: 'GET /delivered or POST /stop' });
  };
  const control = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`control request failed: ${String(err)}`);
      answer(res, 500, { error: 'internal error, see the sandbox log' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    control.once('error', reject).listen(0, '127.0.0.1', resolve);
  });
  const lifetime = setTimeout(
    () => void stop(`lifetime of ${lifetimeSeconds} s is over`),
    lifetimeSeconds * 1000,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(signal));

  const controlPort = (control.address() as AddressInfo).port;
  log(`ready: token endpoint ${sb.tokenEndpoint}, SMTP ${sb.smtpHost}:${sb.smtpPort}`);
  log(`control http://127.0.0.1:${controlPort}; stops by itself in ${lifetimeSeconds} s`);
  const ready: ReadyMessage = { type: 'ready', inputs: sb.inputs(), caPath, controlPort };
  // The launcher reads this, then disconnects; the secret never touches the disk or the log.
  process.send?.(ready);
}

main().catch((err: unknown) => {
  log(`failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
