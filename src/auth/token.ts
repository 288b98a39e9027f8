// The token port: the rest of the action asks for an access token and gets one, masked, with its expiry.
import type { AuthSettings } from '../config.js';

export interface AccessToken {
  readonly token: string;
  /** Epoch milliseconds. */
  readonly expiresOnMs: number;
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
}

export type TokenProviderFactory = (
  settings: AuthSettings,
  options: TokenProviderOptions,
) => Promise<TokenProvider>;

/** msal-node is loaded only on the path that needs a token, never on a dry run. */
export const createTokenProvider: TokenProviderFactory = async (settings, options) => {
  const { MsalTokenProvider } = await import('./msal.js');
  return new MsalTokenProvider(settings, options);
};
