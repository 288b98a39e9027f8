// Recipients the server deferred (SMTP `452 4.5.3`: the tenant allows fewer recipients per message than
// max-recipients) go out in a follow-up message of their own (same content, its own stable Message-ID):
// the accepted recipients got the message, and each address still gets one copy.
import type { Address } from '../config.js';
import type { OutgoingMessage } from '../message/index.js';
import type { Delivery } from '../transport/port.js';

/** A safety stop: a run never turns into more messages than this through follow-ups. */
const MAX_MESSAGES = 10_000;

export function splitDeferred(
  message: OutgoingMessage,
  delivery: Delivery,
  queued: number,
): { kept: Delivery; followUp?: OutgoingMessage } {
  const deferred = new Set(delivery.deferred.map((address) => address.toLowerCase()));
  // Nothing deferred, or no progress (nothing accepted): the rejections stand as they are.
  if (deferred.size === 0 || delivery.accepted.length === 0 || queued >= MAX_MESSAGES)
    return { kept: delivery };
  const only = (list: readonly Address[]): Address[] =>
    list.filter((a) => deferred.has(a.address.toLowerCase()));
  return {
    kept: {
      ...delivery,
      rejected: delivery.rejected.filter((r) => !deferred.has(r.address.toLowerCase())),
      deferred: [],
    },
    followUp: {
      ...message,
      messageId: message.messageId.replace('@', `.r${queued}@`),
      to: only(message.to),
      cc: only(message.cc),
      bcc: only(message.bcc),
    },
  };
}

export function recipientCount(m: OutgoingMessage): number {
  return m.to.length + m.cc.length + m.bcc.length;
}
