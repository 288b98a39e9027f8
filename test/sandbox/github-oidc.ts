// Stand-in for the runner's ID-token service (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN): hands out
// GitHub-shaped OIDC tokens signed with a sandbox key that the Entra stand-in trusts.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerIdentity } from './ca.js';
import { sendJson, startHttpsEndpoint } from './https-endpoint.js';
import { base64url, nowSeconds, signJwt } from './jwt.js';
import { signingKey } from './keys.js';
import type { Resources } from './lifecycle.js';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const DEFAULT_OIDC_AUDIENCE = 'api://AzureADTokenExchange';

export interface GithubOidcSettings {
  subject: string;
  repository: string;
  repositoryId: string;
  repositoryOwnerId: string;
  ref: string;
  environment?: string;
  /** exp - iat; 300 like GitHub. Zero or negative hands out tokens that are already expired. */
  lifetimeSeconds: number;
}

export const defaultGithubOidcSettings = (): GithubOidcSettings => ({
  subject: 'repo:octo-org/octo-repo:ref:refs/heads/main',
  repository: 'octo-org/octo-repo',
  repositoryId: '582779453',
  repositoryOwnerId: '90014863',
  ref: 'refs/heads/main',
  lifetimeSeconds: 300,
});

export interface IdTokenRequestRecord {
  at: number;
  audience: string;
}

export interface GithubOidcStandIn {
  port: number;
  requestUrl: string;
  requestToken: string;
  publicKey: KeyObject;
  idTokenRequests: IdTokenRequestRecord[];
  /** The ID tokens handed out since the last reset, for leak tests. */
  issuedIdTokens: string[];
  settings: GithubOidcSettings;
  close(): Promise<void>;
}

export async function startGithubOidc(
  identity: ServerIdentity,
  resources: Resources,
  settings: GithubOidcSettings,
): Promise<GithubOidcStandIn> {
  const { privateKey, publicKey } = await signingKey('github');
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const kid = createHash('sha256').update(spki).digest('hex').slice(0, 40).toUpperCase();
  const x5t = createHash('sha1').update(spki).digest('base64url');
  const requestToken = base64url(randomBytes(32));
  const idTokenRequests: IdTokenRequestRecord[] = [];
  const issuedIdTokens: string[] = [];

  function mint(audience: string): string {
    const s = settings;
    const iat = nowSeconds();
    const [owner = ''] = s.repository.split('/');
    const claims = {
      jti: randomUUID(),
      sub: s.subject,
      aud: audience,
      ref: s.ref,
      sha: 'a10867b14bb761a232cd80139fbd4c0d33264240',
      repository: s.repository,
      repository_owner: owner,
      repository_owner_id: s.repositoryOwnerId,
      repository_id: s.repositoryId,
      repository_visibility: 'private',
      run_id: '1658821493',
      run_number: '42',
      run_attempt: '1',
      actor: 'octocat',
      actor_id: '583231',
      workflow: 'CI',
      event_name: 'push',
      ref_type: 'branch',
      job_workflow_ref: `${s.repository}/.github/workflows/ci.yml@${s.ref}`,
      runner_environment: 'github-hosted',
      ...(s.environment === undefined ? {} : { environment: s.environment }),
      iss: GITHUB_ISSUER,
      // GitHub back-dates nbf and gives tokens five minutes.
      nbf: iat - 600,
      exp: iat + s.lifetimeSeconds,
      iat,
    };
    return signJwt({ typ: 'JWT', alg: 'RS256', x5t, kid }, claims, privateKey);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    if (url.pathname !== '/idtoken' || req.method !== 'GET') {
      sendJson(res, 404, { message: 'Not Found' });
      return;
    }
    if (req.headers.authorization !== `Bearer ${requestToken}`) {
      sendJson(res, 401, { message: 'Bad credentials' });
      return;
    }
    const audience = url.searchParams.get('audience') || DEFAULT_OIDC_AUDIENCE;
    idTokenRequests.push({ at: Date.now(), audience });
    const value = mint(audience);
    issuedIdTokens.push(value);
    sendJson(res, 200, { value });
  }

  const endpoint = await startHttpsEndpoint(identity, resources, handle);
  return {
    port: endpoint.port,
    requestUrl: `${endpoint.origin}/idtoken?api-version=2.0`,
    requestToken,
    publicKey,
    idTokenRequests,
    issuedIdTokens,
    settings,
    close: () => endpoint.close(),
  };
}
