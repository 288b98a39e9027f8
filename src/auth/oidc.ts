// GitHub OIDC as the client credential: the GitHub ID token is the client assertion. It lives about
// five minutes, so each token request gets a fresh one, fetched the way @actions/core's getIDToken()
// does it (GET ACTIONS_ID_TOKEN_REQUEST_URL&audience=..., bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN).
// Nothing is cached here: msal calls the assertion callback once per token request (msal.ts bypasses
// its cache), so one callback = one ID token request.
import { ActionError } from '../errors.js';
import { describeNetworkFailure, findErrorCode } from '../net/errors.js';
import type { Env } from '../config.js';
import type { ClientCredential } from './client-credential.js';
import { FEDERATION_CODES } from './entra-errors.js';
import { explainFederationRejection, OIDC_PERMISSION_HINT, type IdTokenClaims } from './federation.js';
import { httpsRequest } from '../net/https.js';

export interface IdTokenIo {
  readonly env: Env;
  readonly mask: (secret: string) => void;
  readonly debug: (message: string) => void;
  readonly requestTimeoutMs: number;
}

/** The runner's ID-token endpoint, checked without contacting it; throws what to fix. */
export function idTokenEndpoint(env: Env): { readonly url: URL; readonly token: string } {
  const raw = env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '';
  const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? '';
  if (raw === '' || token === '') {
    throw new ActionError('GitHub OIDC was chosen, but this job cannot request a GitHub ID token', {
      code: 'OIDC_NO_PERMISSION',
      stage: 'credential',
      hint: OIDC_PERMISSION_HINT,
    });
  }
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (url?.protocol !== 'https:') {
    throw new ActionError('ACTIONS_ID_TOKEN_REQUEST_URL is not an https URL', {
      code: 'OIDC_BAD_URL',
      stage: 'credential',
      hint: 'The runner sets this variable; a workflow or container that overrides it breaks GitHub OIDC.',
    });
  }
  return { url, token };
}

/** Requests one GitHub ID token for `audience` and masks it the moment it arrives. */
export async function requestIdToken(audience: string, io: IdTokenIo): Promise<string> {
  const endpoint = idTokenEndpoint(io.env);
  const raw = io.env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '';
  // Built exactly as @actions/core builds it: the runner's URL already carries a query string.
  const url = `${raw}${raw.includes('?') ? '&' : '?'}audience=${encodeURIComponent(audience)}`;
  const host = endpoint.url.host;
  let response;
  try {
    response = await httpsRequest({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${endpoint.token}`, accept: 'application/json' },
      timeoutMs: io.requestTimeoutMs,
    });
  } catch (err) {
    const code = findErrorCode(err) ?? 'ERR_NETWORK';
    const known = describeNetworkFailure(code, host);
    throw new ActionError(`Could not request a GitHub ID token from ${host}: ${known?.reason ?? code}`, {
      code: `OIDC_${code}`,
      stage: 'credential',
      hint: known?.hint,
      transient: known?.transient ?? true,
      cause: err,
    });
  }
  const value = readValue(response.body);
  if (value !== undefined) io.mask(value);
  if (response.status !== 200) throw idTokenRefused(response.status, host);
  if (value === undefined || value.split('.').length !== 3) {
    throw new ActionError(`GitHub's ID-token service at ${host} answered without an ID token`, {
      code: 'OIDC_BAD_RESPONSE',
      stage: 'credential',
      transient: true,
    });
  }
  io.debug(`GitHub ID token received for audience ${audience}`);
  return value;
}

function readValue(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const value = (parsed as { value?: unknown }).value;
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

function idTokenRefused(status: number, host: string): ActionError {
  if (status === 429 || status >= 500) {
    return new ActionError(`GitHub's ID-token service at ${host} is unavailable (HTTP ${status})`, {
      code: `OIDC_HTTP${status}`,
      stage: 'credential',
      transient: true,
      hint: 'This is usually temporary; the action retries within its time limit.',
    });
  }
  const refused = status === 401 || status === 403;
  return new ActionError(
    `GitHub's ID-token service at ${host} ${refused ? 'refused' : 'failed'} the request (HTTP ${status})`,
    {
      code: `OIDC_HTTP${status}`,
      stage: 'credential',
      hint: refused
        ? `The request token in ACTIONS_ID_TOKEN_REQUEST_TOKEN was not accepted. It belongs to the job the runner gave it to; do not set or pass it yourself.\n${OIDC_PERMISSION_HINT}`
        : undefined,
    },
  );
}

/** The claims of a JWT, decoded without verifying it: only ever used to explain a refusal. */
export function decodeClaims(jwt: string): IdTokenClaims | undefined {
  const payload = jwt.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return undefined;
    const record = claims as Record<string, unknown>;
    const text = (name: string): string | undefined => {
      const value = record[name];
      return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
    };
    const aud = Array.isArray(record.aud)
      ? record.aud.filter((a): a is string => typeof a === 'string')
      : text('aud');
    return {
      iss: text('iss'),
      sub: text('sub'),
      aud,
      repository: text('repository'),
      repository_id: text('repository_id'),
      repository_owner: text('repository_owner'),
      repository_owner_id: text('repository_owner_id'),
      ref: text('ref'),
      environment: text('environment'),
      job_workflow_ref: text('job_workflow_ref'),
    };
  } catch {
    return undefined;
  }
}

export function createOidcCredential(
  settings: { readonly clientId: string; readonly audience: string },
  io: IdTokenIo,
): ClientCredential {
  // Checked now, before any request: a job without the permission fails with nothing contacted.
  // The request token is the runner's; masked anyway, so no error path can ever print it.
  io.mask(idTokenEndpoint(io.env).token);
  let presented: IdTokenClaims | undefined;
  return {
    kind: 'assertion',
    description: `GitHub OIDC (audience ${settings.audience})`,
    createAssertion: async () => {
      const idToken = await requestIdToken(settings.audience, io);
      presented = decodeClaims(idToken);
      return idToken;
    },
    explainRejection: (aadsts) => {
      if (presented === undefined) return undefined;
      if (FEDERATION_CODES.has(aadsts)) return explainFederationRejection(presented, { ...settings, aadsts });
      // The table's advice for this code is about certificates; for an ID token it means the
      // issuer's signing keys did not verify it.
      if (aadsts === 700027) {
        return `Entra ID could not verify the GitHub ID token's signature with the keys its issuer (${presented.iss ?? 'missing'}) publishes. The federated credential's issuer must be the token's issuer, and that issuer's OpenID configuration must be reachable from the internet (GitHub Enterprise Server).`;
      }
      return undefined;
    },
  };
}
