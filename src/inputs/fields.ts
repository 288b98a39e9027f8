// Small, strict readers for single inputs. Each error names the input, the expected form and what was given.
import { inputError } from '../errors.js';
import { shorten } from '../text.js';

export { shorten };

export type Read = (name: string) => string;

export function readBoolean(read: Read, name: string, fallback: boolean): boolean {
  const raw = read(name);
  if (raw === '') return fallback;
  if (/^(true|True|TRUE)$/.test(raw)) return true;
  if (/^(false|False|FALSE)$/.test(raw)) return false;
  throw inputError(name, `expected true or false, got '${shorten(raw)}'`);
}

export function readInteger(
  read: Read,
  name: string,
  range: { min: number; max: number },
  fallback: number,
): number {
  const raw = read(name);
  if (raw === '') return fallback;
  const value = /^[+]?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw inputError(name, `expected an integer ${range.min}-${range.max}, got '${shorten(raw)}'`);
  }
  return value;
}

export function readEnum<T extends string>(read: Read, name: string, allowed: readonly T[], fallback: T): T {
  const raw = read(name);
  if (raw === '') return fallback;
  const match = allowed.find((value) => value === raw.toLowerCase());
  if (match === undefined) {
    throw inputError(name, `expected one of ${allowed.join(', ')}, got '${shorten(raw)}'`);
  }
  return match;
}

export function readRequired(read: Read, name: string, why: string): string {
  const raw = read(name);
  if (raw === '') {
    throw inputError(
      name,
      `required ${why}, but it is empty`,
      `Set it in the step's 'with:' block; a value from a secret is empty when the secret does not exist or is not passed to this workflow (for example on a pull request from a fork).`,
    );
  }
  return raw;
}

/** A header value must stay on one line: a CR or LF in it is refused, never silently joined. */
export function readSingleLine(read: Read, name: string): string {
  const raw = read(name);
  if (/[\r\n]/.test(raw)) throw inputError(name, 'expected a single line, but it contains a line break');
  return raw;
}

/** An https URL with no path, query or credentials; returned without a trailing slash. `fallback` is the example. */
export function readHttpsOrigin(read: Read, name: string, fallback: string): string {
  const raw = read(name);
  if (raw === '') return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw inputError(name, `expected an https URL such as ${fallback}, got '${shorten(raw)}'`);
  }
  if (url.protocol !== 'https:') throw inputError(name, `expected an https:// URL, got '${shorten(raw)}'`);
  if (
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    (url.pathname !== '/' && url.pathname !== '')
  ) {
    throw inputError(
      name,
      `expected only scheme and host (no path, query or credentials), got '${shorten(raw)}'`,
    );
  }
  return url.origin;
}
