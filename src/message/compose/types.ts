import type { Address, Priority } from '../../config.js';
import type { RunAbout } from '../context/about.js';

export interface Attachment {
  /** The name recipients see (the file's base name). */
  readonly filename: string;
  /** The bytes, read once from the workspace: what was checked is what is sent. */
  readonly content: Buffer;
  readonly contentType: string;
  /** Bytes read (never what stat said: a /proc file says 0). */
  readonly size: number;
}

/** What the templates produce: the content, before it is addressed and split into batches. */
export interface MessageContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly attachments: readonly Attachment[];
  /** The run the mail is about: its thread and X-GitHub-* headers. Absent outside the message stage. */
  readonly about?: RunAbout;
}

/** A message ready for the mailer: every header value is single-line, every address validated. */
export interface OutgoingMessage extends MessageContent {
  readonly messageId: string;
  readonly from: Address;
  readonly replyTo: readonly Address[];
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly bcc: readonly Address[];
  readonly priority: Priority;
  /** Extra headers from the `headers` input. */
  readonly headers: Readonly<Record<string, string>>;
  /** '' when not threading. */
  readonly inReplyTo: string;
  /** The References header (ids separated by spaces); `inReplyTo` alone when absent. */
  readonly references?: string;
}
