// Proves the Graph stand-in answers sendMail like Microsoft Graph before any action test relies on
// it. Talks to it directly over node:https with the sandbox CA; dist/ is not needed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { GRAPH_SCOPE } from './index.js';
import { graphError, graphToken, mimeBody, sendMail } from '../support/graph-client.js';
import type { GraphResponse } from '../support/graph-client.js';
import { accessToken, decodeJwtClaims, requestToken } from '../support/sandbox-clients.js';
import { useSandbox } from '../support/use-sandbox.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const sb = useSandbox();

function mime(headers: Record<string, string>, text = 'It works.'): string {
  const fields = { From: sb.mailbox, Subject: 'Graph hello', 'MIME-Version': '1.0', ...headers };
  const lines = Object.entries(fields).map(([name, value]) => `${name}: ${value}`);
  return `${lines.join('\r\n')}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`;
}

function assertError(res: GraphResponse, status: number, code: string, message?: string | RegExp): void {
  assert.equal(res.status, status, res.text);
  const error = graphError(res);
  assert.equal(error.code, code);
  if (typeof message === 'string') assert.equal(error.message, message);
  else if (message) assert.match(String(error.message), message);
}

describe('Entra tokens for Microsoft Graph', () => {
  it('issues Graph and Exchange tokens with their own audience and roles, recording each scope', async () => {
    const graph = decodeJwtClaims(await graphToken(sb));
    assert.deepEqual([graph.aud, graph.roles], ['https://graph.microsoft.com', ['Mail.Send']]);
    const exchange = decodeJwtClaims(await accessToken(sb));
    assert.deepEqual([exchange.aud, exchange.roles], ['https://outlook.office365.com', ['SMTP.SendAsApp']]);
    sb.configure({ entra: { graphRoles: [] } });
    assert.equal(decodeJwtClaims(await graphToken(sb)).roles, undefined);
    const unknown = await requestToken(sb, { scope: 'https://graph.microsoft.us/.default' });
    assert.deepEqual([unknown.status, unknown.body.error_codes], [400, [500011]]);
    assert.deepEqual(
      sb.tokenRequests.map((r) => [r.scope, r.status]),
      [
        [GRAPH_SCOPE, 200],
        ['https://outlook.office365.com/.default', 200],
        [GRAPH_SCOPE, 200],
        ['https://graph.microsoft.us/.default', 400],
      ],
    );
  });
});

