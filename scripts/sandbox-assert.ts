// `npx tsx scripts/sandbox-assert.ts --port <control-port> --to a@x,b@x --subject S --body-marker M
//   [--attachment name]... [--count N] [--keep-running]`
//
// Asks the sandbox started by scripts/sandbox-serve.ts what arrived (GET /delivered), checks that the
// expected message is there (envelope recipients, subject, a marker in the text part, attachment
// names, XOAUTH2 over TLS, no Bcc header; with --count, how many arrived in all), then stops the
// sandbox (POST /stop) unless --keep-running. Exit code 1 with one error line per problem.
import { parseArgs } from 'node:util';
import { createRunner } from '../src/runner/index.js';
import { findProblems, parseDelivered } from './sandbox-control.js';
import type { DeliveredSummary, Expectation } from './sandbox-control.js';

const REQUEST_TIMEOUT_MS = 10_000;
const runner = createRunner();

function parseExpectation(argv: string[]): { port: number; keepRunning: boolean; expected: Expectation } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      to: { type: 'string' },
      subject: { type: 'string' },
      'body-marker': { type: 'string' },
      attachment: { type: 'string', multiple: true },
      count: { type: 'string' },
      'keep-running': { type: 'boolean' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`Invalid '--port': expected the sandbox's control port, got '${values.port ?? ''}'`);
  }
  const required = (name: 'to' | 'subject' | 'body-marker'): string => {
    const value = values[name];
    if (value === undefined || value.trim() === '') throw new Error(`Missing '--${name}'`);
    return value;
  };
  const count = values.count === undefined ? undefined : Number(values.count);
  if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
    throw new Error(`Invalid '--count': expected an integer 0 or more, got '${values.count ?? ''}'`);
  }
  const expected: Expectation = {
    to: required('to')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    subject: required('subject'),
    bodyMarker: required('body-marker'),
    attachments: values.attachment ?? [],
    ...(count === undefined ? {} : { count }),
  };
  return { port, keepRunning: values['keep-running'] === true, expected };
}

async function delivered(port: number): Promise<DeliveredSummary[]> {
  const res = await fetch(`http://127.0.0.1:${port}/delivered`, {
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  }).catch((err: unknown) => {
    throw new Error(
      `no answer from the sandbox control endpoint 127.0.0.1:${port}; is the sandbox still running? (${String(err)})`,
      { cause: err },
    );
  });
  if (!res.ok) throw new Error(`GET /delivered answered ${res.status}`);
  return parseDelivered(await res.json());
}

async function stop(port: number): Promise<void> {
  try {
    await fetch(`http://127.0.0.1:${port}/stop`, {
      method: 'POST',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    runner.warning(`Could not stop the sandbox: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function main(): Promise<void> {
  const { port, keepRunning, expected } = parseExpectation(process.argv.slice(2));
  try {
    const messages = await delivered(port);
    const problems = findProblems(messages, expected);
    runner.info(`${messages.length} message(s) arrived: ${messages.map((m) => `'${m.subject}'`).join(', ')}`);
    if (problems.length > 0) {
      problems.forEach((p) => runner.error(p, { title: 'Self-test' }));
      runner.setFailed(`The self-test message did not arrive as expected (${problems.length} problem(s))`);
      return;
    }
    const attached =
      expected.attachments.length > 0 ? `, attachments ${expected.attachments.join(', ')}` : '';
    runner.info(
      `OK: '${expected.subject}' reached ${expected.to.join(', ')} with the body marker${attached}`,
    );
  } finally {
    if (!keepRunning) await stop(port);
  }
}

main().catch((err: unknown) => {
  runner.setFailed(`sandbox-assert: ${err instanceof Error ? err.message : String(err)}`);
});
