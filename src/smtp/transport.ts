// The SMTP adapter behind the transport port: the only code that opens an SMTP connection. One pooled
// nodemailer transport carries every message (up to max-connections); after a token renewal it is
// retired, so new connections sign in with the new token, and it closes once its sends have finished.
import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpSettings } from '../config.js';
import { composerOptions, type OutgoingMessage } from '../message/index.js';
import {
  SendWithdrawn,
  type Delivery,
  type RejectedRecipient,
  type Transport,
  type TransportIo,
} from '../transport/port.js';
import { openTunnel } from '../net/proxy.js';
import { parseReply, toSmtpError } from './errors.js';
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

interface Pooled {
  readonly transporter: Transporter;
  inFlight: number;
  retired: boolean;
}

/** The SASL XOAUTH2 initial response nodemailer sends, base64 (the framing of Microsoft's example). */
export function xoauth2(user: string, token: string): string {
  return Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`, 'utf8').toString('base64');
}

export class SmtpTransport implements Transport {
  private current: Pooled | undefined;
  /** Tokens handed to nodemailer so far, so the protocol log can redact them. */
  private readonly tokensSeen: string[] = [];

  constructor(
    private readonly settings: SmtpSettings,
    private readonly io: TransportIo,
  ) {}

  async send(message: OutgoingMessage, signal?: AbortSignal): Promise<Delivery> {
    this.current ??= { transporter: this.open(), inFlight: 0, retired: false };
    const pooled = this.current;
    pooled.inFlight++;
    let info: SentInfo;
    try {
      info = await pooled.transporter.sendMail({
        // The same field mapping the dry run's .eml and the size check use, so they cannot drift apart.
        ...composerOptions(message),
        ...(signal ? { signal } : {}),
        // The envelope sender is the mailbox that signs in; From may be another address it may send as.
        envelope: {
          from: this.settings.mailbox,
          to: [...message.to, ...message.cc, ...message.bcc].map((a) => a.address),
        },
      });
    } catch (err) {
      if (signal?.aborted) throw new SendWithdrawn();
      throw toSmtpError(err, this.settings.host);
    } finally {
      pooled.inFlight--;
      if (pooled.retired && pooled.inFlight === 0) pooled.transporter.close();
    }
    const rejected = rejectedOf(info);
    return {
      messageId: info.serverMessageId ?? info.messageId ?? message.messageId,
      accepted: (info.accepted ?? []).map(addressOf),
      rejected,
      deferred: rejected.filter((r) => isTooManyRecipients(r.reply)).map((r) => r.address),
      response: info.response ?? '',
    };
  }

  signInAgain(): void {
    const pooled = this.current;
    this.current = undefined;
    if (!pooled) return;
    pooled.retired = true;
    if (pooled.inFlight === 0) pooled.transporter.close();
  }

  close(): void {
    this.signInAgain();
  }

  private open(): Transporter {
    const { tokens, mask } = this.io;
    const provision: ProvisionCallback = (_user, _renew, done) => {
      tokens.get().then(
        (t) => {
          this.tokensSeen.push(t.token);
          // nodemailer builds the XOAUTH2 string from the token: mask it before it can exist anywhere.
          mask(xoauth2(this.settings.mailbox, t.token));
          // nodemailer reuses the token for new connections until this time, then asks again.
          done(null, t.token, tokens.renewAt(t));
        },
        // The token error itself reaches the user through the token stage; nodemailer only needs to stop.
        () => {
          done(new Error('no access token'));
        },
      );
    };
    const log = this.io.protocolLog;
    const transporter = nodemailer.createTransport({
      ...transportOptions(this.settings, provision, this.io.timeouts),
      // One pooled connection carries every batch; more only when max-connections asks for it.
      pool: true,
      maxConnections: this.io.maxConnections,
      maxMessages: Number.POSITIVE_INFINITY,
      ...(log ? { logger: protocolLogger(log, () => this.tokensSeen), transactionLog: true } : {}),
    });
    const proxy = this.settings.proxy;
    if (proxy) {
      // smtp-proxy: each connection starts as a CONNECT tunnel; STARTTLS and the certificate check on
      // the SMTP host name happen inside it, as on a direct connection.
      const { host, port } = this.settings;
      const timeoutMs = this.io.timeouts.connectionMs;
      transporter.getSocket = (_options, callback) => {
        openTunnel(proxy, host, port, timeoutMs).then(
          (connection) => {
            callback(null, { connection });
          },
          (err: unknown) => {
            callback(err instanceof Error ? err : new Error(String(err)));
          },
        );
      };
    }
    return transporter;
  }
}

/** `452 4.5.3`: more recipients than the tenant allows in one message; they can go in another. */
function isTooManyRecipients(reply: string): boolean {
  const { code, enhanced } = parseReply(reply);
  return code === 452 && enhanced === '4.5.3';
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