describe('Graph sendMail', () => {
  it('accepts a wrapped base64 MIME message with 202, empty body and the support headers', async () => {
    const token = await graphToken(sb);
    const message = mime({ To: 'Oncall <oncall@contoso.example>', Cc: 'dev@contoso.example' });
    const clientRequestId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const res = await sendMail(sb, { token, body: mimeBody(message), clientRequestId });
    assert.equal(res.status, 202, res.text);
    assert.equal(res.text, '');
    assert.match(String(res.headers['request-id']), GUID);
    assert.equal(res.headers['client-request-id'], clientRequestId);
    assert.ok(res.headers.date);
    assert.ok(JSON.parse(String(res.headers['x-ms-ags-diagnostic'])));
    const [delivery] = sb.graphDelivered;
    assert.ok(delivery);
    assert.deepEqual(
      [delivery.to, delivery.cc, delivery.bcc],
      [['oncall@contoso.example'], ['dev@contoso.example'], []],
    );
    assert.deepEqual(
      [delivery.mailbox, delivery.from, delivery.acknowledged],
      [sb.mailbox, [sb.mailbox], true],
    );
    assert.equal(delivery.raw.toString(), message);
    assert.deepEqual(readFileSync(delivery.emlPath), delivery.raw);
    const [record] = sb.graphRequests;
    assert.deepEqual(
      [record?.method, record?.path, record?.mailbox, record?.status, record?.clientRequestIdSent],
      ['POST', `/v1.0/users/${encodeURIComponent(sb.mailbox)}/sendMail`, sb.mailbox, 202, true],
    );
    assert.equal(record?.requestId, res.headers['request-id']);
    assert.deepEqual(
      [record?.tokenAudience, record?.tokenRoles],
      ['https://graph.microsoft.com', ['Mail.Send']],
    );
    assert.equal(record?.bodyBytes, Buffer.byteLength(mimeBody(message)));
    const unwrapped = await sendMail(sb, { token, body: mimeBody(message, 0) });
    assert.equal(unwrapped.status, 202);
    assert.match(String(unwrapped.headers['client-request-id']), GUID, 'made up when the client sent none');
    assert.equal(sb.graphRequests[1]?.clientRequestIdSent, false);
  });

  it('delivers to Bcc recipients, and no recipient copy carries the Bcc header', async () => {
    const message = mime({
      To: 'a@contoso.example',
      Bcc: 'Hidden <hidden@contoso.example>, a@contoso.example',
    });
    const res = await sendMail(sb, { token: await graphToken(sb), body: mimeBody(message) });
    assert.equal(res.status, 202, res.text);
    const delivery = sb.graphDelivered[0];
    assert.ok(delivery);
    assert.deepEqual(delivery.bcc, ['hidden@contoso.example', 'a@contoso.example']);
    assert.deepEqual(
      delivery.copies.map((c) => c.recipient),
      ['a@contoso.example', 'hidden@contoso.example'],
    );
    assert.match(delivery.raw.toString(), /^Bcc: /m, 'the stored submission keeps what the client sent');
    for (const copy of delivery.copies) {
      assert.doesNotMatch(copy.raw.toString(), /^bcc:/im);
      const parsed = await simpleParser(copy.raw);
      assert.deepEqual(
        [parsed.bcc, parsed.subject, parsed.text?.trim()],
        [undefined, 'Graph hello', 'It works.'],
      );
    }
  });

  it('answers 401 InvalidAuthenticationToken for missing, unknown, expired and wrong-audience tokens', async () => {
    const body = mimeBody(mime({ To: 'a@contoso.example' }));
    const exchangeToken = await accessToken(sb);
    sb.configure({ entra: { tokenLifetimeSeconds: 0 } });
    const expired = await graphToken(sb);
    assertError(await sendMail(sb, { body }), 401, 'InvalidAuthenticationToken', 'Access token is empty.');
    assertError(await sendMail(sb, { token: 'eyJ.not.issued', body }), 401, 'InvalidAuthenticationToken');
    assertError(await sendMail(sb, { token: expired, body }), 401, 'InvalidAuthenticationToken', /expired/);
    const wrongAudience = await sendMail(sb, { token: exchangeToken, body });
    assertError(
      wrongAudience,
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure. Invalid audience.',
    );
    const inner = (wrongAudience.json as { error: { innerError: Record<string, unknown> } }).error.innerError;
    assert.equal(inner['request-id'], wrongAudience.headers['request-id']);
    assert.equal(inner['client-request-id'], wrongAudience.headers['client-request-id']);
    assert.match(String(inner.date), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    assert.equal(sb.graphRequests.at(-1)?.tokenAudience, 'https://outlook.office365.com');
    assert.equal(sb.graphDelivered.length, 0);
  });

  it('answers 403 without Mail.Send, 404 for unknown users and REST-less mailboxes; RBAC scopes add up', async () => {
    const body = mimeBody(mime({ To: 'a@contoso.example' }));
    const other = 'reports@contoso.example';
    sb.configure({
      graph: { mailboxes: [sb.mailbox, other], restDisabledMailboxes: ['onprem@contoso.example'] },
    });
    const token = await graphToken(sb);
    const unknown = await sendMail(sb, { token, body, mailbox: 'nobody@contoso.example' });
    assertError(unknown, 404, 'ErrorInvalidUser', "The requested user 'nobody@contoso.example' is invalid.");
    sb.configure({ graph: { mailboxes: [sb.mailbox, other, 'onprem@contoso.example'] } });
    const onprem = await sendMail(sb, { token, body, mailbox: 'onprem@contoso.example' });
    assertError(onprem, 404, 'MailboxNotEnabledForRESTAPI', /hosted on-premise/);
    // The Entra grant reaches every mailbox, whatever the RBAC scope says.
    sb.configure({ graph: { scopedMailboxes: [sb.mailbox] } });
    const fromOther = mimeBody(mime({ From: other, To: 'a@contoso.example' }));
    assert.equal((await sendMail(sb, { token, body: fromOther, mailbox: other })).status, 202);
    sb.configure({ entra: { graphRoles: [] } });
    const scoped = await graphToken(sb);
    assert.equal((await sendMail(sb, { token: scoped, body })).status, 202);
    const denied = await sendMail(sb, { token: scoped, body: fromOther, mailbox: other });
    assertError(denied, 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    sb.configure({ graph: { scopedMailboxes: [] } });
    assertError(await sendMail(sb, { token: scoped, body }), 403, 'ErrorAccessDenied');
    assert.deepEqual(sb.graphRequests.at(-1)?.tokenRoles, []);
  });

  it('checks the message: base64, size, recipients and Send As', async () => {
    const token = await graphToken(sb);
    const send = (body: string, contentType?: string) => sendMail(sb, { token, body, contentType });
    const good = mimeBody(mime({ To: 'a@contoso.example' }));
    for (const bad of ['not base64!', good.slice(0, -2), `${good}=`, 'QUJD=A==']) {
      assertError(
        await send(bad),
        400,
        'ErrorMimeContentInvalidBase64String',
        'Invalid base64 string for MIME content.',
      );
    }
    assertError(
      await send(JSON.stringify({ message: {} }), 'application/json'),
      400,
      'BadRequest',
      /\[SANDBOX\]/,
    );
    const noRecipients: Array<Record<string, string>> = [
      {},
      { To: 'undisclosed-recipients:;' },
      { To: 'a@contoso.example, foo' },
    ];
    for (const recipients of noRecipients) {
      const res = await send(mimeBody(mime(recipients)));
      assertError(res, 400, 'ErrorInvalidRecipients', "At least one recipient isn't valid.");
    }
    const ceo = mimeBody(mime({ From: 'CEO <ceo@contoso.example>', To: 'a@contoso.example' }));
    assertError(await send(ceo), 403, 'ErrorSendAsDenied', /does not have the right to send mail on behalf/);
    sb.configure({ graph: { sendAs: ['CEO@contoso.example'] } });
    assert.equal((await send(ceo)).status, 202);
    sb.configure({ graph: { maxMessageBytes: 100 } });
    assertError(
      await send(good),
      400,
      'ErrorMessageSizeExceeded',
      'The message exceeds the maximum supported size.',
    );
    assert.equal(sb.graphDelivered.length, 1);
  });
});
