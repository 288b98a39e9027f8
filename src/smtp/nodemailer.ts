// The nodemailer adapter behind the mailer port: the only code that opens an SMTP connection.
import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpSettings } from '../config.js';
import { composerOptions } from '../message/mime.js';
import type { OutgoingMessage } from '../message/types.js';
import { toSmtpError } from './errors.js';
import { renewThresholdMs } from '../auth/token.js';
import {
  SendWithdrawn,
  type Delivery,
  type Mailer,
  type MailerOptions,
  type RejectedRecipient,
  type TokenSource,
} from './mailer.js';
import { transportOptions, type ProvisionCallback } from './options.js';
import { protocolLogger } from './protocol-log.js';

interface SentInfo {
  readonly messageId?: string;
  readonly serverMessageId?: string;
  readonly accepted?: readonly unknown[];
  readonly rejected?: readonly unknown[];
  readonly rejectedErrors?: readonly { readonly recipient?: unknown; readonly response?: unknown }[];
  readonly response?: string;
}

export class NodemailerMailer implements Mailer {
  private readonly transport: Transporter;

  /** Tokens handed out so far, so the protocol log can redact them. */
  private readonly tokensSeen: string[] = [];

  constructor(
    private readonly settings: SmtpSettings,
    tokens: TokenSource,
    options: MailerOptions,
  ) {
    const provision: ProvisionCallback = (_user, _renew, done) => {
      tokens().then(
        (t) => {
          this.tokensSeen.push(t.token);
          // nodemailer builds the SASL XOAUTH2 string from the token: mask it before it can exist anywhere.
          options.mask(xoauth2(settings.mailbox, t.token));
          // nodemailer reuses the token for new connections until this time, then asks again.
          done(null, t.token, t.expiresOnMs - renewThresholdMs(t));
        },
        // The token error itself reaches the user through the token stage; nodemailer only needs to stop.
        () => {
          done(new Error('no access token'));
        },
      );
    };
    this.transport = nodemailer.createTransport({
      ...transportOptions(settings, provision, options.timeouts),
      // One pooled connection carries every batch; more only when max-connections asks for it.
      pool: true,
      maxConnections: options.maxConnections,
      maxMessages: Number.POSITIVE_INFINITY,
      ...(options.protocolLog
        ? { logger: protocolLogger(options.protocolLog, () => this.tokensSeen), transactionLog: true }
        : {}),
    });
  }

  async send(message: OutgoingMessage, signal?: AbortSignal): Promise<Delivery> {
    let info: SentInfo;
    try {
      info = await this.transport.sendMail({
        // The same field mapping the dry run's .eml and the size check use, so they cannot drift apart.
        // Attachment streams are opened per attempt; file access through `path` stays disabled.
        ...composerOptions(message),
        ...(signal ? { signal } : {}),
        // The SMTP envelope sender is the mailbox that signs in; From may be another address it may send as.
        envelope: {
          from: this.settings.mailbox,
          to: [...message.to, ...message.cc, ...message.bcc].map((a) => a.address),
        },
      });
    } catch (err) {
      if (signal?.aborted) throw new SendWithdrawn();
      throw toSmtpError(err, this.settings.host);
    }
    return {
      messageId: info.serverMessageId ?? info.messageId ?? message.messageId,
      accepted: (info.accepted ?? []).map(addressOf),
      rejected: rejectedOf(info),
      response: info.response ?? '',
    };
  }

  close(): void {
    this.transport.close();
  }
}

/** The SASL XOAUTH2 initial response nodemailer sends, base64 (RFC 7628 framing, Microsoft's example). */
export function xoauth2(user: string, token: string): string {
  return Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`, 'utf8').toString('base64');
}

function addressOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { address?: unknown }).address === 'string'
  ) {
    return (value as { address: string }).address;
  }
  return String(value);
}

function rejectedOf(info: SentInfo): RejectedRecipient[] {
  const replies = new Map<string, string>();
  for (const err of info.rejectedErrors ?? []) {
    if (typeof err.recipient === 'string') {
      replies.set(err.recipient.toLowerCase(), typeof err.response === 'string' ? err.response : '');
    }
  }
  return (info.rejected ?? [])
    .map(addressOf)
    .map((address) => ({ address, reply: replies.get(address.toLowerCase()) ?? '' }));
}
