// The physical floor of a send: what the protocol itself costs with zero library overhead.
// One HTTPS token POST (client credentials) and one SMTP session (STARTTLS, AUTH XOAUTH2, one or more
// transactions), written against raw sockets with node:net and node:tls only, run by plain `node`
// (no tsx, no loader), so it pays process start-up plus round trips and nothing else.
//
// Plain JavaScript on purpose: a .ts file would need tsx or type stripping, a start-up cost the floor
// must not pay. TLS is always verified (the sandbox CA arrives as NODE_EXTRA_CA_CERTS).
//
// Parameters (environment):
//   FLOOR_TOKEN_URL      https://127.0.0.1:PORT/TENANT/oauth2/v2.0/token
//   FLOOR_CLIENT_ID, FLOOR_CLIENT_SECRET, FLOOR_SCOPE (default https://outlook.office365.com/.default)
//   FLOOR_SMTP_HOST, FLOOR_SMTP_PORT, FLOOR_MAILBOX
//   FLOOR_TO             recipients, comma-separated
//   FLOOR_BATCH          recipients per message (default: all in one message)
//   FLOOR_OVERLAP=1      open the SMTP session while the token request is in flight (the token is
//                        only needed at AUTH): shows what overlapping the two would save
//   FLOOR_PIPELINING=0   one round trip per command even when the server offers PIPELINING
//   FLOOR_TRACE=1        print each step's time since process start (performance.now()) to stderr
// Exit 0 only when every message got a 250 after DATA.
import net from 'node:net';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import { URL, URLSearchParams } from 'node:url';

const env = process.env;
const need = (name) => env[name] || fail(`${name} is not set`);

function fail(message) {
  process.stderr.write(`floor: ${message}\n`);
  process.exit(1);
}

const trace =
  env.FLOOR_TRACE === '1'
    ? (step) => process.stderr.write(`${performance.now().toFixed(1)} ${step}\n`)
    : () => {};
trace('script start');

// A hard bound: a hung server must not hang the benchmark.
setTimeout(() => fail('timed out'), 20_000).unref();

