// The measurements behind `npm run bench -- profile`: which dist files a path loads, what importing
// one chunk costs, and CPU profiles of whole runs.
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Sandbox } from '../../test/sandbox/index.js';
import type { Case } from './cases.js';
import type { CpuProfile } from './cpuprofile.js';
import { MeasurementError } from './measure.js';
import { runChild, runChildWithRss, writeRssPreload } from './proc.js';
import type { ChildResult, ChildSpec } from './proc.js';
import { summarize } from './stats.js';

/** Runs a case once with extra Node flags in front of its script, checking it did its job. */
async function runCase(
  c: Case,
  sb: Sandbox,
  flags: string[],
  env: Record<string, string> = {},
): Promise<ChildResult> {
  const spec = await c.prepare();
  sb.reset();
  const r = await runChild({ ...spec, args: [...flags, ...spec.args], env: { ...spec.env, ...env } });
  const problem = c.check(r);
  if (problem !== undefined) throw new MeasurementError(`${c.label} (profiled): ${problem}`);
  return r;
}

// The inspector reports every script V8 compiles, ESM chunks included, as it happens.
const LOADED_PRELOAD = `'use strict';
const file = process.env.BENCH_LOADED_FILE;
delete process.env.BENCH_LOADED_FILE;
const session = new (require('node:inspector').Session)();
session.connect();
const seen = [];
session.on('Debugger.scriptParsed', (m) => { if (m.params.url.startsWith('file:')) seen.push(m.params.url); });
session.post('Debugger.enable');
process.on('exit', () => require('node:fs').writeFileSync(file, JSON.stringify(seen)));
`;

/** Basenames of the files in `dir` that the case's process compiled. */
export async function loadedFiles(c: Case, sb: Sandbox, scratch: string, dir: string): Promise<Set<string>> {
  const preload = path.join(scratch, 'loaded-preload.cjs');
  const out = path.join(scratch, 'loaded.json');
  await writeFile(preload, LOADED_PRELOAD);
  await runCase(c, sb, ['--require', preload], { BENCH_LOADED_FILE: out });
  const urls = JSON.parse(await readFile(out, 'utf8')) as string[];
  const files = urls
    .map((u) => decodeURIComponent(new URL(u).pathname))
    .filter((f) => path.dirname(f) === dir);
  return new Set(files.map((f) => path.basename(f)));
}

/** CPU profiles of `runs` runs of a case, sampled every 100 µs. */
export async function cpuProfiles(
  c: Case,
  sb: Sandbox,
  scratch: string,
  runs: number,
): Promise<CpuProfile[]> {
  const profiles: CpuProfile[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = await mkdtemp(path.join(scratch, 'cpuprof-'));
    await runCase(c, sb, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '100']);
    const [file] = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
    if (file === undefined) throw new MeasurementError(`${c.label}: no .cpuprofile written`);
    profiles.push(JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile);
  }
  return profiles;
}

/**
 * What importing each file alone costs: read, parse, compile and run its top level (for an ncc
 * chunk that only defines its module factories; running them is the CPU profile's business).
 * Measured as the child's CPU time (user + system, from the usage preload), not wall time: on a
 * shared machine other processes stretch wall time, CPU time much less. Fastest of interleaved runs
 * minus the fastest import of an empty module.
 */
export async function importCosts(
  node: string,
  files: readonly string[],
  scratch: string,
  runs: number,
): Promise<Map<string, number>> {
  const empty = path.join(scratch, 'empty.mjs');
  await writeFile(empty, 'export {};\n');
  const preload = await writeRssPreload(scratch);
  const usageFile = path.join(scratch, 'usage.txt');
  const targets = [empty, ...files];
  const times = new Map<string, number[]>(targets.map((f) => [f, []]));
  const spec = (file: string): ChildSpec => ({
    node,
    args: [
      '-e',
      'import(process.argv[1]).catch((e) => { console.error(e); process.exit(1); })',
      pathToFileURL(file).href,
    ],
    env: { PATH: process.env.PATH ?? '' },
  });
  for (let i = 0; i < runs; i++) {
    for (const file of targets) {
      const r = await runChildWithRss(spec(file), preload, usageFile);
      if (r.code !== 0 || r.cpuMs === undefined) {
        throw new MeasurementError(`import ${path.basename(file)}: ${r.stderr.slice(0, 300)}`);
      }
      times.get(file)?.push(r.cpuMs);
    }
  }
  const base = summarize(times.get(empty) ?? []).min;
  return new Map(files.map((f) => [f, summarize(times.get(f) ?? []).min - base]));
}

/** Size of each chunk once minified (esbuild, which tsx already brings), or undefined without it. */
export async function minifiedSizes(
  files: readonly string[],
  into: string,
): Promise<Map<string, string> | undefined> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return undefined;
  }
  const out = new Map<string, string>();
  for (const file of files) {
    const { code } = await esbuild.transform(await readFile(file, 'utf8'), {
      minify: true,
      format: 'esm',
      target: 'es2023',
      legalComments: 'none',
    });
    const target = path.join(into, path.basename(file));
    await writeFile(target, code);
    out.set(file, target);
  }
  return out;
}
