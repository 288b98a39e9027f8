// The validated, frozen settings every stage reads, and the few shapes every room shares. Only
// src/inputs builds a Config. This module imports nothing of the rooms: it is the bottom floor.
import type { CloudName } from './clouds.js';

export type { CloudName };

/** A mailbox: the display name ('' when none) and the address. */
export interface Address {
  readonly name: string;
  readonly address: string;
}

/** The process environment as the action reads it (GITHUB_*, RUNNER_*, ACTIONS_*). */
export type Env = Readonly<Record<string, string | undefined>>;

export interface SecretCredential {
  readonly kind: 'client-secret';
  readonly secret: string;
}

export interface CertificateCredential {
  readonly kind: 'certificate';
  /** PEM text holding the private key (possibly encrypted) and the certificate. */
  readonly pem: string;
  /** Passphrase of an encrypted key; '' when the key is not encrypted. */
  readonly password: string;
  /** Send the certificate chain in the assertion's x5c header (subject name / issuer auth). */
  readonly sendX5c: boolean;
}

export interface OidcCredential {
  readonly kind: 'oidc';
  /** Audience of the GitHub ID token; must match the federated credential. */
  readonly audience: string;
  /**
   * `auth: auto` fell back to OIDC because no secret or certificate was given: a misspelled or
   * unavailable secret looks exactly like this, so every OIDC failure says so.
   */
  readonly byFallback: boolean;
}

export type Credential = SecretCredential | CertificateCredential | OidcCredential;

export interface AuthSettings {
  readonly cloud: CloudName;
  readonly tenantId: string;
  readonly clientId: string;
  /** https origin, no trailing slash: the authority is `${authorityHost}/${tenantId}`. */
  readonly authorityHost: string;
  readonly scope: string;
  readonly credential: Credential;
}

/** An HTTP proxy that tunnels with CONNECT; `shown` names it without its credentials. */
export interface ProxySettings {
  readonly shown: string;
  readonly host: string;
  readonly port: number;
  readonly authorization: string | undefined;
}

export interface SmtpSettings {
  readonly kind: 'smtp';
  readonly host: string;
  readonly port: number;
  /** The mailbox that signs in (XOAUTH2 `user=`). */
  readonly mailbox: string;
  /** `smtp-proxy`: the SMTP connection goes through this proxy; never HTTPS_PROXY implicitly. */
  readonly proxy: ProxySettings | undefined;
}

export interface GraphSettings {
  readonly kind: 'graph';
  /** https origin, no trailing slash: requests go to `${host}/v1.0/users/${mailbox}/sendMail`. */
  readonly host: string;
  /** The mailbox that sends (the `{id}` of /users/{id}/sendMail); its Sent Items keep a copy. */
  readonly mailbox: string;
}

/** Where and how messages leave: the road (`transport` input) and its endpoint. */
export type TransportSettings = SmtpSettings | GraphSettings;

export type TransportKind = TransportSettings['kind'];

/** How hard the action tries, and how it paces itself (Exchange's per-mailbox limits). */
export interface DeliverySettings {
  readonly maxAttempts: number;
  /** The whole step's budget: no retry starts after it. */
  readonly timeoutSeconds: number;
  readonly maxRecipients: number;
  /** SMTP connections (1-3) or parallel Graph requests (1-4) at most. */
  readonly maxConnections: number;
  /** Messages per minute. */
  readonly rateLimit: number;
  readonly failOnRejected: boolean;
  /** Protocol log (SMTP transaction or Graph request log, msal verbose log) through the redacting logger. */
  readonly debug: boolean;
}

export type Priority = 'high' | 'normal' | 'low';

export type BuiltinTemplate = 'plain' | 'status' | 'release';

export type TemplateChoice =
  | { readonly kind: 'builtin'; readonly name: BuiltinTemplate }
  /** A workspace file; `path` is relative to GITHUB_WORKSPACE and stays inside it. */
  | { readonly kind: 'file'; readonly path: string };

/** Every conclusion GitHub reports for a job or a run (`job.status`, `workflow_run.conclusion`). */
export const CONCLUSIONS = [
  'success',
  'failure',
  'cancelled',
  'skipped',
  'timed_out',
  'action_required',
  'neutral',
  'stale',
  'startup_failure',
] as const;

export type JobStatus = (typeof CONCLUSIONS)[number];

export type IfMissing = 'error' | 'warn' | 'ignore';

/** The built-in templates' footer: `auto` links the run (plain, status) or the release page (release). */
export type Footer = 'auto' | 'none';

export interface MessageSettings {
  readonly from: Address;
  readonly replyTo: readonly Address[];
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly bcc: readonly Address[];
  /** A template over the context (Handlebars); line breaks already collapsed. */
  readonly subject: string;
  /** Markdown (and a template over the context) as written by the user. */
  readonly body: string;
  /** Replaces the HTML rendered from `body` when set; also a template. */
  readonly htmlBody: string;
  readonly priority: Priority;
  readonly template: TemplateChoice;
  readonly footer: Footer;
  /** From the `status` input; undefined when not given. */
  readonly status: JobStatus | undefined;
  /** The `vars` input: a YAML or JSON mapping. */
  readonly vars: Readonly<Record<string, unknown>>;
  /** Glob patterns, relative to the workspace. */
  readonly attachments: readonly string[];
  readonly attachmentsIfMissing: IfMissing;
  readonly maxSizeBytes: number;
  /** Extra headers: names checked, values single-line, none the action owns. */
  readonly headers: Readonly<Record<string, string>>;
  /** A Message-ID (with angle brackets) to thread under; '' when not given. */
  readonly inReplyTo: string;
  /** Thread every mail for one workflow on one branch into one conversation (`thread`). */
  readonly thread: boolean;
}

/** When a mail goes out: `notify-when`. */
export const NOTIFY_WHEN = [
  'always',
  'success',
  'failure',
  'cancelled',
  'first-failure',
  'still-failing',
  'fixed',
  'changed',
] as const;

export type NotifyWhen = (typeof NOTIFY_WHEN)[number];

/** Reading the run from the GitHub API, deciding whether to send, and adding the committers. */
export interface AlertSettings {
  /** Read-only GitHub token (masked); '' when not given. */
  readonly githubToken: string;
  /** Send when any of these holds; ['always'] by default. */
  readonly notifyWhen: readonly NotifyWhen[];
  readonly notifyCommitters: boolean;
  /** Lower-case domains a committer's address must be in to be added. */
  readonly committerDomains: readonly string[];
}

export interface Config {
  readonly dryRun: boolean;
  /** Findings about the inputs that do not stop the run (an unknown status): printed as warnings. */
  readonly warnings: readonly string[];
  /** Present whenever dryRun is false; in a dry run only when credentials were given. */
  readonly auth: AuthSettings | undefined;
  readonly transport: TransportSettings;
  readonly delivery: DeliverySettings;
  readonly message: MessageSettings;
  readonly alerts: AlertSettings;
}
