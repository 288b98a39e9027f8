// What the SMTP stand-in needs to know about a submitted message: its bytes and the addresses in
// its From header (Exchange checks both the envelope sender and From against SendAs rights).
import addressparser from 'nodemailer/lib/addressparser';
import type { Readable } from 'node:stream';

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  }
  return Buffer.concat(chunks);
}

/** The header block, unfolded (RFC 5322 folding: CRLF followed by white space). */
function headerBlock(raw: Buffer): string {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  return (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
}

export function headerValue(raw: Buffer, name: string): string | undefined {
  const prefix = `${name.toLowerCase()}:`;
  const line = headerBlock(raw)
    .split(/\r?\n/)
    .find((l) => l.toLowerCase().startsWith(prefix));
  return line?.slice(prefix.length).trim();
}

/** Lower-cased addresses of the From header, groups flattened. */
export function fromAddresses(raw: Buffer): string[] {
  const value = headerValue(raw, 'From');
  if (value === undefined) return [];
  return addressparser(value, { flatten: true })
    .map((entry) => entry.address.toLowerCase())
    .filter((address) => address !== '');
}