/** POST the client-credentials form by hand over one TLS socket; resolve the access token. */
function fetchToken() {
  const url = new URL(need('FLOOR_TOKEN_URL'));
  const body = new URLSearchParams({
    client_id: need('FLOOR_CLIENT_ID'),
    client_secret: need('FLOOR_CLIENT_SECRET'),
    scope: env.FLOOR_SCOPE || 'https://outlook.office365.com/.default',
    grant_type: 'client_credentials',
  }).toString();
  const request =
    `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\n` +
    `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `Accept: application/json\r\nConnection: close\r\n\r\n${body}`;
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: url.hostname,
      port: Number(url.port || 443),
      servername: sni(url.hostname),
      minVersion: 'TLSv1.2',
    });
    socket.setNoDelay(true);
    let buf = Buffer.alloc(0);
    socket.once('secureConnect', () => socket.write(request));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? NaN);
      // The sandbox (like Entra) sends Content-Length; anything else is not what the floor models.
      if (!Number.isFinite(length)) return reject(new Error('token response without Content-Length'));
      if (buf.length < end + 4 + length) return;
      // Done as soon as the body is complete: no waiting for the server's close.
      socket.destroy();
      const status = Number(head.slice(9, 12));
      const json = JSON.parse(buf.subarray(end + 4, end + 4 + length).toString('utf8'));
      if (status !== 200 || typeof json.access_token !== 'string') {
        return reject(new Error(`token endpoint answered ${status} ${json.error ?? ''}`));
      }
      trace('token received');
      resolve(json.access_token);
    });
  });
}

/** No SNI for IP literals (RFC 6066); certificate checks still use the host. */
const sni = (host) => (net.isIP(host) ? undefined : host);

/** Reads SMTP replies (multi-line aware) from whichever socket is current. */
class Replies {
  #buf = '';
  #lines = [];
  #waiting;

  attach(socket) {
    socket.setEncoding('latin1');
    socket.on('data', (text) => {
      this.#buf += text;
      let nl;
      while ((nl = this.#buf.indexOf('\n')) >= 0) {
        this.#lines.push(this.#buf.slice(0, nl).replace(/\r$/, ''));
        this.#buf = this.#buf.slice(nl + 1);
      }
      this.#pump();
    });
  }

  /** The next complete reply: its code, last line and all lines. */
  next() {
    return new Promise((resolve) => {
      this.#waiting = resolve;
      this.#pump();
    });
  }

  #pump() {
    const last = this.#lines.findIndex((l) => l[3] !== '-');
    if (last < 0 || !this.#waiting) return;
    const lines = this.#lines.splice(0, last + 1);
    const text = lines.at(-1);
    const resolve = this.#waiting;
    this.#waiting = undefined;
    resolve({ code: Number(text.slice(0, 3)), text, lines });
  }
}

async function smtpSession(tokenPromise) {
  const host = need('FLOOR_SMTP_HOST');
  const mailbox = need('FLOOR_MAILBOX');
  const to = need('FLOOR_TO').split(',');
  const batch = Number(env.FLOOR_BATCH || to.length);
  const replies = new Replies();
  let socket = net.connect({ host, port: Number(need('FLOOR_SMTP_PORT')) });
  // Nagle would hold each small command until the previous segment is ACKed (delayed ACK: ~40 ms).
  socket.setNoDelay(true);
  socket.on('error', (err) => fail(`smtp: ${err.message}`));
  replies.attach(socket);

  const expect = async (code, what) => {
    const reply = await replies.next();
    if (reply.code !== code) fail(`${what}: expected ${code}, got "${reply.text}"`);
    return reply;
  };
  const command = (line, code) => {
    socket.write(`${line}\r\n`);
    return expect(code, line.split(' ')[0]);
  };

  await expect(220, 'greeting');
  trace('smtp greeting');
  await command('EHLO floor.local', 250);
  await command('STARTTLS', 220);
  socket.removeAllListeners('data');
  socket = tls.connect({ socket, host, servername: sni(host), minVersion: 'TLSv1.2' });
  await new Promise((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
  trace('smtp tls up');
  socket.setNoDelay(true);
  socket.on('error', (err) => fail(`smtp/tls: ${err.message}`));
  replies.attach(socket);
  const ehlo = await command('EHLO floor.local', 250);
  // RFC 2920: with PIPELINING the envelope and DATA go out in one write and the replies are read
  // after; without it every command waits for its reply (one round trip per recipient).
  const pipelining = env.FLOOR_PIPELINING !== '0' && ehlo.lines.some((l) => /^250[ -]PIPELINING\b/i.test(l));

  const token = await tokenPromise;
  const xoauth2 = Buffer.from(`user=${mailbox}\x01auth=Bearer ${token}\x01\x01`).toString('base64');
  await command(`AUTH XOAUTH2 ${xoauth2}`, 235);
  trace('smtp authenticated');

  for (let i = 0; i < to.length; i += batch) {
    const rcpts = to.slice(i, i + batch);
    const envelope = [`MAIL FROM:<${mailbox}>`, ...rcpts.map((r) => `RCPT TO:<${r}>`)];
    if (pipelining) {
      socket.write(`${envelope.join('\r\n')}\r\nDATA\r\n`);
      for (const line of envelope) await expect(250, line.split(':')[0]);
      await expect(354, 'DATA');
    } else {
      for (const line of envelope) await command(line, 250);
      await command('DATA', 354);
    }
    const message =
      `From: <${mailbox}>\r\nTo: <${rcpts[0]}>\r\nSubject: floor\r\n` +
      `Message-ID: <floor.${process.pid}.${i}@floor.local>\r\nDate: ${new Date().toUTCString()}\r\n` +
      `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello from the floor.\r\n.`;
    await command(message, 250);
    trace(`message accepted (${rcpts.length} rcpts)`);
  }
  socket.write('QUIT\r\n');
  // The 221 is not waited for: the messages are already accepted; end() sends FIN after QUIT.
  socket.end();
  socket.once('close', () => trace('smtp closed'));
}

async function main() {
  const token = fetchToken();
  // Without overlap, SMTP starts only once the token is in hand (what a sequential client does).
  if (env.FLOOR_OVERLAP !== '1') await token;
  // With overlap, a failure surfaces when AUTH awaits it; until then it must not count as unhandled.
  else token.catch(() => undefined);
  await smtpSession(token);
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
