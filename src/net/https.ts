// A small HTTPS client for the token and ID-token requests: a hard timeout on every request, the real
// network or TLS cause kept on the error (Node's fetch hides it behind "fetch failed"), and certificate
// verification always on (a test CA is trusted through NODE_EXTRA_CA_CERTS, never by switching checks off).
import { request } from 'node:https';

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
    const outgoing = request(
      url,
      { method: req.method, headers, minVersion: 'TLSv1.2', timeout: req.timeoutMs, agent: false },
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
    outgoing.on('error', (err) => reject(wrap(err, url)));
    outgoing.end(body);
  });
}

function wrap(err: Error, url: URL): TransportError {
  if (err instanceof TransportError) return err;
  const code = (err as { code?: unknown }).code;
  const text = typeof code === 'string' ? code : 'ERR_NETWORK';
  return new TransportError(`${url.host}: ${err.message}`, text, err);
}
