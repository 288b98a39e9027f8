// Runs the bundled action (dist/index.js) in a child process the way the GitHub runner does: clean
// environment, INPUT_* variables, the runner's files and GITHUB_* variables, cwd = workspace.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { actionInputDefaults, inputVariable } from './action-defaults.js';
import { annotationsOf, masksOf, parseCommands, parseKeyValueFile } from './workflow-commands.js';
import type { Annotation } from './workflow-commands.js';

export type { Annotation } from './workflow-commands.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ACTION_ENTRY = path.join(REPO_ROOT, 'dist', 'index.js');
export const DEFAULT_PUSH_EVENT = path.join(REPO_ROOT, 'test', 'fixtures', 'events', 'push.json');

export interface RunActionOptions {
  inputs: Record<string, string>;
  /** Extra variables, applied last; null removes a variable (e.g. one of the GITHUB_* defaults). */
  env?: Record<string, string | null>;
  /** Becomes NODE_EXTRA_CA_CERTS: how the child trusts the sandbox CA. */
  caPath?: string;
  /** Default: test/fixtures/events/push.json as a `push` event. */
  event?: { name: string; payload: object };
  /** Default 30000. The child is SIGKILLed after that and `timedOut` is set. */
  timeoutMs?: number;
  /** Default: $ACTION_NODE, else the node running the tests. */
  node?: string;
  /** Script to run instead of dist/index.js (tests of this harness use a stand-in action). */
  entry?: string;
  /** Fill inputs that are not given from action.yml defaults, as the runner does. Default true. */
  applyDefaults?: boolean;
  /** Files to create in the workspace first (relative path -> content), as a checkout would. */
  workspaceFiles?: Record<string, string | Buffer>;
  /** Anything else to prepare in the workspace (symlinks, pipes) before the action starts. */
  prepareWorkspace?: (workspace: string) => Promise<void>;
}

export interface ActionResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
  outputs: Record<string, string>;
  summary: string;
  annotations: Annotation[];
  /** Values of `::add-mask::` lines, in order. */
  masks: string[];
  emlFiles: string[];
  dirs: { root: string; runnerTemp: string; workspace: string };
}

const MAX_CAPTURE = 16 * 1024 * 1024;
const KEPT_ENV = ['PATH', 'HOME', 'LANG', 'TZ'];
const tempRoots: string[] = [];
// Run directories live until the test process exits: a failing test can still be inspected.
process.once('exit', () => tempRoots.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function defaultEvent(): Promise<{ name: string; payload: object }> {
  return { name: 'push', payload: JSON.parse(await readFile(DEFAULT_PUSH_EVENT, 'utf8')) as object };
}

function shaOf(payload: object): string {
  const after = 'after' in payload ? payload.after : undefined;
  return typeof after === 'string' ? after : 'a10867b14bb761a232cd80139fbd4c0d33264240';
}

async function findEml(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.eml'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export async function runAction(opts: RunActionOptions): Promise<ActionResult> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'm365-action-run-'));
  tempRoots.push(root);
  const dirs = { root, runnerTemp: path.join(root, 'runner-temp'), workspace: path.join(root, 'workspace') };
  await Promise.all([mkdir(dirs.runnerTemp), mkdir(dirs.workspace)]);
  for (const [file, content] of Object.entries(opts.workspaceFiles ?? {})) {
    const target = path.join(dirs.workspace, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  await opts.prepareWorkspace?.(dirs.workspace);
  const files = Object.fromEntries(
    ['output', 'step_summary', 'env', 'path', 'state'].map((f) => [f, path.join(root, `${f}.txt`)]),
  );
  await Promise.all(Object.values(files).map((f) => writeFile(f, '')));
  const event = opts.event ?? (await defaultEvent());
  const eventPath = path.join(root, 'event.json');
  await writeFile(eventPath, JSON.stringify(event.payload, null, 2));

  const env: Record<string, string> = {};
  for (const key of KEPT_ENV) if (process.env[key] !== undefined) env[key] = process.env[key];
  Object.assign(env, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.step_summary,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_STATE: files.state,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_WORKSPACE: dirs.workspace,
    RUNNER_TEMP: dirs.runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'GitHub Actions 12',
    RUNNER_ENVIRONMENT: 'github-hosted',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_REPOSITORY_ID: '582779453',
    GITHUB_REPOSITORY_OWNER_ID: '90014863',
    GITHUB_RUN_ID: '1658821493',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_WORKFLOW_REF: 'octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main',
    GITHUB_JOB: 'build',
    GITHUB_ACTION: '__m365-mail',
    GITHUB_ACTOR: 'octocat',
    GITHUB_ACTOR_ID: '583231',
    GITHUB_TRIGGERING_ACTOR: 'octocat',
    GITHUB_SHA: shaOf(event.payload),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
  });
  if (opts.caPath !== undefined) env.NODE_EXTRA_CA_CERTS = opts.caPath;
  const defaults =
    opts.applyDefaults === false ? {} : await actionInputDefaults(path.join(REPO_ROOT, 'action.yml'));
  for (const [name, value] of Object.entries({ ...defaults, ...opts.inputs }))
    env[inputVariable(name)] = value;
  const overrides = Object.entries(opts.env ?? {});
  const removed = new Set(overrides.filter(([, v]) => v === null).map(([k]) => k));
  for (const [key, value] of overrides) if (value !== null) env[key] = value;
  const childEnv = Object.fromEntries(Object.entries(env).filter(([key]) => !removed.has(key)));

  const started = performance.now();
  const child = spawn(
    opts.node ?? process.env.ACTION_NODE ?? process.execPath,
    [opts.entry ?? ACTION_ENTRY],
    {
      cwd: dirs.workspace,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const captured = { stdout: '', stderr: '' };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].setEncoding('utf8');
    child[stream].on('data', (chunk: string) => {
      if (captured[stream].length < MAX_CAPTURE) captured[stream] += chunk;
    });
  }
  let timedOut = false;
  let fallback: NodeJS.Timeout | undefined;
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c, s) => resolve([c, s]));
    // 'close' waits for stdout/stderr to end; a grandchild holding them open must not hang the
    // test, so once the child itself has exited the pipes get a short grace period.
    child.once('exit', (c, s) => {
      fallback = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        resolve([c, s]);
      }, 2_000);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, opts.timeoutMs ?? 30_000);
    child.once('close', () => clearTimeout(timer));
    child.once('exit', () => clearTimeout(timer));
  }).finally(() => clearTimeout(fallback));
  const durationMs = Math.round(performance.now() - started);

  const commands = parseCommands(captured.stdout);
  return {
    code,
    signal,
    timedOut,
    ...captured,
    durationMs,
    outputs: parseKeyValueFile(await readFile(files.output ?? '', 'utf8')),
    summary: await readFile(files.step_summary ?? '', 'utf8'),
    annotations: annotationsOf(commands),
    masks: masksOf(commands),
    emlFiles: await findEml(dirs.runnerTemp),
    dirs,
  };
}

export const actionIsBuilt = (): boolean => existsSync(ACTION_ENTRY);
