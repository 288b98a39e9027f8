// Options, faults and records of the Entra ID stand-in (see entra.ts).
import type { KeyObject } from 'node:crypto';
import type { ServerIdentity } from './ca.js';
import type { AssertionRecord, FederatedCredential } from './entra-assertions.js';
import type { AccessTokenClaims, TokenIssuer } from './entra-tokens.js';
import type { FaultQueue } from './faults.js';
import type { Resources } from './lifecycle.js';

export interface EntraSettings {
  /** The Exchange Online scope (SMTP). */
  scope: string;
  /** `aud` of tokens issued for `scope`; change it to simulate a token for the wrong resource. */
  tokenAudience: string;
  /** `roles` of tokens issued for `scope`; [] simulates a missing SMTP.SendAsApp permission. */
  roles: string[];
  /** `roles` of tokens issued for Microsoft Graph; [] simulates a missing Mail.Send permission. */
  graphRoles: string[];
  tokenLifetimeSeconds: number;
  /** The right secret is answered with AADSTS7000222 (expired). */
  secretExpired: boolean;
  /** PEM certificates uploaded to the app registration. */
  certificates: string[];
  federated: FederatedCredential[];
}

export interface TokenFault {
  /** Reply with this status (and an Entra-style body) instead of processing the request. */
  status?: number;
  retryAfterSeconds?: number;
  error?: string;
  code?: number;
  /** Wait this long first; without `status` the request is then processed normally. */
  delayMs?: number;
  /** Destroy the connection without any response. */
  dropConnection?: boolean;
}

export type TokenCredential = 'secret' | 'certificate' | 'federated' | 'none';

export interface TokenRequestRecord {
  at: number;
  tenant: string;
  clientId: string;
  scope: string;
  credential: TokenCredential;
  /** HTTP status sent; 0 while pending or when the connection was dropped. */
  status: number;
  errorCode?: number;
  assertion?: AssertionRecord;
}

export interface EntraStandIn {
  origin: string;
  port: number;
  tokenEndpoint: string;
  tokenRequests: TokenRequestRecord[];
  readonly metadataRequests: number;
  settings: EntraSettings;
  faults: FaultQueue<TokenFault>;
  lookupToken(token: string): AccessTokenClaims | undefined;
  issuedTokens(): string[];
  /** Client assertions received since the last reset, for leak tests. */
  receivedAssertions(): string[];
  clearRecords(): void;
  close(): Promise<void>;
}

export interface EntraInit {
  identity: ServerIdentity;
  resources: Resources;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  githubKey: KeyObject;
  settings: EntraSettings;
  /** Signs access tokens; made by the caller so its RSA key can be generated in parallel. */
  issuer: TokenIssuer;
}
