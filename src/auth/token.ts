// The token port: the rest of the action asks for an access token and gets one, masked, with its expiry.
import type { AuthSettings } from '../config.js';
import type { ClientCredential } from './credential.js';

export interface AccessToken {
  readonly token: string;
  /** Epoch milliseconds. */
  readonly expiresOnMs: number;
  /** Epoch milliseconds when it arrived. */
  readonly obtainedAtMs: number;
}

/**
 * How close to its expiry a token is renewed before it signs in a new connection: two minutes for
 * Entra's usual 60-90 minute tokens, a tenth of the lifetime for (test) tokens shorter than 20 minutes.
 * Exchange checks the token when a connection signs in, not afterwards.
 */
export function renewThresholdMs(token: AccessToken): number {
  return Math.min(120_000, (token.expiresOnMs - token.obtainedAtMs) / 10);
}

export function needsRenewal(token: AccessToken, now: number): boolean {
  return token.expiresOnMs - now <= renewThresholdMs(token);
}

export interface TokenProvider {
  /** A token for the configured scope. `fresh` skips any cached token (after a rejected one). */
  getToken(options?: { fresh?: boolean }): Promise<AccessToken>;
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

/**
 * msal-node is loaded only on the path that needs a token, never on a dry run, and only when the first
 * token is asked for: the SMTP connection can start (and its code load) while msal loads and requests.
 */
export const createTokenProvider: TokenProviderFactory = (settings, credential, options) => {
  let provider: Promise<TokenProvider> | undefined;
  const load = (): Promise<TokenProvider> =>
    (provider ??= import('./msal.js').then(
      ({ MsalTokenProvider }) => new MsalTokenProvider(settings, credential, options),
    ));
  return Promise.resolve({ getToken: (request) => load().then((p) => p.getToken(request)) });
};
