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
