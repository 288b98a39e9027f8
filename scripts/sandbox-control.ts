// What the self-test's sandbox control endpoint reports about delivered mail, and the checks
// scripts/sandbox-assert.ts makes on it. Shared by the detached sandbox process and the assert step.
//
// A summary carries what a workflow needs to prove delivery (envelope, a few headers, the text part,
// attachment names) and nothing that authenticates: no token, no XOAUTH2 string, no raw message.
import { simpleParser } from 'mailparser';
import type { ConnectionRecord, DeliveredMessage } from '../test/sandbox/index.js';

/** Headers reported as they arrived (unfolded, not decoded). */
export const HEADERS_OF_INTEREST = [
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'message-id',
  'in-reply-to',
  'references',
  'x-priority',
  'importance',
  'auto-submitted',
] as const;

const MAX_TEXT = 20_000;

export interface DeliveredSummary {
  envelope: { from: string; to: string[] };
  /** The XOAUTH2 user; '' when the message came in without AUTH. */
  authUser: string;
  authMethod: string | null;
  /** e.g. 'TLSv1.3'; null when the session never upgraded. */
  tlsProtocol: string | null;
  /** false when the client never got the 250 for it. */
  acknowledged: boolean;
  subject: string;
  headers: Record<string, string[]>;
  /** The text/plain part, cut at 20,000 characters. */
  text: string;
  hasHtml: boolean;
  attachments: { filename: string; contentType: string; size: number }[];
}

/** Sent once over IPC by the detached sandbox process when it is listening. Holds the client secret. */
export interface ReadyMessage {
  type: 'ready';
  inputs: Record<string, string>;
  caPath: string;
  controlPort: number;
}

export async function summarize(
  message: DeliveredMessage,
  connection: ConnectionRecord | undefined,
): Promise<DeliveredSummary> {
  const parsed = await simpleParser(message.raw);
  const wanted = new Set<string>(HEADERS_OF_INTEREST);
  const headers: Record<string, string[]> = {};
  for (const { key, line } of parsed.headerLines) {
    if (!wanted.has(key)) continue;
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    (headers[key] ??= []).push(value);
  }
  return {
    envelope: { from: message.envelope.from, to: [...message.envelope.to] },
    authUser: message.authUser,
    authMethod: connection?.authMethod ?? null,
    tlsProtocol: connection?.tlsProtocol ?? null,
    acknowledged: message.acknowledged,
    subject: parsed.subject ?? '',
    headers,
    text: (parsed.text ?? '').slice(0, MAX_TEXT),
    hasHtml: typeof parsed.html === 'string' && parsed.html.length > 0,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? '',
      contentType: a.contentType,
      size: a.size,
    })),
  };
}

export interface Expectation {
  /** Envelope recipients (To, Cc and Bcc), in any order, compared case-insensitively. */
  to: readonly string[];
  subject: string;
  /** Text the text part must contain. */
  bodyMarker: string;
  /** File names that must be attached. */
  attachments: readonly string[];
  /** How many messages must have arrived in all (e.g. 1: a dry run must not have sent anything). */
  count?: number;
}

const quoted = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ') || '(none)';

/** Everything wrong with what arrived, one sentence each; [] when the expected message is there. */
export function findProblems(messages: readonly DeliveredSummary[], expected: Expectation): string[] {
  const problems: string[] = [];
  if (expected.count !== undefined && messages.length !== expected.count) {
    problems.push(`expected ${expected.count} message(s) in all, ${messages.length} arrived`);
  }
  const matching = messages.filter((m) => m.subject === expected.subject);
  const message = matching[0];
  if (message === undefined) {
    const seen = quoted(messages.map((m) => m.subject));
    return [...problems, `no message with subject '${expected.subject}' arrived; subjects seen: ${seen}`];
  }
  if (matching.length > 1) problems.push(`${matching.length} messages have the subject, expected one`);

  const lower = (list: readonly string[]): string[] => list.map((a) => a.toLowerCase());
  const got = lower(message.envelope.to);
  const want = lower(expected.to);
  const missing = want.filter((a) => !got.includes(a));
  const unexpected = got.filter((a) => !want.includes(a));
  if (missing.length > 0) problems.push(`recipients missing from the envelope: ${quoted(missing)}`);
  if (unexpected.length > 0) problems.push(`unexpected envelope recipients: ${quoted(unexpected)}`);

  if (!message.text.includes(expected.bodyMarker)) {
    problems.push(`the text part does not contain '${expected.bodyMarker}'`);
  }
  const names = message.attachments.map((a) => a.filename);
  const absent = expected.attachments.filter((name) => !names.includes(name));
  if (absent.length > 0) {
    problems.push(`attachments missing: ${quoted(absent)}; attached: ${quoted(names)}`);
  }
  if (message.authUser === '') problems.push('the message arrived without SMTP AUTH');
  if (message.tlsProtocol === null) problems.push('the message arrived on a session without TLS');
  if (message.headers.bcc !== undefined) problems.push('a Bcc header reached the recipients');
  if (!message.acknowledged) problems.push('the server never acknowledged the message');
  return problems;
}

/** Checks the JSON of GET /delivered enough to use it; our own server wrote it. */
export function parseDelivered(body: unknown): DeliveredSummary[] {
  if (typeof body !== 'object' || body === null || !('messages' in body) || !Array.isArray(body.messages)) {
    throw new Error('GET /delivered did not answer {"messages": [...]}');
  }
  return body.messages as DeliveredSummary[];
}
