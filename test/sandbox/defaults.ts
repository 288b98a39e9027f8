// What a sandbox starts with when its options leave something out: the one tenant, app and
// mailbox that exist, and the settings of each stand-in (Entra, Exchange, GitHub OIDC).
import { randomBytes } from 'node:crypto';
import type { EntraSettings } from './entra.js';
import type { ExchangeSettings } from './exchange.js';
import { DEFAULT_OIDC_AUDIENCE, GITHUB_ISSUER, defaultGithubOidcSettings } from './github-oidc.js';
import type { GithubOidcSettings } from './github-oidc.js';

export const DEFAULT_TENANT_ID = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const DEFAULT_CLIENT_ID = '0b1c2d3e-4f5a-4b6c-8d7e-f9a0b1c2d3e4';
export const DEFAULT_MAILBOX = 'alerts@contoso.example';

/** A secret that looks like an Entra client secret value: 40 characters, a '~' in the prefix. */
export function entraLikeSecret(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-';
  const bytes = randomBytes(37);
  return 'Q8~' + Array.from(bytes, (b) => alphabet[b % alphabet.length] ?? 'x').join('');
}

export function defaultSettings() {
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

/** `value` without the given keys (the fault lists, which are not settings). */
export function strip<T extends object>(value: T, keys: readonly string[]): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k))) as Partial<T>;
}
