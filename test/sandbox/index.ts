// The sandbox: throwaway PKI + Entra token endpoint + GitHub ID-token service + Exchange SMTP +
// Microsoft Graph sendMail + GitHub REST API, all on 127.0.0.1, wired together so the action can run
// end to end without touching Microsoft or GitHub; optionally behind latency relays that emulate a
// network's round trip.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { advertisedPorts, defaultHostRoutes, withPort } from './addresses.js';
import { createPki } from './ca.js';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_MAILBOX,
  DEFAULT_TENANT_ID,
  defaultSettings,
  entraLikeSecret,
  strip,
} from './defaults.js';
import { GRAPH_SCOPE, startEntra } from './entra.js';
import { TokenIssuer } from './entra-tokens.js';
import { startExchange } from './exchange.js';
import { startGithubApi } from './github-api.js';
import { startGithubOidc } from './github-oidc.js';
import { startGraph } from './graph.js';
import { Resources } from './lifecycle.js';
import type { Sandbox, SandboxOptions } from './sandbox-types.js';

export { makeClientCertificate } from './ca.js';
export type { ClientCertificate, ClientCertificateOptions, TlsMode } from './ca.js';
export { startConnectProxy } from './connect-proxy.js';
export type { ConnectProxy, ConnectProxyOptions, TunnelRecord } from './connect-proxy.js';
export { startLatencyRelay } from './latency-relay.js';
export type { LatencyRelay, LatencyRelayOptions } from './latency-relay.js';
export type { EntraSettings, TokenCredential, TokenFault, TokenRequestRecord } from './entra.js';
export type { AssertionRecord, FederatedCredential } from './entra-assertions.js';
export type { AccessTokenClaims } from './entra-tokens.js';
export type {
  AuthAttempt,
  ConnectionRecord,
  DeliveredMessage,
  ExchangeSettings,
  RejectedRcpt,
  SmtpFault,
  SmtpStage,
} from './exchange.js';
export { replies as exchangeReplies } from './exchange-replies.js';
export type { GithubOidcSettings, IdTokenRequestRecord } from './github-oidc.js';
export { GRAPH_AUDIENCE, GRAPH_SCOPE } from './entra.js';
export type {
  GraphDelivery,
  GraphFault,
  GraphRecipientCopy,
  GraphRequestRecord,
  GraphSettings,
} from './graph.js';
export { graphErrors } from './graph-errors.js';
export type * from './github-api-types.js';
export * from './github-api-scenario.js';
export * from './github-api-builders.js';
export * from './github-api-default.js';

