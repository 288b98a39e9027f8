// Error responses shaped like Microsoft Entra ID's token endpoint, so the action's error mapping is
// exercised against the same JSON, status codes and "AADSTSnnnn: ... Trace ID ..." text it will
// meet in production. Wording follows the real messages; where Entra's exact text for a rare
// branch is unknown the code is right and the text is close.
import { randomUUID } from 'node:crypto';

export interface EntraError {
  status: number;
  error: string;
  code: number;
  /** The message after "AADSTSnnnn: ", without the trace block. */
  text: string;
}

export interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

// Entra writes timestamps as "2026-11-28 17:39:02Z", not strict ISO 8601.
export function entraTimestamp(date = new Date()): string {
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

export function entraErrorBody(
  err: EntraError,
  correlationId: string,
  traceId = randomUUID(),
): EntraErrorBody {
  const timestamp = entraTimestamp();
  return {
    error: err.error,
    error_description:
      `AADSTS${err.code}: ${err.text}\r\nTrace ID: ${traceId}\r\n` +
      `Correlation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${err.code}`,
  };
}

const e = (status: number, error: string, code: number, text: string): EntraError => ({
  status,
  error,
  code,
  text,
});

const KEYS_HINT = (clientId: string): string =>
  `Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.`;

export const entraErrors = {
  tenantNotFound: (tenant: string) =>
    e(
      400,
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the ` +
        'correct cloud. Check with your subscription administrator, this may happen if there are no active ' +
        'subscriptions for the tenant.',
    ),
  missingParameter: (name: string) =>
    e(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`),
  postOnly: (method: string) =>
    e(
      400,
      'invalid_request',
      900561,
      `The endpoint only accepts POST, OPTIONS requests. Received a ${method} request.`,
    ),
  unsupportedGrant: (grant: string) =>
    e(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`),
  appNotFound: (clientId: string, tenant: string) =>
    e(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if ` +
        'the application has not been installed by the administrator of the tenant or consented to by any user ' +
        'in the tenant. You may have sent your authentication request to the wrong tenant.',
    ),
  scopeNotDefault: (scope: string) =>
    e(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with ` +
        '/.default suffixed to the resource identifier (application ID URI).',
    ),
  resourceNotFound: (resource: string, tenant: string) =>
    e(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if ` +
        'the application has not been installed by the administrator of the tenant or consented to by any user ' +
        'in the tenant. You might have sent your authentication request to the wrong tenant.',
    ),
  missingCredential: () =>
    e(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  invalidSecret: (clientId: string) =>
    e(
      401,
      'invalid_client',
      7000215,
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, ' +
        `not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  expiredSecret: (clientId: string) =>
    e(
      401,
      'invalid_client',
      7000222,
      `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new ` +
        'keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added ' +
        'security: https://aka.ms/certCreds.',
    ),
  malformedAssertion: (reason: string) =>
    e(400, 'invalid_request', 50027, `JWT token is invalid or malformed. [Reason - ${reason}]`),
  assertionClientMismatch: () =>
    e(
      401,
      'invalid_client',
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at " +
        'https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .',
    ),
  invalidSignature: (reason: string, thumbprintHex: string | undefined, clientId: string) =>
    e(
      401,
      'invalid_client',
      700027,
      `Client assertion contains an invalid signature. [Reason - ${reason}` +
        (thumbprintHex === undefined ? '' : `, Thumbprint of key used by client: '${thumbprintHex}'`) +
        `, ${KEYS_HINT(clientId)}]`,
    ),
  assertionExpired: (nowSec: number, nbf: number | undefined, exp: number | undefined) =>
    e(
      401,
      'invalid_client',
      700024,
      `Client assertion is not within its valid time range. Current time: ${isoSeconds(nowSec)}, assertion ` +
        `valid from ${isoSeconds(nbf)}, expiry time of assertion ${isoSeconds(exp)}. Review the documentation at ` +
        'https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .',
    ),
  noFederatedMatch: (iss: string, sub: string, aud: string) =>
    e(
      400,
      'invalid_request',
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${iss}'. ` +
        `Assertion Subject: '${sub}'. Assertion Audience: '${aud}'. ` +
        'https://learn.microsoft.com/entra/workload-id/workload-identity-federation',
    ),
  /** Bodies for injected faults: throttling (429), transient service errors (5xx), anything else. */
  injected: (status: number, error?: string, code?: number) => {
    if (status === 429) {
      const text = 'TenantThrottlingError: There are too many incoming requests. Please try again later.';
      return e(status, error ?? 'temporarily_unavailable', code ?? 90055, text);
    }
    if (status >= 500) {
      return e(
        status,
        error ?? 'temporarily_unavailable',
        code ?? 90033,
        'A transient error has occurred. Please try again.',
      );
    }
    return e(status, error ?? 'invalid_request', code ?? 90000, 'Injected sandbox fault.');
  },
};

function isoSeconds(sec: number | undefined): string {
  return sec === undefined ? 'unknown' : new Date(sec * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
}
