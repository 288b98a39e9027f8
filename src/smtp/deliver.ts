// Sends every batch exactly once if it can: one token, one pooled connection (at most
// max-connections), paced at rate-limit messages a minute, each send retried on transient failures
// within the step's deadline. A batch that succeeded is never sent again.
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
  const getToken = (fresh: boolean): Promise<AccessToken> =>
    withRetry('get an access token', () => o.tokens.getToken({ fresh }), budget, o.clock, o.log);

  let token = await getToken(false);
  const pool = new MailerPool(() =>
    o.mailers(o.smtp, token.token, {
      timeouts: o.timeouts,
      maxConnections: o.delivery.maxConnections,
      protocolLog: o.protocolLog,
    }),
  );
  const pacer = new Pacer(o.delivery.rateLimit, 60_000, o.clock);
  const sent: Sent[] = [];
  let renewedAfterRejection = false;

  // Concurrent senders that all find the token due share one renewal.
  let renewing: Promise<void> | undefined;
  const renew = (): Promise<void> => {
    renewing ??= getToken(true).then(
      (fresh) => {
        token = fresh;
        pool.retire();
        renewing = undefined;
      },
      (err: unknown) => {
        renewing = undefined;
        throw err;
      },
    );
    return renewing;
  };

  const queue = [...messages];
  const sendOne = async (message: OutgoingMessage, index: number): Promise<void> => {
    const label = queue.length === 1 ? 'send the message' : `send message ${index + 1} of ${queue.length}`;
    const delivery = await withRetry(
      label,
      async () => {
        if (needsRenewal(token, o.clock.now())) await renew();
        await pacer.wait(o.deadline);
        try {
          return await pool.use((mailer) => mailer.send(message));
        } catch (err) {
          // A 535 with a token at or past its end: one fresh token and one more try, outside max-attempts.
          if (isAuthRejection(err) && !renewedAfterRejection && needsRenewal(token, o.clock.now())) {
            renewedAfterRejection = true;
            o.log(
              'Exchange rejected a token close to its expiry; getting a fresh token and trying once more.',
            );
            await renew();
            return await pool.use((mailer) => mailer.send(message));
          }
          if (isAuthRejection(err)) o.onAuthRejected?.(token);
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
    await runLimited(queue, o.delivery.maxConnections, sendOne);
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
