// The message as RFC 5322 bytes, composed by nodemailer's MailComposer from the same fields the mailer
// sends (src/smtp/transport.ts): a dry run's .eml and the size check see what the server would get.
// The Graph transport sends these same bytes, with the Bcc header kept (graph-body.ts).
// Only nodemailer/lib/mail-composer is loaded: not the transport, so a dry run stays small.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Options as ComposerOptions } from 'nodemailer/lib/mail-composer';
import type { Address } from '../../config.js';
import type { OutgoingMessage } from './types.js';

/** The MIME tree of a message; `createReadStream` gives its bytes, `buildHeaders` its top header block. */
export interface ComposedMessage {
  createReadStream(): Readable;
  build(): Promise<Buffer>;
  buildHeaders(): string;
}

/**
 * The fields handed to nodemailer, as `send()` in src/smtp/transport.ts maps them (without the SMTP
 * envelope). `headersOnly` replaces attachment content with nothing: for measuring headers alone.
 */
export function composerOptions(message: OutgoingMessage, headersOnly = false): ComposerOptions {
  return {
    messageId: message.messageId,
    from: toNodemailer(message.from),
    to: message.to.map(toNodemailer),
    cc: message.cc.map(toNodemailer),
    bcc: message.bcc.map(toNodemailer),
    replyTo: message.replyTo.map(toNodemailer),
    subject: message.subject,
    text: message.text,
    html: message.html === '' ? undefined : message.html,
    priority: message.priority,
    headers: { ...message.headers },
    ...(message.inReplyTo
      ? { inReplyTo: message.inReplyTo, references: message.references || message.inReplyTo }
      : {}),
    attachments: message.attachments.map((a) => ({
      filename: a.filename,
      content: headersOnly ? Buffer.alloc(0) : a.content,
      contentType: a.contentType,
    })),
    // As on the transport: content can never make the composer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

export interface ComposeOptions {
  /** Attachments without their content: for measuring the header block alone. */
  readonly headersOnly?: boolean;
  /**
   * Keep the `Bcc:` header. SMTP carries Bcc recipients in the envelope and the header is left out;
   * Microsoft Graph has no envelope and reads every recipient from the headers, so the copy handed to
   * Graph keeps it. nodemailer drops it unless the compiled root node has `keepBcc`.
   */
  readonly keepBcc?: boolean;
}

export async function compose(
  message: OutgoingMessage,
  options: ComposeOptions = {},
): Promise<ComposedMessage> {
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const node = new MailComposer(composerOptions(message, options.headersOnly)).compile();
  if (options.keepBcc) node.keepBcc = true;
  setPriorityHeaders(node, message.priority);
  return node;
}

/** The complete message, in memory. For large attachments prefer writeEml or the size check's stream. */
export async function buildMime(message: OutgoingMessage, options: ComposeOptions = {}): Promise<Buffer> {
  return (await compose(message, options)).build();
}

/** Writes the complete message to `dir` (streamed, never whole in memory) and returns the file's path. */
export async function writeEml(message: OutgoingMessage, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, emlFileName(message.messageId));
  await pipeline((await compose(message)).createReadStream(), createWriteStream(file));
  return file;
}

/** `<gh-1658821493.1.abc@contoso.com>` -> `gh-1658821493.1.abc.eml`: unique per message, safe on any OS. */
export function emlFileName(messageId: string): string {
  const local = messageId.replace(/^<|>$/g, '').split('@')[0] ?? '';
  const safe = local.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);
  return `${safe || 'message'}.eml`;
}

/**
 * What nodemailer's Mail object adds after composing (mailer/mail-message.js setPriorityHeaders):
 * the composer itself ignores `priority`, and the .eml must carry the headers the server will see.
 */
function setPriorityHeaders(
  node: { setHeader(key: string, value: string): unknown },
  priority: string,
): void {
  const values =
    priority === 'high'
      ? ['1 (Highest)', 'High', 'High']
      : priority === 'low'
        ? ['5 (Lowest)', 'Low', 'Low']
        : undefined;
  if (!values) return;
  node.setHeader('X-Priority', values[0] ?? '');
  node.setHeader('X-MSMail-Priority', values[1] ?? '');
  node.setHeader('Importance', values[2] ?? '');
}

function toNodemailer(address: Address): { name: string; address: string } {
  return { name: address.name, address: address.address };
}
