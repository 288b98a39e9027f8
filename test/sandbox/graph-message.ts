// What Exchange takes from a MIME message submitted through Graph. There is no envelope: the
// sender is read from From, the recipients from To, Cc and Bcc, and each recipient gets a copy
// without the Bcc header, so a Bcc recipient stays invisible to everyone.
import { simpleParser } from 'mailparser';
import type { AddressObject, EmailAddress } from 'mailparser';
import type { GraphRecipientCopy } from './graph-types.js';

export interface Submission {
  /** Lower-cased addresses of From. */
  from: string[];
  to: string[];
  cc: string[];
  bcc: string[];
  /** Entries of To/Cc/Bcc that are no address at all ('foo', 'bar@'). */
  malformed: string[];
}

const ADDRESS = /^[^\s@]+@[^\s@]+$/;

function members(entries: readonly EmailAddress[]): EmailAddress[] {
  return entries.flatMap((entry) => (entry.group === undefined ? [entry] : members(entry.group)));
}

function addresses(field: AddressObject | AddressObject[] | undefined, malformed: string[]): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const found: string[] = [];
  for (const { address = '', name } of members(objects.flatMap((o) => o.value))) {
    if (ADDRESS.test(address)) found.push(address);
    else if (address !== '' || name !== '') malformed.push(address || name);
  }
  return found;
}

export async function parseSubmission(raw: Buffer): Promise<Submission> {
  const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  const malformed: string[] = [];
  return {
    from: addresses(mail.from, []).map((a) => a.toLowerCase()),
    to: addresses(mail.to, malformed),
    cc: addresses(mail.cc, malformed),
    bcc: addresses(mail.bcc, malformed),
    malformed,
  };
}

/** The message with every `name:` header field (and its folded lines) taken out of the header block. */
export function withoutHeader(raw: Buffer, name: string): Buffer {
  // latin1 maps each byte to one character and back, so the body comes through untouched.
  const text = raw.toString('latin1');
  // The header block runs to the end of its last line, so every line there ends in its line break.
  const blank = /\r?\n(?=\r?\n)/.exec(text);
  const headerEnd = blank ? blank.index + blank[0].length : text.length;
  const lines = text.slice(0, headerEnd).split(/(?<=\n)/);
  const prefix = `${name.toLowerCase()}:`;
  const kept: string[] = [];
  let dropping = false;
  for (const line of lines) {
    const continues = /^[ \t]/.test(line);
    if (!continues) dropping = line.toLowerCase().startsWith(prefix);
    if (!dropping) kept.push(line);
  }
  return Buffer.from(kept.join('') + text.slice(headerEnd), 'latin1');
}

/** One copy per distinct recipient (an address in both To and Bcc still gets one message). */
export function recipientCopies(raw: Buffer, s: Submission): GraphRecipientCopy[] {
  const visible = withoutHeader(raw, 'Bcc');
  const seen = new Set<string>();
  const copies: GraphRecipientCopy[] = [];
  for (const recipient of [...s.to, ...s.cc, ...s.bcc]) {
    if (seen.has(recipient.toLowerCase())) continue;
    seen.add(recipient.toLowerCase());
    copies.push({ recipient, raw: visible });
  }
  return copies;
}
