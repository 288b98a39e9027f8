// `Retry-After` (RFC 9110: delay seconds or an HTTP date), shared by every HTTPS service the action calls.

/** Reads `Retry-After` (seconds or an HTTP date) into milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(
  headers: Readonly<Record<string, string>> | undefined,
  now: number,
): number | undefined {
  const value = headers?.['retry-after'];
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
