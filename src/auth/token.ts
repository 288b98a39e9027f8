// The token port: a provider turns the configured credential into one access token per call. When a
// token is asked for, kept, renewed or given again is decided in one place: token-source.ts.
import type { AuthSettings } from '../config.js';
import type { ClientCredential } from './client-credential.js';

export interface AccessToken {
  readonly token: string;
  /** Epoch milliseconds. */
  readonly expiresOnMs: number;
  /** Epoch milliseconds when it arrived. */
  readonly obtainedAtMs: number;
}

export interface TokenProvider {
  /** One token request: a new token for the configured scope, masked the moment it arrives. */
  getToken(): Promise<AccessToken>;
}

export interface TokenProviderOptions {
  /** Register a secret with the runner's masker the moment it exists. */
  readonly mask: (secret: string) => void;
  readonly debug: (message: string) => void;
  /** Per-request timeout for the token endpoint. */
  readonly requestTimeoutMs: number;
  readonly now: () => number;
  /** When set, msal's verbose log (PII off) goes here, for `debug: true`. */
  readonly protocolLog?: (line: string) => void;
}

export type TokenProviderFactory = (
  settings: AuthSettings,
  credential: ClientCredential,
  options: TokenProviderOptions,
) => Promise<TokenProvider>;
