// Repeated, interleaved runs: every repetition runs each case once, in an order rotated from one
// repetition to the next, so drift in machine load (and any order effect) lands on all cases alike.
import path from 'node:path';
import type { Case, TimedCase } from './cases.js';
import { runChild, runChildWithRss, writeRssPreload } from './proc.js';
import type { ChildResult } from './proc.js';

export class MeasurementError extends Error {}

export interface Samples {
  ms: Record<TimedCase, number[]>;
  /** (node -e 0 with the RSS preload) - (node -e 0 without), paired run by run. */
  preloadCostMs: number[];
  rssKb: Partial<Record<TimedCase, number[]>>;
  /** User + system CPU time of the same runs (ms). */
  cpuMs: Partial<Record<TimedCase, number[]>>;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

async function runChecked(
  c: Case,
  run: (spec: Awaited<ReturnType<Case['prepare']>>) => Promise<ChildResult>,
): Promise<ChildResult> {
  const spec = await c.prepare();
  c.sandbox.reset();
  const result = await run(spec);
  const problem = c.check(result);
  if (problem !== undefined) throw new MeasurementError(`${c.label}: ${problem}`);
  return result;
}

export interface MeasureOptions {
  cases: ReadonlyArray<Case<TimedCase>>;
  runs: number;
  warmups: number;
  /** Cases that also get RSS runs, and how many each. */
  rssCases: readonly TimedCase[];
  rssRuns: number;
  scratch: string;
  progress: (line: string) => void;
}

export async function measure(o: MeasureOptions): Promise<Samples> {
  const samples: Samples = {
    ms: { bare: [], dryRun: [], send: [], floor: [], floorOverlap: [], sendRtt: [], floorRtt: [] },
    preloadCostMs: [],
    rssKb: {},
    cpuMs: {},
  };
  // Warm-up: the first runs pay for cold page cache and the sandbox's first TLS handshakes.
  for (let i = 0; i < o.warmups; i++) for (const c of o.cases) await runChecked(c, runChild);

  const preload = await writeRssPreload(o.scratch);
  const rssFile = path.join(o.scratch, 'rss.txt');
  const withRss = async (c: Case<TimedCase>) => {
    const r = await runChecked(c, (spec) => runChildWithRss(spec, preload, rssFile));
    if (r.maxRssKb === undefined) throw new MeasurementError(`${c.label}: the RSS preload wrote nothing`);
    (samples.rssKb[c.name] ??= []).push(r.maxRssKb);
    if (r.cpuMs !== undefined) (samples.cpuMs[c.name] ??= []).push(r.cpuMs);
    return r;
  };
  const bare = o.cases.find((c) => c.name === 'bare');
  for (let rep = 0; rep < o.runs; rep++) {
    for (const c of rotate(o.cases, rep)) {
      const r = await runChecked(c, runChild);
      samples.ms[c.name].push(r.ms);
      // What the preload costs: node -e 0 with it, right after node -e 0 without it, every time.
      if (c === bare) samples.preloadCostMs.push((await withRss(c)).ms - r.ms);
    }
    // Peak RSS is stable from run to run: a few runs of the other cases are enough.
    if (rep < o.rssRuns) {
      for (const c of rotate(
        o.cases.filter((x) => x !== bare && o.rssCases.includes(x.name)),
        rep,
      ))
        await withRss(c);
    }
    o.progress(`  repetition ${rep + 1}/${o.runs}`);
  }
  return samples;
}
