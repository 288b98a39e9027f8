// Reading a sendMail body without trusting its size, and decoding the base64 MIME form.
import type { IncomingMessage } from 'node:http';

export interface BoundedBody {
  /** Up to `limit` bytes; whatever came beyond the limit is counted, not kept. */
  bytes: Buffer;
  /** Bytes read off the socket. */
  size: number;
  overLimit: boolean;
  /** false when reading stopped before the end: the rest of the body is still unread. */
  complete: boolean;
}

/**
 * Reads a body of at most `limit` bytes. A body somewhat over it is still drained, so the client
 * reads the refusal on a connection in good order; past `limit + margin` reading stops and the
 * caller must close the connection after answering.
 */
export function readBounded(req: IncomingMessage, limit: number, margin: number): Promise<BoundedBody> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit + margin) {
    return Promise.resolve({ bytes: Buffer.alloc(0), size: 0, overLimit: true, complete: false });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (complete: boolean) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', reject);
      if (!complete) req.pause();
      resolve({ bytes: Buffer.concat(chunks), size, overLimit: size > limit, complete });
    };
    const onData = (chunk: Buffer) => {
      const room = limit - size;
      if (room > 0) chunks.push(chunk.subarray(0, room));
      size += chunk.length;
      if (size > limit + margin) settle(false);
    };
    const onEnd = () => settle(true);
    // A client that goes away mid-body: the caller finds the response destroyed and gives up.
    const onClose = () => settle(false);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.on('error', reject);
  });
}

/**
 * Decodes base64 the way .NET's Convert.FromBase64String does: line breaks, spaces and tabs are
 * ignored (so 76-column wrapped bodies work), anything else outside the alphabet, misplaced padding
 * or a length that is not a multiple of four is an error (undefined).
 */
export function decodeBase64Strict(body: Buffer): Buffer | undefined {
  const text = body.toString('latin1').replace(/[\t\n\r ]/g, '');
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

/** The media type without parameters, lower-cased ('' when absent). */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
