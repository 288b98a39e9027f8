// Per-connection state of the SMTP stand-in: the sockets under each smtp-server session (so faults
// can cut them and stop() can find them) and the scripted faults applied at each stage.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { SMTPServerSession } from 'smtp-server';
import { smtpError } from './exchange-replies.js';
import type { ConnectionRecord, SmtpFault, SmtpStage } from './exchange-types.js';
import { FaultQueue } from './faults.js';
import type { Resources } from './lifecycle.js';

export interface Live {
  record: ConnectionRecord;
  raw?: Socket;
  tls?: TLSSocket;
  authUser?: string;
  mailFromAt: number;
}

export class Sessions {
  readonly faults = new FaultQueue<SmtpFault>();
  private readonly rawByPort = new Map<number, Socket>();
  private readonly live = new Map<string, Live>();

  constructor(private readonly resources: Resources) {}

  /** Every accepted TCP socket; smtp-server does not expose them, the session only has the port. */
  accept(socket: Socket): void {
    this.resources.trackSocket(socket);
    const port = socket.remotePort ?? 0;
    this.rawByPort.set(port, socket);
    socket.once('close', () => this.rawByPort.delete(port));
  }

  open(session: SMTPServerSession, record: ConnectionRecord): Live {
    const l: Live = { record, raw: this.rawByPort.get(session.remotePort), mailFromAt: 0 };
    this.live.set(session.id, l);
    return l;
  }

  of(session: SMTPServerSession): Live {
    const found = this.live.get(session.id);
    if (!found) throw new Error(`sandbox: unknown SMTP session ${session.id}`);
    return found;
  }

  close(session: SMTPServerSession): void {
    const l = this.live.get(session.id);
    if (l) l.record.closedAt = Date.now();
    this.live.delete(session.id);
  }

  /** Sessions that were let in and are still open, other than `except`. */
  openCount(except: Live): number {
    return [...this.live.values()].filter((l) => l !== except && l.record.refusedWith === undefined).length;
  }

  destroy(l: Live): void {
    l.tls?.destroy();
    l.raw?.destroy();
  }

  isGone(l: Live): boolean {
    return (l.tls ?? l.raw)?.destroyed !== false;
  }

  /** Applies the next fault for this stage; true when it replaced the normal reply. */
  async applyFault(stage: SmtpStage, l: Live, done: (err?: Error) => void): Promise<boolean> {
    const f = this.faults.take((x) => x.on === stage);
    if (!f) return false;
    await this.resources.sleep(f.delayMs ?? 0);
    if (f.reply !== undefined) {
      done(smtpError(f.reply));
      // end() rather than destroy(): the reply just written must reach the client before the FIN.
      if (f.disconnect) (l.tls ?? l.raw)?.end();
      return true;
    }
    if (f.disconnect) {
      this.destroy(l);
      return true;
    }
    return false;
  }
}
