import assert from 'node:assert/strict';
import { test } from 'node:test';
import { transportOptions, type ProvisionCallback } from '../../src/smtp/options.js';
import { DEFAULT_TIMEOUTS } from '../../src/timeouts.js';

const settings = {
  kind: 'smtp',
  host: 'smtp.office365.com',
  port: 587,
  mailbox: 'bot@contoso.com',
  proxy: undefined,
} as const;
const provision: ProvisionCallback = (_user, _renew, done) => {
  done(null, 'token-value');
};

test('STARTTLS is required, auth is forced, certificates are verified, TLS 1.2+', () => {
  const options = transportOptions(settings, provision);
  assert.equal(options.secure, false);
  assert.equal(options.requireTLS, true);
  assert.equal(options.ignoreTLS, false);
  assert.equal(options.forceAuth, true);
  assert.equal(options.tls.rejectUnauthorized, true);
  assert.equal(options.tls.minVersion, 'TLSv1.2');
});

test('XOAUTH2 signs in as the mailbox with the token the provision callback hands out', () => {
  assert.deepEqual(transportOptions(settings, provision).auth, {
    type: 'OAuth2',
    user: 'bot@contoso.com',
    provisionCallback: provision,
  });
});

test('every timeout is explicit and bounded', () => {
  const options = transportOptions(settings, provision);
  assert.equal(options.connectionTimeout, DEFAULT_TIMEOUTS.connectionMs);
  assert.equal(options.greetingTimeout, DEFAULT_TIMEOUTS.greetingMs);
  assert.equal(options.socketTimeout, DEFAULT_TIMEOUTS.socketMs);
  for (const value of [
    options.connectionTimeout,
    options.greetingTimeout,
    options.socketTimeout,
    options.dnsTimeout,
  ]) {
    assert.ok(value > 0 && value <= 120_000);
  }
  const custom = transportOptions(settings, provision, {
    connectionMs: 1000,
    greetingMs: 2000,
    socketMs: 3000,
  });
  assert.deepEqual(
    [custom.connectionTimeout, custom.greetingTimeout, custom.socketTimeout],
    [1000, 2000, 3000],
  );
});

test('message content can make the mailer read no file and fetch no URL', () => {
  const options = transportOptions(settings, provision);
  assert.equal(options.disableFileAccess, true);
  assert.equal(options.disableUrlAccess, true);
});
