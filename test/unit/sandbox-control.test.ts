// The self-test's view of delivered mail (scripts/sandbox-control.ts): what a summary carries, and
// that every way the expected message can be wrong is named.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DeliveredMessage } from '../sandbox/index.js';
import { findProblems, parseDelivered, summarize } from '../../scripts/sandbox-control.js';
import type { DeliveredSummary, Expectation } from '../../scripts/sandbox-control.js';

const RAW = [
  'From: CI Alerts <alerts@contoso.example>',
  'To: oncall@contoso.example',
  'Cc: dev@contoso.example',
  'Subject: Self-test Linux',
  'Message-ID: <gh-1.1.abc@contoso.example>',
  'X-Priority: 3',
  'X-Unlisted: not reported',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Build passed.',
  'Self-test marker: 42-1-Linux',
  '--b1',
  'Content-Type: text/plain; name=build-report.txt',
  'Content-Disposition: attachment;',
  ' filename=build-report.txt',
  '',
  'report',
  '--b1--',
  '',
].join('\r\n');

const delivered: DeliveredMessage = {
  connectionId: 'c1',
  authUser: 'alerts@contoso.example',
  envelope: {
    from: 'alerts@contoso.example',
    to: ['oncall@contoso.example', 'dev@contoso.example', 'audit@contoso.example'],
  },
  raw: Buffer.from(RAW),
  emlPath: '/nowhere/1.eml',
  receivedAt: 0,
  transactionMs: 5,
  acknowledged: true,
};

const expected: Expectation = {
  to: ['oncall@contoso.example', 'DEV@contoso.example', 'audit@contoso.example'],
  subject: 'Self-test Linux',
  bodyMarker: 'Self-test marker: 42-1-Linux',
  attachments: ['build-report.txt'],
  count: 1,
};

async function summary(): Promise<DeliveredSummary> {
  return summarize(delivered, {
    id: 'c1',
    secure: true,
    tlsProtocol: 'TLSv1.3',
    authMethod: 'XOAUTH2',
    openedAt: 0,
  });
}

describe('summarize', () => {
  test('reports envelope, session, chosen headers, text part and attachment names', async () => {
    const s = await summary();
    assert.deepEqual(s.envelope, delivered.envelope);
    assert.equal(s.authUser, 'alerts@contoso.example');
    assert.equal(s.authMethod, 'XOAUTH2');
    assert.equal(s.tlsProtocol, 'TLSv1.3');
    assert.equal(s.subject, 'Self-test Linux');
    assert.deepEqual(s.headers, {
      from: ['CI Alerts <alerts@contoso.example>'],
      to: ['oncall@contoso.example'],
      cc: ['dev@contoso.example'],
      'message-id': ['<gh-1.1.abc@contoso.example>'],
      'x-priority': ['3'],
    });
    assert.match(s.text, /Self-test marker: 42-1-Linux/);
    assert.equal(s.hasHtml, false);
    assert.deepEqual(
      s.attachments.map((a) => a.filename),
      ['build-report.txt'],
    );
  });

  test('carries no raw message and works without a connection record', async () => {
    const s = await summarize(delivered, undefined);
    assert.equal(s.tlsProtocol, null);
    assert.equal(s.authMethod, null);
    assert.ok(!('raw' in s));
    assert.ok(!JSON.stringify(s).includes('X-Unlisted'));
  });
});

describe('findProblems', () => {
  test('none when the expected message arrived', async () => {
    assert.deepEqual(findProblems([await summary()], expected), []);
  });

  test('names the missing message and the subjects that did arrive', async () => {
    const problems = findProblems([await summary()], { ...expected, subject: 'Other' });
    assert.deepEqual(problems, ["no message with subject 'Other' arrived; subjects seen: 'Self-test Linux'"]);
    assert.deepEqual(findProblems([], { ...expected, count: undefined }), [
      "no message with subject 'Self-test Linux' arrived; subjects seen: (none)",
    ]);
  });

  test('names each wrong detail', async () => {
    const s = await summary();
    const wrong: DeliveredSummary = {
      ...s,
      envelope: { from: s.envelope.from, to: ['oncall@contoso.example', 'intruder@evil.example'] },
      authUser: '',
      tlsProtocol: null,
      acknowledged: false,
      headers: { ...s.headers, bcc: ['audit@contoso.example'] },
      text: 'no marker',
      attachments: [],
    };
    assert.deepEqual(findProblems([wrong, s], expected), [
      'expected 1 message(s) in all, 2 arrived',
      '2 messages have the subject, expected one',
      "recipients missing from the envelope: 'dev@contoso.example', 'audit@contoso.example'",
      "unexpected envelope recipients: 'intruder@evil.example'",
      "the text part does not contain 'Self-test marker: 42-1-Linux'",
      "attachments missing: 'build-report.txt'; attached: (none)",
      'the message arrived without SMTP AUTH',
      'the message arrived on a session without TLS',
      'a Bcc header reached the recipients',
      'the server never acknowledged the message',
    ]);
  });

  test('a message too many (a dry run that sent) fails on the count alone', async () => {
    const s = await summary();
    assert.deepEqual(findProblems([s, { ...s, subject: 'Dry run' }], expected), [
      'expected 1 message(s) in all, 2 arrived',
    ]);
  });
});

describe('parseDelivered', () => {
  test('accepts {messages: [...]} and refuses anything else', () => {
    assert.deepEqual(parseDelivered({ messages: [] }), []);
    for (const body of [null, [], { messages: {} }, 'messages'])
      assert.throws(() => parseDelivered(body), /did not answer/);
  });
});
