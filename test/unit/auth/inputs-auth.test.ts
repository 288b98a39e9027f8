// parseAuth: which credential, which cloud, which endpoints; every error names the input to fix.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CLOUDS } from '../../../src/clouds.js';
import { ActionError } from '../../../src/errors.js';
import { parseAuth } from '../../../src/inputs/auth.js';

const TENANT = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const CLIENT = '0b1c2d3e-4f5a-4b6c-8d7e-f9a0b1c2d3e4';
const IDS = { 'tenant-id': TENANT, 'client-id': CLIENT };
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';

function parse(
  inputs: Record<string, string>,
  options: { oidc?: boolean; dryRun?: boolean; masked?: string[] } = {},
) {
  const masked = options.masked ?? [];
  return parseAuth(
    (name) => inputs[name] ?? '',
    (secret) => masked.push(secret),
    options.dryRun ?? false,
    { canRequestIdToken: options.oidc ?? false },
  );
}

function failure(
  inputs: Record<string, string>,
  options: { oidc?: boolean; dryRun?: boolean } = {},
): ActionError {
  try {
    parse(inputs, options);
  } catch (err) {
    assert.ok(err instanceof ActionError);
    assert.equal(err.stage, 'input');
    return err;
  }
  assert.fail('expected an input error');
}

describe('parseAuth: choosing the credential', () => {
  test('auto: secret, else certificate, else GitHub OIDC when the job may request an ID token', () => {
    assert.deepEqual(parse({ ...IDS, 'client-secret': 's3cret-value' })?.credential, {
      kind: 'client-secret',
      secret: 's3cret-value',
    });
    assert.deepEqual(
      parse({
        ...IDS,
        'client-certificate': PEM,
        'client-certificate-password': 'pw',
        'client-certificate-send-x5c': 'true',
      })?.credential,
      {
        kind: 'certificate',
        pem: PEM,
        password: 'pw',
        sendX5c: true,
      },
    );
    assert.deepEqual(parse(IDS, { oidc: true })?.credential, {
      kind: 'oidc',
      audience: 'api://AzureADTokenExchange',
      byFallback: true,
    });
  });

  test('auto with nothing: one error listing the three options', () => {
    const err = failure(IDS);
    assert.match(err.message, /^Invalid 'auth': no credential/);
    assert.match(err.hint ?? '', /client-secret:[\s\S]*client-certificate:[\s\S]*id-token: write/);
  });

  test('auto with two credentials: an error naming both inputs', () => {
    const err = failure({ ...IDS, 'client-secret': 's3cret-value', 'client-certificate': PEM });
    assert.match(err.message, /both 'client-secret' and 'client-certificate' are set/);
    assert.match(err.hint ?? '', /auth: client-secret or auth: certificate/);
  });

  test('auto with a password but an empty certificate: names the empty input instead of trying OIDC', () => {
    const err = failure({ ...IDS, 'client-certificate-password': 'pw' }, { oidc: true });
    assert.match(
      err.message,
      /^Invalid 'client-certificate': empty, but 'client-certificate-password' is set/,
    );
  });

  test('an explicit choice wins over what else is given, and requires its own input', () => {
    assert.equal(
      parse({ ...IDS, 'client-secret': 's', 'client-certificate': PEM, auth: 'certificate' })?.credential
        .kind,
      'certificate',
    );
    assert.equal(
      parse({ ...IDS, 'client-secret': 's', auth: 'oidc' }, { oidc: true })?.credential.kind,
      'oidc',
    );
    assert.equal(
      parse({ ...IDS, 'client-secret': 's', 'client-certificate': PEM, auth: 'Client-Secret' })?.credential
        .kind,
      'client-secret',
    );
    assert.match(
      failure({ ...IDS, auth: 'client-secret' }).message,
      /^Invalid 'client-secret': required with auth: client-secret/,
    );
    assert.match(
      failure({ ...IDS, auth: 'certificate' }).message,
      /^Invalid 'client-certificate': required with auth: certificate/,
    );
    const oidc = failure({ ...IDS, auth: 'oidc' });
    assert.match(
      oidc.message,
      /^Invalid 'auth': oidc was chosen, but this job cannot request a GitHub ID token/,
    );
    assert.match(oidc.hint ?? '', /permissions:\n {4}id-token: write/);
  });

  test('secrets are masked before any error, even when a later input is invalid', () => {
    const masked: string[] = [];
    assert.throws(() =>
      parse(
        { ...IDS, 'client-certificate': PEM, 'client-certificate-password': 'pw-123', cloud: 'mars' },
        { masked },
      ),
    );
    assert.deepEqual(masked.filter(Boolean), [PEM, 'pw-123']);
  });

  test('a dry run with no credential input needs no credential', () => {
    assert.equal(parse({}, { dryRun: true }), undefined);
    assert.equal(parse({}, { dryRun: true, oidc: true }), undefined);
    assert.equal(
      parse({ 'client-secret': 's' }, { dryRun: true }),
      undefined,
      'no ids: nothing to sign in to',
    );
  });

  // A pull request from a fork: the ids are repository variables, the secret does not arrive.
  test('a dry run with the ids and no secret succeeds, whatever auth says', () => {
    for (const auth of ['auto', 'client-secret', 'certificate', 'oidc']) {
      assert.equal(parse({ ...IDS, auth }, { dryRun: true }), undefined, auth);
    }
  });

  test('a dry run still checks what it is given', () => {
    assert.match(
      failure({ ...IDS, 'client-id': 'not-a-guid' }, { dryRun: true }).message,
      /^Invalid 'client-id': expected the Application \(client\) ID/,
    );
    assert.match(failure({ ...IDS, auth: 'password' }, { dryRun: true }).message, /^Invalid 'auth'/);
    const auth = parse({ ...IDS, 'client-secret': 's' }, { dryRun: true });
    assert.deepEqual(auth?.credential, { kind: 'client-secret', secret: 's' });
  });

  test('tenant and client ids', () => {
    assert.equal(
      parse({ ...IDS, 'tenant-id': 'contoso.onmicrosoft.com', 'client-secret': 's' })?.tenantId,
      'contoso.onmicrosoft.com',
    );
    assert.match(
      failure({ ...IDS, 'tenant-id': 'common', 'client-secret': 's' }).message,
      /multi-tenant alias/,
    );
    assert.match(
      failure({ ...IDS, 'client-id': 'my-app', 'client-secret': 's' }).message,
      /^Invalid 'client-id': expected the Application \(client\) ID/,
    );
  });
});

