import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeTokenClaims } from '../../../src/auth/claims.js';
import type { OutgoingMessage } from '../../../src/message/compose/types.js';
import { protocolLogger, redact } from '../../../src/smtp/protocol-log.js';
import { splitDeferred } from '../../../src/delivery/recipient-limit.js';

const a = (address: string) => ({ name: '', address });
const message: OutgoingMessage = {
  messageId: '<gh-1.1.abc@contoso.com>',
  from: a('bot@contoso.com'),
  replyTo: [],
  to: [a('t1@x.io'), a('t2@x.io')],
  cc: [a('c1@x.io')],
  bcc: [a('b1@x.io')],
  subject: 's',
  text: 't',
  html: '',
  attachments: [],
  priority: 'normal',
  headers: {},
  inReplyTo: '',
};

test('deferred recipients move to a follow-up message with its own stable id; other rejections stand', () => {
  const delivery = {
    messageId: message.messageId,
    accepted: ['t1@x.io', 't2@x.io'],
    rejected: [
      { address: 'c1@x.io', reply: '452 4.5.3 Too many recipients' },
      { address: 'b1@x.io', reply: '550 5.1.10 RESOLVER.ADR.RecipientNotFound' },
    ],
    deferred: ['c1@x.io'],
    response: '250 OK',
  };
  const { kept, followUp } = splitDeferred(message, delivery, 4);
  assert.deepEqual(
    kept.rejected.map((r) => r.address),
    ['b1@x.io'],
  );
  assert.ok(followUp);
  assert.deepEqual([followUp.to, followUp.cc, followUp.bcc], [[], [a('c1@x.io')], []]);
  assert.equal(followUp.messageId, '<gh-1.1.abc.r4@contoso.com>');
  assert.equal(splitDeferred(message, delivery, 4).followUp?.messageId, followUp.messageId);
  assert.deepEqual(kept.deferred, []);
});

test('no follow-up when nothing was accepted (no progress possible)', () => {
  const delivery = {
    messageId: 'x',
    accepted: [],
    rejected: [{ address: 't1@x.io', reply: '452 4.5.3 Too many recipients' }],
    deferred: ['t1@x.io'],
    response: '',
  };
  assert.equal(splitDeferred(message, delivery, 1).followUp, undefined);
});

test('the protocol log redacts secrets and AUTH arguments and drops message content', () => {
  const lines: string[] = [];
  const logger = protocolLogger(
    (l) => lines.push(l),
    () => ['tok-SECRET-123'],
  );
  logger.info(
    { tnx: 'client' },
    'AUTH XOAUTH2 %s',
    Buffer.from('user=x\x01auth=Bearer tok-SECRET-123\x01\x01').toString('base64'),
  );
  logger.info({ tnx: 'server' }, '235 2.7.0 Authentication successful');
  logger.debug({ tnx: 'message' }, 'Subject: secret body');
  logger.info(
    { tnx: 'client' },
    'echo tok-SECRET-123 and %s',
    Buffer.from('tok-SECRET-123').toString('base64'),
  );
  assert.deepEqual(lines, [
    'smtp: C: AUTH XOAUTH2 ***',
    'smtp: S: 235 2.7.0 Authentication successful',
    'smtp: C: echo *** and ***',
  ]);
  assert.equal(redact('AUTH PLAIN AGZvbwBiYXI=', []), 'AUTH PLAIN ***');
});

const SMTP = { kind: 'smtp', host: 'smtp.office365.com' } as const;
const GRAPH = { kind: 'graph', host: 'https://graph.microsoft.com' } as const;

test('token claims are described without the token', () => {
  const payload = { aud: 'https://graph.microsoft.com', tid: 't', appid: 'a', exp: 1_800_000_060 };
  const token = `h.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;
  const text = describeTokenClaims(token, 1_800_000_000_000, SMTP);
  assert.match(text, /aud="https:\/\/graph\.microsoft\.com"/);
  assert.match(text, /roles=\(missing\)/);
  assert.match(text, /exp=2027-01-15T08:01:00\.000Z \(60 s left\)/);
  assert.match(text, /aud should be the Exchange Online resource/);
  assert.match(text, /roles lacks SMTP\.SendAsApp/);
  assert.ok(!text.includes(token));
  assert.match(describeTokenClaims('opaque', 0, SMTP), /not a JWT/);
});

test('token claims for the Graph transport: Graph audience, Mail.Send or an RBAC grant', () => {
  const jwt = (payload: object) => `h.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;
  const outlook = jwt({
    aud: 'https://outlook.office365.com',
    roles: ['SMTP.SendAsApp'],
    exp: 1_800_000_060,
  });
  const text = describeTokenClaims(outlook, 1_800_000_000_000, GRAPH);
  assert.match(
    text,
    /aud should be the Microsoft Graph resource \(this is the Exchange Online resource, for SMTP\)/,
  );
  assert.match(text, /scope must be https:\/\/graph\.microsoft\.com\/\.default/);
  assert.match(
    text,
    /roles lacks Mail\.Send: expected when Exchange RBAC for Applications grants 'Application Mail\.Send'/,
  );
  const good = jwt({ aud: 'https://graph.microsoft.us', roles: ['Mail.Send'], exp: 1_800_000_060 });
  assert.doesNotMatch(describeTokenClaims(good, 1_800_000_000_000, GRAPH), /should|lacks/);
});
