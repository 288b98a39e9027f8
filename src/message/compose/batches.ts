// Addresses the rendered content and splits it into messages of at most `maxRecipients` recipients
// (To + Cc + Bcc), Exchange's per-message limit. Every address is in exactly one batch, and a batch's
// headers show only that batch's To and Cc addresses, so nobody sees more than the sender chose to show.
import type { Address, MessageSettings } from '../../config.js';
import type { RunIdentity } from '../context/context.js';
import { messageIdFor } from './message-id.js';
import { runHeaders } from './run-headers.js';
import type { MessageContent, OutgoingMessage } from './types.js';

type Kind = 'to' | 'cc' | 'bcc';

export function composeMessages(
  settings: MessageSettings,
  content: MessageContent,
  identity: RunIdentity | undefined,
  maxRecipients: number,
  /** When the messages are composed: the time in Outlook's Thread-Index. */
  now: number = Date.now(),
): OutgoingMessage[] {
  const everyone = uniqueRecipients(settings);
  const batches: { kind: Kind; address: Address }[][] = [];
  for (let i = 0; i < everyone.length; i += maxRecipients) batches.push(everyone.slice(i, i + maxRecipients));
  const digest = JSON.stringify([
    everyone.map((r) => r.address.address),
    content.subject,
    content.text,
    content.html,
    content.attachments.map((a) => [a.filename, a.size]),
  ]);
  return batches.map((batch, index) => {
    const messageId = messageIdFor(identity, settings.from.address, index, digest);
    const run = runHeaders(content.about, settings, now, messageId);
    return {
      ...content,
      messageId,
      from: settings.from,
      replyTo: settings.replyTo,
      to: batch.filter((r) => r.kind === 'to').map((r) => r.address),
      cc: batch.filter((r) => r.kind === 'cc').map((r) => r.address),
      bcc: batch.filter((r) => r.kind === 'bcc').map((r) => r.address),
      priority: settings.priority,
      // The `headers` input cannot name these (src/inputs/message.ts): the run's own come last anyway.
      headers: { ...settings.headers, ...run.headers },
      inReplyTo: run.inReplyTo,
      references: run.references,
    };
  });
}

/** To, then Cc, then Bcc; an address listed twice keeps its most visible place (To over Cc over Bcc). */
function uniqueRecipients(settings: MessageSettings): { kind: Kind; address: Address }[] {
  const seen = new Set<string>();
  const result: { kind: Kind; address: Address }[] = [];
  for (const kind of ['to', 'cc', 'bcc'] as const) {
    for (const address of settings[kind]) {
      const key = address.address.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      result.push({ kind, address });
    }
  }
  return result;
}
