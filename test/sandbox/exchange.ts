// Exchange Online SMTP client-submission stand-in (smtp.office365.com:587): STARTTLS, then
// AUTH XOAUTH2 with a token the Entra stand-in issued, SendAs checks, recipient and connection
// limits, and scripted faults. Every session and message is recorded; tokens never are.
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { TLSSocket } from 'node:tls';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerAuthentication, SMTPServerSession } from 'smtp-server';
import { fromAddresses, headerValue, readAll } from './exchange-message.js';
import { replies, smtpError } from './exchange-replies.js';
import { Sessions } from './exchange-sessions.js';
import type { Live } from './exchange-sessions.js';
import type {
  ConnectionRecord,
  DeliveredMessage,
  ExchangeInit,
  ExchangeStandIn,
  RejectedRcpt,
  AuthAttempt,
} from './exchange-types.js';

export type * from './exchange-types.js';

const lower = (list: readonly string[]): string[] => list.map((a) => a.toLowerCase());

export async function startExchange(init: ExchangeInit): Promise<ExchangeStandIn> {
  const s = init.settings;
  const connections: ConnectionRecord[] = [];
  const delivered: DeliveredMessage[] = [];
  const rejectedRcpts: RejectedRcpt[] = [];
  const authAttempts: AuthAttempt[] = [];
  const sessions = new Sessions(init.resources);
  let emlCounter = 0;
  await mkdir(init.mailDir, { recursive: true });

  function tokenIsGood(auth: SMTPServerAuthentication): boolean {
    const claims = init.lookupToken(auth.accessToken ?? '');
    return (
      claims !== undefined &&
      claims.exp * 1000 > Date.now() &&
      claims.aud === s.audience &&
      claims.tid === init.tenantId &&
      (claims.roles ?? []).includes('SMTP.SendAsApp') &&
      (auth.username ?? '').toLowerCase() === init.mailbox.toLowerCase()
    );
  }

  type DataDone = (err?: Error | null, message?: string) => void;

  async function handleData(l: Live, session: SMTPServerSession, raw: Buffer, done: DataDone): Promise<void> {
    if (await sessions.applyFault('data', l, done)) return;
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const allowed = lower([init.mailbox, ...s.sendAs]);
    const senders = [envelopeFrom.toLowerCase(), ...fromAddresses(raw)];
    if (s.offerAuth && !senders.every((a) => allowed.includes(a))) {
      done(smtpError(replies.sendAsDenied));
      return;
    }
    const emlPath = path.join(init.mailDir, `${++emlCounter}.eml`);
    await writeFile(emlPath, raw);
    const message: DeliveredMessage = {
      connectionId: session.id,
      authUser: l.authUser ?? '',
      envelope: { from: envelopeFrom, to: session.envelope.rcptTo.map((r) => r.address) },
      raw,
      emlPath,
      receivedAt: Date.now(),
      transactionMs: 0,
      acknowledged: false,
    };
    delivered.push(message);
    // From here on the message is stored: a fault now loses only the acknowledgement.
    const faulted = await sessions.applyFault('afterData', l, done);
    message.transactionMs = Date.now() - l.mailFromAt;
    if (faulted) return;
    message.acknowledged = !sessions.isGone(l);
    const messageId = (headerValue(raw, 'Message-ID') ?? '').replace(/[<>]/g, '') || `${session.id}@sandbox`;
    done(null, replies.queued(messageId));
  }

  const server = new SMTPServer({
    secure: false,
    // smtp-server writes "220 <name> ESMTP <banner>"; this makes it read like Exchange's greeting.
    name: 'smtp.sandbox.local Microsoft',
    banner: 'MAIL Service ready',
    heloResponse: 'smtp.sandbox.local Hello',
    key: init.identity.keyPem,
    cert: init.identity.certPem,
    minVersion: 'TLSv1.2',
    authMethods: ['XOAUTH2'],
    allowInsecureAuth: false,
    authOptional: false,
    authRequiredMessage: replies.notAuthenticated.slice(4),
    size: 35 * 1024 * 1024,
    hideDSN: false,
    disableReverseLookup: true,
    logger: false,
    socketTimeout: 30_000,
    closeTimeout: 1_000,
    onConnect(session, callback) {
      const record: ConnectionRecord = { id: session.id, secure: false, openedAt: Date.now() };
      connections.push(record);
      const l = sessions.open(session, record);
      // smtp-server would advertise AUTH before STARTTLS; Exchange does not, so AUTH only
      // becomes available in onSecure.
      session.disabledCommands = ['AUTH'];
      if (sessions.openCount(l) >= s.maxConnections) {
        record.refusedWith = replies.concurrentConnections;
        callback(smtpError(replies.concurrentConnections));
        return;
      }
      const f = sessions.faults.take((x) => x.on === 'connect');
      if (!f) {
        callback();
        return;
      }
      // A reply here always ends the session: smtp-server closes after refusing in onConnect.
      void init.resources.sleep(f.delayMs ?? 0).then(() => {
        if (f.reply !== undefined) {
          record.refusedWith = f.reply;
          callback(smtpError(f.reply));
        } else if (f.disconnect) {
          record.refusedWith = 'disconnect';
          sessions.destroy(l);
        } else callback();
      });
    },
    onSecure(socket, session, callback) {
      const l = sessions.of(session);
      l.record.secure = true;
      if (socket instanceof TLSSocket) {
        l.tls = socket;
        l.record.tlsProtocol = socket.getProtocol() ?? undefined;
      }
      session.disabledCommands = s.offerAuth ? [] : ['AUTH'];
      callback();
    },
    onAuth(auth, session, callback) {
      const l = sessions.of(session);
      const user = auth.username ?? '';
      const reply = !tokenIsGood(auth)
        ? replies.authFailed
        : s.smtpAuthDisabled
          ? replies.smtpAuthDisabled
          : '';
      authAttempts.push({ connectionId: session.id, user, result: reply || 'ok' });
      if (reply) {
        callback(smtpError(reply));
        return;
      }
      Object.assign(l.record, { authMethod: auth.method, authUser: user });
      l.authUser = user;
      callback(null, { user });
    },
    onMailFrom(_address, session, callback) {
      const l = sessions.of(session);
      l.mailFromAt = Date.now();
      if (s.offerAuth && l.authUser === undefined) {
        callback(smtpError(replies.notAuthenticated));
        return;
      }
      void sessions.applyFault('mail', l, callback).then((faulted) => faulted || callback());
    },
    onRcptTo(address, session, callback) {
      const l = sessions.of(session);
      const reject = (reply: string) => {
        rejectedRcpts.push({ connectionId: session.id, address: address.address, reply });
        callback(smtpError(reply));
      };
      void sessions.applyFault('rcpt', l, callback).then((faulted) => {
        if (faulted) return;
        if (lower(s.rejectRecipients).includes(address.address.toLowerCase())) {
          reject(replies.recipientNotFound(address.address));
          return;
        }
        if (session.envelope.rcptTo.length >= s.maxRecipientsPerMessage) {
          reject(replies.tooManyRecipients);
          return;
        }
        callback();
      });
    },
    onData(stream, session, callback) {
      const l = sessions.of(session);
      let answered = false;
      const done: DataDone = (err, message) => {
        if (answered) return;
        answered = true;
        callback(err, message);
      };
      readAll(stream)
        .then((raw) =>
          stream.sizeExceeded ? done(smtpError(replies.messageTooLarge)) : handleData(l, session, raw, done),
        )
        .catch((err: unknown) => done(smtpError(`451 4.3.0 Sandbox error: ${String(err)}`)));
    },
    onClose: (session) => sessions.close(session),
  });
  // A client that rejects our certificate, or vanishes mid-session, surfaces here: expected.
  server.on('error', () => undefined);
  server.server.on('connection', (socket: Socket) => sessions.accept(socket));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });

  return {
    port: (server.server.address() as AddressInfo).port,
    settings: s,
    faults: sessions.faults,
    connections,
    delivered,
    rejectedRcpts,
    authAttempts,
    clearRecords() {
      for (const list of [connections, delivered, rejectedRcpts, authAttempts]) list.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
