// SMTP replies worded like Exchange Online's, in one place so tests can import the exact strings.
import type { SMTPServerError } from 'smtp-server';

export const HOSTNAME = 'SANDBOX';

export const replies = {
  notAuthenticated: '530 5.7.57 Client not authenticated to send mail.',
  authFailed: '535 5.7.3 Authentication unsuccessful [SN4PR0401CA0001.namprd04.prod.outlook.com]',
  smtpAuthDisabled:
    '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. ' +
    'Visit https://aka.ms/smtp_auth_disabled for more information.',
  sendAsDenied:
    '554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to ' +
    'process message due to a permanent exception with message [BeginDiagnosticData]Cannot submit message. ' +
    `[Hostname=${HOSTNAME}]`,
  tooManyRecipients: '452 4.5.3 Too many recipients',
  recipientNotFound: (address: string) =>
    `550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient ${address} not found by SMTP address lookup`,
  concurrentConnections:
    '432 4.3.2 Concurrent connections limit exceeded. Visit https://aka.ms/concurrent_sending for more ' +
    `information. [Hostname=${HOSTNAME}]`,
  messageTooLarge: '552 5.3.4 Message size exceeds fixed maximum message size',
  queued: (messageId: string) => `2.0.0 OK <${messageId}> [Hostname=${HOSTNAME}]`,
} as const;

/**
 * Turns "<code> <enhanced> text" into the error smtp-server expects from a handler. smtp-server
 * writes `${responseCode} ${message}`, so the message keeps the enhanced code and the text. (The
 * server runs with ENHANCEDSTATUSCODES hidden, its default: otherwise smtp-server would prefix a
 * second, generic enhanced code of its own to every handler error.)
 */
export function smtpError(reply: string): SMTPServerError {
  const match = /^(\d{3})[ -]?(.*)$/s.exec(reply.trim());
  const err: SMTPServerError = new Error(match ? match[2] : reply);
  err.responseCode = match ? Number(match[1]) : 451;
  return err;
}
