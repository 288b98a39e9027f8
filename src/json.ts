// Reading JSON that was not written by us (an event payload, a GitHub API answer): narrowing helpers
// that never throw, so a missing or oddly typed field becomes an empty value instead of a crash.
export type Json = Readonly<Record<string, unknown>>;

/** An object, or `{}` for anything else (null, an array, a string). */
export function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

/** An array of objects, or `[]`; elements that are not objects become `{}`. */
export function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(record) : [];
}
