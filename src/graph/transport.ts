// The Microsoft Graph adapter behind the transport port: `POST {graph-host}/v1.0/users/{mailbox}/sendMail`
// in its MIME form (the composer's message, Bcc header kept, in base64, `Content-Type: text/plain`).
// One HTTPS request per message through the action's one HTTPS client, at most max-connections at
// once, each with a token from the TokenSource (which alone decides when to renew) and a fresh
// client-request-id. Retries, pacing and the one fresh token after a 401 are the delivery stage's.
import { randomUUID } from 'node:crypto';
import type { GraphSettings } from '../config.js';
import { graphRequestBody, type OutgoingMessage } from '../message/index.js';
import { httpsRequest, type HttpRequest, type HttpResponse } from '../net/https.js';
import { SendWithdrawn, type Delivery, type Transport, type TransportIo } from '../transport/port.js';
import { toGraphError, toGraphNetworkError, type GraphRequestContext } from './errors.js';
import { Slots } from './slots.js';

/** The adapter's collaborators; tests pass fakes. */
export interface GraphDeps {
  readonly request: (req: HttpRequest) => Promise<HttpResponse>;
  readonly newRequestId: () => string;
  readonly now: () => number;
}

const PRODUCTION: GraphDeps = { request: httpsRequest, newRequestId: randomUUID, now: Date.now };

export class GraphTransport implements Transport {
  private readonly slots: Slots;
  private readonly url: string;

  constructor(
    private readonly settings: GraphSettings,
    private readonly io: TransportIo,
    private readonly deps: GraphDeps = PRODUCTION,
  ) {
    // Graph allows a few concurrent mail requests per mailbox; more are answered 429.
    this.slots = new Slots(io.maxConnections);
    // `@` stays readable; anything else a local part may hold (`/`, `?`, `#`, `%`) is escaped.
    const id = encodeURIComponent(settings.mailbox).replace(/%40/g, '@');
    this.url = `${settings.host}/v1.0/users/${id}/sendMail`;
  }

  readonly stage = 'graph';

  async send(message: OutgoingMessage, signal?: AbortSignal): Promise<Delivery> {
    const release = await this.slots.acquire(signal);
    try {
      // Withdrawn while it waited for a slot: another message failed for good.
      if (signal?.aborted) throw new SendWithdrawn();
      const body = await graphRequestBody(message);
      const { token } = await this.io.tokens.get();
      return await this.post(message, body, token);
    } finally {
      release();
    }
  }

  /** Graph requests hold no session: a renewed token is simply used by the next request. */
  signInAgain(): void {
    // Nothing to end.
  }

  close(): void {
    // Nothing stays open: every request has its own connection.
  }

  private async post(message: OutgoingMessage, body: string, token: string): Promise<Delivery> {
    const clientRequestId = this.deps.newRequestId();
    const context: GraphRequestContext = {
      host: this.settings.host,
      mailbox: this.settings.mailbox,
      from: message.from.address,
      clientRequestId,
      now: this.deps.now(),
    };
    const log = this.io.protocolLog;
    log?.(`graph: POST ${this.url} (${body.length} bytes, client-request-id ${clientRequestId})`);
    let res: HttpResponse;
    try {
      res = await this.deps.request({
        method: 'POST',
        url: this.url,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'text/plain',
          'client-request-id': clientRequestId,
        },
        body,
        // The upload and Exchange's work on the message both happen before the answer.
        timeoutMs: this.io.timeouts.socketMs,
      });
    } catch (err) {
      const error = toGraphNetworkError(err, context);
      log?.(`graph: no answer: ${error.message.split('\n')[0] ?? ''}`);
      throw error;
    }
    const ids = `request-id ${res.headers['request-id'] ?? '(none)'}, client-request-id ${clientRequestId}`;
    log?.(`graph: ${res.status} (${ids}, date ${res.headers.date ?? '(none)'})`);
    const diagnostic = res.headers['x-ms-ags-diagnostic'];
    if (diagnostic !== undefined) this.io.debug(`Graph x-ms-ags-diagnostic: ${diagnostic}`);
    if (res.status !== 202) throw toGraphError(res, { ...context, now: this.deps.now() });
    return {
      // Graph answers 202 with no body: no id comes back, so the output is the id the action set.
      messageId: message.messageId,
      // Graph has no envelope and refuses no single recipient here; bad ones bounce later.
      accepted: [...message.to, ...message.cc, ...message.bcc].map((a) => a.address),
      rejected: [],
      deferred: [],
      response: `202 Accepted (${ids})`,
    };
  }
}
