// Runs one child process and times it as a whole: from just before spawn() to the 'exit' event,
// which is what a runner step pays (fork/exec, Node start-up, the work, and exit).
import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface ChildSpec {
  node: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** The child is SIGKILLed after this; default 30 s. */
  timeoutMs?: number;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  ms: number;
  stdout: string;
  stderr: string;
  /** Peak resident set size in kB, when the run was made with the usage preload. */
  maxRssKb?: number;
  /** User + system CPU time in ms, likewise: far less disturbed by other processes than wall time. */
  cpuMs?: number;
}

const MAX_CAPTURE = 1024 * 1024;

export async function runChild(spec: ChildSpec): Promise<ChildResult> {
  const out = { stdout: '', stderr: '' };
  const started = performance.now();
  const child = spawn(spec.node, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].setEncoding('utf8');
    child[stream].on('data', (text: string) => {
      if (out[stream].length < MAX_CAPTURE) out[stream] += text;
    });
  }
  const closed = new Promise((resolve) => child.once('close', resolve));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, spec.timeoutMs ?? 30_000);
  const [code, signal, ms] = await new Promise<[number | null, NodeJS.Signals | null, number]>(
    (resolve, reject) => {
      child.once('error', reject);
      // 'exit', not 'close': the clock stops when the process is gone, not when our pipes drain.
      child.once('exit', (c, s) => resolve([c, s, performance.now() - started]));
    },
  ).finally(() => clearTimeout(timer));
  // Let the pipes deliver what the child wrote before it exited (bounded: a grandchild could hold them).
  let grace: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise((resolve) => (grace = setTimeout(resolve, 1_000)))]);
  clearTimeout(grace);
  return { code, signal, timedOut, ms, ...out };
}

/**
 * Peak RSS: a CommonJS preload (`--require`) that writes process.resourceUsage().maxRSS (kB, the
 * kernel's getrusage high-water mark) and the CPU time used to $BENCH_RSS_FILE at exit. Reading /proc/<pid>/status
 * (VmHWM) from outside races with the exit; the preload reads the same counter from inside at the
 * last moment. CommonJS because the CJS loader is already up in every Node process, so the preload
 * adds one small file read and compile, not a loader; the benchmark measures that cost and keeps
 * its timed runs free of it anyway.
 */
export const RSS_PRELOAD_SOURCE = `'use strict';
const file = process.env.BENCH_RSS_FILE;
if (file) {
  delete process.env.BENCH_RSS_FILE;
  process.on('exit', () => {
    const u = process.resourceUsage();
    require('node:fs').writeFileSync(file, u.maxRSS + ' ' + (u.userCPUTime + u.systemCPUTime));
  });
}
`;

export async function writeRssPreload(dir: string): Promise<string> {
  const file = path.join(dir, 'rss-preload.cjs');
  await writeFile(file, RSS_PRELOAD_SOURCE);
  return file;
}

/** Runs a child with the usage preload and returns its result with maxRssKb and cpuMs filled in. */
export async function runChildWithRss(
  spec: ChildSpec,
  preload: string,
  rssFile: string,
): Promise<ChildResult> {
  await rm(rssFile, { force: true });
  const result = await runChild({
    ...spec,
    args: ['--require', preload, ...spec.args],
    env: { ...spec.env, BENCH_RSS_FILE: rssFile },
  });
  const [kb, cpuUs] = (await readFile(rssFile, 'utf8').catch(() => '')).split(' ').map(Number);
  if (kb === undefined || cpuUs === undefined || !Number.isFinite(kb) || !Number.isFinite(cpuUs))
    return result;
  return { ...result, maxRssKb: kb, cpuMs: cpuUs / 1000 };
}
