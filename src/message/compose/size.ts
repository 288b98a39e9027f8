// The size check, before any connection: Exchange Online refuses a message over its limit only after
// the whole message was uploaded, so the action measures the real encoded size first (base64 makes
// attachments about a third larger) and says what to do.
import { ActionError } from '../../errors.js';
import { compose } from './mime.js';
import type { OutgoingMessage } from './types.js';

/**
 * Throws MESSAGE_TOO_LARGE when the largest message is over `maxSizeBytes`. The first message is
 * streamed through a counter (never held in memory); the batches differ only in their headers, so
 * the others are measured by their header blocks alone.
 */
export async function assertWithinSize(
  messages: readonly OutgoingMessage[],
  maxSizeBytes: number,
): Promise<void> {
  const [first, ...others] = messages;
  if (!first) return;
  // Most messages are far below any limit: prove it from a generous bound and skip building them.
  if (Math.max(...messages.map(sizeUpperBound)) <= maxSizeBytes) return;
  const size = await measure(first, others);
  if (size <= maxSizeBytes) return;
  const onDisk = first.attachments.reduce((n, a) => n + a.size, 0);
  throw new ActionError(
    `The message is ${megabytes(size)} once encoded for sending, over the limit of ${megabytes(maxSizeBytes)} (max-size-mb)` +
      (first.attachments.length > 0
        ? `; its ${first.attachments.length} attachment${first.attachments.length === 1 ? '' : 's'} take ${megabytes(onDisk)} on disk`
        : ''),
    {
      code: 'MESSAGE_TOO_LARGE',
      stage: 'message',
      hint:
        'Attach fewer or smaller files (compress them, or upload them as a workflow artifact and link to it), ' +
        "or raise max-size-mb if your Exchange Online organisation accepts larger messages (Exchange's default is 35 MB). " +
        'Attachments grow by about a third when encoded. Nothing was sent.',
    },
  );
}

/**
 * An upper bound of the encoded size, computed without building the message: quoted-printable at
 * worst triples a byte (plus soft line breaks), base64 adds a third (plus line breaks), header words
 * are encoded at worst three times over, and every structure gets ample room. Never below the truth.
 */
export function sizeUpperBound(m: OutgoingMessage): number {
  const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
  const encoded = (text: string): number => Math.ceil(bytes(text) * 3.5);
  const addresses = [m.from, ...m.replyTo, ...m.to, ...m.cc].reduce(
    (n, a) => n + encoded(a.name) + a.address.length * 2 + 32,
    0,
  );
  const headers = Object.entries(m.headers).reduce((n, [k, v]) => n + k.length + encoded(v) + 32, 0);
  const attachments = m.attachments.reduce(
    (n, a) => n + Math.ceil((a.size * 4) / 3) * 1.05 + encoded(a.filename) + 1024,
    0,
  );
  return 16_384 + encoded(m.subject) + encoded(m.text) + encoded(m.html) + addresses + headers + attachments;
}

/** Bytes of the largest of the messages, as they would go over the wire. */
export async function measure(
  first: OutgoingMessage,
  others: readonly OutgoingMessage[] = [],
): Promise<number> {
  const node = await compose(first);
  let total = 0;
  for await (const chunk of node.createReadStream()) total += (chunk as Buffer).length;
  const body = total - Buffer.byteLength(node.buildHeaders());
  let largest = total;
  for (const message of others) {
    const headers = Buffer.byteLength((await compose(message, true)).buildHeaders());
    largest = Math.max(largest, body + headers);
  }
  return largest;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
