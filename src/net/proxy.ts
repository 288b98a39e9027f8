// Proxies, the runner's way. Which requests go through a proxy is decided by the toolkit's own rules
// (@actions/http-client's getProxyUrl: https_proxy/HTTPS_PROXY for https URLs, no_proxy/NO_PROXY with host
// names, host:port, domain suffixes and `*`, loopback always direct), so the action agrees with the
// runner and every toolkit-based step. The tunnel itself is an HTTP CONNECT through Node's own client:
// the proxy only sees the host and port, TLS runs end to end with the real host (and is verified), and a
// refusal arrives as a status code the error can name (the toolkit's tunnel hides it in message text).
import http from 'node:http';
import type { Socket } from 'node:net';
import { getProxyUrl } from '@actions/http-client/lib/proxy';
import type { ProxySettings } from '../config.js';

/** scheme://host:port (`shown`, never the credentials), and `Basic ...` when the URL carries them. */
export type Proxy = ProxySettings;

/** The proxy refused or failed the tunnel; `status` is its answer when it gave one. */
export class ProxyError extends Error {
  readonly code = 'EPROXY';
  constructor(
    readonly proxy: string,
    readonly target: string,
    readonly answer: string,
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      `the proxy ${proxy} ${status === undefined ? 'failed' : 'refused'} the tunnel to ${target}: ${answer}`,
      options,
    );
    this.name = 'ProxyError';
  }
}

/** A proxy URL (`http://[user:password@]host:port`) as the action uses it; throws a plain Error on a bad one. */
export function toProxy(url: URL): Proxy {
  if (url.protocol !== 'http:') {
    throw new Error(
      `only http:// proxies are supported (the tunnel itself carries TLS), got ${url.protocol}//`,
    );
  }
  const port = url.port === '' ? 80 : Number(url.port);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  return {
    shown: `http://${url.host}`,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    authorization:
      user || password ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined,
  };
}

/** The proxy the environment names for an https request to `target`, or undefined to go direct. */
export function proxyFromEnvironment(target: URL): Proxy | undefined {
  const url = getProxyUrl(target);
  return url === undefined ? undefined : toProxy(url);
}

/** The secrets a proxy URL holds (its password, and the header built from it), to mask. */
export function proxySecrets(raw: string): string[] {
  if (!URL.canParse(raw)) return [];
  const url = new URL(raw);
  const password = decodeURIComponent(url.password);
  if (password === '') return [];
  const user = decodeURIComponent(url.username);
  return [password, Buffer.from(`${user}:${password}`).toString('base64')];
}

/** Opens an HTTP CONNECT tunnel to host:port through the proxy; the socket is the raw tunnel. */
export function openTunnel(proxy: Proxy, host: string, port: number, timeoutMs: number): Promise<Socket> {
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: proxy.host,
      port: proxy.port,
      method: 'CONNECT',
      path: target,
      agent: false,
      timeout: timeoutMs,
      headers: {
        host: target,
        ...(proxy.authorization ? { 'proxy-authorization': proxy.authorization } : {}),
      },
    });
    const timer = setTimeout(() => {
      request.destroy(new ProxyError(proxy.shown, target, `no answer within ${timeoutMs} ms`, undefined));
    }, timeoutMs);
    request.once('connect', (response, socket, head) => {
      clearTimeout(timer);
      const status = response.statusCode ?? 0;
      if (status !== 200) {
        socket.destroy();
        reject(
          new ProxyError(proxy.shown, target, `${status} ${response.statusMessage ?? ''}`.trim(), status),
        );
        return;
      }
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    request.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        err instanceof ProxyError
          ? err
          : new ProxyError(proxy.shown, target, err.code ?? err.message, undefined, { cause: err }),
      );
    });
    request.end();
  });
}
