// The template helpers: the only functions a template can call besides Handlebars' own block helpers.
// Templates are data-only: every helper is a pure function of its arguments (no I/O, no side effect),
// and Handlebars' one helper with a side effect, `log` (it writes to the console, which the runner reads
// for workflow commands), is removed. Each helper is total (any argument, never a throw): untrusted text
// can reach an inline template, and a helper that threw would turn a PR title into a lost alert.
import type Handlebars from 'handlebars';
import { firstLine, shortSha } from '../context/event-views.js';
import type { MarkdownRenderer } from './markdown.js';
import { oneLine } from '../../text.js';

/**
 * Handlebars' own helpers that stay: block helpers over data, and `lookup`, which reads own properties
 * only (prototype access is off). `log` is gone; `helperMissing`/`blockHelperMissing` are hooks a
 * template cannot call.
 */
export const BUILTIN_HELPERS: readonly string[] = ['if', 'unless', 'each', 'with', 'lookup'];

export const HELPER_NAMES: readonly string[] = [
  'eq',
  'ne',
  'and',
  'or',
  'not',
  'default',
  'first_line',
  'one_line',
  'truncate',
  'short_sha',
  'bytes',
  'date',
  'plural',
  'json',
  'markdown',
];

/** What registering needs; both the runtime and the full Handlebars environment have it. */
export type HelperHost = Pick<
  typeof Handlebars,
  'registerHelper' | 'unregisterHelper' | 'SafeString' | 'logger'
>;

/** 'html' when the output is HTML (escaped); 'text' for text parts and subjects. */
export type OutputFormat = 'html' | 'text';

interface HelperOptions {
  readonly data?: { readonly format?: OutputFormat };
}

export function registerHelpers(host: HelperHost, markdown: MarkdownRenderer | undefined): void {
  const helpers: Record<string, (...args: unknown[]) => unknown> = {
    eq: (a, b) => a === b,
    ne: (a, b) => a !== b,
    and: (...args) => args.slice(0, -1).every(Boolean),
    or: (...args) => args.slice(0, -1).find(Boolean) ?? false,
    not: (a) => !a,
    default: (value, fallback) => (value === undefined || value === null || value === '' ? fallback : value),
    first_line: (value) => firstLine(str(value)),
    one_line: (value) => oneLine(str(value)),
    truncate: (value, length) => truncate(str(value), typeof length === 'number' ? length : 80),
    short_sha: (value) => shortSha(str(value)),
    bytes: (value) => formatBytes(Number(value)),
    date: (value) => formatDate(str(value)),
    plural: (count, singular, plural) => {
      const n = Number(count);
      const word = n === 1 ? str(singular) : typeof plural === 'string' ? plural : `${str(singular)}s`;
      return `${Number.isFinite(n) ? n : 0} ${word}`;
    },
    json: (value) => JSON.stringify(value ?? null, null, 2),
    markdown: (value, options) => {
      const source = str(value);
      if ((options as HelperOptions | undefined)?.data?.format === 'text' || !markdown) return source;
      return new host.SafeString(markdown(source));
    },
  };
  for (const [name, fn] of Object.entries(helpers)) host.registerHelper(name, fn);
  host.unregisterHelper('log');
  // Handlebars reports a denied prototype access on the console, naming the property: nothing a
  // template does may reach stdout or stderr.
  host.logger.log = () => undefined;
}

function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function truncate(value: string, length: number): string {
  const max = Math.max(1, Math.floor(length));
  // By code point (Array.from), so a cut never splits a surrogate pair.
  const chars = Array.from(value);
  return chars.length <= max
    ? value
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/** 2483921 -> "2.4 MB": binary multiples, as GitHub shows asset sizes. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit] ?? ''}`;
}

/** An ISO 8601 time as "2026-11-28 18:20 UTC"; anything else unchanged. */
export function formatDate(value: string): string {
  const time = Date.parse(value);
  if (value === '' || Number.isNaN(time)) return value;
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
