// Microsoft Graph stand-in: POST /v1.0/users/{id}/sendMail in its MIME form, with the checks
// Exchange Online makes behind Graph (token audience and role, user, mailbox, RBAC scope, sizes,
// recipients, Send As), per-mailbox concurrency throttling, scripted faults, and a record of every
// request and accepted message. Tokens are never recorded.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { FaultQueue } from './faults.js';
import { decodeBase64Strict, mediaType, readBounded } from './graph-body.js';
import type { BoundedBody } from './graph-body.js';
import { REQUEST_LIMIT_BYTES, graphErrors, sendAccepted, sendGraphError } from './graph-errors.js';
import type { GraphError, RequestIds } from './graph-errors.js';
import { parseSubmission, recipientCopies } from './graph-message.js';
import type { Submission } from './graph-message.js';
import type {
  GraphDelivery,
  GraphFault,
  GraphInit,
  GraphRequestRecord,
  GraphStandIn,
} from './graph-types.js';
import { startHttpsEndpoint } from './https-endpoint.js';

export type * from './graph-types.js';

// Graph matches path segments case-insensitively.
const SEND_MAIL = /^\/v1\.0\/users\/([^/]+)\/sendMail\/?$/i;
const ME_SEND_MAIL = /^\/v1\.0\/me\/sendMail\/?$/i;
// A body a little over the limit is still read, so its sender gets the refusal in good order.
const READ_MARGIN_BYTES = 256 * 1024;

const lower = (list: readonly string[]): string[] => list.map((a) => a.toLowerCase());

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Everything about one sendMail request that its steps share. */
interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  record: GraphRequestRecord;
  ids: RequestIds;
  body: BoundedBody;
  answer(err: GraphError): void;
  /** The client went away, or a fault destroyed the socket. */
  gone(): boolean;
}

type Checked = { error: GraphError } | { raw: Buffer; submission: Submission };

