// A tiny HTTPS client for tests that talk to the sandbox directly. node:https rather than fetch:
// it takes the sandbox CA through `ca`, so nothing has to loosen TLS verification.
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';

export interface JsonResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Parsed body, or undefined when it is not JSON. */
  json: unknown;
}

export interface JsonRequest {
  url: string;
  ca: string;
  /** Default GET, or POST with a body. */
  method?: string;
  form?: Record<string, string>;
  /** A raw body, sent as given (with `form`, the form wins). */
  body?: string | Buffer;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** An established TLS connection to send the request over (one through a proxy tunnel). */
  connection?: Duplex;
}

export function requestJson(req: JsonRequest): Promise<JsonResponse> {
  const body = req.form === undefined ? req.body : new URLSearchParams(req.form).toString();
  const headers: Record<string, string> = { ...req.headers };
  if (req.form !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded;charset=utf-8';
  return new Promise((resolve, reject) => {
    const request = https.request(
      req.url,
      {
        method: req.method ?? (body === undefined ? 'GET' : 'POST'),
        ca: [req.ca],
        headers,
        // With a connection of its own the request must not go through an agent, which would
        // open another one.
        ...(req.connection ? { createConnection: () => req.connection } : { agent: false }),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    request.setTimeout(req.timeoutMs ?? 10_000, () => request.destroy(new Error('request timed out')));
    request.on('error', reject);
    request.end(body);
  });
}

/** Narrows an unknown JSON body to a record, failing loudly otherwise. */
export function asRecord(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`expected a JSON object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}