describe('parseAuth: clouds', () => {
  for (const [cloud, preset] of Object.entries(CLOUDS)) {
    test(`${cloud}: the preset sets authority, scope and OIDC audience`, () => {
      const auth = parse({ ...IDS, cloud }, { oidc: true });
      assert.ok(auth);
      assert.equal(auth.cloud, cloud);
      assert.equal(auth.authorityHost, preset.authorityHost);
      assert.equal(auth.scope, preset.scope);
      assert.deepEqual(auth.credential, { kind: 'oidc', audience: preset.oidcAudience, byFallback: true });
    });
  }

  test('every preset value stays overridable by its own input', () => {
    const auth = parse(
      {
        ...IDS,
        cloud: 'china',
        'authority-host': 'https://login.example.cn/',
        scope: 'https://mail.example.cn/.default',
        'oidc-audience': 'api://custom',
      },
      { oidc: true },
    );
    assert.ok(auth);
    assert.equal(auth.authorityHost, 'https://login.example.cn');
    assert.equal(auth.scope, 'https://mail.example.cn/.default');
    assert.deepEqual(auth.credential, { kind: 'oidc', audience: 'api://custom', byFallback: true });
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    [
      'unknown auth',
      { auth: 'password' },
      /^Invalid 'auth': expected one of auto, client-secret, certificate, oidc/,
    ],
    [
      'unknown cloud',
      { cloud: 'azure' },
      /^Invalid 'cloud': expected one of public, usgov, usgov-dod, china/,
    ],
    [
      'http authority',
      { 'authority-host': 'http://login.microsoftonline.com' },
      /^Invalid 'authority-host': expected an https:\/\/ URL/,
    ],
    [
      'scope without /.default',
      { scope: 'https://outlook.office365.com/SMTP.SendAsApp' },
      /^Invalid 'scope': expected a resource followed by \/\.default/,
    ],
    [
      'x5c not a boolean',
      { 'client-certificate-send-x5c': 'yes' },
      /^Invalid 'client-certificate-send-x5c': expected true or false/,
    ],
    [
      'audience on two lines',
      { 'oidc-audience': 'api://a\napi://b' },
      /^Invalid 'oidc-audience': expected a single line/,
    ],
  ];
  for (const [name, inputs, message] of bad) {
    test(name, () => {
      assert.match(failure({ ...IDS, 'client-secret': 's', ...inputs }).message, message);
    });
  }
});
