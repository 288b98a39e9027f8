// Graph's failures, against the stand-in running dist/index.js: throttling and a busy service are
// survived within max-attempts and timeout-seconds; a lost 202 is sent again with the same
// Message-ID; every other 4xx fails on the first try with its fix and the ids support asks for; a
// refused token has its claims printed at debug level, never the token.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import type { Sandbox } from '../sandbox/index.js';
import { findLeaks } from '../support/leaks.js';
import { runAction, type ActionResult } from '../support/run-action.js';
import { useSandbox } from '../support/use-sandbox.js';

const MESSAGE = { to: 'oncall@contoso.example', subject: 'Alert', body: 'Something happened.' };
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

function retries(result: ActionResult): string[] {
  return result.stdout.split('\n').filter((l) => /^Attempt \d+ of \d+ to /.test(l));
}

function theError(result: ActionResult): string {
  assert.equal(result.code, 1, result.stdout);
  const errors = result.annotations.filter((a) => a.level === 'error');
  assert.equal(errors.length, 1);
  return `${errors[0]?.properties.title ?? ''}\n${errors[0]?.message ?? ''}`;
}

function debugLines(result: ActionResult): string[] {
  return result.stdout
    .split('\n')
    .filter((l) => l.startsWith('::debug::'))
    .map((l) => l.slice('::debug::'.length));
}

/** The ids of the one Graph request, as the error must show them. */
function supportIds(sandbox: Sandbox): RegExp {
  const [request] = sandbox.graphRequests;
  assert.ok(request);
  return new RegExp(
    `For Microsoft support: request-id ${request.requestId}, client-request-id ${request.clientRequestId}, date \\w{3}, \\d\\d \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT`,
  );
}

describe('transport: graph survives throttling, a busy service and a lost answer', () => {
  const sandbox = useSandbox();
  const run = (extra: Record<string, string> = {}) =>
    runAction({ inputs: { ...sandbox.graphInputs(), ...MESSAGE, ...extra }, caPath: sandbox.caPath });

  test('429 with Retry-After: waits as asked, then succeeds with a new client-request-id', async () => {
    sandbox.setGraphFaults([{ status: 429, retryAfterSeconds: 2 }]);
    const result = await run();
    assert.equal(result.code, 0, result.stdout);
    const [first, second] = sandbox.graphRequests;
    assert.deepEqual(
      sandbox.graphRequests.map((r) => [r.status, r.errorCode]),
      [
        [429, 'ApplicationThrottled'],
        [202, undefined],
      ],
    );
    const gap = (second?.at ?? 0) - (first?.at ?? 0);
    assert.ok(gap >= 1950, `waited ${gap} ms; Retry-After said 2 s`);
    assert.notEqual(first?.clientRequestId, second?.clientRequestId);
    assert.match(
      retries(result)[0] ?? '',
      /^Attempt 1 of 3 to send the message failed: Microsoft Graph \(127\.0\.0\.1:\d+\) answered 429 ApplicationThrottled: Microsoft Graph is throttling this app or mailbox\. Retrying in 2\.0 s \(as the server asked\)\.$/,
    );
    assert.equal(sandbox.graphDelivered.length, 1);
    assert.equal(sandbox.tokenRequests.length, 1, 'the token is reused');
  });

  for (const status of [503, 504]) {
    test(`${status}, then success`, async () => {
      sandbox.setGraphFaults([{ status }]);
      const result = await run();
      assert.equal(result.code, 0, result.stdout);
      assert.deepEqual(
        sandbox.graphRequests.map((r) => r.status),
        [status, 202],
      );
      assert.match(
        retries(result)[0] ?? '',
        new RegExp(`answered ${status} \\w+: Microsoft Graph is busy or unavailable`),
      );
      assert.equal(sandbox.graphDelivered.length, 1);
    });
  }

  test('503 with Retry-After on every attempt: gives up after max-attempts, with the reason', async () => {
    sandbox.setGraphFaults([
      { status: 503, retryAfterSeconds: 1 },
      { status: 503, retryAfterSeconds: 1 },
    ]);
    const text = theError(await run({ 'max-attempts': '2' }));
    assert.match(text, /^Sending through Microsoft Graph failed\n/);
    assert.match(text, /answered 503 serviceNotAvailable/);
    assert.match(text, /Gave up after 2 attempts \(max-attempts\)/);
    assert.equal(sandbox.graphDelivered.length, 0);
  });

  test('a Retry-After past timeout-seconds is not waited for', async () => {
    sandbox.setGraphFaults([{ status: 429, retryAfterSeconds: 60 }]);
    const result = await run({ 'timeout-seconds': '10' });
    const text = theError(result);
    assert.match(text, /Gave up after 1 attempt: waiting 60 s more would pass timeout-seconds/);
    assert.ok(result.durationMs < 8000, `took ${result.durationMs} ms`);
  });

  test('the answer is lost after Graph took the message: sent again with the same Message-ID', async () => {
    sandbox.setGraphFaults([{ dropAfterAccept: true }]);
    const result = await run();
    assert.equal(result.code, 0, result.stdout);
    assert.deepEqual(
      sandbox.graphRequests.map((r) => r.status),
      [0, 202],
    );
    assert.deepEqual(
      sandbox.graphDelivered.map((d) => d.acknowledged),
      [false, true],
    );
    const ids = await Promise.all(
      sandbox.graphDelivered.map(async (d) => (await simpleParser(d.raw)).messageId),
    );
    assert.equal(ids[0], ids[1], 'the retry reuses the Message-ID, so clients can drop the duplicate');
    assert.equal(result.outputs['message-id'], ids[1]);
    assert.match(
      retries(result)[0] ?? '',
      /Graph may have accepted the message, so a retry \(with the same Message-ID\) can deliver it twice/,
    );
  });

  test('the connection dropped before anything was stored: sent again', async () => {
    sandbox.setGraphFaults([{ dropConnection: true }]);
    const result = await run();
    assert.equal(result.code, 0, result.stdout);
    assert.equal(sandbox.graphDelivered.length, 1);
    assert.equal(sandbox.graphRequests.length, 2);
  });
});

