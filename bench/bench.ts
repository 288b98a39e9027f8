// npm run bench: the issue-5 figures, measured in one run on this machine against the local sandbox,
// each with its target. A report: exit 0 when a target fails, exit 1 only when a measurement failed.
//
//   BENCH_RUNS=15     timed repetitions of each command (interleaved)
//   BENCH_JSON=path   also write the JSON there (nothing is written into the repo by default)
//   BENCH_DIST=dir    measure another build instead of ./dist
//   NODE24=path       the Node to run the children with (else the .ci/run cache, else this Node)
//   npm run bench -- profile   where start-up time and bytes go (bench/profile.ts)
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '../test/sandbox/index.js';
import type { Sandbox } from '../test/sandbox/index.js';
import { MissingBuildError, measureBundle, snapshotDist } from './lib/bundle.js';
import { BULK_MAX_PER_MESSAGE, bulkAddresses, bulkFigures } from './lib/bulk.js';
import {
  REPO_ROOT,
  FLOOR_SCRIPT,
  LIBRARY_FLOOR_SCRIPT,
  floorEnv,
  makeBulkCase,
  makeCases,
  makeRttCases,
  tail,
} from './lib/cases.js';
import { measureDownload } from './lib/download.js';
import { MeasurementError, measure } from './lib/measure.js';
import { chooseNode } from './lib/node.js';
import { runChild } from './lib/proc.js';
import { figures, notes, rows, summarizeAll } from './lib/report.js';
import type { BulkResult } from './lib/report.js';
import { formatTable } from './lib/table.js';

/** The round trip of the "distant" sandbox: a realistic runner-to-Microsoft latency. */
const RTT_MS = 30;

/** A bad BENCH_* setting: reported in one line, exit 1. */
class UsageError extends Error {}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

async function runBulk(sb: Sandbox, node: string, dist: string, scratch: string): Promise<BulkResult> {
  const to = bulkAddresses();
  const bulk = makeBulkCase({ node, dist, scratch, sandbox: sb }, to);
  const spec = await bulk.prepare();
  sb.reset();
  const r = await runChild(spec);
  if (r.timedOut) throw new MeasurementError(`${bulk.label}: timed out`);
  // A failing action here is a target that does not hold (e.g. no batching yet), not a broken benchmark.
  const error = r.code !== 0 ? `exit ${String(r.code)}: ${tail(r.stdout)}` : undefined;
  const action = { ...bulkFigures(sb, to), exitCode: r.code, ms: r.ms, ...(error ? { error } : {}) };

  /** A reference client sending the same batches: the raw-socket floor, or nodemailer alone. */
  const reference = async (script: string, label: string) => {
    sb.reset();
    const r = await runChild({
      node,
      args: [script],
      env: floorEnv(sb, to, { FLOOR_BATCH: String(BULK_MAX_PER_MESSAGE) }),
      timeoutMs: 60_000,
    });
    if (r.code !== 0) throw new MeasurementError(`${label}, 2,000 recipients: ${tail(r.stderr)}`);
    return { ...bulkFigures(sb, to), ms: r.ms };
  };
  const floor = await reference(FLOOR_SCRIPT, 'floor');
  const library = await reference(LIBRARY_FLOOR_SCRIPT, 'nodemailer alone');
  return { action, floor, library };
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  if (process.argv.includes('profile')) {
    const { profileMain } = await import('./profile.js');
    return profileMain();
  }
  const runs = positiveInt('BENCH_RUNS', 15);
  const node = chooseNode();
  log(`bench: Node ${node.version} (${node.source}), ${runs} runs`);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'm365-bench-'));
  let sandbox: Sandbox | undefined;
  let distant: Sandbox | undefined;
  try {
    const dist = await snapshotDist(process.env.BENCH_DIST ?? path.join(REPO_ROOT, 'dist'), scratch);
    const bundle = await measureBundle(dist);
    const download = await measureDownload(REPO_ROOT);
    [sandbox, distant] = await Promise.all([startSandbox(), startSandbox({ latencyMs: RTT_MS })]);
    const cases = [
      ...makeCases({ node: node.bin, dist, scratch, sandbox }),
      ...makeRttCases({ node: node.bin, dist, scratch, sandbox: distant }),
    ];
    const samples = await measure({
      cases,
      runs,
      warmups: 1,
      rssCases: ['bare', 'dryRun', 'send', 'floor'],
      rssRuns: Math.min(5, runs),
      scratch,
      progress: log,
    });
    log('  2,000 recipients');
    const bulk = await runBulk(sandbox, node.bin, dist, scratch);
    const results = summarizeAll(samples, runs, node, bundle, bulk, download);
    const json = JSON.stringify({ ...results, figures: figures(results) }, null, 2);
    process.stdout.write(`\n${formatTable(rows(results))}\n\n${notes(results).join('\n')}\n\n${json}\n`);
    if (process.env.BENCH_JSON) await writeFile(process.env.BENCH_JSON, `${json}\n`);
    return 0;
  } finally {
    await Promise.all([sandbox?.stop(), distant?.stop()]);
    await rm(scratch, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((err: unknown) => {
  // Known failures get one line; anything else is a bug in the benchmark and keeps its stack.
  if (!(err instanceof MeasurementError || err instanceof MissingBuildError || err instanceof UsageError))
    throw err;
  process.stderr.write(
    `bench: ${err instanceof MeasurementError ? 'a measurement failed: ' : ''}${err.message}\n`,
  );
  return 1;
});
