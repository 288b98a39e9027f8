// Entra ID stand-in: the v2.0 token endpoint for the client-credentials grant with a client secret,
// a certificate assertion or a federated (GitHub OIDC) assertion, plus fault injection and a record
// of every request. Errors follow Entra's JSON shape and status codes.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkAssertion } from './entra-assertions.js';
import { entraErrorBody, entraErrors } from './entra-errors.js';
import type { EntraError } from './entra-errors.js';
import { instanceDiscovery, jwks, openIdConfiguration } from './entra-metadata.js';
import type {
  EntraInit,
  EntraSettings,
  EntraStandIn,
  TokenFault,
  TokenRequestRecord,
} from './entra-types.js';
import { FaultQueue } from './faults.js';
import { BodyTooLargeError, readBody, sendJson, startHttpsEndpoint } from './https-endpoint.js';

export type * from './entra-types.js';

const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/;
const OPENID_PATH = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration\/?$/;
const KEYS_PATH = /^\/([^/]+)\/discovery\/v2\.0\/keys\/?$/;
const sameId = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

// The origin the client addressed, from its Host header: 127.0.0.1 and this port when it comes
// straight here, a relay's port behind a latency relay, https://login.microsoftonline.com through
// a CONNECT proxy. Certificate assertions must name the token endpoint under that origin, as
// Entra checks `aud` against the endpoint it was reached at.
function addressedOrigin(req: IncomingMessage, fallback: string): string {
  try {
    return new URL(`https://${req.headers.host ?? ''}`).origin;
  } catch {
    return fallback;
  }
}

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export const GRAPH_SCOPE = `${GRAPH_AUDIENCE}/.default`;

/**
 * The resources this tenant holds a service principal for, by the scope that names them. Like
 * Entra, the token's `aud` and `roles` depend on the resource asked for, not on the client.
 */
function resourceFor(scope: string, s: EntraSettings): { audience: string; roles: string[] } | undefined {
  if (scope === s.scope) return { audience: s.tokenAudience, roles: s.roles };
  if (scope === GRAPH_SCOPE) return { audience: GRAPH_AUDIENCE, roles: s.graphRoles };
  return undefined;
}

