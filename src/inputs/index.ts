// parseInputs: the only code that reads action inputs. Pure apart from `mask`, which registers
// a secret with the runner the moment it is read.
import { CLOUDS } from '../auth/clouds.js';
import type { AuthSettings, Config, MessageSettings, SmtpSettings } from '../config.js';
import { inputError } from '../errors.js';
import { AddressError, parseAddress, parseAddressList, type Address } from './addresses.js';
import {
  readBoolean,
  readEnum,
  readHttpsOrigin,
  readInteger,
  readRequired,
  readSingleLine,
  shorten,
  type Read,
} from './fields.js';

export type { Read };
export type Mask = (secret: string) => void;

/** Every input the action reads; a test checks this list against action.yml. */
export const INPUT_NAMES = [
  'tenant-id',
  'client-id',
  'client-secret',
  'from',
  'mailbox',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'body',
  'html-body',
  'priority',
  'authority-host',
  'smtp-host',
  'smtp-port',
  'scope',
  'dry-run',
] as const;

export type InputName = (typeof INPUT_NAMES)[number];

export function parseInputs(read: (name: InputName) => string, mask: Mask): Readonly<Config> {
  const get = read as Read;
  const dryRun = readBoolean(get, 'dry-run', false);
  const message = parseMessage(get);
  const smtp = parseSmtp(get, message.from);
  const auth = parseAuth(get, mask, dryRun);
  const config: Config = { dryRun, auth, smtp, message };
  return Object.freeze(config);
}

function parseMessage(read: Read): MessageSettings {
  const from = addressInput(read, 'from', true);
  const to = listInput(read, 'to');
  const cc = listInput(read, 'cc');
  const bcc = listInput(read, 'bcc');
  if (to.length + cc.length + bcc.length === 0) {
    throw inputError('to', 'no recipient: set at least one address in to, cc or bcc');
  }
  const body = read('body');
  const htmlBody = read('html-body');
  return Object.freeze({
    from,
    replyTo: listInput(read, 'reply-to'),
    to,
    cc,
    bcc,
    subject: collapseLineBreaks(read('subject')),
    body,
    htmlBody,
    priority: readEnum(read, 'priority', ['high', 'normal', 'low'], 'normal'),
  });
}

function parseSmtp(read: Read, from: Address): SmtpSettings {
  const host = readSingleLine(read, 'smtp-host') || CLOUDS.public.smtpHost;
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
  const mailboxInput = read('mailbox');
  const mailbox = mailboxInput === '' ? from.address : addressInput(read, 'mailbox', false).address;
  return Object.freeze({ host, port, mailbox });
}

function parseAuth(read: Read, mask: Mask, dryRun: boolean): AuthSettings | undefined {
  // Read and mask the secret before anything could print it, even when it will not be used.
  const secret = read('client-secret');
  mask(secret);
  const authorityHost = readHttpsOrigin(read, 'authority-host', CLOUDS.public.authorityHost);
  const scope = readSingleLine(read, 'scope') || CLOUDS.public.scope;
  if (!/^https:\/\/[^\s/]+\/\.default$/.test(scope)) {
    throw inputError(
      'scope',
      `expected a resource followed by /.default, such as ${CLOUDS.public.scope}, got '${shorten(scope)}'`,
      'App-only tokens use the .default scope; permissions such as SMTP.SendAsApp are granted on the app registration, not requested here.',
    );
  }
  const given = [read('tenant-id'), read('client-id'), secret].some((value) => value !== '');
  if (dryRun && !given) return undefined;
  const why = dryRun
    ? 'once any credential input is set'
    : 'to sign in (use dry-run: true to render without signing in)';
  const tenantId = tenantInput(readRequired(read, 'tenant-id', why));
  const clientId = guidInput(
    'client-id',
    readRequired(read, 'client-id', why),
    'the Application (client) ID',
  );
  if (secret === '') {
    throw inputError(
      'client-secret',
      `required ${why}, but it is empty`,
      'Pass the secret VALUE (not its ID) from a repository secret: client-secret: ${{ secrets.M365_CLIENT_SECRET }}. An empty value usually means the secret is not available to this workflow run.',
    );
  }
  return Object.freeze({
    tenantId,
    clientId,
    authorityHost,
    scope,
    credential: { kind: 'client-secret' as const, secret },
  });
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN =
  /^(?=.{4,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

function tenantInput(value: string): string {
  if (['common', 'organizations', 'consumers'].includes(value.toLowerCase())) {
    throw inputError(
      'tenant-id',
      `'${value}' is a multi-tenant alias; app-only tokens need your own tenant`,
      'Use the Directory (tenant) ID from the app registration overview, or your tenant domain such as contoso.onmicrosoft.com.',
    );
  }
  if (!GUID.test(value) && !DOMAIN.test(value)) {
    throw inputError(
      'tenant-id',
      `expected a Directory (tenant) ID (GUID) or a tenant domain such as contoso.onmicrosoft.com, got '${shorten(value)}'`,
    );
  }
  return value;
}

function guidInput(name: string, value: string, what: string): string {
  if (!GUID.test(value)) {
    throw inputError(
      name,
      `expected ${what}, a GUID like 00000000-0000-0000-0000-000000000000, got '${shorten(value)}'`,
    );
  }
  return value;
}

function addressInput(read: Read, name: string, required: boolean): Address {
  const raw = required ? readRequired(read, name, 'to send mail') : read(name);
  try {
    return parseAddress(raw);
  } catch (err) {
    if (err instanceof AddressError) throw inputError(name, err.message);
    throw err;
  }
}

function listInput(read: Read, name: string): Address[] {
  try {
    return parseAddressList(read(name));
  } catch (err) {
    if (err instanceof AddressError) throw inputError(name, err.message);
    throw err;
  }
}

/** Subjects arrive from `${{ }}` expressions with stray line breaks; a header cannot hold them. */
export function collapseLineBreaks(value: string): string {
  return value
    .replace(/[ ]*[\r\n\t\v\f\u0085\u2028\u2029]+[ ]*/g, ' ')
    .replace(/[\p{Cc}]/gu, '')
    .trim();
}
