// The body of a Microsoft Graph sendMail request in its MIME form: the message this room composes
// (the same bytes SMTP sends, plus the Bcc header: Graph has no envelope), base64-encoded. It lives
// here, beside the composer, so that the size check and the Graph transport count the same bytes.
import { buildMime } from './mime.js';
import type { OutgoingMessage } from './types.js';

/** Graph refuses a request body over 4 MB ("The maximum request length supported is 4MB"). */
export const GRAPH_REQUEST_LIMIT_BYTES = 4 * 1024 * 1024;

/** Microsoft's example wraps the base64 at 76 characters; a single unwrapped line is not documented. */
const LINE_CHARS = 76;

/** The base64 of `mime` in lines of 76 characters, each ending in CRLF. */
export function base64Lines(mime: Buffer): string {
  const text = mime.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += LINE_CHARS) lines.push(text.slice(i, i + LINE_CHARS));
  return lines.map((line) => `${line}\r\n`).join('');
}

/** Bytes of `base64Lines` for a MIME message of `mimeBytes`: 4 per 3 bytes, plus 2 per line. */
export function base64LinesLength(mimeBytes: number): number {
  const chars = Math.ceil(mimeBytes / 3) * 4;
  return chars + Math.ceil(chars / LINE_CHARS) * 2;
}

/** The request body for `POST /users/{id}/sendMail` with `Content-Type: text/plain`. */
export async function graphRequestBody(message: OutgoingMessage): Promise<string> {
  return base64Lines(await buildMime(message, { keepBcc: true }));
}
