// Summarises V8 .cpuprofile files (node --cpu-prof) into where a run's time goes: waiting, GC,
// Node's module loader, the top-level evaluation of bundled modules, and run-time work, the last
// two attributed through the source maps to the npm package or src/ file that caused them.
import path from 'node:path';
import { ownerOf } from './sourcemap.js';
import type { DecodedMap } from './sourcemap.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export type Category =
  | 'waiting (idle: network, timers)'
  | 'garbage collector'
  | 'V8/native, unattributed (bootstrap, parse, compile)'
  | 'Node module loader (resolve, read, compile)'
  | 'Node built-in modules loaded on first use'
  | 'bundle: top-level evaluation of modules'
  | 'bundle: run time (incl. Node internals it calls)'
  | 'Node internals, outside the bundle';

export interface ProfileSummary {
  /** Profiles merged; all figures below are per run (sums divided by this). */
  runs: number;
  spanMs: number;
  byCategory: Map<Category, number>;
  /** Top-level evaluation, by the package/file whose module was being evaluated. */
  evaluationByOwner: Map<string, number>;
  /** Node built-in modules loaded on first use (node:https, ...), with what they load in turn. */
  builtinsLoaded: Map<string, number>;
  /** Module loading (bundle chunks and Node built-ins), by the bundled code that asked for it. */
  loadingByCaller: Map<string, number>;
  /** Run-time work, by the innermost bundled frame on the stack (who asked for it). */
  runTimeByOwner: Map<string, number>;
  /** Self time per function, labelled with its original source where mapped. */
  selfByFunction: Map<string, number>;
}

const REQUIRE = '__nccwpck_require__';

export function emptySummary(): ProfileSummary {
  return {
    runs: 0,
    spanMs: 0,
    byCategory: new Map(),
    evaluationByOwner: new Map(),
    loadingByCaller: new Map(),
    builtinsLoaded: new Map(),
    runTimeByOwner: new Map(),
    selfByFunction: new Map(),
  };
}

const add = <K>(map: Map<K, number>, key: K, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);

/** Maps a frame of the bundle to its original owner and a readable label; undefined outside dist. */
type Resolve = (frame: CallFrame) => { owner: string; label: string } | undefined;

export function resolverFor(distDir: string, maps: ReadonlyMap<string, DecodedMap>): Resolve {
  // Profiles repeat the same frames thousands of times: resolve each position once.
  const cache = new Map<string, ReturnType<Resolve>>();
  return (frame) => {
    if (!frame.url.startsWith('file://')) return undefined;
    const key = `${frame.url}:${frame.lineNumber}:${frame.columnNumber}:${frame.functionName}`;
    if (cache.has(key)) return cache.get(key);
    const file = decodeURIComponent(new URL(frame.url).pathname);
    let result: ReturnType<Resolve>;
    if (path.dirname(file) === distDir) {
      const map = maps.get(path.basename(file));
      const at = map?.lookup(frame.lineNumber, frame.columnNumber) ?? {};
      const owner = at.source !== undefined ? ownerOf(at.source) : `${path.basename(file)} (unmapped)`;
      const name = frame.functionName || at.name || '(anonymous)';
      result = { owner, label: `${name} [${owner}${at.line !== undefined ? `:${at.line}` : ''}]` };
    }
    cache.set(key, result);
    return result;
  };
}

export function addProfile(into: ProfileSummary, profile: CpuProfile, resolve: Resolve): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = (id: number): ProfileNode[] => {
    const stack: ProfileNode[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur);
      if (node) stack.push(node);
    }
    return stack; // leaf first
  };

  into.runs += 1;
  into.spanMs += (profile.endTime - profile.startTime) / 1000;
  profile.samples.forEach((id, i) => {
    // A sample lasts until the next one (the last until the profile ends).
    const next = profile.timeDeltas[i + 1];
    const ms = (next ?? 0) / 1000;
    const stack = stackOf(id);
    const leaf = stack[0]?.callFrame;
    if (!leaf) return;
    const mapped = resolve(leaf);
    add(
      into.selfByFunction,
      mapped?.label ?? `${leaf.functionName || '(anonymous)'} [${leaf.url || 'native'}]`,
      ms,
    );

    const category = categorize(stack, resolve);
    add(into.byCategory, category.name, ms);
    const target = byCategoryTarget(into, category.name);
    if (target !== undefined)
      add(target, category.owner ?? '(none: index.js itself, or an async chunk load)', ms);
    if (category.builtin !== undefined) add(into.builtinsLoaded, category.builtin, ms);
  });
}

