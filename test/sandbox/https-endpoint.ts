// Shared plumbing of the two HTTPS stand-ins (Entra, GitHub's ID-token service): a loopback-only
// TLS 1.2+ server whose sockets are tracked, bounded request bodies, JSON replies.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerIdentity } from './ca.js';
import type { Resources } from './lifecycle.js';

const MAX_BODY_BYTES = 64 * 1024;

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpsEndpoint {
  origin: string;
  port: number;
  close(): Promise<void>;
}

export async function startHttpsEndpoint(
  identity: ServerIdentity,
  resources: Resources,
  handler: Handler,
): Promise<HttpsEndpoint> {
  const server = https.createServer(
    { key: identity.keyPem, cert: identity.certPem, minVersion: 'TLSv1.2' },
    (req, res) => {
      Promise.resolve()
        .then(() => handler(req, res))
        .catch((err: unknown) => {
          // A sandbox bug must show up as a loud 500, never as a hung request.
          if (!res.headersSent) sendJson(res, 500, { error: 'sandbox_error', message: String(err) });
          else res.destroy();
        });
    },
  );
  // Bounds for clients that stall; keep-alive sockets are destroyed by stop() anyway.
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => resources.trackSocket(socket));
  // A client that rejects our certificate aborts the handshake: expected in the TLS tests.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export class BodyTooLargeError extends Error {}

/** Reads a request body, refusing anything larger than a token request could ever be. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(payload)),
    'Cache-Control': 'no-store, no-cache',
    Pragma: 'no-cache',
    ...headers,
  });
  res.end(payload);
}
