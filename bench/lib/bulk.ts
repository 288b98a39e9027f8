// The 2,000-recipient check, read from the sandbox's own records (what Exchange would see), not
// from the action's output: how many messages, tokens and connections, and how much time the
// client spends per message compared with the server's own time per transaction.
import type { Sandbox } from '../../test/sandbox/index.js';
import { round } from './stats.js';

export const BULK_RECIPIENTS = 2_000;
export const BULK_MAX_PER_MESSAGE = 500;
export const BULK_EXPECTED_MESSAGES = Math.ceil(BULK_RECIPIENTS / BULK_MAX_PER_MESSAGE);

export function bulkAddresses(count = BULK_RECIPIENTS): string[] {
  return Array.from({ length: count }, (_, i) => `r${String(i + 1).padStart(4, '0')}@contoso.example`);
}

export interface BulkFigures {
  messages: number;
  largestMessage: number;
  /** Addresses of the list delivered exactly once / more than once / never. */
  deliveredOnce: number;
  duplicated: number;
  missing: number;
  tokenRequests: number;
  connections: number;
  /** First MAIL FROM to last DATA reply, as the server saw them (ms). */
  spanMs: number;
  /** Mean of the server's MAIL FROM -> DATA reply time per message (ms). */
  meanTransactionMs: number;
  /** Mean idle time on the connection between one DATA reply and the next MAIL FROM (ms). */
  gapMs: number;
  /** spanMs / messages: the wall time each message takes, gaps between transactions included. */
  perMessageMs: number;
  /** perMessageMs / meanTransactionMs: 1.0 means the client adds nothing between transactions. */
  ratio: number;
  /** The structural part (messages, per-message cap, each address once, 1 token, 1 connection) holds. */
  shapeHolds: boolean;
}

type Records = Pick<Sandbox, 'delivered' | 'tokenRequests' | 'connections'>;

export function bulkFigures(sb: Records, expected: readonly string[]): BulkFigures {
  const messages = sb.delivered.filter((m) => m.acknowledged);
  const counts = new Map<string, number>(expected.map((a) => [a.toLowerCase(), 0]));
  for (const m of messages) {
    for (const a of m.envelope.to) counts.set(a.toLowerCase(), (counts.get(a.toLowerCase()) ?? 0) + 1);
  }
  const tally = [...counts.values()];
  // receivedAt is stamped as the DATA reply is about to go out; transactionMs reaches back to MAIL FROM.
  const starts = messages.map((m) => m.receivedAt - m.transactionMs);
  const ends = messages.map((m) => m.receivedAt);
  const spanMs = messages.length > 0 ? Math.max(...ends) - Math.min(...starts) : Number.NaN;
  const meanTransactionMs = messages.reduce((n, m) => n + m.transactionMs, 0) / messages.length;
  const perMessageMs = spanMs / messages.length;
  const largestMessage = Math.max(0, ...messages.map((m) => m.envelope.to.length));
  const connections = sb.connections.length;
  const figures = {
    messages: messages.length,
    largestMessage,
    deliveredOnce: tally.filter((n) => n === 1).length,
    duplicated: tally.filter((n) => n > 1).length,
    missing: tally.filter((n) => n === 0).length,
    tokenRequests: sb.tokenRequests.length,
    connections,
    spanMs,
    meanTransactionMs: round(meanTransactionMs, 2),
    gapMs: round(
      messages.length > 1 ? (spanMs - meanTransactionMs * messages.length) / (messages.length - 1) : 0,
      2,
    ),
    perMessageMs: round(perMessageMs, 2),
    ratio: round(perMessageMs / meanTransactionMs, 3),
  };
  const shapeHolds =
    figures.messages === BULK_EXPECTED_MESSAGES &&
    largestMessage <= BULK_MAX_PER_MESSAGE &&
    figures.deliveredOnce === expected.length &&
    counts.size === expected.length &&
    figures.tokenRequests === 1 &&
    connections === 1;
  return { ...figures, shapeHolds };
}
