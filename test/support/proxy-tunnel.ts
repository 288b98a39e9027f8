// A client side for the sandbox's CONNECT proxy: asks for a tunnel the way undici's ProxyAgent and
// nodemailer's proxy support do, then does TLS through it, verified against the sandbox CA.
import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import type { TLSSocket } from 'node:tls';

export interface TunnelAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The connection, now a tunnel when status is 200. The caller destroys it. */
  socket: Socket;
}

/** Sends `CONNECT target` to the proxy and returns its answer, whatever the status. */
export function openTunnel(
  proxyUrl: string,
  target: string,
  headers: Record<string, string> = {},
  timeoutMs = 5_000,
): Promise<TunnelAnswer> {
  const { hostname, port } = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: hostname,
      port,
      method: 'CONNECT',
      path: target,
      headers: { Host: target, ...headers },
      agent: false,
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`CONNECT ${target} timed out`)));
    req.once('connect', (res: http.IncomingMessage, socket: Socket, head: Buffer) => {
      req.setTimeout(0);
      // Bytes that came in with the answer (a server that speaks first) belong to the tunnel.
      if (head.length > 0) socket.unshift(head);
      resolve({ status: res.statusCode ?? 0, headers: res.headers, socket });
    });
    req.once('error', reject);
    req.end();
  });
}

/** TLS over an open tunnel, verified against `ca` for `servername`; rejects when verification fails. */
export function tlsOverTunnel(socket: Socket, servername: string, ca: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({ socket, servername, ca: [ca], minVersion: 'TLSv1.2' });
    secure.once('secureConnect', () => resolve(secure));
    secure.once('error', (err: Error) => {
      socket.destroy();
      reject(err);
    });
  });
}
