// Everything a sandbox server holds open (sockets, fault delays) is registered here, so stop() can
// end all of it at once and the test process exits by itself instead of waiting for keep-alive or
// idle timeouts.
import type { Duplex } from 'node:stream';

export class Resources {
  private readonly sockets = new Set<Duplex>();
  private readonly sleepers = new Map<NodeJS.Timeout, () => void>();
  private stopped = false;

  get isStopped(): boolean {
    return this.stopped;
  }

  trackSocket(socket: Duplex): void {
    if (this.stopped) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  /** A fault delay that stop() cuts short, so no timer outlives the sandbox. */
  sleep(ms: number): Promise<void> {
    if (this.stopped || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleepers.delete(timer);
        resolve();
      }, ms);
      this.sleepers.set(timer, resolve);
    });
  }

  destroyAll(): void {
    this.stopped = true;
    for (const [timer, wake] of this.sleepers) {
      clearTimeout(timer);
      wake();
    }
    this.sleepers.clear();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
