// The four measured commands, each as: how to start it, and how to tell that it really did its job
// (a fast failure must never pass for a fast run).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sandbox } from '../../test/sandbox/index.js';
import type { ChildResult, ChildSpec } from './proc.js';
import { bulkAddresses } from './bulk.js';
import { runnerEnv } from './runner-env.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FLOOR_SCRIPT = fileURLToPath(new URL('../floor.mjs', import.meta.url));
/** nodemailer alone, configured as the action configures it: the mailer's own share of a bulk send. */
export const LIBRARY_FLOOR_SCRIPT = fileURLToPath(new URL('../library-floor.mjs', import.meta.url));

export type CaseName =
  'bare' | 'dryRun' | 'send' | 'floor' | 'floorOverlap' | 'sendRtt' | 'floorRtt' | 'bulk';
/** The cases timed over repeated runs (the 2,000-recipient send runs once). */
export type TimedCase = Exclude<CaseName, 'bulk'>;

export interface Case<N extends CaseName = CaseName> {
  name: N;
  label: string;
  /** The sandbox the case runs against (reset before each run, read by check). */
  sandbox: Sandbox;
  /** Builds the child's command line and environment (outside the timed region). */
  prepare(): Promise<ChildSpec>;
  /** undefined when the run did its job; otherwise what went wrong. Called after sandbox.reset()+run. */
  check(result: ChildResult): string | undefined;
}

export interface CaseContext {
  node: string;
  dist: string;
  scratch: string;
  sandbox: Sandbox;
}

const MESSAGE = { subject: 'Benchmark', body: 'Build 42 passed.' };
const TO = 'dev@contoso.example';

function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'TZ']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return { ...env, ...extra };
}

function exitedCleanly(r: ChildResult): string | undefined {
  if (r.timedOut) return 'timed out';
  if (r.code !== 0) return `exit ${String(r.code ?? r.signal)}: ${tail(r.stderr || r.stdout)}`;
  return undefined;
}

export const tail = (text: string): string => text.trim().split('\n').slice(-5).join(' | ').slice(0, 600);

/** Exactly one message, acknowledged, after exactly one token request. */
function deliveredOne(sb: Sandbox): string | undefined {
  const acked = sb.delivered.filter((m) => m.acknowledged).length;
  if (acked !== 1) return `expected 1 delivered message, the sandbox has ${acked}`;
  if (sb.tokenRequests.length !== 1)
    return `expected 1 token request, the sandbox has ${sb.tokenRequests.length}`;
  return undefined;
}

/** The action's failures are ::error:: lines with exit 1; a dry run must also contact nothing. */
function actionOk(r: ChildResult): string | undefined {
  if (r.stdout.includes('::error')) return `reported an error: ${tail(r.stdout)}`;
  return undefined;
}

export function floorEnv(sb: Sandbox, to: readonly string[], extra: Record<string, string> = {}) {
  return baseEnv({
    NODE_EXTRA_CA_CERTS: sb.caPath,
    FLOOR_TOKEN_URL: sb.tokenEndpoint,
    FLOOR_CLIENT_ID: sb.clientId,
    FLOOR_CLIENT_SECRET: sb.clientSecret,
    FLOOR_SMTP_HOST: sb.smtpHost,
    FLOOR_SMTP_PORT: String(sb.smtpPort),
    FLOOR_MAILBOX: sb.mailbox,
    FLOOR_TO: to.join(','),
    ...extra,
  });
}

export function makeCases(c: CaseContext): Array<Case<TimedCase>> {
  const entry = path.join(c.dist, 'index.js');
  const sb = c.sandbox;
  return [
    {
      name: 'bare',
      label: 'node -e 0',
      sandbox: sb,
      prepare: () => Promise.resolve({ node: c.node, args: ['-e', '0'], env: baseEnv() }),
      check: exitedCleanly,
    },
    {
      name: 'dryRun',
      label: 'dist/index.js, dry-run',
      sandbox: sb,
      prepare: async () => {
        const { env, cwd } = await runnerEnv({
          repoRoot: REPO_ROOT,
          scratch: c.scratch,
          inputs: { from: sb.mailbox, to: TO, ...MESSAGE, 'dry-run': 'true' },
        });
        return { node: c.node, args: [entry], env, cwd };
      },
      check: (r) =>
        exitedCleanly(r) ??
        actionOk(r) ??
        (sb.connections.length + sb.tokenRequests.length > 0 ? 'a dry run contacted the sandbox' : undefined),
    },
    sendCase(c, 'send', 'dist/index.js, send'),
    floorCase(c, 'floor', 'floor (raw sockets)'),
    {
      name: 'floorOverlap',
      label: 'floor, SMTP opened during the token POST',
      sandbox: sb,
      prepare: () =>
        Promise.resolve({
          node: c.node,
          args: [FLOOR_SCRIPT],
          env: floorEnv(sb, [TO], { FLOOR_OVERLAP: '1' }),
        }),
      check: (r) => exitedCleanly(r) ?? deliveredOne(sb),
    },
  ];
}

/**
 * The send and its floor against a sandbox whose every round trip takes 30 ms (latency relays in the
 * sandbox, nothing in the action): the time users feel, where start-up can overlap network waits.
 */
export function makeRttCases(c: CaseContext): Array<Case<TimedCase>> {
  return [
    sendCase(c, 'sendRtt', 'dist/index.js, send, 30 ms round trips'),
    floorCase(c, 'floorRtt', 'floor, 30 ms round trips'),
  ];
}

function sendCase<N extends TimedCase>(c: CaseContext, name: N, label: string): Case<N> {
  const sb = c.sandbox;
  return {
    name,
    label,
    sandbox: sb,
    prepare: async () => {
      const { env, cwd } = await runnerEnv({
        repoRoot: REPO_ROOT,
        scratch: c.scratch,
        inputs: { ...sb.inputs(), to: TO, ...MESSAGE },
        caPath: sb.caPath,
      });
      return { node: c.node, args: [path.join(c.dist, 'index.js')], env, cwd };
    },
    check: (r) => exitedCleanly(r) ?? actionOk(r) ?? deliveredOne(sb),
  };
}

function floorCase<N extends TimedCase>(c: CaseContext, name: N, label: string): Case<N> {
  const sb = c.sandbox;
  return {
    name,
    label,
    sandbox: sb,
    prepare: () => Promise.resolve({ node: c.node, args: [FLOOR_SCRIPT], env: floorEnv(sb, [TO]) }),
    check: (r) => exitedCleanly(r) ?? deliveredOne(sb),
  };
}

/**
 * One send to 2,000 recipients with the default max-recipients. Only a hang counts as a broken run:
 * an action that cannot batch yet fails with 452s, which is a target not met, judged from the records.
 */
export function makeBulkCase(c: CaseContext, to: readonly string[] = bulkAddresses()): Case<'bulk'> {
  return {
    name: 'bulk',
    label: 'dist/index.js, 2,000 recipients',
    sandbox: c.sandbox,
    prepare: async () => {
      const { env, cwd } = await runnerEnv({
        repoRoot: REPO_ROOT,
        scratch: c.scratch,
        inputs: {
          ...c.sandbox.inputs(),
          to: to.join(', '),
          subject: 'Benchmark, 2,000 recipients',
          body: 'Hello.',
        },
        caPath: c.sandbox.caPath,
      });
      return { node: c.node, args: [path.join(c.dist, 'index.js')], env, cwd, timeoutMs: 60_000 };
    },
    check: (r) => (r.timedOut ? 'timed out' : undefined),
  };
}