describe('transport: graph explains each refusal, on the first try', () => {
  const sandbox = useSandbox();
  const run = (extra: Record<string, string> = {}, env: Record<string, string> = {}) =>
    runAction({ inputs: { ...sandbox.graphInputs(), ...MESSAGE, ...extra }, caPath: sandbox.caPath, env });

  /** One request, refused for good, nothing delivered, the ids shown, no token printed. */
  function refusedOnce(result: ActionResult, status: number, code: string): string {
    const text = theError(result);
    assert.equal(sandbox.graphRequests.length, 1, 'a permanent error is not retried');
    assert.deepEqual([sandbox.graphRequests[0]?.status, sandbox.graphRequests[0]?.errorCode], [status, code]);
    assert.equal(sandbox.graphDelivered.length, 0);
    assert.match(text, /^Sending through Microsoft Graph failed\n/);
    assert.match(text, new RegExp(`answered ${status} ${code}: `));
    assert.match(text, supportIds(sandbox));
    assert.deepEqual(retries(result), []);
    assert.deepEqual(findLeaks(result, sandbox.issuedTokens()), []);
    return text;
  }

  test('401: an Exchange token (the SMTP scope) with the Graph transport; the claims at debug level', async () => {
    const result = await run({ scope: 'https://outlook.office365.com/.default' }, { RUNNER_DEBUG: '1' });
    const text = refusedOnce(result, 401, 'InvalidAuthenticationToken');
    assert.match(text, /refused the access token/);
    assert.match(text, new RegExp(`the scope must be ${sandbox.graphHost.replace(/\./g, '\\.')}/\\.default`));
    assert.match(
      text,
      /https:\/\/outlook\.office365\.com\/\.default, the scope of transport: smtp, is refused/,
    );
    const claims = debugLines(result).find((l) => l.startsWith('Token claims: '));
    assert.ok(claims, 'the claims are printed at debug level');
    assert.match(
      claims,
      /aud="https:\/\/outlook\.office365\.com", roles=\["SMTP\.SendAsApp"\], tid="[\w-]+", appid="[\w-]+", exp=\S+ \(\d+ s left\)/,
    );
    assert.match(
      claims,
      /aud should be the Microsoft Graph resource \(this is the Exchange Online resource, for SMTP\)/,
    );
    assert.doesNotMatch(
      result.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n'),
      JWT,
    );
    assert.equal(sandbox.tokenRequests.length, 1, 'a token with its life ahead is not asked for again');
  });

  test('403 ErrorAccessDenied: no Mail.Send and no RBAC scope; the claims at debug level', async () => {
    sandbox.configure({ entra: { graphRoles: [] } });
    const result = await run({}, { RUNNER_DEBUG: '1' });
    const text = refusedOnce(result, 403, 'ErrorAccessDenied');
    assert.match(text, /the app may not send mail as alerts@contoso\.example/);
    assert.match(
      text,
      /"Application Mail\.Send"[^]*Test-ServicePrincipalAuthorization[^]*admin consent[^]*Test-ApplicationAccessPolicy/,
    );
    const claims = debugLines(result).find((l) => l.startsWith('Token claims: '));
    assert.match(claims ?? '', /aud="https:\/\/graph\.microsoft\.com", roles=\(missing\)/);
    assert.match(claims ?? '', /roles lacks Mail\.Send/);
  });

  test('404 ErrorInvalidUser: no such mailbox', async () => {
    const text = refusedOnce(await run({ mailbox: 'nobody@contoso.example' }), 404, 'ErrorInvalidUser');
    assert.match(text, /there is no user nobody@contoso\.example in this tenant/);
    assert.match(text, /user principal name or primary address/);
  });

  test('404 MailboxNotEnabledForRESTAPI: a user with no Exchange Online mailbox', async () => {
    sandbox.configure({ graph: { restDisabledMailboxes: [sandbox.mailbox] } });
    const text = refusedOnce(await run(), 404, 'MailboxNotEnabledForRESTAPI');
    assert.match(text, /has no Exchange Online mailbox that Graph can reach/);
    assert.match(text, /on-premises/);
  });

  test('403 ErrorSendAsDenied: From is an address the mailbox may not send as', async () => {
    const result = await run({ from: 'ceo@contoso.example', mailbox: sandbox.mailbox });
    const text = refusedOnce(result, 403, 'ErrorSendAsDenied');
    assert.match(text, /alerts@contoso\.example may not send as the From address ceo@contoso\.example/);
    assert.match(
      text,
      /Add-RecipientPermission -Identity ceo@contoso\.example -Trustee alerts@contoso\.example -AccessRights SendAs/,
    );
  });

  test('400 ErrorMessageSizeExceeded: over the mailbox limit', async () => {
    sandbox.configure({ graph: { maxMessageBytes: 2000 } });
    const text = refusedOnce(await run({ body: 'x'.repeat(4000) }), 400, 'ErrorMessageSizeExceeded');
    assert.match(text, /larger than the mailbox or the organisation may send/);
    assert.match(text, /MaxSendSize/);
  });
});
