// The sandbox: throwaway PKI + Entra token endpoint + GitHub ID-token service + Exchange SMTP,
// all on 127.0.0.1, wired together so the action can run end to end without touching Microsoft.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { advertisedPorts, defaultHostRoutes, withPort } from './addresses.js';
import { createPki } from './ca.js';
import type { TlsMode } from './ca.js';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_MAILBOX,
  DEFAULT_TENANT_ID,
  defaultSettings,
  entraLikeSecret,
  strip,
} from './defaults.js';
import { startEntra } from './entra.js';
import { TokenIssuer } from './entra-tokens.js';
import type { EntraSettings, TokenFault, TokenRequestRecord } from './entra.js';
import { startExchange } from './exchange.js';
import type {
  AuthAttempt,
  ConnectionRecord,
  DeliveredMessage,
  ExchangeSettings,
  RejectedRcpt,
  SmtpFault,
} from './exchange.js';
import { startGithubOidc } from './github-oidc.js';
import type { GithubOidcSettings, IdTokenRequestRecord } from './github-oidc.js';
import { Resources } from './lifecycle.js';

export { makeClientCertificate } from './ca.js';
export { DEFAULT_CLIENT_ID, DEFAULT_MAILBOX, DEFAULT_TENANT_ID, entraLikeSecret } from './defaults.js';
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

export interface SandboxOptions {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  mailbox?: string;
  /** Which certificate both the token endpoint and SMTP present. Default 'trusted'. */
  tls?: TlsMode;
  entra?: Partial<EntraSettings> & { tokenFaults?: TokenFault[] };
  exchange?: Partial<ExchangeSettings> & { smtpFaults?: SmtpFault[] };
  oidc?: Partial<GithubOidcSettings>;
  /**
   * Round-trip time to emulate, in ms: latency relays front every server and every address the
   * sandbox hands out leads through them (see latency-relay.ts for the model).
   */
  latencyMs?: number;
}

export interface Sandbox {
  dir: string;
  /** ca.pem: the trusted CA only. Give it to child processes as NODE_EXTRA_CA_CERTS. */
  caPath: string;
  caPem: string;
  authorityHost: string;
  tokenEndpoint: string;
  smtpHost: string;
  smtpPort: number;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  mailbox: string;
  oidc: { requestUrl: string; requestToken: string };
  readonly tokenRequests: TokenRequestRecord[];
  readonly metadataRequests: number;
  readonly idTokenRequests: IdTokenRequestRecord[];
  readonly connections: ConnectionRecord[];
  readonly delivered: DeliveredMessage[];
  readonly rejectedRcpts: RejectedRcpt[];
  readonly authAttempts: AuthAttempt[];
  /** Live settings; change them with configure(). */
  readonly settings: { entra: EntraSettings; exchange: ExchangeSettings; oidc: GithubOidcSettings };
  issuedTokens(): string[];
  /** Client assertions the token endpoint received (certificate JWTs, GitHub ID tokens), for leak tests. */
  receivedAssertions(): string[];
  /** GitHub ID tokens the ID-token stand-in handed out, for leak tests. */
  issuedIdTokens(): string[];
  setTokenFaults(faults: TokenFault[]): void;
  setSmtpFaults(faults: SmtpFault[]): void;
  configure(changes: Pick<SandboxOptions, 'entra' | 'exchange' | 'oidc'>): void;
  /** Clears records and pending faults and restores the settings startSandbox() was given. */
  reset(): void;
  /** Action inputs pointing at this sandbox (client-secret credential). */
  inputs(): Record<string, string>;
  /** The runner variables the action needs for GitHub OIDC. */
  oidcEnv(): Record<string, string>;
  /** Routes for startConnectProxy(): the action's default 'host:port' targets -> sandbox ports. */
  defaultHostRoutes(): Record<string, number>;
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'm365-sandbox-'));
  const resources = new Resources();
  const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? entraLikeSecret();
  const mailbox = options.mailbox ?? DEFAULT_MAILBOX;
  const base = defaultSettings();
  const initial = {
    entra: { ...base.entra(), ...strip(options.entra ?? {}, ['tokenFaults']) },
    exchange: { ...base.exchange(), ...strip(options.exchange ?? {}, ['smtpFaults']) },
    oidc: { ...base.oidc(), ...options.oidc },
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
    const servers = { entra: entra.port, oidc: github.port, smtp: exchange.port };
    const advertised = await advertisedPorts(servers, options.latencyMs, resources);
    closers.push(() => advertised.close());
    const { ports } = advertised;
    const authorityHost = `https://127.0.0.1:${ports.entra}`;
    const oidc = { requestUrl: withPort(github.requestUrl, ports.oidc), requestToken: github.requestToken };
    entra.faults.set(options.entra?.tokenFaults ?? []);
    exchange.faults.set(options.exchange?.smtpFaults ?? []);
    let stopped: Promise<void> | undefined;

    const sandbox: Sandbox = {
      ...{ dir, caPath: pki.caPath, caPem: pki.caPem, tenantId, clientId, clientSecret, mailbox },
      authorityHost,
      tokenEndpoint: withPort(entra.tokenEndpoint, ports.entra),
      smtpHost: '127.0.0.1',
      smtpPort: ports.smtp,
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
      settings,
      issuedTokens: () => entra.issuedTokens(),
      receivedAssertions: () => entra.receivedAssertions(),
      issuedIdTokens: () => [...github.issuedIdTokens],
      setTokenFaults: (faults) => entra.faults.set(faults),
      setSmtpFaults: (faults) => exchange.faults.set(faults),
      configure(changes) {
        // Mutated in place: the servers hold these very objects.
        Object.assign(settings.entra, structuredClone(changes.entra ?? {}));
        Object.assign(settings.exchange, structuredClone(changes.exchange ?? {}));
        Object.assign(settings.oidc, structuredClone(changes.oidc ?? {}));
      },
      reset() {
        entra.clearRecords();
        exchange.clearRecords();
        github.idTokenRequests.length = 0;
        github.issuedIdTokens.length = 0;
        entra.faults.set([]);
        exchange.faults.set([]);
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
      oidcEnv: () => ({
        ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
      }),
      defaultHostRoutes: () => defaultHostRoutes(ports),
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
