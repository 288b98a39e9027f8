// The delivery stage, whatever the transport: every batch sent exactly once if it can be, paced at
// rate-limit messages a minute, each send retried on transient failures within the step's deadline.
// A batch that went out is never sent again.
//
// Every batch is handed to the transport at once (up to PIPELINE): it prepares the next message while
// the network waits and keeps to max-connections itself. After a permanent failure the messages not yet
// started are withdrawn.
import type { TokenSource } from '../auth/token-source.js';
import type { AccessToken } from '../auth/token.js';
import type { Clock } from '../clock.js';
import type { DeliverySettings } from '../config.js';
import { ActionError } from '../errors.js';
import type { OutgoingMessage } from '../message/index.js';
import { withRetry } from '../retry.js';
import type { Delivery, Transport } from '../transport/port.js';
import { Pacer } from './pacer.js';
import { recipientCount, splitDeferred } from './recipient-limit.js';
import { runLimited } from './run-limited.js';

/** Messages handed to the transport ahead of its sessions, bounding memory on very long lists. */
const PIPELINE = 32;

export interface DeliverOptions {
  readonly transport: Transport;
  readonly tokens: TokenSource;
  readonly delivery: DeliverySettings;
  readonly clock: Clock;
  /** Epoch ms: the step's time budget ends here. */
  readonly deadline: number;
  readonly log: (message: string) => void;
  /** Called with the token of a refusal its claims explain (535, 401, 403), to print them at debug level. */
  readonly onTokenRejected?: (token: AccessToken) => void;
}

export interface Sent {
  readonly message: OutgoingMessage;
  readonly delivery: Delivery;
}

/** Thrown when a batch fails for good; `sent` lists the batches that went out before it. */
export class PartialDeliveryError extends ActionError {
  constructor(
    readonly sent: readonly Sent[],
    readonly failure: ActionError,
  ) {
    super(failure.message, { code: failure.code, stage: failure.stage, hint: failure.hint, cause: failure });
  }
}

export async function deliverAll(messages: readonly OutgoingMessage[], o: DeliverOptions): Promise<Sent[]> {
  const budget = { maxAttempts: o.delivery.maxAttempts, deadline: o.deadline };
  const pacer = new Pacer(o.delivery.rateLimit, 60_000, o.clock, o.transport.stage ?? 'smtp');
  const withdraw = new AbortController();
  const sent: Sent[] = [];

  /** Starts the send, then waits for the token first, so a token failure is reported as such. */
  const attempt = async (message: OutgoingMessage): Promise<Delivery> => {
    const sending = o.transport.send(message, withdraw.signal);
    sending.catch(() => undefined);
    await o.tokens.get();
    try {
      return await sending;
    } catch (err) {
      const used = o.tokens.latest;
      if (err instanceof ActionError && err.explainToken && used) o.onTokenRejected?.(used);
      throw err;
    }
  };

  /** A refused token at or near its end: one fresh token and one more try, outside max-attempts. */
  const attemptRenewing = async (message: OutgoingMessage): Promise<Delivery> => {
    try {
      return await attempt(message);
    } catch (err) {
      if (!isTokenRejection(err)) throw err;
      const fresh = await o.tokens.freshAfterRejection();
      if (!fresh) throw err;
      o.log('The server refused a token at or near its expiry; trying once more with a fresh token.');
      o.transport.signInAgain();
      return await attempt(message);
    }
  };

  const queue = [...messages];
  const sendOne = async (message: OutgoingMessage, index: number): Promise<void> => {
    const label = queue.length === 1 ? 'send the message' : `send message ${index + 1} of ${queue.length}`;
    const delivery = await withRetry(
      label,
      async () => {
        await pacer.wait(o.deadline);
        return attemptRenewing(message);
      },
      budget,
      o.clock,
      o.log,
    );
    const { kept, followUp } = splitDeferred(message, delivery, queue.length);
    sent.push({ message, delivery: kept });
    if (followUp) {
      o.log(
        `The server accepted ${kept.accepted.length} recipients in one message (a tenant limit below max-recipients); sending the other ${recipientCount(followUp)} in another message. Set max-recipients to ${kept.accepted.length} to avoid the extra round trip.`,
      );
      queue.push(followUp);
    }
  };

  try {
    await runLimited(queue, PIPELINE, sendOne, () => {
      withdraw.abort();
    });
  } catch (err) {
    if (err instanceof ActionError && sent.length > 0) throw new PartialDeliveryError(sent, err);
    throw err;
  } finally {
    o.transport.close();
  }
  return sent.sort((a, b) => queue.indexOf(a.message) - queue.indexOf(b.message));
}

function isTokenRejection(err: unknown): boolean {
  return err instanceof ActionError && err.tokenRejected;
}
