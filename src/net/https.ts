// The action's HTTPS client (the token request, Microsoft Graph): a hard timeout on every request, the
// real network or TLS cause kept on the error (Node's fetch hides it behind "fetch failed"), the proxy
// the environment names (proxy.ts), and certificate verification always on, through a proxy too (a test
// CA is trusted through NODE_EXTRA_CA_CERTS, never by switching checks off).
import { request } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect } from 'node:tls';
import { openTunnel, proxyFromEnvironment, ProxyError, type Proxy } from './proxy.js';

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
}

/** A request that never reached an HTTP response: DNS, connect, TLS or timeout. */
export class TransportError extends Error {
  readonly code: string;
  constructor(message: string, code: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'TransportError';
    this.code = code;
  }
}

const MAX_BODY = 1024 * 1024;

export function httpsRequest(req: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(req.url);
    if (url.protocol !== 'https:') {
      reject(new TransportError(`refusing a non-https URL: ${url.origin}`, 'ERR_INSECURE_URL'));
      return;
    }
    const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
    const headers: Record<string, string> = { ...req.headers };
    if (body) headers['content-length'] = String(body.length);
    const proxy = proxyFromEnvironment(url);
    const outgoing = request(
      url,
      {
        method: req.method,
        headers,
        minVersion: 'TLSv1.2',
        timeout: req.timeoutMs,
        // No shared agent: one connection per request. Node uses createConnection only when no agent is
        // given at all (agent: false would make a fresh agent that ignores it).
        ...(proxy ? { createConnection: throughProxy(proxy, url, req.timeoutMs) } : { agent: false }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY) {
            res.destroy(
              new TransportError(`response from ${url.host} is larger than 1 MiB`, 'ERR_TOO_LARGE'),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (err) => reject(wrap(err, url)));
        res.on('end', () => {
          const flat: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined)
              flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: flat,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    const deadline = setTimeout(() => {
      outgoing.destroy(
        new TransportError(`no answer from ${url.host} within ${req.timeoutMs} ms`, 'ETIMEDOUT'),
      );
    }, req.timeoutMs);
    outgoing.on('close', () => clearTimeout(deadline));
    outgoing.on('timeout', () => {
      outgoing.destroy(
        new TransportError(`connection to ${url.host} went silent for ${req.timeoutMs} ms`, 'ETIMEDOUT'),
      );
    });
    outgoing.on('error', (err) => {
      // A request that never got a socket (a refused proxy tunnel) emits no 'close': the timer must not
      // keep the process alive after the failure was reported.
      clearTimeout(deadline);
      reject(wrap(err, url));
    });
    outgoing.end(body);
  });
}

type Connected = (err: Error | null, socket: Duplex) => void;

/** TLS to the real host, verified by its name, inside a CONNECT tunnel through the proxy. */
function throughProxy(proxy: Proxy, url: URL, timeoutMs: number) {
  return (_options: unknown, connected: Connected): undefined => {
    const port = url.port === '' ? 443 : Number(url.port);
    openTunnel(proxy, url.hostname, port, timeoutMs).then(
      (tunnel) => {
        connected(null, connect({ socket: tunnel, servername: url.hostname, minVersion: 'TLSv1.2' }));
      },
      (err: unknown) => {
        // No socket exists on this path; Node ignores the second argument when the first is an error.
        connected(err instanceof Error ? err : new Error(String(err)), undefined as unknown as Duplex);
      },
    );
    return undefined;
  };
}

function wrap(err: Error, url: URL): TransportError {
  if (err instanceof TransportError) return err;
  if (err instanceof ProxyError) return new TransportError(err.message, err.code, err);
  const code = (err as { code?: unknown }).code;
  const text = typeof code === 'string' ? code : 'ERR_NETWORK';
  return new TransportError(`${url.host}: ${err.message}`, text, err);
}
