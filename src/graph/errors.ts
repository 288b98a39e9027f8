// Microsoft Graph failures, turned into what the user should do. Classified from the HTTP status and
// the JSON `error.code` (Graph's documented contract; its messages change and are never parsed), the
// way src/smtp/errors.ts classifies SMTP replies. Every error carries what Microsoft support asks for:
// Graph's request-id, our client-request-id, and the date.
import { ActionError } from '../errors.js';
import { describeNetworkFailure, describeProxyFailure, findErrorCode } from '../net/errors.js';
import type { HttpResponse } from '../net/https.js';
import { retryAfterMs } from '../net/retry-after.js';
import { oneLine } from '../text.js';

export interface GraphRequestContext {
  /** Graph's origin (`graph-host`). */
  readonly host: string;
  /** The mailbox of /users/{mailbox}/sendMail. */
  readonly mailbox: string;
  /** The message's From address. */
  readonly from: string;
  /** The id this request was sent with. */
  readonly clientRequestId: string;
  readonly now: number;
}

/** What a Graph error body says: `{ error: { code, message, innerError: { request-id, date } } }`. */
export interface GraphErrorBody {
  readonly code: string | undefined;
  readonly message: string | undefined;
  readonly requestId: string | undefined;
  readonly date: string | undefined;
}

interface Hint {
  readonly what: string;
  readonly fix: string;
}

const PERMISSION_DELAY =
  'Permission changes take from 30 minutes to 2 hours to reach Exchange Online; if you just made them, retry later.';
const CLAIMS =
  'Run with RUNNER_DEBUG=1 to print the decoded token claims (aud, roles, tid, appid, exp), never the token.';

/** Keyed by Graph's `error.code`. */
const CODES: Readonly<Record<string, (c: GraphRequestContext) => Hint>> = {
  ErrorAccessDenied: (c) => ({
    what: `the app may not send mail as ${c.mailbox}`,
    fix: [
      'Check, in this order:',
      `1. Exchange RBAC for Applications (least privilege): the app's service principal holds the role "Application Mail.Send" with a management scope that includes ${c.mailbox}. Check with Test-ServicePrincipalAuthorization -Identity <service principal> -Resource ${c.mailbox}: InScope must be True.`,
      "2. Or tenant-wide: the Microsoft Graph permission Mail.Send of type Application (not Delegated), with admin consent; the token's roles claim then lists Mail.Send.",
      `3. An Application Access Policy (the older way to scope Mail.Send) may exclude the mailbox: Test-ApplicationAccessPolicy -Identity ${c.mailbox} -AppId <client id>.`,
      `4. ${PERMISSION_DELAY}`,
      CLAIMS,
    ].join('\n'),
  }),
  ErrorInvalidUser: (c) => ({
    what: `there is no user ${c.mailbox} in this tenant`,
    fix: `Set 'mailbox' (or the address in 'from', its default) to the mailbox's user principal name or primary address, and check that tenant-id and graph-host are the tenant and cloud the mailbox lives in.`,
  }),
  MailboxNotEnabledForRESTAPI: (c) => ({
    what: `${c.mailbox} has no Exchange Online mailbox that Graph can reach`,
    fix: 'The user is unlicensed, inactive or soft-deleted, a guest, or its mailbox is hosted on-premises. Send from a mailbox in Exchange Online.',
  }),
  ErrorSendAsDenied: (c) => ({
    what: `${c.mailbox} may not send as the From address ${c.from}`,
    fix: `Send from the mailbox itself (leave 'mailbox' empty: it then defaults to the address in 'from', and the app needs its permission on that mailbox), or give ${c.mailbox} Send As on ${c.from}: Add-RecipientPermission -Identity ${c.from} -Trustee ${c.mailbox} -AccessRights SendAs.`,
  }),
  ErrorMessageSizeExceeded: (c) => ({
    what: 'the message is larger than the mailbox or the organisation may send',
    fix: `Send fewer or smaller attachments (link to a workflow artifact instead), or ask an administrator about the send size limit of ${c.mailbox} (Get-Mailbox ${c.mailbox} | Format-List MaxSendSize).`,
  }),
  ErrorInvalidRecipients: () => ({
    what: 'Graph found a recipient address it does not accept, or no recipient',
    fix: 'Check the to, cc and bcc inputs.',
  }),
  ErrorMimeContentInvalidBase64String: () => ({
    what: 'Graph could not decode the message body',
    fix: 'The action sends the MIME message in base64; report this as a bug, with the ids below.',
  }),
};

