// The validated, frozen settings every stage reads. Only src/inputs builds one.
import type { Address } from './inputs/addresses.js';

export type { Address };

export interface SecretCredential {
  readonly kind: 'client-secret';
  readonly secret: string;
}

export type Credential = SecretCredential;

export interface AuthSettings {
  readonly tenantId: string;
  readonly clientId: string;
  /** https origin, no trailing slash: the authority is `${authorityHost}/${tenantId}`. */
  readonly authorityHost: string;
  readonly scope: string;
  readonly credential: Credential;
}

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** The mailbox that signs in (XOAUTH2 `user=`). */
  readonly mailbox: string;
}

export type Priority = 'high' | 'normal' | 'low';

export interface MessageSettings {
  readonly from: Address;
  readonly replyTo: readonly Address[];
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly bcc: readonly Address[];
  readonly subject: string;
  /** Markdown as written by the user. */
  readonly body: string;
  /** Replaces the HTML rendered from `body` when set. */
  readonly htmlBody: string;
  readonly priority: Priority;
}

export interface Config {
  readonly dryRun: boolean;
  /** Present whenever dryRun is false; in a dry run only when credentials were given. */
  readonly auth: AuthSettings | undefined;
  readonly smtp: SmtpSettings;
  readonly message: MessageSettings;
}
