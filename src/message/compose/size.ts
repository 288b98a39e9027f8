// The size check, before any connection: Exchange Online refuses a message over its limit only after
// the whole message was uploaded, so the action measures the real encoded size first (base64 makes
// attachments about a third larger) and says what to do. Through Microsoft Graph the request body
// (the message in base64, Bcc header kept) must also stay within Graph's 4 MB per request.
import type { TransportKind } from '../../config.js';
import { ActionError } from '../../errors.js';
import { GRAPH_REQUEST_LIMIT_BYTES, base64LinesLength } from './graph-body.js';
import { compose, type ComposeOptions } from './mime.js';
import type { OutgoingMessage } from './types.js';

/**
 * Throws MESSAGE_TOO_LARGE when the largest message is over `maxSizeBytes`, and, for `transport:
 * graph`, GRAPH_REQUEST_TOO_LARGE when its request body would be over Graph's limit. The first
 * message is streamed through a counter (never held in memory); the batches differ only in their
 * headers, so the others are measured by their header blocks alone.
 */
export async function assertWithinSize(
  messages: readonly OutgoingMessage[],
  maxSizeBytes: number,
  transport: TransportKind = 'smtp',
): Promise<void> {
  const [first, ...others] = messages;
  if (!first) return;
  const keepBcc = transport === 'graph';
  // Most messages are far below any limit: prove it from a generous bound and skip building them.
  const bound = Math.max(...messages.map((m) => sizeUpperBound(m, keepBcc)));
  const graphFits = !keepBcc || base64LinesLength(bound) <= GRAPH_REQUEST_LIMIT_BYTES;
  if (bound <= maxSizeBytes && graphFits) return;
  const size = await measure(first, others, { keepBcc });
  if (size > maxSizeBytes) throw tooLarge(first, size, maxSizeBytes);
  if (keepBcc && base64LinesLength(size) > GRAPH_REQUEST_LIMIT_BYTES) {
    throw tooLargeForGraph(size, maxSizeBytes);
  }
}

function tooLarge(first: OutgoingMessage, size: number, maxSizeBytes: number): ActionError {
  const onDisk = first.attachments.reduce((n, a) => n + a.size, 0);
  return new ActionError(
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

function tooLargeForGraph(size: number, maxSizeBytes: number): ActionError {
  const body = base64LinesLength(size);
  return new ActionError(
    `The message would make a Microsoft Graph request of ${megabytes(body)} (${bytes(body)}: the ` +
      `${megabytes(size)} message in base64), over Graph's limit of ${megabytes(GRAPH_REQUEST_LIMIT_BYTES)} ` +
      `(${bytes(GRAPH_REQUEST_LIMIT_BYTES)}) per request`,
    {
      code: 'GRAPH_REQUEST_TOO_LARGE',
      stage: 'message',
      hint:
        `Send it with transport: smtp, which takes messages up to max-size-mb (${megabytes(maxSizeBytes)} here; ` +
        "35 MB by default, Exchange Online's default limit), or attach fewer or smaller files (upload them as a " +
        'workflow artifact and link to it). A Graph request holds a message of about 3 MB, which is about 2.2 MB of ' +
        'attachments: base64 adds a third to them in the message, and again to the message in the request. ' +
        'Nothing was sent.',
    },
  );
}

/**
 * An upper bound of the encoded size, computed without building the message: quoted-printable at
 * worst triples a byte (plus soft line breaks), base64 adds a third (plus line breaks), header words
 * are encoded at worst three times over, and every structure gets ample room. Never below the truth.
 */
export function sizeUpperBound(m: OutgoingMessage, keepBcc = false): number {
  const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
  const encoded = (text: string): number => Math.ceil(bytes(text) * 3.5);
  const shown = [m.from, ...m.replyTo, ...m.to, ...m.cc, ...(keepBcc ? m.bcc : [])];
  const addresses = shown.reduce((n, a) => n + encoded(a.name) + a.address.length * 2 + 32, 0);
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
  options: Pick<ComposeOptions, 'keepBcc'> = {},
): Promise<number> {
  const node = await compose(first, options);
  let total = 0;
  for await (const chunk of node.createReadStream()) total += (chunk as Buffer).length;
  const body = total - Buffer.byteLength(node.buildHeaders());
  let largest = total;
  for (const message of others) {
    const headers = Buffer.byteLength(
      (await compose(message, { ...options, headersOnly: true })).buildHeaders(),
    );
    largest = Math.max(largest, body + headers);
  }
  return largest;
}

function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

function bytes(n: number): string {
  return `${n.toLocaleString('en-US')} bytes`;
}
