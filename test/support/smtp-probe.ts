// A line-level SMTP client for tests that must see exactly what a server advertises (EHLO before
// and after STARTTLS) or how it answers at connect time: nodemailer hides both.
import net from 'node:net';
import tls from 'node:tls';

export interface SmtpReply {
  code: number;
  lines: string[];
  text: string;
}

export class SmtpProbe {
  private buffer = '';
  private waiters: Array<() => void> = [];
  private closed = false;

  private constructor(
    private socket: net.Socket | tls.TLSSocket,
    private readonly timeoutMs: number,
  ) {
    this.listen(socket);
  }

  static async connect(port: number, timeoutMs = 5_000): Promise<SmtpProbe> {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('SMTP probe timed out')));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new SmtpProbe(socket, timeoutMs);
  }

  private listen(socket: net.Socket | tls.TLSSocket): void {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Reads one (possibly multi-line) reply; rejects if the server closes first. */
  async reply(): Promise<SmtpReply> {
    for (;;) {
      const lines = this.buffer.split('\r\n');
      const last = lines.findIndex((l) => /^\d{3} /.test(l) || /^\d{3}$/.test(l));
      if (last >= 0) {
        const replyLines = lines.slice(0, last + 1);
        this.buffer = lines.slice(last + 1).join('\r\n');
        const code = Number(replyLines[last]?.slice(0, 3));
        return { code, lines: replyLines, text: replyLines.join('\n') };
      }
      if (this.closed) throw new Error(`connection closed; unparsed: ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async command(line: string): Promise<SmtpReply> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  /** EHLO and the advertised extension keywords (upper-cased, parameters included). */
  async ehlo(): Promise<{ reply: SmtpReply; extensions: string[] }> {
    const reply = await this.command('EHLO probe.sandbox.test');
    return { reply, extensions: reply.lines.slice(1).map((l) => l.slice(4).toUpperCase()) };
  }

  /** STARTTLS, then the TLS handshake verified against `ca` only. */
  async startTls(ca: string, servername?: string): Promise<string> {
    const reply = await this.command('STARTTLS');
    if (reply.code !== 220) throw new Error(`STARTTLS refused: ${reply.text}`);
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('close');
    // host is what the certificate is checked against when no servername is given.
    const secure = tls.connect({
      socket: this.socket,
      host: '127.0.0.1',
      ca: [ca],
      servername,
      minVersion: 'TLSv1.2',
    });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', reject);
    });
    secure.setTimeout(this.timeoutMs, () => secure.destroy(new Error('SMTP probe timed out')));
    this.socket = secure;
    this.listen(secure);
    return secure.getProtocol() ?? '';
  }

  close(): void {
    this.socket.destroy();
  }
}
