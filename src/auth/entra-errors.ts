// Entra ID answers, turned into what the user should do. Classified from structured fields: the OAuth
// `error`, the AADSTS number (`error_codes[0]`, msal's errorNo), the HTTP status; never from message text.
import { ActionError } from '../errors.js';
import { describeNetworkFailure, describeProxyFailure, findErrorCode } from '../net/errors.js';
import { retryAfterMs } from '../net/retry-after.js';

interface Hint {
  readonly what: string;
  readonly fix: string;
}

const AADSTS: Readonly<Record<number, Hint>> = {
  7000215: {
    what: 'the client secret is wrong',
    fix: "Use the secret's VALUE (shown once when it was created), not its Secret ID, and check the repository secret has no stray spaces or line breaks.",
  },
  7000222: {
    what: 'the client secret has expired',
    fix: 'Create a new client secret on the app registration and update the repository secret; a certificate or GitHub OIDC avoids expiring secrets.',
  },
  7000218: {
    what: 'the request carried no client secret or assertion',
    fix: 'The client-secret input is empty at run time: check the secret exists and is passed to this workflow.',
  },
  700016: {
    what: 'no application with this client id exists in the tenant',
    fix: 'Check client-id (Application (client) ID), tenant-id (Directory (tenant) ID) and, for a government or China tenant, the cloud.',
  },
  90002: {
    what: 'the tenant was not found',
    fix: 'Check tenant-id (a GUID or a domain like contoso.onmicrosoft.com) and the authority host for your cloud.',
  },
  7000229: {
    what: 'the application has no service principal in this tenant',
    fix: 'Grant admin consent to the app in this tenant (Entra admin center > Enterprise applications), which creates its service principal.',
  },
  7000112: {
    what: 'the application is disabled',
    fix: 'An administrator disabled the app (Enterprise applications > Properties > Enabled for users to sign-in).',
  },
  1002012: {
    what: 'the scope is not valid for an app-only token',
    fix: "Use scope https://outlook.office365.com/.default (or your cloud's equivalent); SMTP.SendAsApp is granted on the app, not requested as a scope.",
  },
  70011: {
    what: 'the scope is malformed',
    fix: "Use scope https://outlook.office365.com/.default (or your cloud's equivalent).",
  },
  500011: {
    what: 'the resource in the scope does not exist in this tenant',
    fix: 'Check the scope host: https://outlook.office365.com/.default for the public cloud; the tenant needs Exchange Online.',
  },
  700024: {
    what: 'the client assertion has expired or is not yet valid',
    fix: 'Check the runner clock. A GitHub ID token lives about five minutes; the action fetches a fresh one for each request.',
  },
  700027: {
    what: 'the client assertion signature could not be verified',
    fix: 'Upload the certificate (public part) to the app registration (Certificates & secrets), and make sure the private key in client-certificate belongs to it.',
  },
  53003: {
    what: 'a Conditional Access policy blocked the sign-in',
    fix: 'Review Conditional Access policies that target workload identities (service principals) and the runner IP ranges.',
  },
  530035: {
    what: 'security defaults or a Conditional Access policy blocked the sign-in',
    fix: 'Review Conditional Access / security defaults for workload identities.',
  },
};

/** Entra's "no federated credential matches the presented token" family. */
export const FEDERATION_CODES: ReadonlySet<number> = new Set([70021, 700211, 700212, 700213, 7002138]);

export interface EntraFailureDetails {
  /** HTTP status of the token response, when one arrived. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** The parsed JSON error body, when one arrived. */
  readonly body?: Readonly<Record<string, unknown>>;
  /** The transport failure, when no response arrived. */
  readonly transportError?: unknown;
}

/** Turns whatever msal threw, plus what the network layer saw, into one ActionError. */
export function toEntraError(
  thrown: unknown,
  details: EntraFailureDetails,
  context: {
    host: string;
    now: number;
    /** What the credential knows about a refusal (the GitHub token's claims, the certificate's thumbprint). */
    credentialHelp?: ((aadsts: number) => string | undefined) | undefined;
    /** Added to the hint of every refusal (not of throttling or network failures). */
    credentialNote?: string | undefined;
  },
): ActionError {
  const refusal = classify(thrown, details, context);
  if (!context.credentialNote || refusal.transient || refusal.stage !== 'token') return refusal;
  return new ActionError(refusal.message, {
    code: refusal.code,
    stage: refusal.stage,
    hint: [refusal.hint, context.credentialNote].filter(Boolean).join('\n'),
    cause: refusal.cause,
  });
}

