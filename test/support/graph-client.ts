// A client for tests that drive the Graph stand-in directly: sendMail requests in the MIME form,
// over node:https trusting only the sandbox CA, plus a token for the Graph scope.
import { GRAPH_SCOPE } from '../sandbox/index.js';
import type { Sandbox } from '../sandbox/index.js';
import { requestJson, type JsonResponse } from './https-json.js';
import { requestToken } from './sandbox-clients.js';

/** `json` is undefined when the body is not JSON (a 202 has none). */
export type GraphResponse = JsonResponse;

export interface SendMailRequest {
  /** Bearer token; omitted: no Authorization header. */
  token?: string;
  /** The `{id}` of /v1.0/users/{id}/sendMail; default the sandbox mailbox. */
  mailbox?: string;
  body: string | Buffer;
  contentType?: string;
  clientRequestId?: string;
  method?: string;
  /** Replaces the whole path. */
  path?: string;
}

export function sendMail(sb: Sandbox, r: SendMailRequest): Promise<GraphResponse> {
  const path = r.path ?? `/v1.0/users/${encodeURIComponent(r.mailbox ?? sb.mailbox)}/sendMail`;
  const headers: Record<string, string> = { 'Content-Type': r.contentType ?? 'text/plain' };
  if (r.token !== undefined) headers.Authorization = `Bearer ${r.token}`;
  if (r.clientRequestId !== undefined) headers['client-request-id'] = r.clientRequestId;
  return requestJson({
    url: `${sb.graphHost}${path}`,
    ca: sb.caPem,
    method: r.method ?? 'POST',
    headers,
    body: r.body,
  });
}

/** The MIME form of sendMail: base64, wrapped at 76 columns with CRLF like Microsoft's example. */
export function mimeBody(mime: string | Buffer, wrap = 76): string {
  const encoded = Buffer.from(mime).toString('base64');
  return wrap > 0 ? (encoded.match(new RegExp(`.{1,${wrap}}`, 'g')) ?? []).join('\r\n') : encoded;
}

export async function graphToken(sb: Sandbox): Promise<string> {
  const res = await requestToken(sb, { scope: GRAPH_SCOPE });
  const token = res.body.access_token;
  if (res.status !== 200 || typeof token !== 'string') throw new Error(`token request failed: ${res.text}`);
  return token;
}

/** `error.code` and `error.message` of a Graph error body. */
export function graphError(res: GraphResponse): { code: unknown; message: unknown } {
  const body = res.json as { error?: { code?: unknown; message?: unknown } } | undefined;
  return { code: body?.error?.code, message: body?.error?.message };
}
