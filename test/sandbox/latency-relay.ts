// A TCP relay that puts a network's round-trip time between a client and a sandbox server, so a
// benchmark measures what a send costs on a real network while the client runs unmodified: the
// delay lives here, never in the client.
//
// Model (times from the client's connect() call, RTT = 2 x oneWayMs):
// - The loopback handshake completes at once, so the client believes it is connected at 0 instead
//   of at 1 RTT. The relay holds that RTT back instead: the server accepts at 1.5 RTT (when the
//   handshake's final ACK would reach it), and nothing the client sends reaches the server before
//   then. A client that speaks first (TLS ClientHello) thus gets its first reply at 2 RTT, as on a
//   real network, and a server that speaks first (SMTP greeting) is heard at 2 RTT too.
// - After that every chunk, FIN and reset reaches the other side oneWayMs after it was sent, in
//   order per direction: a later chunk never overtakes an earlier one.
// - Bandwidth is unlimited, apart from the bounded buffering below.
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Resources } from './lifecycle.js';

export interface LatencyRelayOptions {
  /** The port on 127.0.0.1 every connection is relayed to. */
  targetPort: number;
  /** Delay of each direction; the round trip is twice this. */
  oneWayMs: number;
  /** Tracks the relay's sockets, so the sandbox's stop() ends them too. */
  resources: Resources;
}

export interface LatencyRelay {
  port: number;
  close(): Promise<void>;
}

// A sender faster than the relay's output is paused beyond this much in flight, so a large
// upload is bounded in memory (TCP's window does the same on a real path).
const MAX_IN_FLIGHT_BYTES = 4 * 1024 * 1024;

type Segment = Buffer | 'fin' | 'reset';

// Timers may fire up to a millisecond early; the relay's delays are floors that measurements rely
// on, so anything early waits for the rest. Returns a cancel function.
function afterAtLeast(ms: number, run: () => void): () => void {
  const due = performance.now() + ms;
  let timer: NodeJS.Timeout;
  const check = () => {
    const left = due - performance.now();
    if (left > 0) timer = setTimeout(check, left);
    else run();
  };
  timer = setTimeout(check, ms);
  return () => clearTimeout(timer);
}

/** One direction of a relayed connection: delivers what `source` sends to the target, late. */
class DelayedLane {
  private readonly queue: Array<{ due: number; segment: Segment }> = [];
  private target: Socket | undefined;
  private cancelTimer: (() => void) | undefined;
  private inFlightBytes = 0;
  private awaitingDrain = false;
  private stopped = false;

  constructor(
    private readonly source: Socket,
    private readonly delayMs: number,
  ) {
    source.on('data', (chunk: Buffer) => this.push(chunk));
    source.once('end', () => this.push('fin'));
    // A close without a FIN is an abort (error, destroy): the other side sees a reset, late too.
    source.once('close', () => {
      if (!source.readableEnded) this.push('reset');
    });
  }

  /** Starts delivering to `target`; until then segments wait (the upstream is not open yet). */
  attach(target: Socket): void {
    this.target = target;
    target.on('drain', () => {
      this.awaitingDrain = false;
      this.schedule();
    });
    target.once('close', () => this.stop());
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.queue.length = 0;
  }

  private push(segment: Segment): void {
    if (this.stopped) return;
    this.queue.push({ due: performance.now() + this.delayMs, segment });
    if (Buffer.isBuffer(segment)) {
      this.inFlightBytes += segment.length;
      if (this.inFlightBytes > MAX_IN_FLIGHT_BYTES) this.source.pause();
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped || this.cancelTimer || this.awaitingDrain || !this.target) return;
    const head = this.queue[0];
    if (!head) return;
    this.cancelTimer = afterAtLeast(head.due - performance.now(), () => {
      this.cancelTimer = undefined;
      this.deliverDue();
    });
  }

  private deliverDue(): void {
    const target = this.target;
    while (!this.stopped && target && !this.awaitingDrain) {
      const head = this.queue[0];
      if (!head || head.due > performance.now()) break;
      this.queue.shift();
      if (target.destroyed) {
        this.stop();
        return;
      }
      if (head.segment === 'fin') target.end();
      else if (head.segment === 'reset') target.destroy();
      else {
        this.inFlightBytes -= head.segment.length;
        this.awaitingDrain = !target.write(head.segment);
        if (this.inFlightBytes <= MAX_IN_FLIGHT_BYTES / 2) this.source.resume();
      }
    }
    this.schedule();
  }
}

export async function startLatencyRelay(options: LatencyRelayOptions): Promise<LatencyRelay> {
  const { targetPort, oneWayMs, resources } = options;
  if (!(oneWayMs >= 0)) throw new Error(`latency relay: oneWayMs must be 0 or more, got ${oneWayMs}`);
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    resources.trackSocket(socket);
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    // Errors end up as a close, which the lanes pass on as a reset.
    socket.on('error', () => undefined);
  };

  function relay(client: Socket): void {
    track(client);
    const toServer = new DelayedLane(client, oneWayMs);
    const cancelOpening = afterAtLeast(3 * oneWayMs, () => {
      const upstream = net.connect({ host: '127.0.0.1', port: targetPort, allowHalfOpen: true });
      track(upstream);
      new DelayedLane(upstream, oneWayMs).attach(client);
      upstream.once('connect', () => toServer.attach(upstream));
    });
    // A client gone before the server would have accepted it never reaches the server.
    client.once('close', cancelOpening);
  }

  // allowHalfOpen: a FIN is relayed like data (late) instead of closing the socket on arrival.
  const server = net.createServer({ allowHalfOpen: true }, relay);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  let closed: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      });
      return closed;
    },
  };
}
