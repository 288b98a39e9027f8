// Options, faults and records of the Exchange SMTP stand-in (see exchange.ts).
import type { ServerIdentity } from './ca.js';
import type { AccessTokenClaims } from './entra-tokens.js';
import type { FaultQueue } from './faults.js';
import type { Resources } from './lifecycle.js';

export interface ExchangeSettings {
  /** The `aud` a token must carry. */
  audience: string;
  smtpAuthDisabled: boolean;
  /** false: never advertise or accept AUTH, and accept mail unauthenticated (a misconfigured relay). */
  offerAuth: boolean;
  /** Addresses the mailbox may send as, besides itself. */
  sendAs: string[];
  maxRecipientsPerMessage: number;
  rejectRecipients: string[];
  maxConnections: number;
}

export type SmtpStage = 'connect' | 'mail' | 'rcpt' | 'data' | 'afterData';

export interface SmtpFault {
  on: SmtpStage;
  /** "<code> <enhanced> text", e.g. '451 4.7.500 Server busy. Please try again later. [SANDBOX]'. */
  reply?: string;
  /** With reply: close after it. Alone: destroy the socket instead of replying. */
  disconnect?: boolean;
  delayMs?: number;
}

export interface ConnectionRecord {
  id: string;
  secure: boolean;
  tlsProtocol?: string;
  authMethod?: string;
  authUser?: string;
  openedAt: number;
  closedAt?: number;
  /** The reply that refused the session at connect time, or 'disconnect'. */
  refusedWith?: string;
}

export interface DeliveredMessage {
  connectionId: string;
  /** '' when the message came in without AUTH (offerAuth: false). */
  authUser: string;
  envelope: { from: string; to: string[] };
  raw: Buffer;
  emlPath: string;
  receivedAt: number;
  /** MAIL FROM received -> DATA reply sent (or connection dropped). */
  transactionMs: number;
  /** false when the client never got a 250 for it: it may retry and deliver a duplicate. */
  acknowledged: boolean;
}

export interface RejectedRcpt {
  connectionId: string;
  address: string;
  reply: string;
}

export interface AuthAttempt {
  connectionId: string;
  user: string;
  /** 'ok', or the reply sent. */
  result: string;
}

export interface ExchangeInit {
  identity: ServerIdentity;
  resources: Resources;
  mailDir: string;
  tenantId: string;
  mailbox: string;
  settings: ExchangeSettings;
  lookupToken(token: string): AccessTokenClaims | undefined;
}

export interface ExchangeStandIn {
  port: number;
  settings: ExchangeSettings;
  faults: FaultQueue<SmtpFault>;
  connections: ConnectionRecord[];
  delivered: DeliveredMessage[];
  rejectedRcpts: RejectedRcpt[];
  authAttempts: AuthAttempt[];
  clearRecords(): void;
  close(): Promise<void>;
}
