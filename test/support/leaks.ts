// Finds secrets where the runner would not hide them. The runner masks a value in the log only
// after `::add-mask::value` (and then also its base64 form), so a secret printed before its mask,
// or written anywhere the runner never masks (outputs, job summary, stderr of a child, files), leaks.
import { readFileSync } from 'node:fs';
import type { ActionResult } from './run-action.js';

const MIN_SECRET_LENGTH = 8;

/** The SASL XOAUTH2 initial client response before base64: pass it to findLeaks as a secret. */
export function xoauth2(user: string, token: string): string {
  return `user=${user}\x01auth=Bearer ${token}\x01\x01`;
}

interface Variant {
  label: string;
  value: string;
  /** Mask values that hide this variant in stdout once announced. */
  maskedBy: string[];
}

function variantsOf(secret: string, index: number): Variant[] {
  const label = `secret[${index}] (${secret.length} chars)`;
  const base64 = Buffer.from(secret).toString('base64');
  const variants: Variant[] = [
    { label, value: secret, maskedBy: [secret] },
    // The runner masks the base64 form of a masked value too; a strict test still wants it masked
    // before it appears, so both the value's and the encoding's own mask count.
    { label: `base64 of ${label}`, value: base64, maskedBy: [secret, base64] },
  ];
  // Multi-line secrets (PEM keys): the runner masks each line; each body line can leak alone.
  const lines = secret.split(/\r?\n/).filter((l) => l.length >= 16 && !l.startsWith('-----'));
  if (lines.length > 1) {
    lines.forEach((line, i) =>
      variants.push({ label: `line ${i + 1} of ${label}`, value: line, maskedBy: [secret, line] }),
    );
  }
  return variants.filter((v) => v.value.length >= MIN_SECRET_LENGTH);
}

function positions(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) found.push(i);
  return found;
}

/** Start offsets in stdout of `::add-mask::` lines, per (unescaped) mask value. */
function maskOffsets(stdout: string): Map<string, number> {
  const first = new Map<string, number>();
  let offset = 0;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('::add-mask::')) {
      const value = line
        .slice('::add-mask::'.length)
        .replace(/\r$/, '')
        .replace(/%(?:25|0D|0A)/gi, (m) => ({ '%25': '%', '%0D': '\r', '%0A': '\n' })[m.toUpperCase()] ?? m);
      if (!first.has(value)) first.set(value, offset);
    }
    offset += line.length + 1;
  }
  return first;
}

/** Human-readable problems, empty when nothing leaked. Never includes the secret itself. */
export function findLeaks(result: ActionResult, secrets: readonly string[]): string[] {
  const problems: string[] = [];
  const masks = maskOffsets(result.stdout);
  const places: Array<[string, string]> = [
    ['stderr', result.stderr],
    ['the job summary', result.summary],
    ...Object.entries(result.outputs).map(([name, value]): [string, string] => [`output '${name}'`, value]),
    ...result.emlFiles.map((file): [string, string] => [`file ${file}`, readFileSync(file, 'latin1')]),
  ];
  secrets.forEach((secret, index) => {
    for (const v of variantsOf(secret, index)) {
      for (const [place, text] of places) {
        if (text.includes(v.value)) problems.push(`${v.label} appears in ${place}`);
      }
      const maskedAt = Math.min(...v.maskedBy.map((m) => masks.get(m) ?? Infinity));
      for (const at of positions(result.stdout, v.value)) {
        const isMaskLine = v.maskedBy.some((m) => masks.get(m) === at - '::add-mask::'.length);
        if (isMaskLine) continue;
        if (at < maskedAt) {
          const line = result.stdout.slice(0, at).split('\n').length;
          problems.push(`${v.label} appears in stdout line ${line} before any ::add-mask:: for it`);
        }
      }
    }
  });
  return problems;
}