function classify(
  thrown: unknown,
  details: EntraFailureDetails,
  context: Parameters<typeof toEntraError>[2],
): ActionError {
  if (details.transportError !== undefined && details.status === undefined) {
    const code = findErrorCode(details.transportError) ?? 'ERR_NETWORK';
    const known = describeProxyFailure(details.transportError) ?? describeNetworkFailure(code, context.host);
    return new ActionError(
      `The token request to ${context.host} failed: ${known?.reason ?? describe(details.transportError)}`,
      {
        code,
        stage: 'token',
        hint: known?.hint,
        transient: known?.transient ?? true,
        cause: details.transportError,
      },
    );
  }
  const body = details.body ?? {};
  const msal = typeof thrown === 'object' && thrown !== null ? (thrown as Record<string, unknown>) : {};
  const oauthError = stringField(body.error) ?? stringField(msal.errorCode) ?? 'unknown_error';
  const aadsts = firstCode(body.error_codes) ?? numberish(msal.errorNo);
  const status = details.status ?? numberish(msal.status);
  const ids = traceIds(body);
  const label = aadsts === undefined ? oauthError : `AADSTS${aadsts} ${oauthError}`;

  const throttled =
    status === 429 ||
    (status !== undefined && status >= 500) ||
    oauthError === 'temporarily_unavailable' ||
    aadsts === 90033;
  if (throttled) {
    return new ActionError(`Entra ID is busy or unavailable (HTTP ${status ?? '?'}, ${label})${ids}`, {
      code: aadsts === undefined ? `HTTP${status ?? ''}` : `AADSTS${aadsts}`,
      stage: 'token',
      transient: true,
      retryAfterMs: retryAfterMs(details.headers, context.now),
      hint: 'This is usually temporary; the action retries with backoff within its time limit.',
      cause: thrown,
    });
  }
  const known = aadsts === undefined ? undefined : AADSTS[aadsts];
  if (aadsts !== undefined && FEDERATION_CODES.has(aadsts)) {
    return new ActionError(
      `Entra ID refused the GitHub OIDC token (${label}): no federated credential matches it${ids}`,
      {
        code: `AADSTS${aadsts}`,
        stage: 'token',
        hint:
          context.credentialHelp?.(aadsts) ??
          'Add a federated credential on the app whose issuer, subject and audience match the GitHub token exactly (case-sensitive).',
        cause: thrown,
      },
    );
  }
  if (known) {
    // The credential can say more than the table (which certificate it signed with, for one).
    const specific = aadsts === undefined ? undefined : context.credentialHelp?.(aadsts);
    return new ActionError(`Entra ID refused the token request (${label}): ${known.what}${ids}`, {
      code: `AADSTS${aadsts}`,
      stage: 'token',
      hint: specific ?? known.fix,
      cause: thrown,
    });
  }
  const description = stringField(body.error_description)?.split(/\r?\n/)[0];
  return new ActionError(
    `Entra ID refused the token request (${label})${description ? `: ${description}` : ''}${ids}`,
    {
      code: aadsts === undefined ? oauthError : `AADSTS${aadsts}`,
      stage: 'token',
      hint:
        aadsts === undefined
          ? undefined
          : `Look up AADSTS${aadsts} in Microsoft's error reference (https://login.microsoftonline.com/error?code=${aadsts}).`,
      cause: thrown,
    },
  );
}

function traceIds(body: Readonly<Record<string, unknown>>): string {
  const trace = stringField(body.trace_id);
  const correlation = stringField(body.correlation_id);
  if (!trace && !correlation) return '';
  return ` [trace id ${trace ?? '-'}, correlation id ${correlation ?? '-'}]`;
}

function firstCode(value: unknown): number | undefined {
  return Array.isArray(value) ? numberish(value[0]) : undefined;
}

function numberish(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