export { DEFAULT_CLIENT_ID, DEFAULT_MAILBOX, DEFAULT_TENANT_ID, entraLikeSecret } from './defaults.js';
export type { SandboxSettings } from './defaults.js';
export type { Sandbox, SandboxOptions } from './sandbox-types.js';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'm365-sandbox-'));
  const resources = new Resources();
  const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? entraLikeSecret();
  const mailbox = options.mailbox ?? DEFAULT_MAILBOX;
  const base = defaultSettings(mailbox);
  const initial = {
    entra: { ...base.entra, ...strip(options.entra ?? {}, ['tokenFaults']) },
    exchange: { ...base.exchange, ...strip(options.exchange ?? {}, ['smtpFaults']) },
    oidc: { ...base.oidc, ...options.oidc },
    graph: { ...base.graph, ...strip(options.graph ?? {}, ['graphFaults']) },
  };
  const settings = structuredClone(initial);
  // Servers started so far, so a failure half-way through still leaves nothing listening.
  const closers: Array<() => Promise<void>> = [];
  try {
    const pki = await createPki(dir);
    const identity = await pki.serverIdentity(options.tls ?? 'trusted');
    // Both may have to generate an RSA key: in parallel, that halves start-up time.
    const [github, issuer] = await Promise.all([
      startGithubOidc(identity, resources, settings.oidc),
      TokenIssuer.create(),
    ]);
    closers.push(() => github.close());
    const githubApi = await startGithubApi(identity, resources, options.githubApi);
    closers.push(() => githubApi.close());
    const entra = await startEntra({
      ...{ identity, resources, tenantId, clientId, clientSecret },
      githubKey: github.publicKey,
      issuer,
      settings: settings.entra,
    });
    closers.push(() => entra.close());
    const exchange = await startExchange({
      ...{ identity, resources, tenantId, mailbox },
      mailDir: path.join(dir, 'mail'),
      settings: settings.exchange,
      lookupToken: (token) => entra.lookupToken(token),
    });
    closers.push(() => exchange.close());
    const graph = await startGraph({
      ...{ identity, resources },
      mailDir: path.join(dir, 'graph'),
      settings: settings.graph,
      lookupToken: (token) => entra.lookupToken(token),
    });
    closers.push(() => graph.close());
    const servers = {
      ...{ entra: entra.port, oidc: github.port, smtp: exchange.port, graph: graph.port },
      githubApi: Number(new URL(githubApi.origin).port),
    };
    const advertised = await advertisedPorts(servers, options.latencyMs, resources);
    closers.push(() => advertised.close());
    const { ports } = advertised;
    const authorityHost = `https://127.0.0.1:${ports.entra}`;
    const graphHost = `https://127.0.0.1:${ports.graph}`;
    const oidc = { requestUrl: withPort(github.requestUrl, ports.oidc), requestToken: github.requestToken };
    entra.faults.set(options.entra?.tokenFaults ?? []);
    exchange.faults.set(options.exchange?.smtpFaults ?? []);
    graph.faults.set(options.graph?.graphFaults ?? []);
    let stopped: Promise<void> | undefined;

    const sandbox: Sandbox = {
      ...{ dir, caPath: pki.caPath, caPem: pki.caPem, tenantId, clientId, clientSecret, mailbox },
      authorityHost,
      tokenEndpoint: withPort(entra.tokenEndpoint, ports.entra),
      smtpHost: '127.0.0.1',
      smtpPort: ports.smtp,
      graphHost,
      oidc,
      tokenRequests: entra.tokenRequests,
      get metadataRequests() {
        return entra.metadataRequests;
      },
      idTokenRequests: github.idTokenRequests,
      connections: exchange.connections,
      delivered: exchange.delivered,
      rejectedRcpts: exchange.rejectedRcpts,
      authAttempts: exchange.authAttempts,
      graphRequests: graph.requests,
      graphDelivered: graph.delivered,
      settings,
      issuedTokens: () => entra.issuedTokens(),
      receivedAssertions: () => entra.receivedAssertions(),
      issuedIdTokens: () => [...github.issuedIdTokens],
      setTokenFaults: (faults) => entra.faults.set(faults),
      setSmtpFaults: (faults) => exchange.faults.set(faults),
      setGraphFaults: (faults) => graph.faults.set(faults),
      configure(changes) {
        // Mutated in place: the servers hold these very objects.
        Object.assign(settings.entra, structuredClone(changes.entra ?? {}));
        Object.assign(settings.exchange, structuredClone(changes.exchange ?? {}));
        Object.assign(settings.oidc, structuredClone(changes.oidc ?? {}));
        Object.assign(settings.graph, structuredClone(changes.graph ?? {}));
      },
      reset() {
        entra.clearRecords();
        exchange.clearRecords();
        graph.clearRecords();
        github.idTokenRequests.length = 0;
        github.issuedIdTokens.length = 0;
        entra.faults.set([]);
        exchange.faults.set([]);
        graph.faults.set([]);
        githubApi.reset();
        sandbox.configure(initial);
      },
      inputs: () => ({
        'tenant-id': tenantId,
        'client-id': clientId,
        'client-secret': clientSecret,
        'authority-host': authorityHost,
        'smtp-host': '127.0.0.1',
        'smtp-port': String(ports.smtp),
        from: mailbox,
      }),
      graphInputs: () => ({
        ...sandbox.inputs(),
        transport: 'graph',
        'graph-host': graphHost,
        scope: GRAPH_SCOPE,
      }),
      oidcEnv: () => ({
        ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
      }),
      defaultHostRoutes: () => defaultHostRoutes(ports),
      githubApi,
      githubApiEnv: () => githubApi.env(),
      stop() {
        stopped ??= (async () => {
          const closing = closers.map((close) => close());
          resources.destroyAll();
          await Promise.all(closing);
          await rm(dir, { recursive: true, force: true });
        })();
        return stopped;
      },
    };
    return sandbox;
  } catch (err) {
    const closing = closers.map((close) => close());
    resources.destroyAll();
    await Promise.all(closing);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
