// How long to wait for a network peer, given the step's budget: one hung attempt must leave room for
// the retries. Shared by the token request and the transports.
import type { TransportTimeouts } from './transport/port.js';

export const DEFAULT_TIMEOUTS: TransportTimeouts = {
  connectionMs: 30_000,
  greetingMs: 30_000,
  socketMs: 60_000,
};

/** At most the defaults, at most a third of `timeout-seconds`, at least 2 s. */
export function timeoutsFor(timeoutSeconds: number): TransportTimeouts {
  const third = Math.max(2000, Math.floor((timeoutSeconds * 1000) / 3));
  return {
    connectionMs: Math.min(DEFAULT_TIMEOUTS.connectionMs, third),
    greetingMs: Math.min(DEFAULT_TIMEOUTS.greetingMs, third),
    socketMs: Math.min(DEFAULT_TIMEOUTS.socketMs, third),
  };
}
