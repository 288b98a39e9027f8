// Inputs of the delivery stage: how hard to try, and how to pace and spread the sends.
import type { DeliverySettings, TransportKind } from '../config.js';
import { inputError } from '../errors.js';
import { readBoolean, readInteger, shorten, type Read } from './fields.js';

export const DELIVERY_INPUTS = [
  'max-attempts',
  'timeout-seconds',
  'max-recipients',
  'max-connections',
  'rate-limit',
  'fail-on-rejected',
  'debug',
] as const;

/**
 * Sessions in flight per mailbox that the service allows: Exchange Online takes 3 concurrent SMTP
 * connections (more get 432 4.3.2); Graph's mail API takes 4 concurrent requests (more get 429).
 */
const MAX_CONNECTIONS: Readonly<Record<TransportKind, number>> = { smtp: 3, graph: 4 };

export function parseDelivery(read: Read, transport: TransportKind): DeliverySettings {
  return Object.freeze({
    maxAttempts: readInteger(read, 'max-attempts', { min: 1, max: 10 }, 3),
    timeoutSeconds: readInteger(read, 'timeout-seconds', { min: 10, max: 3600 }, 300),
    // Exchange's default per-message limit is 500; an admin can lower it (never below 1) or raise it to 1000.
    maxRecipients: readInteger(read, 'max-recipients', { min: 1, max: 1000 }, 500),
    maxConnections: readMaxConnections(read, transport),
    // Exchange accepts 30 messages a minute per mailbox, whichever road they take.
    rateLimit: readInteger(read, 'rate-limit', { min: 1, max: 30 }, 30),
    failOnRejected: readBoolean(read, 'fail-on-rejected', true),
    debug: readBoolean(read, 'debug', false),
  });
}

function readMaxConnections(read: Read, transport: TransportKind): number {
  const raw = read('max-connections');
  if (raw === '') return 1;
  const value = /^[+]?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  const max = MAX_CONNECTIONS[transport];
  if (Number.isSafeInteger(value) && value >= 1 && value <= max) return value;
  throw inputError(
    'max-connections',
    `expected an integer 1-${max} with transport: ${transport}, got '${shorten(raw)}'`,
    'The limit depends on the transport: transport: smtp takes 1-3 (Exchange Online allows 3 SMTP connections per mailbox), transport: graph takes 1-4 (Microsoft Graph allows 4 concurrent mail requests).',
  );
}
