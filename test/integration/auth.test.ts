// The bundled action (dist/index.js) signing in every way it can, against the sandbox: the same
// workflow sends with a client secret, a certificate and GitHub OIDC with no secret at all; every
// misconfiguration fails with a message that says what to fix, and no secret reaches the output.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  makeClientCertificate,
  startSandbox,
  type ClientCertificate,
  type Sandbox,
} from '../sandbox/index.js';
import { findLeaks, xoauth2 } from '../support/leaks.js';
import { runAction, type ActionResult } from '../support/run-action.js';

const MESSAGE = { to: 'oncall@contoso.example', subject: 'Deployed', body: 'Version 2 is live.' };
const PASSWORD = 'Tr0ub4dor&3-cert-pass';
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g;

function theError(result: ActionResult): string {
  assert.equal(result.code, 1, `expected exit 1\n${result.stdout}\n${result.stderr}`);
  const errors = result.annotations.filter((a) => a.level === 'error');
  assert.equal(errors.length, 1, JSON.stringify(result.annotations));
  assert.equal(result.stderr, '');
  return `${errors[0]?.properties.title ?? ''}\n${errors[0]?.message ?? ''}`;
}

function succeeded(result: ActionResult): void {
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.deepEqual(
    result.annotations.filter((a) => a.level === 'error'),
    [],
  );
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

/** The jti of the first assertion the sandbox's Entra received: how a test knows that JWT. */
function firstJti(sandbox: Sandbox): string {
  const jti = sandbox.tokenRequests[0]?.assertion?.claims.jti;
  assert.ok(typeof jti === 'string', 'the sandbox recorded the assertion');
  return jti;
}

/** Every JWT the action printed anywhere, other than inside its own ::add-mask:: lines. */
function printedJwts(result: ActionResult): string[] {
  const places = [
    ...result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')),
    result.stderr,
    result.summary,
    ...Object.values(result.outputs),
  ];
  return places.flatMap((text) => text.match(JWT) ?? []);
}

describe('signing in: secret, certificate, GitHub OIDC', () => {
  let sandbox: Sandbox;
  let cert: ClientCertificate;
  before(async () => {
    [sandbox, cert] = await Promise.all([
      startSandbox(),
      makeClientCertificate({ commonName: 'm365 mail app' }),
    ]);
  });
  after(async () => {
    await sandbox.stop();
  });
  beforeEach(() => {
    sandbox.reset();
  });

  /** The sandbox's inputs with the client secret taken out. */
  const noSecret = (): Record<string, string> => ({ ...sandbox.inputs(), 'client-secret': '', ...MESSAGE });

  function delivered(): void {
    const [mail] = sandbox.delivered;
    assert.equal(sandbox.delivered.length, 1);
    assert.ok(mail);
    assert.deepEqual(mail.envelope.to, ['oncall@contoso.example']);
    assert.equal(mail.authUser, sandbox.mailbox);
    assert.equal(sandbox.metadataRequests, 0);
  }

  test('client secret', async () => {
    succeeded(await runAction({ inputs: { ...sandbox.inputs(), ...MESSAGE }, caPath: sandbox.caPath }));
    assert.deepEqual(
      sandbox.tokenRequests.map((r) => r.credential),
      ['secret'],
    );
    assert.equal(sandbox.idTokenRequests.length, 0);
    delivered();
  });

  test('certificate with a plain PKCS#8 key: PS256 assertion naming the SHA-256 thumbprint', async () => {
    sandbox.configure({ entra: { certificates: [cert.certPem] } });
    succeeded(
      await runAction({
        inputs: { ...noSecret(), 'client-certificate': cert.keyPem + cert.certPem },
        caPath: sandbox.caPath,
      }),
    );
    const [request] = sandbox.tokenRequests;
    assert.equal(sandbox.tokenRequests.length, 1);
    assert.equal(request?.credential, 'certificate');
    assert.equal(request.status, 200);
    assert.equal(request.assertion?.alg, 'PS256');
    assert.equal(request.assertion.thumbprint, cert.thumbprintSha256Hex);
    assert.equal(request.assertion.x5c, false);
    delivered();
  });

  test('certificate with an encrypted key and x5c; nothing secret printed, even in debug', async () => {
    sandbox.configure({ entra: { certificates: [cert.certPem] } });
    // Secrets are searched for exactly as the action reads them (inputs are trimmed): the runner's
    // mask of the whole PEM then counts as the mask of each of its lines.
    const bundle = `${cert.certPem}\n${cert.encryptedKeyPem(PASSWORD)}`.trim();
    const result = await runAction({
      inputs: {
        ...noSecret(),
        'client-certificate': bundle,
        'client-certificate-password': PASSWORD,
        'client-certificate-send-x5c': 'true',
        debug: 'true',
      },
      caPath: sandbox.caPath,
      env: { RUNNER_DEBUG: '1' },
    });
    succeeded(result);
    assert.equal(sandbox.tokenRequests[0]?.assertion?.x5c, true);
    delivered();
    const tokens = sandbox.issuedTokens();
    const leaks = findLeaks(result, [
      bundle,
      cert.keyPem, // the decrypted key
      PASSWORD,
      ...tokens,
      ...tokens.map((t) => xoauth2(sandbox.mailbox, t)),
    ]);
    assert.deepEqual(leaks, []);
    assert.deepEqual(printedJwts(result), [], 'no assertion or access token printed');
    // The assertion that was sent (known by its jti) was masked by the action.
    const jti = firstJti(sandbox);
    assert.ok(
      result.masks.some((m) => m.startsWith('eyJ') && claimsOf(m).jti === jti),
      'assertion masked',
    );
  });

  test('GitHub OIDC with no secret at all: one ID token request for the one token request', async () => {
    const result = await runAction({
      inputs: { ...noSecret(), debug: 'true' },
      caPath: sandbox.caPath,
      env: { ...sandbox.oidcEnv(), RUNNER_DEBUG: '1' },
    });
    succeeded(result);
    assert.equal(sandbox.tokenRequests.length, 1);
    assert.equal(sandbox.idTokenRequests.length, 1);
    assert.equal(sandbox.idTokenRequests[0]?.audience, 'api://AzureADTokenExchange');
    assert.equal(sandbox.tokenRequests[0]?.credential, 'federated');
    delivered();
    const tokens = sandbox.issuedTokens();
    const leaks = findLeaks(result, [
      sandbox.oidc.requestToken,
      ...tokens,
      ...tokens.map((t) => xoauth2(sandbox.mailbox, t)),
    ]);
    assert.deepEqual(leaks, []);
    assert.deepEqual(printedJwts(result), [], 'no ID token or access token printed');
    const jti = firstJti(sandbox);
    assert.ok(
      result.masks.some((m) => m.startsWith('eyJ') && claimsOf(m).jti === jti),
      'ID token masked',
    );
  });

  test('GitHub OIDC: a retried token request gets a fresh ID token', async () => {
    sandbox.setTokenFaults([{ status: 503, error: 'temporarily_unavailable', code: 90033 }]);
    succeeded(await runAction({ inputs: noSecret(), caPath: sandbox.caPath, env: sandbox.oidcEnv() }));
    assert.deepEqual(
      sandbox.tokenRequests.map((r) => r.status),
      [503, 200],
    );
    assert.equal(sandbox.idTokenRequests.length, 2);
    delivered();
  });
});

describe('signing in: every misconfiguration says what to fix', () => {
  let sandbox: Sandbox;
  let cert: ClientCertificate;
  let other: ClientCertificate;
  before(async () => {
    [sandbox, cert, other] = await Promise.all([
      startSandbox(),
      makeClientCertificate(),
      makeClientCertificate(),
    ]);
  });
  after(async () => {
    await sandbox.stop();
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.configure({ entra: { certificates: [cert.certPem] } });
  });

  const noSecret = (): Record<string, string> => ({ ...sandbox.inputs(), 'client-secret': '', ...MESSAGE });

  function nothingContacted(): void {
    assert.equal(sandbox.tokenRequests.length, 0, 'no token request');
    assert.equal(sandbox.idTokenRequests.length, 0, 'no ID token request');
    assert.equal(sandbox.connections.length, 0, 'no SMTP connection');
  }

  test('wrong certificate password', async () => {
    const inputs = {
      ...noSecret(),
      'client-certificate': (cert.encryptedKeyPem(PASSWORD) + cert.certPem).trim(),
      'client-certificate-password': 'not-the-password',
    };
    const result = await runAction({ inputs, caPath: sandbox.caPath });
    const text = theError(result);
    assert.match(text, /^Credential problem: nothing was sent/);
    assert.match(text, /could not be decrypted with 'client-certificate-password': the password is wrong/);
    nothingContacted();
    assert.deepEqual(findLeaks(result, [inputs['client-certificate'], 'not-the-password']), []);
  });

  test('encrypted key with no password', async () => {
    const text = theError(
      await runAction({
        inputs: { ...noSecret(), 'client-certificate': cert.encryptedKeyPem(PASSWORD) + cert.certPem },
        caPath: sandbox.caPath,
      }),
    );
    assert.match(text, /encrypted, but 'client-certificate-password' is empty/);
    nothingContacted();
  });

  test('key and certificate that do not match', async () => {
    const text = theError(
      await runAction({
        inputs: { ...noSecret(), 'client-certificate': other.keyPem + cert.certPem },
        caPath: sandbox.caPath,
      }),
    );
    assert.match(text, /does not belong to its certificate/);
    assert.match(text, /openssl pkey -in app\.key -pubout \| openssl sha256/);
    nothingContacted();
  });

  test('expired certificate', async () => {
    const expired = await makeClientCertificate({
      notBefore: new Date(Date.now() - 400 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
    });
    const text = theError(
      await runAction({
        inputs: { ...noSecret(), 'client-certificate': expired.keyPem + expired.certPem },
        caPath: sandbox.caPath,
      }),
    );
    assert.match(text, /The certificate CN=.* expired on \d{4}-\d\d-\d\d/);
    assert.match(text, /az ad app credential reset --id .* --cert @new\.crt --append/);
    nothingContacted();
  });

  test('certificate not uploaded to the app: AADSTS700027 names the thumbprint to look for', async () => {
    const text = theError(
      await runAction({
        inputs: { ...noSecret(), 'client-certificate': other.keyPem + other.certPem },
        caPath: sandbox.caPath,
      }),
    );
    assert.match(text, /AADSTS700027/);
    assert.match(text, new RegExp(`thumbprint ${other.thumbprintSha1Hex.toUpperCase()}`));
    assert.match(text, /Certificates & secrets > Certificates > Upload certificate/);
    assert.equal(sandbox.delivered.length, 0);
  });

  test('GitHub OIDC subject not configured: AADSTS70021 shows iss/sub/aud and both subject forms', async () => {
    sandbox.configure({
      oidc: { subject: 'repo:octo-org/octo-repo:environment:production', environment: 'production' },
    });
    const result = await runAction({
      inputs: noSecret(),
      caPath: sandbox.caPath,
      env: { ...sandbox.oidcEnv(), RUNNER_DEBUG: '1' },
    });
    const text = theError(result);
    assert.match(text, /AADSTS70021/);
    assert.match(text, /iss: https:\/\/token\.actions\.githubusercontent\.com/);
    assert.match(text, /sub: repo:octo-org\/octo-repo:environment:production/);
    assert.match(text, /aud: api:\/\/AzureADTokenExchange/);
    assert.match(text, /classic: {3}repo:octo-org\/octo-repo:environment:production/);
    assert.match(text, /immutable: repo:octo-org@90014863\/octo-repo@582779453:environment:production/);
    assert.match(text, /az ad app federated-credential create --id /);
    assert.equal(sandbox.idTokenRequests.length, sandbox.tokenRequests.length);
    assert.deepEqual(printedJwts(result), [], 'the ID token is never printed');
    assert.deepEqual(findLeaks(result, [sandbox.oidc.requestToken]), []);
  });

  // auth: auto with an empty client-secret (a misspelled or unavailable secret) falls back to OIDC;
  // when that fails too, the error must say the secret was empty and how to check it.
  const FALLBACK =
    /'client-secret' \(and 'client-certificate'\) were empty, so auth: auto signed in with GitHub OIDC/;

  test('auth: auto fell back to OIDC and the federation was refused: the error names the empty secret', async () => {
    sandbox.configure({ oidc: { subject: 'repo:octo-org/octo-repo:ref:refs/heads/feature' } });
    const result = await runAction({ inputs: noSecret(), caPath: sandbox.caPath, env: sandbox.oidcEnv() });
    const text = theError(result);
    assert.match(text, /AADSTS70021/);
    assert.match(text, FALLBACK);
    assert.match(text, /client-secret: \$\{\{ secrets\.NAME \}\}/);
  });

  test('auth: auto fell back to OIDC and the ID token was refused: the error names the empty secret', async () => {
    const env = { ...sandbox.oidcEnv(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-request-token' };
    const result = await runAction({
      inputs: { ...noSecret(), 'max-attempts': '1' },
      caPath: sandbox.caPath,
      env,
    });
    const text = theError(result);
    assert.match(text, /Could not get a GitHub ID token/);
    assert.match(text, FALLBACK);
    assert.equal(sandbox.tokenRequests.length, 0);
  });

  test('auth: oidc chosen on purpose: no note about the secret', async () => {
    sandbox.configure({ oidc: { subject: 'repo:octo-org/octo-repo:ref:refs/heads/feature' } });
    const result = await runAction({
      inputs: { ...noSecret(), auth: 'oidc' },
      caPath: sandbox.caPath,
      env: sandbox.oidcEnv(),
    });
    assert.doesNotMatch(theError(result), FALLBACK);
  });

  test('GitHub OIDC without permissions: the YAML to add', async () => {
    const text = theError(
      await runAction({ inputs: { ...noSecret(), auth: 'oidc' }, caPath: sandbox.caPath }),
    );
    assert.match(text, /cannot request a GitHub ID token/);
    assert.match(text, /permissions:\n {4}id-token: write/);
    nothingContacted();
  });

  test('no credential at all with auth: auto lists the three options', async () => {
    const text = theError(await runAction({ inputs: noSecret(), caPath: sandbox.caPath }));
    assert.match(text, /no credential/);
    assert.match(text, /client-secret:[\s\S]*client-certificate:[\s\S]*id-token: write/);
    nothingContacted();
  });

  test('two credentials with auth: auto names both inputs', async () => {
    const bundle = (cert.keyPem + cert.certPem).trim();
    const result = await runAction({
      inputs: { ...sandbox.inputs(), ...MESSAGE, 'client-certificate': bundle },
      caPath: sandbox.caPath,
    });
    const text = theError(result);
    assert.match(text, /both 'client-secret' and 'client-certificate' are set/);
    nothingContacted();
    assert.deepEqual(findLeaks(result, [sandbox.clientSecret, bundle]), []);
  });
});