function byCategoryTarget(s: ProfileSummary, name: Category): Map<string, number> | undefined {
  switch (name) {
    case 'bundle: top-level evaluation of modules':
      return s.evaluationByOwner;
    case 'bundle: run time (incl. Node internals it calls)':
      return s.runTimeByOwner;
    case 'Node module loader (resolve, read, compile)':
    case 'Node built-in modules loaded on first use':
      return s.loadingByCaller;
    default:
      return undefined;
  }
}

/** Webpack's runtime and its stubs for Node built-ins are plumbing: look past them for who asked. */
const isPlumbing = (owner: string) => owner.startsWith('webpack/') || owner === '(node built-in imports)';

/** The first bundled frame from `from` towards the root that is not plumbing, and its owner. */
function askedBy(stack: ProfileNode[], resolve: Resolve, from = 0): string | undefined {
  let plumbing: string | undefined;
  for (const n of stack.slice(from)) {
    const owner = resolve(n.callFrame)?.owner;
    if (owner === undefined) continue;
    if (!isPlumbing(owner)) return owner;
    plumbing ??= owner;
  }
  return plumbing;
}

interface Categorized {
  name: Category;
  owner?: string;
  /** For built-in loading: the public module (node:https, node:crypto, ...) being loaded. */
  builtin?: string;
}

function categorize(stack: ProfileNode[], resolve: Resolve): Categorized {
  const leaf = stack[0]?.callFrame;
  switch (leaf?.functionName) {
    case '(idle)':
      return { name: 'waiting (idle: network, timers)' };
    case '(garbage collector)':
      return { name: 'garbage collector' };
    case '(program)':
    case '(root)':
      return { name: 'V8/native, unattributed (bootstrap, parse, compile)' };
  }
  // Frames from the leaf up to the first bundled one: the Node machinery the bundle called into.
  const first = stack.findIndex((n) => resolve(n.callFrame) !== undefined);
  const below = first >= 0 ? stack.slice(0, first) : stack;
  // Loading happens inside the bundle's import()/require() calls: it is loading, whoever called.
  if (below.some((n) => n.callFrame.url === 'node:internal/bootstrap/realm')) {
    const publicModule = below.findLast((n) => /^node:(?!internal\/)/.test(n.callFrame.url));
    return {
      name: 'Node built-in modules loaded on first use',
      owner: askedBy(stack, resolve, first),
      builtin: publicModule?.callFrame.url ?? '(internal)',
    };
  }
  if (below.some((n) => n.callFrame.url.startsWith('node:internal/modules/'))) {
    return { name: 'Node module loader (resolve, read, compile)', owner: askedBy(stack, resolve, first) };
  }
  if (first < 0) return { name: 'Node internals, outside the bundle' };
  // Innermost __nccwpck_require__: the frame just above it (towards the leaf) is the module factory.
  // When require itself is the leaf, V8 is compiling the factory it is about to call (lazy compile).
  const req = stack.findIndex(
    (n) => n.callFrame.functionName === REQUIRE && resolve(n.callFrame) !== undefined,
  );
  if (req === 0)
    return { name: 'bundle: top-level evaluation of modules', owner: '(lazy compile of module code)' };
  if (req > 0) {
    return {
      name: 'bundle: top-level evaluation of modules',
      owner: askedBy(stack.slice(0, req), resolve, 0),
    };
  }
  return { name: 'bundle: run time (incl. Node internals it calls)', owner: askedBy(stack, resolve, first) };
}

/** Largest entries first, as [key, ms per run]. */
export function top(map: ReadonlyMap<string, number>, runs: number, n: number): Array<[string, number]> {
  return [...map.entries()]
    .map(([k, v]): [string, number] => [k, v / Math.max(1, runs)])
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);
}
