// Options, faults and records of the Microsoft Graph sendMail stand-in (see graph.ts).
import type { ServerIdentity } from './ca.js';
import type { AccessTokenClaims } from './entra-tokens.js';
import type { FaultQueue } from './faults.js';
import type { Resources } from './lifecycle.js';

export interface GraphSettings {
  /** The `aud` a token must carry. */
  audience: string;
  /** Users that exist in the tenant (UPNs, compared case-insensitively). */
  mailboxes: string[];
  /** Existing users Graph cannot reach a cloud mailbox for (unlicensed, guest, on-premises). */
  restDisabledMailboxes: string[];
  /**
   * Mailboxes an Exchange "Application Mail.Send" role assignment (RBAC for Applications) covers.
   * Like the real grant it adds to the token's Mail.Send role: it restricts nothing while the app
   * also holds the Entra permission, so set `entra.graphRoles: []` to model a scoped app.
   */
  scopedMailboxes: string[];
  /** Addresses a mailbox may put in `From:` besides itself (Send As rights). */
  sendAs: string[];
  /** The mailbox's message size limit, in decoded MIME bytes. */
  maxMessageBytes: number;
  /** Requests in flight for one mailbox before the next gets 429 ApplicationThrottled. */
  maxConcurrent: number;
  /** `Retry-After` of that 429. */
  throttleRetryAfterSeconds: number;
}

export interface GraphFault {
  /** Answer with this status instead of processing: 429, 503, 504 or any other. */
  status?: number;
  retryAfterSeconds?: number;
  /** `error.code` of the answer; each status has a default. */
  code?: string;
  message?: string;
  /** Wait this long first; without `status` the request is then processed normally. */
  delayMs?: number;
  /** Process and store the message, then destroy the socket instead of answering 202. */
  dropAfterAccept?: boolean;
  /** Destroy the socket before anything is stored. */
  dropConnection?: boolean;
}

export interface GraphRequestRecord {
  at: number;
  method: string;
  path: string;
  /** `{id}` of /users/{id}/sendMail, URL-decoded; '' on other routes. */
  mailbox: string;
  /** HTTP status sent; 0 while pending or when the socket was destroyed without an answer. */
  status: number;
  /** `error.code` of an error answer. */
  errorCode?: string;
  requestId: string;
  clientRequestId: string;
  /** false when the client sent no `client-request-id` and the stand-in made one up. */
  clientRequestIdSent: boolean;
  contentType: string;
  /** Body bytes read (reading stops a margin past the 4 MB limit). */
  bodyBytes: number;
  /** Claims of a token the Entra stand-in issued; never the token itself. */
  tokenAudience?: string;
  tokenRoles?: string[];
}

export interface GraphRecipientCopy {
  recipient: string;
  /** The message as this recipient's mailbox would hold it: no `Bcc:` header. */
  raw: Buffer;
}

export interface GraphDelivery {
  requestId: string;
  /** `{id}` from the URL: the mailbox that sends. */
  mailbox: string;
  /** The MIME message as the client sent it (decoded from base64), `Bcc:` included. */
  raw: Buffer;
  emlPath: string;
  /** Lower-cased addresses of `From:`. */
  from: string[];
  to: string[];
  cc: string[];
  bcc: string[];
  /** One per distinct recipient of To, Cc and Bcc: Graph has no envelope. */
  copies: GraphRecipientCopy[];
  receivedAt: number;
  /** false when the client never got the 202 (dropAfterAccept): it may send a duplicate. */
  acknowledged: boolean;
}

export interface GraphInit {
  identity: ServerIdentity;
  resources: Resources;
  mailDir: string;
  settings: GraphSettings;
  lookupToken(token: string): AccessTokenClaims | undefined;
}

export interface GraphStandIn {
  /** https://127.0.0.1:<port>, where /v1.0/... lives. */
  origin: string;
  port: number;
  settings: GraphSettings;
  faults: FaultQueue<GraphFault>;
  requests: GraphRequestRecord[];
  delivered: GraphDelivery[];
  clearRecords(): void;
  close(): Promise<void>;
}
