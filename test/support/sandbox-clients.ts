// Clients for tests that drive the sandbox directly: token requests shaped like msal-node's and a
// nodemailer transport configured the way the action must configure it for Exchange Online.
import nodemailer from 'nodemailer';
import type { Sandbox } from '../sandbox/index.js';
import { asRecord, requestJson } from './https-json.js';
import type { JsonResponse } from './https-json.js';

export const EXCHANGE_SCOPE = 'https://outlook.office365.com/.default';

export interface TokenCall extends JsonResponse {
  body: Record<string, unknown>;
}

/** POSTs a client-credentials request; `form` overrides (or, with undefined, removes) fields. */
export async function requestToken(
  sb: Sandbox,
  form: Record<string, string | undefined> = {},
  tenant = sb.tenantId,
): Promise<TokenCall> {
  const fields: Record<string, string | undefined> = {
    client_id: sb.clientId,
    scope: EXCHANGE_SCOPE,
    grant_type: 'client_credentials',
    client_secret: sb.clientSecret,
    ...form,
  };
  const res = await requestJson({
    url: `${sb.authorityHost}/${tenant}/oauth2/v2.0/token`,
    ca: sb.caPem,
    form: Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined)),
  });
  return { ...res, body: asRecord(res.json) };
}

export async function accessToken(sb: Sandbox): Promise<string> {
  const res = await requestToken(sb);
  const token = res.body.access_token;
  if (res.status !== 200 || typeof token !== 'string') throw new Error(`token request failed: ${res.text}`);
  return token;
}

export interface TransportOptions {
  user?: string;
  accessToken: string;
  forceAuth?: boolean;
  ca?: string;
}

/** STARTTLS required, XOAUTH2 forced, tight timeouts, trusting only the given CA. */
export function exchangeTransport(sb: Sandbox, o: TransportOptions) {
  return nodemailer.createTransport({
    host: sb.smtpHost,
    port: sb.smtpPort,
    secure: false,
    requireTLS: true,
    forceAuth: o.forceAuth ?? true,
    tls: { ca: [o.ca ?? sb.caPem], minVersion: 'TLSv1.2' },
    auth: { type: 'OAuth2', user: o.user ?? sb.mailbox, accessToken: o.accessToken },
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 5_000,
  });
}

export function decodeJwtClaims(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  return asRecord(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
}
