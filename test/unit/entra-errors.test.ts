import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toEntraError } from '../../src/auth/entra-errors.js';
import { retryAfterMs } from '../../src/net/retry-after.js';
import { TransportError } from '../../src/net/https.js';

const ctx = { host: 'login.microsoftonline.com', now: Date.parse('2026-11-28T12:00:00Z') };

function entraBody(code: number, error: string) {
  return {
    error,
    error_description: `AADSTS${code}: something.\r\nTrace ID: t-1\r\nCorrelation ID: c-1\r\nTimestamp: 2026-11-28`,
    error_codes: [code],
    trace_id: 'trace-123',
    correlation_id: 'corr-456',
  };
}

describe('toEntraError: permanent configuration errors get a precise hint', () => {
  const cases: [number, string, number, RegExp, RegExp][] = [
    [7000215, 'invalid_client', 401, /client secret is wrong/, /VALUE .*not its Secret ID/],
    [7000222, 'invalid_client', 401, /expired/, /new client secret/],
    [700016, 'unauthorized_client', 400, /no application with this client id/, /client-id/],
    [90002, 'invalid_request', 400, /tenant was not found/, /tenant-id/],
    [1002012, 'invalid_scope', 400, /scope is not valid/, /\.default/],
    [7000218, 'invalid_client', 401, /no client secret or assertion/, /empty at run time/],
    [53003, 'access_denied', 400, /Conditional Access/, /workload identities/],
    [530035, 'access_denied', 400, /security defaults/, /workload identities/],
    [700024, 'invalid_client', 400, /assertion has expired/, /clock/],
    [700027, 'invalid_client', 401, /signature could not be verified/, /Upload the certificate/],
    [70011, 'invalid_scope', 400, /scope is malformed/, /\.default/],
    [500011, 'invalid_resource', 400, /resource in the scope does not exist/, /scope host/],
    [7000229, 'invalid_client', 400, /no service principal/, /admin consent/],
  ];
  for (const [code, error, status, what, fix] of cases) {
    test(`AADSTS${code}`, () => {
      const err = toEntraError(
        new Error('msal says something'),
        { status, body: entraBody(code, error) },
        ctx,
      );
      assert.equal(err.code, `AADSTS${code}`);
      assert.equal(err.stage, 'token');
      assert.equal(err.transient, false);
      assert.match(err.message, what);
      assert.match(err.message, new RegExp(`AADSTS${code} ${error}`));
      assert.match(err.message, /trace id trace-123, correlation id corr-456/);
      assert.match(err.hint ?? '', fix);
    });
  }

  test('federation mismatch uses the supplied helper', () => {
    const err = toEntraError(
      undefined,
      { status: 400, body: entraBody(70021, 'invalid_request') },
      { ...ctx, credentialHelp: (code) => (code === 70021 ? 'configure subject X' : undefined) },
    );
    assert.match(err.message, /no federated credential matches/);
    assert.equal(err.hint, 'configure subject X');
  });

  test('an unknown AADSTS code points at the reference and keeps the first line of the description', () => {
    const err = toEntraError(undefined, { status: 400, body: entraBody(123456, 'invalid_request') }, ctx);
    assert.match(err.message, /AADSTS123456 invalid_request\): AADSTS123456: something\./);
    assert.match(err.hint ?? '', /error\?code=123456/);
  });

  test('msal fields are used when there is no body', () => {
    const thrown = Object.assign(new Error('x'), {
      errorCode: 'invalid_client',
      errorNo: '7000215',
      status: 401,
    });
    assert.equal(toEntraError(thrown, {}, ctx).code, 'AADSTS7000215');
  });
});

describe('toEntraError: transient failures', () => {
  test('429 honours Retry-After in seconds', () => {
    const err = toEntraError(
      undefined,
      { status: 429, headers: { 'retry-after': '7' }, body: { error: 'http_429' } },
      ctx,
    );
    assert.equal(err.transient, true);
    assert.equal(err.retryAfterMs, 7000);
  });
  test('503 temporarily_unavailable', () => {
    const err = toEntraError(
      undefined,
      { status: 503, body: entraBody(90033, 'temporarily_unavailable') },
      ctx,
    );
    assert.equal(err.transient, true);
    assert.equal(err.retryAfterMs, undefined);
  });
  test('AADSTS90033 with a 400 is still transient', () => {
    assert.equal(
      toEntraError(undefined, { status: 400, body: entraBody(90033, 'temporarily_unavailable') }, ctx)
        .transient,
      true,
    );
  });
  test('connection refused keeps its cause and is transient', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const err = toEntraError(
      new Error('network_error'),
      { transportError: new TransportError('127.0.0.1:9: connect ECONNREFUSED', 'ECONNREFUSED', cause) },
      ctx,
    );
    assert.equal(err.transient, true);
    assert.equal(err.code, 'ECONNREFUSED');
    assert.match(err.message, /connection to login\.microsoftonline\.com failed \(ECONNREFUSED\)/);
  });
  test('an untrusted certificate is permanent and says how to trust a proxy CA', () => {
    const cause = Object.assign(new Error('self-signed certificate in certificate chain'), {
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    const err = toEntraError(
      undefined,
      { transportError: new TransportError('tls', 'SELF_SIGNED_CERT_IN_CHAIN', cause) },
      ctx,
    );
    assert.equal(err.transient, false);
    assert.match(err.message, /not trusted/);
    assert.match(err.hint ?? '', /NODE_EXTRA_CA_CERTS/);
  });
});

test('retryAfterMs reads seconds and HTTP dates', () => {
  assert.equal(retryAfterMs({ 'retry-after': '3' }, ctx.now), 3000);
  assert.equal(retryAfterMs({ 'retry-after': 'Sat, 28 Nov 2026 12:00:10 GMT' }, ctx.now), 10_000);
  assert.equal(retryAfterMs({ 'retry-after': 'soon' }, ctx.now), undefined);
  assert.equal(retryAfterMs({}, ctx.now), undefined);
});
