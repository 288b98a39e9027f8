// Graph answers become one error each, classified from the status and `error.code` (never the
// message text), with the fix, the retry decision and the ids Microsoft support asks for.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toGraphError, toGraphNetworkError, readGraphErrorBody } from '../../../src/graph/errors.js';
import { TransportError } from '../../../src/net/https.js';

const CONTEXT = {
  host: 'https://graph.microsoft.com',
  mailbox: 'alerts@contoso.com',
  from: 'team@contoso.com',
  clientRequestId: '11111111-2222-4333-8444-555555555555',
  now: Date.UTC(2026, 11, 4, 10, 0, 0),
};

function answer(
  status: number,
  code: string,
  message = 'Server text.',
  headers: Record<string, string> = {},
) {
  return {
    status,
    headers: {
      'request-id': 'aaaaaaaa-0000-4000-8000-000000000001',
      'client-request-id': CONTEXT.clientRequestId,
      date: 'Fri, 04 Dec 2026 10:00:00 GMT',
      ...headers,
    },
    body: JSON.stringify({
      error: {
        code,
        message,
        innerError: { date: '2026-12-04T10:00:00', 'request-id': 'aaaaaaaa-0000-4000-8000-000000000001' },
      },
    }),
  };
}

describe('toGraphError: each Graph answer gets its meaning and fix', () => {
  const cases: [number, string, { transient: boolean; token: boolean; explain: boolean }, RegExp, RegExp][] =
    [
      [
        401,
        'InvalidAuthenticationToken',
        { transient: false, token: true, explain: true },
        /refused the access token/,
        /scope must be https:\/\/graph\.microsoft\.com\/\.default[^]*outlook\.office365\.com\/\.default[^]*RUNNER_DEBUG=1/,
      ],
      [
        403,
        'ErrorAccessDenied',
        { transient: false, token: false, explain: true },
        /may not send mail as alerts@contoso\.com/,
        /Application Mail\.Send[^]*Test-ServicePrincipalAuthorization -Identity <service principal> -Resource alerts@contoso\.com[^]*Mail\.Send of type Application \(not Delegated\), with admin consent[^]*Test-ApplicationAccessPolicy/,
      ],
      [
        404,
        'ErrorInvalidUser',
        { transient: false, token: false, explain: false },
        /no user alerts@contoso\.com in this tenant/,
        /user principal name or primary address/,
      ],
      [
        404,
        'MailboxNotEnabledForRESTAPI',
        { transient: false, token: false, explain: false },
        /has no Exchange Online mailbox/,
        /unlicensed[^]*on-premises/,
      ],
      [
        403,
        'ErrorSendAsDenied',
        { transient: false, token: false, explain: true },
        /alerts@contoso\.com may not send as the From address team@contoso\.com/,
        /Add-RecipientPermission -Identity team@contoso\.com -Trustee alerts@contoso\.com -AccessRights SendAs/,
      ],
      [
        400,
        'ErrorMessageSizeExceeded',
        { transient: false, token: false, explain: false },
        /larger than the mailbox or the organisation may send/,
        /MaxSendSize/,
      ],
      [
        413,
        'BadRequest',
        { transient: false, token: false, explain: false },
        /4 MB limit/,
        /transport: smtp/,
      ],
      [
        429,
        'ApplicationThrottled',
        { transient: true, token: false, explain: false },
        /throttling/,
        /Retry-After[^]*max-connections/,
      ],
      [
        503,
        'serviceNotAvailable',
        { transient: true, token: false, explain: false },
        /busy or unavailable/,
        /retries/,
      ],
      [
        504,
        'UnknownError',
        { transient: true, token: false, explain: false },
        /busy or unavailable/,
        /retries/,
      ],
      [
        400,
        'ErrorInvalidRecipients',
        { transient: false, token: false, explain: false },
        /recipient/,
        /to, cc and bcc/,
      ],
      [400, 'SomethingNew', { transient: false, token: false, explain: false }, /refused the request/, /^$/],
    ];
  for (const [status, code, flags, what, fix] of cases) {
    test(`${status} ${code}`, () => {
      const err = toGraphError(answer(status, code), CONTEXT);
      assert.equal(err.stage, 'graph');
      assert.equal(err.code, `Graph ${status} ${code}`);
      assert.match(
        err.message,
        new RegExp(`^Microsoft Graph \\(graph\\.microsoft\\.com\\) answered ${status} ${code}: `),
      );
      assert.match(err.message, what);
      assert.match(err.hint ?? '', fix);
      assert.equal(err.transient, flags.transient);
      assert.equal(err.tokenRejected, flags.token);
      assert.equal(err.explainToken, flags.token || flags.explain);
      assert.match(err.message, /\nGraph said: Server text\.\n/);
      assert.match(
        err.message,
        /For Microsoft support: request-id aaaaaaaa-0000-4000-8000-000000000001, client-request-id 11111111-2222-4333-8444-555555555555, date Fri, 04 Dec 2026 10:00:00 GMT$/,
      );
    });
  }

  test('the code decides, never the message text', () => {
    const err = toGraphError(answer(403, 'ErrorAccessDenied', 'ErrorSendAsDenied: not really'), CONTEXT);
    assert.match(err.message, /may not send mail as/);
    const other = toGraphError(answer(400, 'BadRequest', 'ErrorMessageSizeExceeded'), CONTEXT);
    assert.doesNotMatch(other.hint ?? '', /MaxSendSize/);
  });

  test('Retry-After is honoured on throttling and on 503, in seconds or as a date', () => {
    assert.equal(
      toGraphError(answer(429, 'ApplicationThrottled', '', { 'retry-after': '7' }), CONTEXT).retryAfterMs,
      7000,
    );
    const date = new Date(CONTEXT.now + 12_000).toUTCString();
    assert.equal(
      toGraphError(answer(503, 'serviceNotAvailable', '', { 'retry-after': date }), CONTEXT).retryAfterMs,
      12_000,
    );
    assert.equal(toGraphError(answer(504, 'UnknownError'), CONTEXT).retryAfterMs, undefined);
    // A permanent error never waits, whatever it says.
    assert.equal(
      toGraphError(answer(400, 'BadRequest', '', { 'retry-after': '5' }), CONTEXT).retryAfterMs,
      undefined,
    );
  });

  test('ids come from the body when the headers lack them; a body that is not JSON still classifies by status', () => {
    const err = toGraphError({ ...answer(403, 'ErrorAccessDenied'), headers: {} }, CONTEXT);
    assert.match(
      err.message,
      /request-id aaaaaaaa-0000-4000-8000-000000000001, client-request-id 11111111-.*, date 2026-12-04T10:00:00$/,
    );
    const html = toGraphError({ status: 503, headers: {}, body: '<html>busy</html>' }, CONTEXT);
    assert.equal(html.transient, true);
    assert.match(
      html.message,
      /answered 503: .*busy or unavailable\nFor Microsoft support: request-id \(none\)/,
    );
    assert.deepEqual(readGraphErrorBody('null'), {
      code: undefined,
      message: undefined,
      requestId: undefined,
      date: undefined,
    });
  });

  test('server text is kept on one line', () => {
    const err = toGraphError(answer(400, 'BadRequest', 'line one\r\n::error::two'), CONTEXT);
    assert.match(err.message, /Graph said: line one ::error::two\n/);
  });
});

describe('toGraphNetworkError', () => {
  test('a lost answer is retried, and says the message may have arrived', () => {
    const err = toGraphNetworkError(new TransportError('127.0.0.1: socket hang up', 'ECONNRESET'), CONTEXT);
    assert.equal(err.transient, true);
    assert.equal(err.stage, 'graph');
    assert.match(
      err.message,
      /^Could not send through Microsoft Graph \(graph\.microsoft\.com\): the connection to graph\.microsoft\.com failed \(ECONNRESET\); Graph may have accepted the message, so a retry \(with the same Message-ID\) can deliver it twice\nclient-request-id 11111111-/,
    );
  });

  test('a refused connection is retried; nothing arrived', () => {
    const err = toGraphNetworkError(new TransportError('refused', 'ECONNREFUSED'), CONTEXT);
    assert.equal(err.transient, true);
    assert.doesNotMatch(err.message, /may have accepted/);
  });

  test('an untrusted certificate is permanent, with the proxy hint', () => {
    const err = toGraphNetworkError(new TransportError('x', 'SELF_SIGNED_CERT_IN_CHAIN'), CONTEXT);
    assert.equal(err.transient, false);
    assert.match(err.hint ?? '', /NODE_EXTRA_CA_CERTS/);
  });
});