export async function startEntra(init: EntraInit): Promise<EntraStandIn> {
  const { issuer } = init;
  const faults = new FaultQueue<TokenFault>();
  const tokenRequests: TokenRequestRecord[] = [];
  const assertions: string[] = [];
  let metadataRequests = 0;
  let origin = '';

  function reply(
    res: ServerResponse,
    err: EntraError,
    correlationId: string,
    extra: Record<string, string> = {},
  ) {
    const traceId = randomUUID();
    const headers = { 'client-request-id': correlationId, 'x-ms-request-id': traceId, ...extra };
    sendJson(res, err.status, entraErrorBody(err, correlationId, traceId), headers);
  }

  function evaluate(
    form: URLSearchParams,
    tenant: string,
    record: TokenRequestRecord,
    reachedAt: string,
  ): EntraError | undefined {
    const s = init.settings;
    if (!sameId(tenant, init.tenantId)) return entraErrors.tenantNotFound(tenant);
    const grant = form.get('grant_type');
    if (!grant) return entraErrors.missingParameter('grant_type');
    if (grant !== 'client_credentials') return entraErrors.unsupportedGrant(grant);
    if (!record.clientId) return entraErrors.missingParameter('client_id');
    if (!sameId(record.clientId, init.clientId)) return entraErrors.appNotFound(record.clientId, tenant);
    if (!record.scope) return entraErrors.missingParameter('scope');
    if (resourceFor(record.scope, s) === undefined) {
      return record.scope.endsWith('/.default')
        ? entraErrors.resourceNotFound(record.scope.slice(0, -'/.default'.length), tenant)
        : entraErrors.scopeNotDefault(record.scope);
    }
    if (record.credential === 'none') return entraErrors.missingCredential();
    if (record.credential === 'secret') {
      if (form.get('client_secret') !== init.clientSecret) return entraErrors.invalidSecret(init.clientId);
      return s.secretExpired ? entraErrors.expiredSecret(init.clientId) : undefined;
    }
    const outcome = checkAssertion(
      form.get('client_assertion_type') ?? '',
      form.get('client_assertion') ?? '',
      {
        clientId: init.clientId,
        tokenEndpoint: `${reachedAt}/${tenant}/oauth2/v2.0/token`,
        certificates: s.certificates,
        federated: s.federated,
        githubKey: init.githubKey,
      },
    );
    record.credential = outcome.credential;
    record.assertion = outcome.record;
    return outcome.error;
  }

  async function handleToken(req: IncomingMessage, res: ServerResponse, tenant: string): Promise<void> {
    const at = Date.now();
    const form = new URLSearchParams(await readBody(req));
    const headerId = req.headers['client-request-id'];
    const correlationId =
      form.get('client-request-id') ?? (typeof headerId === 'string' ? headerId : randomUUID());
    const hasAssertion = Boolean(form.get('client_assertion'));
    if (hasAssertion) assertions.push(form.get('client_assertion') ?? '');
    const record: TokenRequestRecord = {
      at,
      tenant,
      clientId: form.get('client_id') ?? '',
      scope: form.get('scope') ?? '',
      credential: form.get('client_secret') ? 'secret' : hasAssertion ? 'federated' : 'none',
      status: 0,
    };
    tokenRequests.push(record);
    const fault = faults.take();
    if (fault) {
      await init.resources.sleep(fault.delayMs ?? 0);
      if (fault.dropConnection || res.destroyed) {
        req.socket.destroy();
        return;
      }
      if (fault.status !== undefined) {
        const err = entraErrors.injected(fault.status, fault.error, fault.code);
        const extra: Record<string, string> =
          fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) };
        Object.assign(record, { status: err.status, errorCode: err.code });
        reply(res, err, correlationId, extra);
        return;
      }
    }
    // The client may have given up while a fault delay was running.
    if (res.destroyed) return;
    const error = evaluate(form, tenant, record, addressedOrigin(req, origin));
    if (error) {
      Object.assign(record, { status: error.status, errorCode: error.code });
      reply(res, error, correlationId);
      return;
    }
    const s = init.settings;
    const resource = resourceFor(record.scope, s);
    if (!resource) throw new Error(`sandbox: no resource for scope ${record.scope}`);
    const { token } = issuer.issue({
      tenantId: init.tenantId,
      clientId: init.clientId,
      audience: resource.audience,
      roles: resource.roles,
      lifetimeSeconds: s.tokenLifetimeSeconds,
      viaAssertion: record.credential !== 'secret',
    });
    record.status = 200;
    const lifetime = s.tokenLifetimeSeconds;
    const body = {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: token,
    };
    sendJson(res, 200, body, { 'client-request-id': correlationId, 'x-ms-request-id': randomUUID() });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'https://127.0.0.1');
    const token = TOKEN_PATH.exec(pathname);
    if (token) {
      const tenant = decodeURIComponent(token[1] ?? '');
      if (req.method === 'POST') {
        await handleToken(req, res, tenant).catch((err: unknown) => {
          if (!(err instanceof BodyTooLargeError)) throw err;
          sendJson(res, 413, { error: 'invalid_request', error_description: err.message });
        });
      } else reply(res, entraErrors.postOnly(req.method ?? 'GET'), randomUUID());
      return;
    }
    const openid = OPENID_PATH.exec(pathname);
    const keys = KEYS_PATH.exec(pathname);
    const isDiscovery = pathname === '/common/discovery/instance';
    if (req.method === 'GET' && (openid || keys || isDiscovery)) {
      metadataRequests++;
      const tenant = decodeURIComponent((openid ?? keys)?.[1] ?? init.tenantId);
      if (!isDiscovery && !sameId(tenant, init.tenantId)) {
        reply(res, entraErrors.tenantNotFound(tenant), randomUUID());
      } else if (openid) sendJson(res, 200, openIdConfiguration(addressedOrigin(req, origin), tenant));
      else if (keys) sendJson(res, 200, jwks(issuer.kid, issuer.publicKey));
      else sendJson(res, 200, instanceDiscovery(addressedOrigin(req, origin), init.tenantId));
      return;
    }
    sendJson(res, 404, {
      error: 'not_found',
      error_description: `No route for ${req.method ?? ''} ${pathname}`,
    });
  }

  const endpoint = await startHttpsEndpoint(init.identity, init.resources, handle);
  origin = endpoint.origin;
  return {
    origin,
    port: endpoint.port,
    tokenEndpoint: `${origin}/${init.tenantId}/oauth2/v2.0/token`,
    tokenRequests,
    get metadataRequests() {
      return metadataRequests;
    },
    settings: init.settings,
    faults,
    lookupToken: (t) => issuer.lookup(t),
    issuedTokens: () => issuer.tokens(),
    receivedAssertions: () => [...assertions],
    clearRecords() {
      tokenRequests.length = 0;
      metadataRequests = 0;
      issuer.clear();
      assertions.length = 0;
    },
    close: () => endpoint.close(),
  };
}
