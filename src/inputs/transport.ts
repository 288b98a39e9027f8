// Inputs of the road a message takes: `transport` (SMTP or Microsoft Graph), its endpoint, and the
// mailbox that sends. The other road's endpoint inputs are validated and otherwise ignored.
import { CLOUDS, type CloudName } from '../clouds.js';
import type { Address, ProxySettings, TransportKind, TransportSettings } from '../config.js';
import { toProxy } from '../net/proxy.js';
import { inputError } from '../errors.js';
import { readEnum, readHttpsOrigin, readInteger, readSingleLine, shorten, type Read } from './fields.js';
import { addressInput } from './message.js';

export const TRANSPORT_INPUTS = [
  'transport',
  'mailbox',
  'smtp-host',
  'smtp-port',
  'smtp-proxy',
  'graph-host',
] as const;

export const TRANSPORT_KINDS: readonly TransportKind[] = ['smtp', 'graph'];

export function readTransportKind(read: Read): TransportKind {
  return readEnum<TransportKind>(read, 'transport', TRANSPORT_KINDS, 'smtp');
}

/** Graph's origin: the `graph-host` input, else the cloud's. */
function readGraphHost(read: Read, cloud: CloudName): string {
  return readHttpsOrigin(read, 'graph-host', CLOUDS[cloud].graphHost);
}

/**
 * The token's scope when the `scope` input is empty: Exchange Online's for SMTP, `<graph-host>/.default`
 * for Graph (a token is good for one resource only, and Graph refuses an Exchange token with 401).
 */
export function defaultScope(read: Read, cloud: CloudName): string {
  return readTransportKind(read) === 'graph' ? `${readGraphHost(read, cloud)}/.default` : CLOUDS[cloud].scope;
}

export function parseTransport(
  read: Read,
  from: Address,
  cloud: CloudName,
  warnings: string[],
): TransportSettings {
  const kind = readTransportKind(read);
  const mailbox = read('mailbox') === '' ? from.address : addressInput(read, 'mailbox', false).address;
  // Both endpoints are validated whatever the road: a bad value is a mistake either way.
  const smtp = readSmtpEndpoint(read, cloud);
  const graphHost = readGraphHost(read, cloud);
  if (kind === 'graph') return Object.freeze({ kind, host: graphHost, mailbox });
  // A graph-host without transport: graph looks like a switch to Graph that did not happen. (The
  // reverse is harmless: a step keeps its smtp-host while it tries transport: graph.)
  if (read('graph-host') !== '') {
    warnings.push(
      'graph-host is ignored with transport: smtp; set transport: graph to send through Microsoft Graph',
    );
  }
  return Object.freeze({ kind, ...smtp, mailbox });
}

function readSmtpEndpoint(
  read: Read,
  cloud: CloudName,
): { host: string; port: number; proxy: ProxySettings | undefined } {
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
  return { host, port, proxy: smtpProxyInput(read) };
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
