// GitHub OIDC as the client credential: the GitHub ID token is the client assertion. It lives about
// five minutes, so each token request gets a fresh one from @actions/core's getIDToken() (the toolkit
// follows the runner's protocol, retries the runner's 5xx answers and honours the proxy variables).
// Nothing is cached here: msal calls the assertion callback once per token request (msal.ts bypasses its
// cache), so one callback = one ID-token request.
import { ActionError } from '../errors.js';
import type { Env } from '../config.js';
import { oneLine, shorten } from '../text.js';
import type { ClientCredential } from './client-credential.js';
import { FEDERATION_CODES } from './entra-errors.js';
import { explainFederationRejection, OIDC_PERMISSION_HINT, type IdTokenClaims } from './federation.js';

/** Requests a GitHub ID token for an audience: @actions/core's getIDToken in production. */
export type IdTokenRequest = (audience: string) => Promise<string>;

export interface IdTokenIo {
  readonly env: Env;
  readonly mask: (secret: string) => void;
  readonly debug: (message: string) => void;
  readonly getIdToken: IdTokenRequest;
  /**
   * Why this credential was chosen, when the user may not know: `auth: auto` falls back to OIDC when
   * `client-secret` is empty, so a failure must say that (a misspelled secret name looks like this).
   */
  readonly chosenBecause?: string | undefined;
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
  let value: string;
  try {
    value = await io.getIdToken(audience);
  } catch (err) {
    // The toolkit reports failures as text only (its status code is folded into a multi-line message),
    // and it has already retried the runner's 5xx answers: its text, on one line, is what can be said,
    // and one more try within max-attempts is worth it for a network failure.
    const reason = shorten(oneLine(err instanceof Error ? err.message : String(err)), 300);
    throw new ActionError(
      `Could not get a GitHub ID token from ${endpoint.url.host}: ${reason || 'no reason given'}`,
      {
        code: 'OIDC_REQUEST_FAILED',
        stage: 'credential',
        transient: true,
        hint: [OIDC_PERMISSION_HINT, io.chosenBecause].filter(Boolean).join('\n'),
        cause: err,
      },
    );
  }
  io.mask(value);
  if (value.split('.').length !== 3) {
    throw new ActionError(`GitHub's ID-token service at ${endpoint.url.host} answered without an ID token`, {
      code: 'OIDC_BAD_RESPONSE',
      stage: 'credential',
      transient: true,
    });
  }
  io.debug(`GitHub ID token received for audience ${audience}`);
  return value;
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
    note: io.chosenBecause,
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
