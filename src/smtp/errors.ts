// SMTP failures, turned into what the user should do. Classified from nodemailer's structured fields
// (`code`, `responseCode`, `command`) and the reply's enhanced status code (RFC 3463, the "5.7.3" that
// follows the reply code), never from the free text.
import { ActionError } from '../errors.js';
import { describeNetworkFailure, describeProxyFailure } from '../net/errors.js';

export interface SmtpFailure {
  readonly code?: string;
  readonly originalCode?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly command?: string;
}

interface ReplyHint {
  readonly what: string;
  readonly fix: string;
  readonly transient?: boolean;
}

const SEND_AS_FIX =
  "Send From the mailbox that signs in (the 'mailbox' input), or grant the app's service principal SendAs on the From address: Add-RecipientPermission -Identity <from> -Trustee <service principal id> -AccessRights SendAs.";

/** Keyed by "reply code + enhanced code", then by enhanced code alone. */
const REPLIES: Readonly<Record<string, ReplyHint>> = {
  '535 5.7.3': {
    what: 'Exchange Online rejected the access token for this mailbox',
    fix: [
      'Check, in this order:',
      "1. The app has the Office 365 Exchange Online application permission SMTP.SendAsApp, with admin consent (the token's 'roles' claim must list it).",
      '2. Exchange knows the app: New-ServicePrincipal -AppId <client id> -ObjectId <object id of the ENTERPRISE APPLICATION, not of the app registration>.',
      '3. The service principal may use the mailbox: Add-MailboxPermission -Identity <mailbox> -User <service principal id> -AccessRights FullAccess.',
      "4. The 'mailbox' input (or the address in 'from') is that mailbox's primary SMTP address.",
      '5. Changes can take up to an hour to reach Exchange; retry later if you just made them.',
      "With RBAC for Applications instead of 1 and 3: the role 'Application SMTP.SendAsApp' over a scope holding the mailbox (Test-ServicePrincipalAuthorization -Identity <client id> -Resource <mailbox>), and no SMTP.SendAsApp permission in Entra.",
      'Run with RUNNER_DEBUG=1 to print the decoded token claims (aud, roles, tid, appid, exp), never the token.',
    ].join('\n'),
  },
  '535 5.7.139': {
    what: 'Exchange Online refused SMTP sign-in for this mailbox',
    fix: [
      'Usually SMTP AUTH is turned off: Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false (the mailbox setting overrides the tenant default).',
      'If it is already on, a Conditional Access or authentication policy blocks the app: review policies that apply to workload identities.',
    ].join('\n'),
  },
  '550 5.7.30': {
    what: 'basic authentication is disabled',
    fix: 'The client fell back to a password login; this action only signs in with XOAUTH2. Report this as a bug.',
  },
  '530 5.7.57': {
    what: 'the server refused to accept mail from an unauthenticated session',
    fix: 'The session was not signed in. This action always signs in; check smtp-host points at Exchange Online.',
  },
  '554 5.2.0': {
    what: 'Exchange Online refused to submit the message',
    fix: `If the reply names SendAsDenied: ${SEND_AS_FIX} If it names SubmissionQuotaExceeded: the mailbox reached its 10,000 recipients per day; wait for the 24-hour window to roll or spread sending across mailboxes.`,
  },
  // Exchange's submission replies carry the store driver's exception class, a fixed identifier.
  'exception:SendAsDenied': {
    what: 'the mailbox may not send as the From address (SendAsDenied)',
    fix: SEND_AS_FIX,
  },
  'exception:SubmissionQuotaExceeded': {
    what: 'the mailbox reached its daily recipient quota (10,000 recipients in 24 hours)',
    fix: 'Wait for the rolling 24-hour window to free up, or spread large sends across several mailboxes.',
  },
  '550 5.7.60': { what: 'the mailbox may not send as the From address', fix: SEND_AS_FIX },
  '432 4.3.2': {
    what: 'too many concurrent connections to the mailbox (Exchange allows 3)',
    fix: 'Other jobs are sending from the same mailbox at the same time; the action retries with backoff. Spread sends across mailboxes or serialise the jobs (concurrency: groups).',
    transient: true,
  },
  '421 4.7.66': {
    what: 'the server refused the TLS version',
    fix: 'Exchange Online requires TLS 1.2 or later; check for a proxy that downgrades TLS.',
    transient: false,
  },
  '452 4.5.3': {
    what: 'too many recipients in one message',
    fix: 'Exchange accepts 500 recipients per message by default and a tenant may set fewer; split the list into several sends.',
    transient: false,
  },
  '5.3.4': {
    what: 'the message is too large',
    fix: 'Exchange Online accepts 35 MB by default (base64 attachments grow by a third): send fewer or smaller attachments, or links.',
  },
  '552': {
    what: 'the message is too large',
    fix: 'Exchange Online accepts 35 MB by default (base64 attachments grow by a third): send fewer or smaller attachments, or links.',
  },
  '5.7.705': {
    what: 'the tenant is blocked from sending',
    fix: 'An administrator must resolve this with Microsoft support (the tenant exceeded sending limits or was flagged).',
  },
  '5.7.708': {
    what: 'the sending IP has a poor reputation',
    fix: 'Contact Microsoft support; traffic from this tenant is being restricted.',
  },
  '501 5.5.124': {
    what: 'the server could not read the XOAUTH2 data',
    fix: 'The sign-in string was malformed; report this as a bug with the log (the token is never printed).',
  },
};

