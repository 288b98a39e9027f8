// Every failure of the spine: non-zero exit, exactly one error annotation that says what failed and
// what to do, and nothing delivered.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { findLeaks, xoauth2 } from '../support/leaks.js';
import { runAction, type ActionResult } from '../support/run-action.js';
import { useSandbox } from '../support/use-sandbox.js';

const MESSAGE = { to: 'oncall@contoso.example', subject: 'Alert', body: 'Something happened.' };

function theError(result: ActionResult): string {
  assert.equal(result.code, 1, `expected exit 1\n${result.stdout}\n${result.stderr}`);
  const errors = result.annotations.filter((a) => a.level === 'error');
  assert.equal(
    errors.length,
    1,
    `expected exactly one error annotation, got ${JSON.stringify(result.annotations)}`,
  );
  assert.equal(result.stderr, '', 'nothing on stderr');
  return `${errors[0]?.properties.title ?? ''}\n${errors[0]?.message ?? ''}`;
}

describe('token failures', () => {
  const sandbox = useSandbox();

  const cases: [string, Record<string, string>, RegExp[]][] = [
    [
      'wrong secret (AADSTS7000215)',
      { 'client-secret': 'Q8~this-is-not-the-secret-value-at-all' },
      [
        /AADSTS7000215 invalid_client/,
        /client secret is wrong/,
        /VALUE/,
        /trace id [0-9a-f-]+, correlation id [0-9a-f-]+/,
      ],
    ],
    [
      'unknown app (AADSTS700016)',
      { 'client-id': '11111111-2222-4333-8444-555555555555' },
      [/AADSTS700016/, /no application with this client id/, /client-id/],
    ],
    [
      'unknown tenant (AADSTS90002)',
      { 'tenant-id': 'fabrikam.onmicrosoft.com' },
      [/AADSTS90002/, /tenant was not found/, /tenant-id/],
    ],
  ];
  for (const [name, inputs, patterns] of cases) {
    test(name, async () => {
      const result = await runAction({
        inputs: { ...sandbox.inputs(), ...MESSAGE, ...inputs },
        caPath: sandbox.caPath,
      });
      const text = theError(result);
      for (const pattern of patterns) assert.match(text, pattern);
      assert.match(text, /Could not get an access token/);
      // The SMTP connection is set up while the token is requested, but it never signs in or sends.
      assert.equal(sandbox.authAttempts.length, 0, 'no SMTP sign-in');
      assert.equal(sandbox.delivered.length, 0);
      assert.deepEqual(
        findLeaks(result, [sandbox.clientSecret, inputs['client-secret'] ?? sandbox.clientSecret]),
        [],
      );
    });
  }
});

describe('Exchange refusals', () => {
  const sandbox = useSandbox();

  test('535 5.7.3: token not valid for this mailbox lists the Exchange-side checks', async () => {
    const result = await runAction({
      inputs: { ...sandbox.inputs(), ...MESSAGE, from: 'other@contoso.example' },
      caPath: sandbox.caPath,
      env: { RUNNER_DEBUG: '1' },
    });
    const text = theError(result);
    assert.match(text, /535 5\.7\.3/);
    for (const step of [
      /SMTP\.SendAsApp/,
      /New-ServicePrincipal/,
      /ENTERPRISE APPLICATION/,
      /Add-MailboxPermission/,
      /mailbox/,
    ]) {
      assert.match(text, step);
    }
    assert.equal(sandbox.delivered.length, 0);
    const tokens = sandbox.issuedTokens();
    assert.deepEqual(
      findLeaks(result, [
        sandbox.clientSecret,
        ...tokens,
        ...tokens.map((t) => xoauth2('other@contoso.example', t)),
      ]),
      [],
    );
  });

  test('535 5.7.139: SMTP AUTH disabled names Set-CASMailbox', async () => {
    sandbox.configure({ exchange: { smtpAuthDisabled: true } });
    const text = theError(
      await runAction({ inputs: { ...sandbox.inputs(), ...MESSAGE }, caPath: sandbox.caPath }),
    );
    assert.match(text, /535 5\.7\.139/);
    assert.match(text, /Set-CASMailbox .*-SmtpClientAuthenticationDisabled \$false/);
    assert.equal(sandbox.delivered.length, 0);
  });

  test('SendAsDenied: From is not the mailbox', async () => {
    const result = await runAction({
      inputs: { ...sandbox.inputs(), ...MESSAGE, from: 'ceo@contoso.example', mailbox: sandbox.mailbox },
      caPath: sandbox.caPath,
    });
    const text = theError(result);
    assert.match(text, /554 5\.2\.0/);
    assert.match(text, /SendAsDenied/);
    assert.match(text, /Add-RecipientPermission/);
    assert.equal(sandbox.delivered.length, 0);
  });

  test('a server that offers no AUTH gets nothing, not an unauthenticated message', async () => {
    sandbox.configure({ exchange: { offerAuth: false } });
    const text = theError(
      await runAction({ inputs: { ...sandbox.inputs(), ...MESSAGE }, caPath: sandbox.caPath }),
    );
    assert.match(text, /AUTH/);
    assert.equal(sandbox.delivered.length, 0);
  });
});

