// Production adapters of the auth room, loaded on demand: msal-node only when the first token is asked
// for (the SMTP connection is set up meanwhile), the credential code only after a dry run would have
// stopped.
import type { TokenProvider, TokenProviderFactory } from './token.js';

export const createTokenProvider: TokenProviderFactory = (settings, credential, options) => {
  let provider: Promise<TokenProvider> | undefined;
  const load = (): Promise<TokenProvider> =>
    (provider ??= import('./msal.js').then(
      ({ MsalTokenProvider }) => new MsalTokenProvider(settings, credential, options),
    ));
  return Promise.resolve({ getToken: () => load().then((p) => p.getToken()) });
};
