// Headers the action sets from the run the mail is about, so people can sort and thread alerts:
// - X-GitHub-Repository, X-GitHub-Workflow, X-GitHub-Run-Id, X-GitHub-Conclusion (when known) and a
//   List-Id naming the repository (RFC 2919), for mail rules;
// - with `thread`, one conversation per repository + workflow + branch: In-Reply-To and References
//   name a root Message-ID derived from those three (Gmail and RFC 5322 clients), and Outlook gets
//   Thread-Topic and a Thread-Index whose 22-byte header is derived from them too.
// The `in-reply-to` input wins: the mail then threads under that message only. Values are single-line
// by construction (names from the run are untrusted text). Pure, apart from the time it is given.
import { createHash } from 'node:crypto';
import type { MessageSettings } from '../../config.js';
import { oneLine } from '../../text.js';
import { threadTopic, type RunAbout } from '../context/about.js';

export interface RunHeaders {
  readonly headers: Readonly<Record<string, string>>;
  readonly inReplyTo: string;
  readonly references: string;
}

/** Milliseconds between 1601-01-01 (FILETIME's epoch) and 1970-01-01. */
const FILETIME_EPOCH_MS = 11_644_473_600_000n;
/**
 * The time in every thread's Thread-Index header: a fixed moment before this action existed, the
 * same for every conversation (the GUID tells them apart), so the header never changes.
 */
export const THREAD_ROOT_TIME_MS = Date.UTC(2024, 0, 1);

export function runHeaders(
  about: RunAbout | undefined,
  settings: Pick<MessageSettings, 'thread' | 'inReplyTo' | 'from'>,
  now: number,
  messageId: string,
): RunHeaders {
  const headers: Record<string, string> = {};
  if (about?.repository) {
    headers['X-GitHub-Repository'] = about.repository;
    if (about.workflow) headers['X-GitHub-Workflow'] = value(about.workflow);
    if (/^\d+$/.test(about.runId)) headers['X-GitHub-Run-Id'] = about.runId;
    if (/^[a-z_]+$/.test(about.conclusion)) headers['X-GitHub-Conclusion'] = about.conclusion;
    headers['List-Id'] = listId(about);
  }
  if (settings.inReplyTo) {
    return { headers, inReplyTo: settings.inReplyTo, references: settings.inReplyTo };
  }
  if (!settings.thread || !about?.repository || !about.workflow) {
    return { headers, inReplyTo: '', references: '' };
  }
  const root = threadRootId(about, settings.from.address);
  headers['Thread-Topic'] = value(threadTopic(about));
  headers['Thread-Index'] = threadIndex(about, now, messageId).toString('base64');
  return { headers, inReplyTo: root, references: root };
}

/** A header value on one line, of a sane length. */
function value(text: string): string {
  return Array.from(oneLine(text)).slice(0, 200).join('');
}

function host(about: RunAbout): string {
  try {
    return new URL(about.serverUrl).hostname.toLowerCase() || 'github.com';
  } catch {
    return 'github.com';
  }
}

/**
 * `octo-org/octo-repo <octo-repo.octo-org.github.com>`, as GitHub's own notifications write it: the
 * phrase unquoted (a quote would make the mailer encode the whole header), the id a dot-atom whatever
 * the names hold.
 */
function listId(about: RunAbout): string {
  const label = (part: string) =>
    part
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x';
  const [owner = '', name = ''] = about.repository.split('/');
  const phrase = value(about.repository).replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '');
  return `${phrase} <${label(name)}.${label(owner)}.${host(about)}>`;
}

function threadKey(about: RunAbout): Buffer {
  return createHash('sha256')
    .update(['m365-mail-thread', host(about), about.repository, about.workflow, about.branch].join('\n'))
    .digest();
}

/** The conversation's root: the same for every mail of this workflow on this branch. Never sent itself. */
export function threadRootId(about: RunAbout, fromAddress: string): string {
  const domain = (fromAddress.split('@')[1] ?? 'localhost').toLowerCase();
  return `<gh-thread.${threadKey(about).toString('base64url').slice(0, 22)}@${domain}>`;
}

/**
 * Outlook's conversation index ([MS-OXOMSG] PidTagConversationIndex): a 22-byte header (0x01, the top
 * 5 bytes of a FILETIME, a 16-byte GUID) and one 5-byte response level per reply: a delta code bit,
 * 31 bits of the time since the header, 8 bits to tell replies apart. The header is derived from the
 * thread's key (THREAD_ROOT_TIME_MS and a GUID from the hash), so every mail of the thread shares it.
 */
export function threadIndex(about: RunAbout, now: number, messageId: string): Buffer {
  const key = threadKey(about);
  const guid = Buffer.from(key.subarray(0, 16));
  // Shaped as an RFC 9562 version 8 (custom) UUID: Outlook only compares the bytes.
  guid[6] = 0x80 | ((guid[6] ?? 0) & 0x0f);
  guid[8] = 0x80 | ((guid[8] ?? 0) & 0x3f);
  const rootTime = filetime(THREAD_ROOT_TIME_MS) >> 24n;
  const header = Buffer.alloc(22);
  header[0] = 0x01;
  header.writeUIntBE(Number(rootTime & 0xff_ffff_ffffn), 1, 5);
  guid.copy(header, 6);
  const delta = filetime(Math.max(now, THREAD_ROOT_TIME_MS)) - (rootTime << 24n);
  // DC 0: bits 18-48 of the delta (up to about 1.8 years); DC 1: bits 23-53 (about 57 years).
  const wide = delta >= 1n << 49n;
  const bits = (delta >> (wide ? 23n : 18n)) & 0x7fff_ffffn;
  const level = Buffer.alloc(5);
  level.writeUInt32BE(Number((wide ? 0x8000_0000n : 0n) | bits), 0);
  level[4] = createHash('sha256').update(messageId).digest()[0] ?? 0;
  return Buffer.concat([header, level]);
}

function filetime(ms: number): bigint {
  return (BigInt(Math.floor(ms)) + FILETIME_EPOCH_MS) * 10_000n;
}