export async function startGraph(init: GraphInit): Promise<GraphStandIn> {
  const s = init.settings;
  const faults = new FaultQueue<GraphFault>();
  const requests: GraphRequestRecord[] = [];
  const delivered: GraphDelivery[] = [];
  const inFlight = new Map<string, number>();
  let emlCounter = 0;
  await mkdir(init.mailDir, { recursive: true });

  /** Validates the bearer token; its aud and roles (never the token) go to the record. */
  function tokenError(req: IncomingMessage, record: GraphRequestRecord): GraphError | undefined {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer === undefined) return graphErrors.tokenMissing();
    const claims = init.lookupToken(bearer);
    if (!claims) return graphErrors.tokenUnknown();
    record.tokenAudience = claims.aud;
    record.tokenRoles = [...(claims.roles ?? [])];
    if (claims.exp * 1000 <= Date.now()) return graphErrors.tokenExpired();
    return claims.aud === s.audience ? undefined : graphErrors.invalidAudience();
  }

  function mailboxError(mailbox: string, roles: readonly string[]): GraphError | undefined {
    const id = mailbox.toLowerCase();
    if (!lower(s.mailboxes).includes(id)) return graphErrors.invalidUser(mailbox);
    if (lower(s.restDisabledMailboxes).includes(id)) return graphErrors.restDisabled();
    // The tenant-wide Entra permission and an Exchange RBAC assignment add up; either one is enough.
    const granted = roles.includes('Mail.Send') || lower(s.scopedMailboxes).includes(id);
    return granted ? undefined : graphErrors.accessDenied();
  }

  async function checkMessage(body: Buffer, type: string, mailbox: string): Promise<Checked> {
    if (type !== 'text/plain') return { error: graphErrors.mimeOnly() };
    const raw = decodeBase64Strict(body);
    if (!raw) return { error: graphErrors.invalidBase64() };
    if (raw.length > s.maxMessageBytes) return { error: graphErrors.messageSizeExceeded() };
    const submission = await parseSubmission(raw);
    const count = submission.to.length + submission.cc.length + submission.bcc.length;
    if (count === 0 || submission.malformed.length > 0) return { error: graphErrors.invalidRecipients() };
    const allowed = lower([mailbox, ...s.sendAs]);
    if (!submission.from.every((a) => allowed.includes(a))) return { error: graphErrors.sendAsDenied() };
    return { raw, submission };
  }

  async function store(ids: RequestIds, mailbox: string, raw: Buffer, m: Submission): Promise<GraphDelivery> {
    const emlPath = path.join(init.mailDir, `${++emlCounter}.eml`);
    await writeFile(emlPath, raw);
    const delivery: GraphDelivery = {
      ...{ requestId: ids.requestId, mailbox, raw, emlPath },
      ...{ from: m.from, to: m.to, cc: m.cc, bcc: m.bcc, copies: recipientCopies(raw, m) },
      receivedAt: Date.now(),
      acknowledged: false,
    };
    delivered.push(delivery);
    return delivery;
  }

  /** Claims a concurrency slot for the mailbox until the response closes; false when none is free. */
  function enter(mailbox: string, res: ServerResponse): boolean {
    const key = mailbox.toLowerCase();
    const current = inFlight.get(key) ?? 0;
    if (current >= s.maxConcurrent) return false;
    inFlight.set(key, current + 1);
    res.once('close', () => inFlight.set(key, (inFlight.get(key) ?? 1) - 1));
    return true;
  }

  function routeError(call: Call, route: RegExpExecArray | null): GraphError {
    const { req, record } = call;
    if (route) return graphErrors.methodNotAllowed(req.method ?? '');
    if (ME_SEND_MAIL.test(record.path) && req.method === 'POST') {
      return tokenError(req, record) ?? graphErrors.meWithAppToken();
    }
    return graphErrors.noRoute(record.path.split('/').filter(Boolean).pop() ?? '');
  }

  async function sendMail(call: Call, admitted: boolean): Promise<void> {
    const { req, record, body } = call;
    const fault = admitted ? faults.take() : undefined;
    await init.resources.sleep(fault?.delayMs ?? 0);
    if (call.gone()) return;
    if (fault?.dropConnection) {
      req.socket.destroy();
      return;
    }
    const error = !admitted
      ? graphErrors.mailboxConcurrency(s.throttleRetryAfterSeconds)
      : fault?.status !== undefined
        ? graphErrors.injected({ ...fault, status: fault.status })
        : body.overLimit
          ? graphErrors.requestTooLarge()
          : (tokenError(req, record) ?? mailboxError(record.mailbox, record.tokenRoles ?? []));
    const checked = error ? { error } : await checkMessage(body.bytes, mediaType(req), record.mailbox);
    if ('error' in checked) {
      call.answer(checked.error);
      return;
    }
    const delivery = await store(call.ids, record.mailbox, checked.raw, checked.submission);
    // dropAfterAccept: stored, but the client never learns it (a lost response).
    if (fault?.dropAfterAccept || call.gone()) {
      req.socket.destroy();
      return;
    }
    delivery.acknowledged = true;
    record.status = 202;
    sendAccepted(call.res, call.ids);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'https://127.0.0.1');
    const sentId = req.headers['client-request-id'];
    const clientRequestIdSent = typeof sentId === 'string' && sentId !== '';
    const ids: RequestIds = {
      requestId: randomUUID(),
      clientRequestId: clientRequestIdSent ? sentId : randomUUID(),
    };
    const route = SEND_MAIL.exec(pathname);
    const record: GraphRequestRecord = {
      ...{ at: Date.now(), method: req.method ?? '', path: pathname },
      mailbox: route ? decodeSegment(route[1] ?? '') : '',
      ...{ status: 0, requestId: ids.requestId, clientRequestId: ids.clientRequestId, clientRequestIdSent },
      contentType: req.headers['content-type'] ?? '',
      bodyBytes: 0,
    };
    requests.push(record);
    const isSend = route !== null && req.method === 'POST';
    // The slot is taken on arrival: a request counts while its body is still coming in.
    const admitted = isSend && enter(record.mailbox, res);
    const body = await readBounded(req, REQUEST_LIMIT_BYTES, READ_MARGIN_BYTES);
    record.bodyBytes = body.size;
    const call: Call = {
      ...{ req, res, record, ids, body },
      answer(err) {
        Object.assign(record, { status: err.status, errorCode: err.code });
        if (body.complete) {
          sendGraphError(res, err, ids);
          return;
        }
        // The rest of the body stays unread: the connection cannot carry another request, and a
        // client still writing would wait for it forever, so it is cut once the answer is out.
        res.once('finish', () => req.socket.destroy());
        sendGraphError(res, err, ids, { Connection: 'close' });
      },
      gone: () => res.destroyed,
    };
    if (call.gone()) return;
    if (isSend) await sendMail(call, admitted);
    else call.answer(routeError(call, route));
  }

  const endpoint = await startHttpsEndpoint(init.identity, init.resources, handle);
  return {
    origin: endpoint.origin,
    port: endpoint.port,
    settings: s,
    faults,
    requests,
    delivered,
    clearRecords() {
      requests.length = 0;
      delivered.length = 0;
    },
    close: () => endpoint.close(),
  };
}
