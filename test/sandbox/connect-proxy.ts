// An HTTP CONNECT proxy for tests of the action's proxy support: it only ever opens tunnels, so
// the client does TLS end to end with the sandbox server and the proxy never sees plaintext. Host
// names are routed to sandbox ports by a table (no DNS is involved), a target the table does not
// know gets 502, which is how a test notices a connection the action should not have made.
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Resources } from './lifecycle.js';

export interface ConnectProxyOptions {
  /** Requested 'host:port' (host case-insensitive) -> port on 127.0.0.1. */
  routes?: Record<string, number>;
  /** When set, a CONNECT needs `Proxy-Authorization: Basic` with exactly these, or gets 407. */
  credentials?: { username: string; password: string };
  /** 'host:port' targets refused with 403, as a corporate proxy's block list would. */
  deny?: string[];
  /** Wait this long before answering each CONNECT (a slow proxy). */
  connectDelayMs?: number;
}

export interface TunnelRecord {
  /** As requested, host lower-cased: 'login.microsoftonline.com:443' ('(malformed)' if not host:port). */
  target: string;
  /** Status the proxy answered; 0 while the CONNECT is still pending. */
  status: number;
  /** True when the request carried the configured credentials. Credentials are never recorded. */
  authenticated: boolean;
}

export interface ConnectProxy {
  url: string;
  port: number;
  /** One record per CONNECT, in arrival order. */
  tunnels: TunnelRecord[];
  close(): Promise<void>;
}

const UPSTREAM_CONNECT_TIMEOUT_MS = 5_000;
const REASONS: Record<number, string> = {
  200: 'Connection Established',
  400: 'Bad Request',
  403: 'Forbidden',
  407: 'Proxy Authentication Required',
  502: 'Bad Gateway',
};

/** 'Host:443' -> 'host:443'; undefined when it is not host:port with a valid port. */
function normalizeTarget(requested: string): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^\s:/@[\]]+):(\d{1,5})$/i.exec(requested);
  const [, host, port] = match ?? [];
  if (host === undefined || port === undefined) return undefined;
  const portNumber = Number(port);
  return portNumber >= 1 && portNumber <= 65_535 ? `${host.toLowerCase()}:${portNumber}` : undefined;
}

function sameBytes(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function hasCredentials(req: IncomingMessage, expected: { username: string; password: string }): boolean {
  const [scheme, encoded] = (req.headers['proxy-authorization'] ?? '').split(/\s+/, 2);
  if (scheme?.toLowerCase() !== 'basic' || encoded === undefined) return false;
  const presented = Buffer.from(encoded, 'base64').toString('utf8');
  return sameBytes(presented, `${expected.username}:${expected.password}`);
}

/** Answers a CONNECT with a bodiless status; anything but 200 then closes the connection. */
function answer(socket: Duplex, status: number, headers: Record<string, string> = {}): void {
  if (socket.destroyed) return;
  const head = [`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}`];
  if (status !== 200) Object.assign(headers, { 'Content-Length': '0', Connection: 'close' });
  for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
  const text = head.join('\r\n') + '\r\n\r\n';
  if (status === 200) socket.write(text);
  else socket.end(text);
}

/** Pipes both ways; an error on either side ends both, a close ends the other side's writing. */
function splice(a: Duplex, b: Duplex): void {
  a.pipe(b);
  b.pipe(a);
  for (const [one, other] of [
    [a, b],
    [b, a],
  ] as const) {
    one.on('error', () => other.destroy());
    one.once('close', () => {
      if (!other.writableEnded) other.end();
    });
  }
}

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const resources = new Resources();
  const tunnels: TunnelRecord[] = [];
  const routes = new Map<string, number>();
  for (const [target, port] of Object.entries(options.routes ?? {})) {
    const key = normalizeTarget(target);
    if (key === undefined) throw new Error(`connect proxy: route '${target}' is not host:port`);
    routes.set(key, port);
  }
  const denied = new Set((options.deny ?? []).map((t) => normalizeTarget(t) ?? t));

  /** The 127.0.0.1 port a target leads to, or undefined for a target the proxy cannot reach. */
  function resolve(target: string): number | undefined {
    const loopback = /^127\.0\.0\.1:(\d+)$/.exec(target);
    return loopback ? Number(loopback[1]) : routes.get(target);
  }

  function decide(target: string | undefined, authenticated: boolean): { refuse: number } | { port: number } {
    if (target === undefined) return { refuse: 400 };
    // Authentication first, as real proxies do: an anonymous client learns nothing about targets.
    if (options.credentials !== undefined && !authenticated) return { refuse: 407 };
    if (denied.has(target)) return { refuse: 403 };
    const port = resolve(target);
    return port === undefined ? { refuse: 502 } : { port };
  }

  function tunnel(client: Duplex, head: Buffer, port: number, record: TunnelRecord): void {
    const upstream = net.connect({ host: '127.0.0.1', port });
    resources.trackSocket(upstream);
    upstream.setTimeout(UPSTREAM_CONNECT_TIMEOUT_MS, () => upstream.destroy());
    upstream.once('error', () => undefined);
    upstream.once('close', () => {
      // Refused, unreachable or timed out before the tunnel stood: the client gets a 502.
      if (record.status !== 0 || client.destroyed) return;
      record.status = 502;
      answer(client, 502);
    });
    upstream.once('connect', () => {
      upstream.setTimeout(0);
      if (client.destroyed) {
        upstream.destroy();
        return;
      }
      record.status = 200;
      answer(client, 200);
      // Bytes the client sent right behind the CONNECT (a TLS ClientHello) belong upstream.
      if (head.length > 0) upstream.write(head);
      splice(client, upstream);
    });
  }

  async function handleConnect(req: IncomingMessage, client: Duplex, head: Buffer): Promise<void> {
    const requested = req.url ?? '';
    const target = normalizeTarget(requested);
    const authenticated = options.credentials !== undefined && hasCredentials(req, options.credentials);
    // A malformed target is not echoed: it could be 'user:password@host', and records never hold secrets.
    const record: TunnelRecord = { target: target ?? '(malformed)', status: 0, authenticated };
    tunnels.push(record);
    client.on('error', () => undefined);
    await resources.sleep(options.connectDelayMs ?? 0);
    if (client.destroyed || resources.isStopped) return;
    const decision = decide(target, authenticated);
    if ('port' in decision) {
      tunnel(client, head, decision.port, record);
      return;
    }
    record.status = decision.refuse;
    answer(
      client,
      decision.refuse,
      decision.refuse === 407 ? { 'Proxy-Authenticate': 'Basic realm="sandbox"' } : {},
    );
  }

  const server = http.createServer((req, res) => {
    res.writeHead(405, { Allow: 'CONNECT', 'Content-Length': '0', Connection: 'close' });
    res.end();
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.on('connection', (socket: net.Socket) => resources.trackSocket(socket));
  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    handleConnect(req, client, head).catch(() => client.destroy());
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    tunnels,
    close() {
      closed ??= new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
        resources.destroyAll();
      });
      return closed;
    },
  };
}
