// Text that reaches the runner's log must never act. The runner reads stdout line by line and runs
// `::command::` at the start of a line (after leading white space) and the legacy `##[command]` anywhere
// in a line. Event text (an issue title, a commit message) reaches log lines through templates, server
// replies and error messages, so every line the action prints passes through here, once, in the seam.
//
// A zero-width space (U+200B) after the first colon, or after `##`, is enough: the runner no longer sees
// a command, and the reader sees the same characters. It is not white space to the runner's trim.

/** Every character a reader (the runner, a log viewer, an editor) may take as the end of a line. */
const LINE_BREAK = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/;

/** White space the runner's trim removes before looking for `::` (.NET's Char.IsWhiteSpace). */
const LEADING_SPACE = /^[\s\u0085]*/;

const ZWSP = '\u200B';

/** One line that cannot start a workflow command, legacy or current. */
export function neutraliseLine(line: string): string {
  const legacySafe = line.includes('##[') ? line.replaceAll('##[', `##${ZWSP}[`) : line;
  const indent = LEADING_SPACE.exec(legacySafe)?.[0] ?? '';
  const rest = legacySafe.slice(indent.length);
  return rest.startsWith('::') ? `${indent}:${ZWSP}${rest.slice(1)}` : legacySafe;
}

/** Text of any shape as log lines: split at every kind of line break, each line neutralised. */
export function neutraliseText(text: string): string {
  if (!LINE_BREAK.test(text)) return neutraliseLine(text);
  return text.split(LINE_BREAK).map(neutraliseLine).join('\n');
}

/**
 * Every form of a secret the action could ever write, so the runner masks each: the value as given,
 * trimmed, each line of a multi-line value, and the HTML-escaped form of each (the job summary is HTML,
 * and the runner masks the literal characters it is given). Short fragments are left out: a three-letter
 * line of a PEM block is no secret, and masking it would scramble unrelated log text.
 */
export function secretForms(value: string, escapeHtml: (text: string) => string): string[] {
  const trimmed = value.trim();
  if (trimmed === '') return [];
  const lines = value
    .split(LINE_BREAK)
    .map((line) => line.trim())
    .filter((line) => line.length >= 4);
  const plain = [value, trimmed, ...(lines.length > 1 ? lines : [])];
  const escaped = plain.map(escapeHtml);
  return [...new Set([...plain, ...escaped])];
}
