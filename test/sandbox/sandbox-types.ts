// The public shape of a running sandbox and the options startSandbox() takes (see index.ts).
import type { TlsMode } from './ca.js';
import type { SandboxSettings } from './defaults.js';
import type { EntraSettings, TokenFault, TokenRequestRecord } from './entra.js';
import type {
  AuthAttempt,
  ConnectionRecord,
  DeliveredMessage,
  ExchangeSettings,
  RejectedRcpt,
  SmtpFault,
} from './exchange.js';
import type { GithubOidcSettings, IdTokenRequestRecord } from './github-oidc.js';
import type { GithubApi, GithubApiOptions } from './github-api.js';
import type { GraphDelivery, GraphFault, GraphRequestRecord, GraphSettings } from './graph.js';

export interface SandboxOptions {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  mailbox?: string;
  /** Which certificate every server presents. Default 'trusted'. */
  tls?: TlsMode;
  entra?: Partial<EntraSettings> & { tokenFaults?: TokenFault[] };
  exchange?: Partial<ExchangeSettings> & { smtpFaults?: SmtpFault[] };
  oidc?: Partial<GithubOidcSettings>;
  graph?: Partial<GraphSettings> & { graphFaults?: GraphFault[] };
  /**
   * Round-trip time to emulate, in ms: latency relays front every server and every address the
   * sandbox hands out leads through them (see latency-relay.ts for the model).
   */
  latencyMs?: number;
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
  /** https://127.0.0.1:<port>: the Graph stand-in's origin, in place of https://graph.microsoft.com. */
  graphHost: string;
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
  readonly graphRequests: GraphRequestRecord[];
  /** Messages Graph accepted (202, or stored before a dropAfterAccept fault). */
  readonly graphDelivered: GraphDelivery[];
  /** Live settings; change them with configure(). */
  readonly settings: SandboxSettings;
  issuedTokens(): string[];
  /** Client assertions the token endpoint received (certificate JWTs, GitHub ID tokens), for leak tests. */
  receivedAssertions(): string[];
  /** GitHub ID tokens the ID-token stand-in handed out, for leak tests. */
  issuedIdTokens(): string[];
  setTokenFaults(faults: TokenFault[]): void;
  setSmtpFaults(faults: SmtpFault[]): void;
  setGraphFaults(faults: GraphFault[]): void;
  configure(changes: Pick<SandboxOptions, 'entra' | 'exchange' | 'oidc' | 'graph'>): void;
  /** Clears records and pending faults and restores the settings startSandbox() was given. */
  reset(): void;
  /** Action inputs pointing at this sandbox (client-secret credential). */
  inputs(): Record<string, string>;
  /** inputs() for a send through Microsoft Graph: transport, graph-host and the Graph scope. */
  graphInputs(): Record<string, string>;
  /** The runner variables the action needs for GitHub OIDC. */
  oidcEnv(): Record<string, string>;
  /** Routes for startConnectProxy(): the action's default 'host:port' targets -> sandbox ports. */
  defaultHostRoutes(): Record<string, number>;
  /** The GitHub REST API stand-in: url, token, scenario, requests, modes and faults (not relayed). */
  githubApi: GithubApi;
  /** GITHUB_API_URL and the run's GITHUB_* variables; pass `githubApi.token` as the token input. */
  githubApiEnv(): Record<string, string>;
  stop(): Promise<void>;
}
