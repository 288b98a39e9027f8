// Microsoft Graph's answers for sendMail: the JSON error shape, the headers support asks for on
// every response, and the codes and messages of the cases the stand-in emulates. Texts are those of
// Microsoft's documentation and of published Graph error bodies; the few with no such source are
// marked [SANDBOX], so nobody takes them for Microsoft's wording.
import type { ServerResponse } from 'node:http';
import type { GraphFault } from './graph-types.js';
import { sendJson } from './https-endpoint.js';

export interface GraphError {
  status: number;
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

export const REQUEST_LIMIT_BYTES = 4 * 1024 * 1024;

// Real values name the data centre and role instance that served the call; support asks for it.
const DIAGNOSTIC = JSON.stringify({
  ServerInfo: { DataCenter: 'Sandbox', Slice: 'E', Ring: '5', ScaleUnit: '000', RoleInstance: 'SANDBOX01' },
});

/** Headers on every answer, errors and 202 alike. */
export function graphHeaders(ids: RequestIds): Record<string, string> {
  return {
    'request-id': ids.requestId,
    'client-request-id': ids.clientRequestId,
    'x-ms-ags-diagnostic': DIAGNOSTIC,
    Date: new Date().toUTCString(),
  };
}

export function sendGraphError(
  res: ServerResponse,
  err: GraphError,
  ids: RequestIds,
  extra: Record<string, string> = {},
): void {
  // innerError.date is UTC to the second, without a zone suffix.
  const date = new Date().toISOString().replace(/\.\d+Z$/, '');
  const body = {
    error: {
      code: err.code,
      message: err.message,
      innerError: { date, 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId },
    },
  };
  const retry: Record<string, string> =
    err.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(err.retryAfterSeconds) };
  sendJson(res, err.status, body, { ...graphHeaders(ids), ...retry, ...extra });
}

export function sendAccepted(res: ServerResponse, ids: RequestIds): void {
  res.writeHead(202, { ...graphHeaders(ids), 'Content-Length': '0' });
  res.end();
}

const e = (status: number, code: string, message: string): GraphError => ({ status, code, message });
const INVALID_TOKEN = 'InvalidAuthenticationToken';
const THROTTLED = 'Application is over its MailboxConcurrency limit.';

export const graphErrors = {
  tokenMissing: () => e(401, INVALID_TOKEN, 'Access token is empty.'),
  tokenUnknown: () => e(401, INVALID_TOKEN, 'Access token validation failure.'),
  tokenExpired: () => e(401, INVALID_TOKEN, 'Lifetime validation failed, the token is expired.'),
  invalidAudience: () => e(401, INVALID_TOKEN, 'Access token validation failure. Invalid audience.'),
  accessDenied: () => e(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.'),
  invalidUser: (id: string) => e(404, 'ErrorInvalidUser', `The requested user '${id}' is invalid.`),
  restDisabled: () =>
    e(
      404,
      'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
    ),
  sendAsDenied: () =>
    e(
      403,
      'ErrorSendAsDenied',
      'The user account which was used to submit this request does not have the right to send mail on ' +
        'behalf of the specified sending account., Cannot submit message.',
    ),
  messageSizeExceeded: () =>
    e(400, 'ErrorMessageSizeExceeded', 'The message exceeds the maximum supported size.'),
  // Graph's generic status for an oversized body, with the body seen for Outlook calls over 4 MB.
  requestTooLarge: () => e(413, 'BadRequest', 'The maximum request length supported is 4MB.'),
  invalidBase64: () =>
    e(400, 'ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.'),
  invalidRecipients: () => e(400, 'ErrorInvalidRecipients', "At least one recipient isn't valid."),
  mailboxConcurrency: (retryAfterSeconds: number): GraphError => ({
    ...e(429, 'ApplicationThrottled', THROTTLED),
    retryAfterSeconds,
  }),
  meWithAppToken: () => e(400, 'BadRequest', '/me request is only valid with delegated authentication flow.'),
  noRoute: (segment: string) => e(400, 'BadRequest', `Resource not found for the segment '${segment}'.`),
  methodNotAllowed: (method: string) => e(405, 'BadRequest', `sendMail takes POST, not ${method}. [SANDBOX]`),
  mimeOnly: () =>
    e(400, 'BadRequest', 'The stand-in emulates only the MIME form (Content-Type: text/plain). [SANDBOX]'),

  /** Bodies for injected faults; `code` and `message` of the fault win. */
  injected: (f: GraphFault & { status: number }): GraphError => {
    const [code, message] =
      f.status === 429
        ? ['ApplicationThrottled', THROTTLED]
        : f.status === 503
          ? ['serviceNotAvailable', 'The service is not available. Try the request again after a delay.']
          : f.status === 504
            ? ['UnknownError', 'The gateway got no answer from the mailbox service in time. [SANDBOX]']
            : ['generalException', 'An unspecified error has occurred.'];
    return {
      ...e(f.status, f.code ?? code, f.message ?? message),
      ...(f.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: f.retryAfterSeconds }),
    };
  },
};
