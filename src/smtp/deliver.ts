// Sends every batch exactly once if it can: one token, one pooled connection (at most
// max-connections), paced at rate-limit messages a minute, each send retried on transient failures
// within the step's deadline. A batch that succeeded is never sent again.
//
// The first connection is set up (TCP, greeting, STARTTLS) while the token request is in flight: the
// token is needed only when the connection signs in. Every batch is handed to the pool at once (up to
// PIPELINE messages): nodemailer prepares each message (address handling, 500 recipients is real CPU)
// while the network waits, and the next transaction starts the moment the previous one ends. After a
// permanent failure the messages the pool has not started are withdrawn.
import { needsRenewal, type AccessToken, type TokenProvider } from '../auth/token.js';
import type { Clock } from '../clock.js';
import type { DeliverySettings, SmtpSettings } from '../config.js';
import { ActionError } from '../errors.js';
import type { OutgoingMessage } from '../message/types.js';
import { withRetry } from '../retry.js';
import type { Delivery, MailerFactory } from './mailer.js';
import { MailerPool, runLimited } from './mailer-pool.js';
import type { TransportTimeouts } from './options.js';
import { Pacer } from './pacer.js';
import { recipientCount, splitTooManyRecipients } from './recipient-limit.js';

/** Messages handed to the pool ahead of the connections, bounding memory on very long lists. */
const PIPELINE = 32;

export interface DeliverOptions {
  readonly smtp: SmtpSettings;
  readonly delivery: DeliverySettings;
  readonly tokens: TokenProvider;
  readonly mailers: MailerFactory;
  readonly clock: Clock;
  /** Epoch ms: the step's time budget ends here. */
  readonly deadline: number;
  readonly timeouts: TransportTimeouts;
  readonly log: (message: string) => void;
  /** Called with the rejected token on a 535, to print its decoded claims at debug level. */
  readonly onAuthRejected?: (token: AccessToken) => void;
  readonly protocolLog?: (line: string) => void;
  readonly mask: (secret: string) => void;
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
  const requestToken = (fresh: boolean): Promise<AccessToken> =>
    withRetry('get an access token', () => o.tokens.getToken({ fresh }), budget, o.clock, o.log);

  // The token in use, possibly still on its way; a failed request stays the answer until renewed.
  let latest: AccessToken | undefined;
  let pending = false;
  let token: Promise<AccessToken> | undefined;
  const fetchToken = (fresh: boolean): Promise<AccessToken> => {
    pending = true;
    token = requestToken(fresh).then(
      (t) => {
        latest = t;
        pending = false;
        return t;
      },
      (err: unknown) => {
        pending = false;
        throw err;
      },
    );
    token.catch(() => undefined); // observed where it is awaited; never an unhandled rejection meanwhile
    return token;
  };
  /** What a connection signs in with: a token due for renewal is renewed first (once, shared). */
  const currentToken = (): Promise<AccessToken> => {
    // The first request starts here, after the first send has asked for its connection: the SMTP code
    // loads and the connection is set up while msal loads and the token request is in flight.
    if (token === undefined) return fetchToken(false);
    if (!pending && latest && needsRenewal(latest, o.clock.now())) return fetchToken(true);
    return token;
  };

  const pool = new MailerPool(() =>
    o.mailers(o.smtp, currentToken, {
      timeouts: o.timeouts,
      maxConnections: o.delivery.maxConnections,
      protocolLog: o.protocolLog,
      mask: o.mask,
    }),
  );
  const pacer = new Pacer(o.delivery.rateLimit, 60_000, o.clock);
  const withdraw = new AbortController();
  const sent: Sent[] = [];
  let renewedAfterRejection = false;

  /** Starts the send, then waits for the token first, so a token failure is reported as such. */
  const attempt = async (message: OutgoingMessage): Promise<Delivery> => {
    const sending = pool.use((mailer) => mailer.send(message, withdraw.signal));
    sending.catch(() => undefined);
    const current = await currentToken();
    try {
      return await sending;
    } catch (err) {
      if (isAuthRejection(err)) o.onAuthRejected?.(current);
      throw err;
    }
  };

  const queue = [...messages];
  const sendOne = async (message: OutgoingMessage, index: number): Promise<void> => {
    const label = queue.length === 1 ? 'send the message' : `send message ${index + 1} of ${queue.length}`;
    const delivery = await withRetry(
      label,
      async () => {
        await pacer.wait(o.deadline);
        try {
          return await attempt(message);
        } catch (err) {
          // A 535 with a token at or past its end: one fresh token and one more try, outside max-attempts.
          // `latest` is the token the connection signed in with (asking currentToken() would renew it).
          const used = latest;
          if (isAuthRejection(err) && !renewedAfterRejection && used && needsRenewal(used, o.clock.now())) {
            renewedAfterRejection = true;
            o.log(
              'Exchange rejected a token close to its expiry; getting a fresh token and trying once more.',
            );
            await fetchToken(true);
            pool.retire(); // connections signed in with the old token go; new ones ask for the new one
            return await attempt(message);
          }
          throw err;
        }
      },
      budget,
      o.clock,
      o.log,
    );
    const { kept, followUp } = splitTooManyRecipients(message, delivery, queue.length);
    sent.push({ message, delivery: kept });
    if (followUp) {
      o.log(
        `Exchange accepted ${kept.accepted.length} recipients in one message (a tenant limit below max-recipients); sending the other ${recipientCount(followUp)} in another message. Set max-recipients to ${kept.accepted.length} to avoid the extra round trip.`,
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
    pool.retire();
  }
  return sent.sort((a, b) => queue.indexOf(a.message) - queue.indexOf(b.message));
}

function isAuthRejection(err: unknown): boolean {
  return err instanceof ActionError && err.code.startsWith('SMTP 535');
}
