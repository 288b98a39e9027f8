import type { Address, Priority } from '../config.js';

/** A message ready for the mailer: every header value is single-line, every address validated. */
export interface OutgoingMessage {
  readonly messageId: string;
  readonly from: Address;
  readonly replyTo: readonly Address[];
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly bcc: readonly Address[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly priority: Priority;
}