export function parseReply(response: string | undefined): { code?: number; enhanced?: string } {
  const match = /^(\d{3})[ -](\d\.\d{1,3}\.\d{1,3})?/.exec(response ?? '');
  if (!match) return {};
  return { code: Number(match[1]), enhanced: match[2] };
}

/** The exception class in a store-driver reply: `STOREDRV.Submission.Exception:SendAsDeniedException.Mapi...`. */
export function exchangeException(response: string | undefined): string | undefined {
  return /\bSTOREDRV\.[\w.]*Exception:(\w+?)Exception\b/.exec(response ?? '')?.[1];
}

function lookup(
  code: number | undefined,
  enhanced: string | undefined,
  exception?: string,
): ReplyHint | undefined {
  if (exception !== undefined && REPLIES[`exception:${exception}`]) return REPLIES[`exception:${exception}`];
  if (code !== undefined && enhanced !== undefined) {
    const exact = REPLIES[`${code} ${enhanced}`];
    if (exact) return exact;
  }
  if (enhanced !== undefined && REPLIES[enhanced]) return REPLIES[enhanced];
  if (code === 451 && enhanced?.startsWith('4.7.')) {
    return {
      what: 'Exchange Online is throttling or busy',
      fix: 'Temporary; the action retries with backoff.',
      transient: true,
    };
  }
  return code === undefined ? undefined : REPLIES[String(code)];
}

/** Turns a nodemailer failure into one ActionError with a hint. */
export function toSmtpError(err: unknown, host: string): ActionError {
  const failure = (typeof err === 'object' && err !== null ? err : {}) as SmtpFailure;
  const reply = parseReply(failure.response);
  const responseCode = failure.responseCode ?? reply.code;
  const serverSaid = failure.response ? `: ${oneLine(failure.response)}` : '';
  const at = failure.command ? ` (after ${failure.command.split(' ')[0]})` : '';

  if (responseCode !== undefined) {
    const hint = lookup(responseCode, reply.enhanced, exchangeException(failure.response));
    const transient = hint?.transient ?? (responseCode >= 400 && responseCode < 500);
    const label = `${responseCode}${reply.enhanced ? ` ${reply.enhanced}` : ''}`;
    return new ActionError(
      `${host} answered ${label}${at}: ${hint?.what ?? 'the server refused the request'}${serverSaid ? `\nServer reply${serverSaid}` : ''}`,
      {
        code: `SMTP ${label}`,
        stage: 'smtp',
        hint: hint?.fix ?? (transient ? 'Temporary; the action retries with backoff.' : undefined),
        transient,
        tokenRejected: responseCode === 535,
        cause: err,
      },
    );
  }
  const systemCode = failure.originalCode ?? failure.code ?? 'ERR_SMTP';
  const network =
    describeProxyFailure(err) ??
    describeNetworkFailure(systemCode, host) ??
    describeNetworkFailure(innerCode(err) ?? '', host);
  if (network) {
    return new ActionError(`Could not talk to ${host}: ${network.reason}`, {
      code: systemCode,
      stage: 'smtp',
      hint: network.hint,
      transient: network.transient,
      cause: err,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  const transient = ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET'].includes(failure.code ?? '');
  return new ActionError(`Could not send through ${host}${at}: ${oneLine(message)}`, {
    code: failure.code ?? 'ERR_SMTP',
    stage: 'smtp',
    hint:
      failure.code === 'ETLS'
        ? `STARTTLS failed: ${host} must offer STARTTLS with TLS 1.2 or later; the action never sends without it.`
        : transient
          ? 'The connection failed; the action retries with backoff.'
          : undefined,
    transient,
    cause: err,
  });
}

function innerCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