/** Keyed by HTTP status, when the code has no entry. */
const STATUSES: Readonly<Record<number, (c: GraphRequestContext) => Hint>> = {
  401: (c) => ({
    what: 'Microsoft Graph refused the access token',
    fix: [
      `Graph accepts only a token issued for Graph, in the cloud of graph-host: the scope must be ${c.host}/.default (leave the scope input empty for that default).`,
      'A token for https://outlook.office365.com/.default, the scope of transport: smtp, is refused with this error.',
      CLAIMS,
    ].join('\n'),
  }),
  413: () => ({
    what: "the request is larger than Graph's 4 MB limit",
    fix: 'Use transport: smtp for this message (it takes up to max-size-mb, 35 MB by default), or send smaller attachments.',
  }),
  429: () => ({
    what: 'Microsoft Graph is throttling this app or mailbox',
    fix: 'The action waits as long as Graph asks (Retry-After) and retries. If it persists, lower max-connections (Graph allows 4 concurrent mail requests) or spread sends over time; other jobs may be sending with the same app.',
  }),
};

/** Statuses worth another attempt: throttling and a busy or unreachable service behind Graph. */
const TRANSIENT = new Set([429, 500, 502, 503, 504]);

export function readGraphErrorBody(body: string): GraphErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const error = record(record(parsed)?.error);
  const inner = record(error?.innerError);
  return {
    code: text(error?.code),
    message: text(error?.message),
    requestId: text(inner?.['request-id']),
    date: text(inner?.date),
  };
}

/** Turns a Graph answer other than 202 into one ActionError with a hint. */
export function toGraphError(res: HttpResponse, c: GraphRequestContext): ActionError {
  const body = readGraphErrorBody(res.body);
  const code = body.code ?? '';
  const hint = CODES[code]?.(c) ?? STATUSES[res.status]?.(c);
  const transient = TRANSIENT.has(res.status);
  const label = `${res.status}${code ? ` ${code}` : ''}`;
  const what =
    hint?.what ??
    (transient ? 'Microsoft Graph is busy or unavailable' : 'Microsoft Graph refused the request');
  const said = body.message ? `\nGraph said: ${oneLine(body.message).slice(0, 500)}` : '';
  return new ActionError(
    `${graphName(c.host)} answered ${label}: ${what}${said}\n${supportIds(res, body, c)}`,
    {
      code: `Graph ${label}`,
      stage: 'graph',
      hint: hint?.fix ?? (transient ? 'Temporary; the action retries with backoff.' : undefined),
      transient,
      retryAfterMs: transient ? retryAfterMs(res.headers, c.now) : undefined,
      tokenRejected: res.status === 401,
      // A 403 is a permission the token lacks: its roles say which. A fresh token would not help.
      explainToken: res.status === 403,
    },
  );
}

/** Codes of failures that may come after Graph read the whole request: it may have accepted it. */
const MAYBE_ARRIVED = new Set(['ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'ECONNABORTED']);

/** A request that got no HTTP answer: DNS, connect, TLS, timeout, or a connection lost mid-way. */
export function toGraphNetworkError(err: unknown, c: GraphRequestContext): ActionError {
  const code = findErrorCode(err) ?? 'ERR_NETWORK';
  const host = new URL(c.host).host;
  const network = describeProxyFailure(err) ?? describeNetworkFailure(code, host);
  const reason =
    network?.reason ?? `the request to ${host} failed (${err instanceof Error ? err.message : String(err)})`;
  const maybe = MAYBE_ARRIVED.has(code)
    ? '; Graph may have accepted the message, so a retry (with the same Message-ID) can deliver it twice'
    : '';
  return new ActionError(
    `Could not send through ${graphName(c.host)}: ${reason}${maybe}\nclient-request-id ${c.clientRequestId}`,
    {
      code,
      stage: 'graph',
      hint: network?.hint,
      transient: network?.transient ?? false,
      cause: err,
    },
  );
}

function supportIds(res: HttpResponse, body: GraphErrorBody, c: GraphRequestContext): string {
  const requestId = res.headers['request-id'] ?? body.requestId ?? '(none)';
  const clientRequestId = res.headers['client-request-id'] ?? c.clientRequestId;
  const date = res.headers.date ?? body.date ?? new Date(c.now).toUTCString();
  return `For Microsoft support: request-id ${requestId}, client-request-id ${clientRequestId}, date ${date}`;
}

function graphName(origin: string): string {
  return `Microsoft Graph (${new URL(origin).host})`;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
