// The transport port: how a message leaves, whatever the road (SMTP, Microsoft Graph). The delivery
// stage (src/delivery) batches, paces and retries; an adapter only sends one message and says how it
// went. Adapters are loaded on demand (load.ts): a dry run never loads one.
import type { TransportSettings } from '../config.js';
import type { OutgoingMessage } from '../message/index.js';

export interface RejectedRecipient {
  readonly address: string;
  readonly reply: string;
}

export interface Delivery {
  /** The Message-ID recipients see: the server's when it replaced ours, else ours. */
  readonly messageId: string;
  readonly accepted: readonly string[];
  readonly rejected: readonly RejectedRecipient[];
  /**
   * Recipients the server asked to have sent in another message (SMTP 452 4.5.3: more recipients than
   * the tenant allows per message); they are also in `rejected`.
   */
  readonly deferred: readonly string[];
  readonly response: string;
}

/** A send that was withdrawn before it started because another message failed for good. */
export class SendWithdrawn extends Error {
  constructor() {
    super('withdrawn before it was sent');
    this.name = 'SendWithdrawn';
  }
}

/** What a transport needs of the token's owner (src/auth/token-source.ts), and no more. */
export interface SignInTokens {
  /** The token to sign in with now (held, or renewed when it nears its end). */
  get(): Promise<{ readonly token: string; readonly expiresOnMs: number; readonly obtainedAtMs: number }>;
  /** Until when a session may sign in again with this token without asking. */
  renewAt(token: { readonly expiresOnMs: number; readonly obtainedAtMs: number }): number;
}

export interface TransportTimeouts {
  readonly connectionMs: number;
  readonly greetingMs: number;
  readonly socketMs: number;
}

export interface TransportIo {
  readonly tokens: SignInTokens;
  readonly timeouts: TransportTimeouts;
  /** Sessions (SMTP connections, Graph requests) in flight at most. */
  readonly maxConnections: number;
  /** When set, the protocol log (commands and replies, never the body or a secret) goes here. */
  readonly protocolLog?: ((line: string) => void) | undefined;
  /** Registers a secret the adapter derives (the XOAUTH2 string) with the runner's masker. */
  readonly mask: (secret: string) => void;
  readonly debug: (message: string) => void;
}

export interface Transport {
  /** The stage that names this road's failures (the failure's title): 'smtp' when not given. */
  readonly stage?: 'smtp' | 'graph';
  /** Sends one message. `signal` withdraws it if it has not started yet (after another failed for good). */
  send(message: OutgoingMessage, signal?: AbortSignal): Promise<Delivery>;
  /** After a token renewal: sessions signed in with the old token end; new ones ask for the new one. */
  signInAgain(): void;
  close(): void;
}

export type TransportFactory = (settings: TransportSettings, io: TransportIo) => Promise<Transport>;

/** How the log and the job summary name the road: `Microsoft Graph (graph.microsoft.com)`, `SMTP (smtp.office365.com:587)`. */
export function describeTransport(settings: TransportSettings): string {
  return settings.kind === 'graph'
    ? `Microsoft Graph (${new URL(settings.host).host})`
    : `SMTP (${settings.host}:${settings.port})`;
}
