// The identity and settings a sandbox starts with when its options leave them out.
import { randomBytes } from 'node:crypto';
import type { EntraSettings } from './entra.js';
import type { ExchangeSettings } from './exchange.js';
import { DEFAULT_OIDC_AUDIENCE, GITHUB_ISSUER, defaultGithubOidcSettings } from './github-oidc.js';
import type { GithubOidcSettings } from './github-oidc.js';
import type { GraphSettings } from './graph.js';
import { GRAPH_AUDIENCE } from './entra.js';

export const DEFAULT_TENANT_ID = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const DEFAULT_CLIENT_ID = '0b1c2d3e-4f5a-4b6c-8d7e-f9a0b1c2d3e4';
export const DEFAULT_MAILBOX = 'alerts@contoso.example';

/** A secret that looks like an Entra client secret value: 40 characters, a '~' in the prefix. */
export function entraLikeSecret(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-';
  const bytes = randomBytes(37);
  return 'Q8~' + Array.from(bytes, (b) => alphabet[b % alphabet.length] ?? 'x').join('');
}

export interface SandboxSettings {
  entra: EntraSettings;
  exchange: ExchangeSettings;
  oidc: GithubOidcSettings;
  graph: GraphSettings;
}

/** Fresh objects on every call: the servers mutate the settings they are given. */
export function defaultSettings(mailbox: string): SandboxSettings {
  const oidc = defaultGithubOidcSettings();
  return {
    entra: {
      scope: 'https://outlook.office365.com/.default',
      tokenAudience: 'https://outlook.office365.com',
      roles: ['SMTP.SendAsApp'],
      graphRoles: ['Mail.Send'],
      tokenLifetimeSeconds: 3600,
      secretExpired: false,
      certificates: [],
      federated: [{ issuer: GITHUB_ISSUER, subject: oidc.subject, audience: DEFAULT_OIDC_AUDIENCE }],
    },
    exchange: {
      audience: 'https://outlook.office365.com',
      smtpAuthDisabled: false,
      offerAuth: true,
      sendAs: [],
      maxRecipientsPerMessage: 500,
      rejectRecipients: [],
      maxConnections: 3,
    },
    oidc,
    graph: {
      audience: GRAPH_AUDIENCE,
      mailboxes: [mailbox],
      restDisabledMailboxes: [],
      scopedMailboxes: [],
      sendAs: [],
      // Exchange Online's default send limit; Graph's 4 MB request cap bites long before it.
      maxMessageBytes: 35 * 1024 * 1024,
      // Outlook's documented limit: four concurrent requests per app and mailbox.
      maxConcurrent: 4,
      throttleRetryAfterSeconds: 1,
    },
  };
}

/** `value` without the given keys (the fault lists, which are not settings). */
export function strip<T extends object>(value: T, keys: readonly string[]): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k))) as Partial<T>;
}
