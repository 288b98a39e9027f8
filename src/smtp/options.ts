// The nodemailer transport options, built in one pure function so tests can read the security
// settings directly. Exchange-safe defaults that no input can weaken.
import type { SmtpSettings } from '../config.js';
import { DEFAULT_TIMEOUTS } from '../timeouts.js';
import type { TransportTimeouts } from '../transport/port.js';

/** nodemailer asks for the token when a connection signs in: (user, renew, done(err, token, expiresMs)). */
export type ProvisionCallback = (
  user: string,
  renew: boolean,
  done: (err: Error | null, accessToken?: string, expires?: number) => void,
) => void;

export interface SmtpTransportOptions {
  readonly host: string;
  readonly port: number;
  readonly secure: false;
  readonly requireTLS: true;
  readonly ignoreTLS: false;
  readonly forceAuth: true;
  readonly auth: {
    readonly type: 'OAuth2';
    readonly user: string;
    readonly provisionCallback: ProvisionCallback;
  };
  readonly tls: { readonly minVersion: 'TLSv1.2'; readonly rejectUnauthorized: true };
  readonly connectionTimeout: number;
  readonly greetingTimeout: number;
  readonly socketTimeout: number;
  readonly dnsTimeout: number;
  readonly disableFileAccess: true;
  readonly disableUrlAccess: true;
  readonly logger: false;
}

export function transportOptions(
  settings: SmtpSettings,
  provisionCallback: ProvisionCallback,
  timeouts: TransportTimeouts = DEFAULT_TIMEOUTS,
): SmtpTransportOptions {
  return {
    host: settings.host,
    port: settings.port,
    // Port 587 starts in plain text and must upgrade: `secure: false` + `requireTLS` makes nodemailer
    // fail rather than continue when STARTTLS is missing or fails.
    secure: false,
    requireTLS: true,
    ignoreTLS: false,
    // Without forceAuth, a server (or a man in the middle) that advertises no AUTH gets the message
    // unauthenticated; with it, the send fails instead.
    forceAuth: true,
    auth: { type: 'OAuth2', user: settings.mailbox, provisionCallback },
    tls: { minVersion: 'TLSv1.2', rejectUnauthorized: true },
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    dnsTimeout: timeouts.connectionMs,
    // Message content never makes the mailer read local files or fetch URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  };
}
