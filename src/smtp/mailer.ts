// The mailer port. nodemailer is loaded only when a message is really sent.
import type { SmtpSettings } from '../config.js';
import type { OutgoingMessage } from '../message/types.js';
import type { TransportTimeouts } from './options.js';

export interface RejectedRecipient {
  readonly address: string;
  readonly reply: string;
}

export interface Delivery {
  /** The Message-ID recipients see: the server's when it replaced ours, else ours. */
  readonly messageId: string;
  readonly accepted: readonly string[];
  readonly rejected: readonly RejectedRecipient[];
  readonly response: string;
}

export interface Mailer {
  send(message: OutgoingMessage): Promise<Delivery>;
  close(): void;
}

export interface MailerOptions {
  readonly timeouts: TransportTimeouts;
  /** Connections the pooled transport may open (Exchange allows 3 per mailbox). */
  readonly maxConnections: number;
  /** When set, the SMTP transaction log (commands and replies, never the body or a secret) goes here. */
  readonly protocolLog?: ((line: string) => void) | undefined;
}

export type MailerFactory = (
  settings: SmtpSettings,
  accessToken: string,
  options: MailerOptions,
) => Promise<Mailer>;

export const createMailer: MailerFactory = async (settings, accessToken, options) => {
  const { NodemailerMailer } = await import('./nodemailer.js');
  return new NodemailerMailer(settings, accessToken, options);
};
