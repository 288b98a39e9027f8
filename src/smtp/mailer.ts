// The mailer port. nodemailer is loaded only when a message is really sent.
import type { AccessToken } from '../auth/token.js';
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

/** A send that was withdrawn before it started because another message failed for good. */
export class SendWithdrawn extends Error {
  constructor() {
    super('withdrawn before it was sent');
    this.name = 'SendWithdrawn';
  }
}

export interface Mailer {
  /** `signal` withdraws a message the pool has not started yet (after another one failed for good). */
  send(message: OutgoingMessage, signal?: AbortSignal): Promise<Delivery>;
  close(): void;
}

export interface MailerOptions {
  readonly timeouts: TransportTimeouts;
  /** Connections the pooled transport may open (Exchange allows 3 per mailbox). */
  readonly maxConnections: number;
  /** When set, the SMTP transaction log (commands and replies, never the body or a secret) goes here. */
  readonly protocolLog?: ((line: string) => void) | undefined;
  /** Registers a secret the adapter derives (the XOAUTH2 string) with the runner's masker. */
  readonly mask: (secret: string) => void;
}

/**
 * The access token a connection signs in with, asked for when it signs in: a connection can be set up
 * (TCP, greeting, STARTTLS) while the token request is still in flight.
 */
export type TokenSource = () => Promise<AccessToken>;

export type MailerFactory = (
  settings: SmtpSettings,
  tokens: TokenSource,
  options: MailerOptions,
) => Promise<Mailer>;

export const createMailer: MailerFactory = async (settings, tokens, options) => {
  const { NodemailerMailer } = await import('./nodemailer.js');
  return new NodemailerMailer(settings, tokens, options);
};
