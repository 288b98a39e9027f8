// `452 4.5.3 Too many recipients` on some RCPTs means the tenant's per-message limit is lower than
// max-recipients: the accepted recipients got the message; the deferred ones go out in a follow-up
// message of their own (same content, its own stable Message-ID), so each address still gets one copy.
import type { Address } from '../config.js';
import type { OutgoingMessage } from '../message/types.js';
import { parseReply } from './errors.js';
import type { Delivery } from './mailer.js';

/** A safety stop: a run never turns into more messages than this through follow-ups. */
const MAX_MESSAGES = 10_000;

export function splitTooManyRecipients(
  message: OutgoingMessage,
  delivery: Delivery,
  queued: number,
): { kept: Delivery; followUp?: OutgoingMessage } {
  const deferred = new Set(
    delivery.rejected
      .filter((r) => {
        const reply = parseReply(r.reply);
        return reply.code === 452 && reply.enhanced === '4.5.3';
      })
      .map((r) => r.address.toLowerCase()),
  );
  // Nothing deferred, or no progress (nothing accepted): the rejections stand as they are.
  if (deferred.size === 0 || delivery.accepted.length === 0 || queued >= MAX_MESSAGES)
    return { kept: delivery };
  const only = (list: readonly Address[]): Address[] =>
    list.filter((a) => deferred.has(a.address.toLowerCase()));
  return {
    kept: { ...delivery, rejected: delivery.rejected.filter((r) => !deferred.has(r.address.toLowerCase())) },
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
