// The size check, before any connection: Exchange Online refuses a message over its limit only after
// the whole message was uploaded, so the action measures the real encoded size first (base64 makes
// attachments about a third larger) and says what to do.
import { ActionError } from '../errors.js';
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

/** Bytes of the largest of the messages, as they would go over the wire. */
export async function measure(
  first: OutgoingMessage,
  others: readonly OutgoingMessage[] = [],
): Promise<number> {
  const node = await compose(first);
  let total = 0;
  try {
    for await (const chunk of node.createReadStream()) total += (chunk as Buffer).length;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ActionError(`Could not read an attachment while building the message: ${code ?? String(err)}`, {
      code: 'ATTACHMENT_UNREADABLE',
      stage: 'message',
      hint: 'A file matched by the attachments patterns was removed or became unreadable while the step ran.',
      cause: err,
    });
  }
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