describe('TLS and connection failures fail closed', () => {
  for (const [mode, pattern] of [
    ['untrusted', /not trusted/],
    ['wrong-name', /for a different host name/],
  ] as const) {
    test(`${mode} certificate on the token endpoint: no token request is made`, async () => {
      const sandbox = await startSandbox({ tls: mode });
      try {
        const text = theError(
          await runAction({ inputs: { ...sandbox.inputs(), ...MESSAGE }, caPath: sandbox.caPath }),
        );
        assert.match(text, pattern);
        assert.match(text, /NODE_EXTRA_CA_CERTS|host/);
        assert.equal(sandbox.tokenRequests.length, 0);
        assert.equal(sandbox.delivered.length, 0);
      } finally {
        await sandbox.stop();
      }
    });

    test(`${mode} certificate on SMTP: nothing is sent`, async () => {
      const good = await startSandbox();
      const bad = await startSandbox({ tls: mode, clientSecret: good.clientSecret });
      try {
        // A trusted token endpoint, then an SMTP server whose certificate must not be accepted. Both
        // sandboxes' CAs are trusted, so the wrong-name case fails on the name, not on the issuer.
        const caPath = path.join(good.dir, 'both-ca.pem');
        writeFileSync(caPath, `${good.caPem}\n${mode === 'wrong-name' ? bad.caPem : ''}`);
        const inputs = { ...good.inputs(), ...MESSAGE, 'smtp-port': String(bad.smtpPort) };
        const text = theError(await runAction({ inputs, caPath }));
        assert.match(text, pattern);
        assert.equal(good.tokenRequests.length, 1);
        assert.equal(bad.delivered.length + good.delivered.length, 0);
        assert.ok(bad.authAttempts.length === 0, 'no AUTH over an unverified connection');
      } finally {
        await Promise.all([good.stop(), bad.stop()]);
      }
    });
  }

  test('connection refused names the host and what to check', async () => {
    const sandbox = await startSandbox();
    const closed: Server = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    try {
      const text = theError(
        await runAction({
          inputs: { ...sandbox.inputs(), ...MESSAGE, 'smtp-port': String(port) },
          caPath: sandbox.caPath,
        }),
      );
      assert.match(text, /ECONNREFUSED/);
      assert.match(text, /127\.0\.0\.1/);
    } finally {
      await sandbox.stop();
    }
  });
});

describe('bad input fails before any network call', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });

  const cases: [string, Record<string, string | null>, RegExp][] = [
    ['missing to/cc/bcc', { to: null }, /Invalid 'to': no recipient/],
    [
      'invalid address',
      { to: 'oncall@contoso.example, not-an-address' },
      /Invalid 'to': 'not-an-address' is not one valid address/,
    ],
    ['CR/LF in from', { from: 'alerts@contoso.example\r\nBcc: spy@evil.example' }, /Invalid 'from'/],
    ['bad port', { 'smtp-port': 'abc' }, /Invalid 'smtp-port': expected an integer 1-65535, got 'abc'/],
    ['bad enum', { priority: 'urgent' }, /Invalid 'priority': expected one of high, normal, low/],
    ['bad boolean', { 'dry-run': 'maybe' }, /Invalid 'dry-run': expected true or false/],
    ['missing required input', { 'tenant-id': null }, /Invalid 'tenant-id': required/],
    ['missing credential', { 'client-secret': null }, /Invalid 'auth': no credential/],
  ];
  for (const [name, change, pattern] of cases) {
    test(name, async () => {
      sandbox.reset();
      const inputs: Record<string, string> = { ...sandbox.inputs(), ...MESSAGE };
      for (const [key, value] of Object.entries(change)) {
        if (value === null) Reflect.deleteProperty(inputs, key);
        else inputs[key] = value;
      }
      const text = theError(await runAction({ inputs, caPath: sandbox.caPath }));
      assert.match(text, pattern);
      assert.match(text, /Invalid input: nothing was sent/);
      assert.equal(sandbox.tokenRequests.length, 0, 'no token request');
      assert.equal(sandbox.connections.length, 0, 'no SMTP connection');
    });
  }
});
