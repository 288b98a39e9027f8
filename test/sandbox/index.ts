// The sandbox: throwaway PKI + Entra token endpoint + GitHub ID-token service + Exchange SMTP +
// GitHub REST API, all on 127.0.0.1, wired together so the action can run end to end without
// touching Microsoft or GitHub.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createPki } from './ca.js';
import type { TlsMode } from './ca.js';
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
import {
  DEFAULT_OIDC_AUDIENCE,
  GITHUB_ISSUER,
  defaultGithubOidcSettings,
  startGithubOidc,
} from './github-oidc.js';
import type { GithubOidcSettings, IdTokenRequestRecord } from './github-oidc.js';
import { startGithubApi } from './github-api.js';
import type { GithubApi, GithubApiOptions } from './github-api.js';
import { Resources } from './lifecycle.js';

export { makeClientCertificate } from './ca.js';
export type { ClientCertificate, ClientCertificateOptions, TlsMode } from './ca.js';
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
export type * from './github-api-types.js';
export * from './github-api-scenario.js';
export * from './github-api-builders.js';
export * from './github-api-default.js';

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
  /** The GitHub REST API stand-in: token, path prefix, scenario, modes, faults. */
  githubApi?: GithubApiOptions;
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
  /** The GitHub REST API stand-in: url, token, scenario, requests, modes and faults. */
  githubApi: GithubApi;
  /** GITHUB_API_URL and the run's GITHUB_* variables; pass `githubApi.token` as the token input. */
  githubApiEnv(): Record<string, string>;
  stop(): Promise<void>;
}

export const DEFAULT_TENANT_ID = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const DEFAULT_CLIENT_ID = '0b1c2d3e-4f5a-4b6c-8d7e-f9a0b1c2d3e4';
export const DEFAULT_MAILBOX = 'alerts@contoso.example';

/** A secret that looks like an Entra client secret value: 40 characters, a '~' in the prefix. */
export function entraLikeSecret(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-';
  const bytes = randomBytes(37);
  return 'Q8~' + Array.from(bytes, (b) => alphabet[b % alphabet.length] ?? 'x').join('');
}

function defaults() {
  const oidc = defaultGithubOidcSettings();
  return {
    entra: (): EntraSettings => ({
      scope: 'https://outlook.office365.com/.default',
      tokenAudience: 'https://outlook.office365.com',
      roles: ['SMTP.SendAsApp'],
      tokenLifetimeSeconds: 3600,
      secretExpired: false,
      certificates: [],
      federated: [{ issuer: GITHUB_ISSUER, subject: oidc.subject, audience: DEFAULT_OIDC_AUDIENCE }],
    }),
    exchange: (): ExchangeSettings => ({
      audience: 'https://outlook.office365.com',
      smtpAuthDisabled: false,
      offerAuth: true,
      sendAs: [],
      maxRecipientsPerMessage: 500,
      rejectRecipients: [],
      maxConnections: 3,
    }),
    oidc: (): GithubOidcSettings => oidc,
  };
}

function strip<T extends object>(value: T, keys: readonly string[]): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k))) as Partial<T>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'm365-sandbox-'));
  const resources = new Resources();
  const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? entraLikeSecret();
  const mailbox = options.mailbox ?? DEFAULT_MAILBOX;
  const base = defaults();
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
    entra.faults.set(options.entra?.tokenFaults ?? []);
    exchange.faults.set(options.exchange?.smtpFaults ?? []);
    let stopped: Promise<void> | undefined;

    const sandbox: Sandbox = {
      ...{ dir, caPath: pki.caPath, caPem: pki.caPem, tenantId, clientId, clientSecret, mailbox },
      authorityHost: entra.origin,
      tokenEndpoint: entra.tokenEndpoint,
      smtpHost: '127.0.0.1',
      smtpPort: exchange.port,
      oidc: { requestUrl: github.requestUrl, requestToken: github.requestToken },
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
        githubApi.reset();
        sandbox.configure(initial);
      },
      inputs: () => ({
        'tenant-id': tenantId,
        'client-id': clientId,
        'client-secret': clientSecret,
        'authority-host': entra.origin,
        'smtp-host': '127.0.0.1',
        'smtp-port': String(exchange.port),
        from: mailbox,
      }),
      oidcEnv: () => ({
        ACTIONS_ID_TOKEN_REQUEST_URL: github.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken,
      }),
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
