// Inputs of the SMTP stage: where to connect, as whom, and how hard to try.
import { CLOUDS, type CloudName } from '../clouds.js';
import type { Address, DeliverySettings, ProxySettings, SmtpSettings } from '../config.js';
import { toProxy } from '../net/proxy.js';
import { inputError } from '../errors.js';
import { readBoolean, readInteger, readSingleLine, shorten, type Read } from './fields.js';
import { addressInput } from './message.js';

export const DELIVERY_INPUTS = [
  'smtp-host',
  'smtp-port',
  'smtp-proxy',
  'mailbox',
  'max-attempts',
  'timeout-seconds',
  'max-recipients',
  'max-connections',
  'rate-limit',
  'fail-on-rejected',
  'debug',
] as const;

export function parseSmtp(read: Read, from: Address, cloud: CloudName): SmtpSettings {
  const host = readSingleLine(read, 'smtp-host') || CLOUDS[cloud].smtpHost;
  if (!/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:]+\]$/.test(host)) {
    throw inputError('smtp-host', `expected a host name such as smtp.office365.com, got '${shorten(host)}'`);
  }
  const port = readInteger(read, 'smtp-port', { min: 1, max: 65535 }, 587);
  if (port === 465) {
    throw inputError(
      'smtp-port',
      'port 465 is implicit TLS, which Exchange Online does not offer',
      'Use 587: the action upgrades the connection with STARTTLS and refuses to continue without it.',
    );
  }
  const mailbox = read('mailbox') === '' ? from.address : addressInput(read, 'mailbox', false).address;
  return Object.freeze({ kind: 'smtp', host, port, mailbox, proxy: smtpProxyInput(read) });
}

/** `http://[user:password@]host:port`, or '' for a direct connection (HTTPS_PROXY never applies to SMTP). */
function smtpProxyInput(read: Read): ProxySettings | undefined {
  const raw = readSingleLine(read, 'smtp-proxy');
  if (raw === '') return undefined;
  // Never quoted whole: it may hold a password (masked, but no one's business). Scheme and host only.
  const shown = URL.canParse(raw)
    ? `'${new URL(raw).protocol}//${new URL(raw).host}'`
    : 'a value that is not a URL';
  const expected = `expected http://host:port or http://user:password@host:port, got ${shown}`;
  if (!URL.canParse(raw)) throw inputError('smtp-proxy', expected);
  const url = new URL(raw);
  if (
    url.protocol !== 'http:' ||
    url.hostname === '' ||
    url.port === '' ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.hash
  ) {
    throw inputError(
      'smtp-proxy',
      expected,
      'The proxy is spoken to in plain HTTP (CONNECT); TLS to Exchange runs inside the tunnel and is verified end to end.',
    );
  }
  return toProxy(url);
}

export function parseDelivery(read: Read): DeliverySettings {
  const maxConnections = readInteger(read, 'max-connections', { min: 1, max: 3 }, 1);
  return Object.freeze({
    maxAttempts: readInteger(read, 'max-attempts', { min: 1, max: 10 }, 3),
    timeoutSeconds: readInteger(read, 'timeout-seconds', { min: 10, max: 3600 }, 300),
    // Exchange's default per-message limit is 500; an admin can lower it (never below 1) or raise it to 1000.
    maxRecipients: readInteger(read, 'max-recipients', { min: 1, max: 1000 }, 500),
    // Exchange allows 3 concurrent connections per mailbox; more only earns 432 4.3.2.
    maxConnections,
    // Exchange accepts 30 messages a minute per mailbox.
    rateLimit: readInteger(read, 'rate-limit', { min: 1, max: 30 }, 30),
    failOnRejected: readBoolean(read, 'fail-on-rejected', true),
    debug: readBoolean(read, 'debug', false),
  });
}
