// The certificate credential's client assertion: structure, the PS256 signature checked with the
// certificate's public key (not the key that signed it), x5c on and off, one fresh masked assertion
// per call, and the hint after Entra refuses it.
import assert from 'node:assert/strict';
import { constants, createHash, verify, X509Certificate } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { loadCredential, type ClientCredential } from '../../../src/auth/credential.js';
import type { AuthSettings } from '../../../src/config.js';
import { encodings, issue, type Issued } from './fixtures.js';

const CLIENT_ID = '0b1c2d3e-4f5a-4b6c-8d7e-f9a0b1c2d3e4';
const ENDPOINT = 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token';
// Whole seconds, so the claims can be compared exactly.
const NOW = Math.floor(Date.now() / 1000) * 1000;

function settings(pem: string, sendX5c: boolean, password = ''): AuthSettings {
  return {
    cloud: 'public',
    tenantId: 'contoso.onmicrosoft.com',
    clientId: CLIENT_ID,
    authorityHost: 'https://login.microsoftonline.com',
    scope: 'https://outlook.office365.com/.default',
    credential: { kind: 'certificate', pem, password, sendX5c },
  };
}

interface Decoded {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

function decode(jwt: string): Decoded {
  const [h = '', c = '', s = ''] = jwt.split('.');
  const json = (part: string) =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  return {
    header: json(h),
    claims: json(c),
    signingInput: `${h}.${c}`,
    signature: Buffer.from(s, 'base64url'),
  };
}

async function credentialFor(pem: string, sendX5c: boolean, masked: string[], password = '') {
  const io = {
    env: {},
    mask: (s: string) => masked.push(s),
    debug: () => undefined,
    now: () => NOW,
    getIdToken: () => Promise.reject(new Error('no GitHub OIDC in this test')),
  };
  const credential: ClientCredential = await loadCredential(settings(pem, sendX5c, password), io);
  assert.equal(credential.kind, 'assertion');
  return credential;
}

describe('certificate assertion', () => {
  let root: Issued;
  let leaf: Issued;
  before(async () => {
    root = await issue({ commonName: 'Test Root', ca: true });
    leaf = await issue({ commonName: 'mailer app', issuer: root });
  });

  test('PS256 JWT with x5t#S256 and the claims Entra checks, verified with the certificate', async () => {
    const masked: string[] = [];
    const credential = await credentialFor(leaf.keyPem + leaf.certPem + root.certPem, false, masked);
    const jwt = await credential.createAssertion(ENDPOINT);
    const { header, claims, signingInput, signature } = decode(jwt);
    assert.deepEqual(header, {
      alg: 'PS256',
      typ: 'JWT',
      'x5t#S256': createHash('sha256').update(leaf.certDer).digest('base64url'),
    });
    assert.equal(claims.aud, ENDPOINT);
    assert.equal(claims.iss, CLIENT_ID);
    assert.equal(claims.sub, CLIENT_ID);
    assert.match(String(claims.jti), /^[0-9a-f-]{36}$/);
    assert.equal(claims.iat, NOW / 1000);
    assert.equal(claims.nbf, NOW / 1000);
    assert.equal(claims.exp, NOW / 1000 + 600);
    const publicKey = new X509Certificate(leaf.certPem).publicKey;
    const pss = { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
    assert.ok(verify('sha256', Buffer.from(signingInput), pss, signature), 'PS256 signature verifies');
    // PKCS#1 v1.5 (RS256) must not verify: the algorithm really is PSS.
    assert.ok(!verify('sha256', Buffer.from(signingInput), publicKey, signature));
    assert.deepEqual(masked, [jwt], 'the assertion is masked before it is handed over');
  });

  test('x5c carries the chain, leaf first, as standard base64 DER', async () => {
    const credential = await credentialFor(root.certPem + leaf.keyPem + leaf.certPem, true, []);
    const { header } = decode(await credential.createAssertion(ENDPOINT));
    assert.deepEqual(header.x5c, [leaf.certDer.toString('base64'), root.certDer.toString('base64')]);
  });

  test('each call is a new assertion (new jti), each one masked', async () => {
    const masked: string[] = [];
    const { encryptedPkcs8 } = encodings(leaf.keyPem, 'pw-123456');
    const credential = await credentialFor(encryptedPkcs8 + leaf.certPem, false, masked, 'pw-123456');
    const first = await credential.createAssertion(ENDPOINT);
    const second = await credential.createAssertion(ENDPOINT);
    assert.notEqual(decode(first).claims.jti, decode(second).claims.jti);
    assert.deepEqual(masked, [first, second]);
  });

  test('describes itself by subject, thumbprints and expiry; explains AADSTS700027 with them', async () => {
    const credential = await credentialFor(leaf.keyPem + leaf.certPem, false, []);
    const sha1 = createHash('sha1').update(leaf.certDer).digest('hex').toUpperCase();
    const sha256 = createHash('sha256').update(leaf.certDer).digest('hex').toUpperCase();
    assert.match(
      credential.description,
      new RegExp(
        `^certificate CN=mailer app \\(thumbprint ${sha1}, SHA-256 ${sha256}, valid until \\d{4}-\\d\\d-\\d\\d\\)$`,
      ),
    );
    const hint = credential.explainRejection?.(700027) ?? '';
    assert.match(hint, new RegExp(sha1));
    assert.match(hint, /Certificates & secrets > Certificates > Upload certificate/);
    assert.match(hint, new RegExp(`az ad app credential reset --id ${CLIENT_ID} --cert @app\\.crt --append`));
    assert.equal(credential.explainRejection?.(7000215), undefined);
  });

  test('a certificate close to expiry warns through io.warn, before any request', async () => {
    const soon = await issue({ notAfter: new Date(Date.now() + 5 * 86_400_000) });
    const warnings: string[] = [];
    const io = {
      env: {},
      mask: () => undefined,
      debug: () => undefined,
      warn: (m: string) => warnings.push(m),
      now: () => Date.now(),
      getIdToken: () => Promise.reject(new Error('no GitHub OIDC in this test')),
    };
    await loadCredential(settings(soon.keyPem + soon.certPem, false), io);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /expires on/);
  });

  test('a bad certificate is a rejected promise, not a synchronous throw', async () => {
    const io = {
      env: {},
      mask: () => undefined,
      debug: () => undefined,
      now: () => NOW,
      getIdToken: () => Promise.reject(new Error('no GitHub OIDC in this test')),
    };
    const pending = loadCredential(settings('garbage', false), io);
    await assert.rejects(pending, { code: 'CERT_BAD_PEM', stage: 'credential' });
  });
});
