// The certificate credential is validated completely offline: each way to get the PEM bundle wrong
// has its own code, a message that says what is wrong and a hint that says how to fix it.
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { loadCertificate } from '../../../src/auth/certificate.js';
import { ActionError } from '../../../src/errors.js';
import { encodings, issue, type Issued } from './fixtures.js';

const CLIENT_ID = '0b1c2d3e-4f5a-4b6c-8d7e-f9a0b1c2d3e4';
const PASSWORD = 'correct horse battery staple';
const DAY_MS = 86_400_000;

function load(pem: string, password = '', now = Date.now()) {
  return loadCertificate(pem, password, now, CLIENT_ID);
}

function failure(pem: string, password = '', now = Date.now()): ActionError {
  try {
    load(pem, password, now);
  } catch (err) {
    assert.ok(err instanceof ActionError, `expected an ActionError, got ${String(err)}`);
    assert.equal(err.stage, 'credential');
    return err;
  }
  assert.fail('expected the certificate to be refused');
}

describe('loadCertificate: accepted bundles', () => {
  let app: Issued;
  before(async () => {
    app = await issue({ commonName: 'mailer app' });
  });

  test('PKCS#8 key + certificate, in either order, with an independent thumbprint', () => {
    for (const pem of [app.keyPem + app.certPem, app.certPem + app.keyPem]) {
      const loaded = load(pem);
      assert.equal(
        loaded.thumbprintSha256,
        createHash('sha256').update(app.certDer).digest('hex').toUpperCase(),
      );
      // Node's own fingerprint is a second, independent computation (colon-separated hex).
      const node = new X509Certificate(app.certPem);
      assert.equal(loaded.thumbprintSha256, node.fingerprint256.replace(/:/g, ''));
      assert.equal(loaded.thumbprintSha1, node.fingerprint.replace(/:/g, ''));
      assert.equal(loaded.x5tS256, createHash('sha256').update(app.certDer).digest('base64url'));
      assert.equal(loaded.subject, 'CN=mailer app');
      assert.equal(loaded.privateKey.asymmetricKeyType, 'rsa');
      assert.deepEqual(loaded.warnings, []);
    }
  });

  test('PKCS#1, encrypted PKCS#8 and legacy encrypted PKCS#1 keys', () => {
    const keys = encodings(app.keyPem, PASSWORD);
    assert.match(keys.encryptedPkcs1, /Proc-Type: 4,ENCRYPTED/);
    assert.equal(load(keys.pkcs1 + app.certPem).thumbprintSha256.length, 64);
    assert.equal(load(keys.encryptedPkcs8 + app.certPem, PASSWORD).subject, 'CN=mailer app');
    assert.equal(load(keys.encryptedPkcs1 + app.certPem, PASSWORD).subject, 'CN=mailer app');
  });

  test('survives CRLF line ends, literal \\n escapes, one-line blocks and text between blocks', () => {
    const crlf = (app.keyPem + app.certPem).replace(/\n/g, '\r\n');
    const escaped = (app.keyPem + app.certPem).replace(/\n/g, '\\n');
    const oneLine = app.keyPem.replace(/\n(?!-----END)/g, ' ') + app.certPem;
    const bagAttributes = `Bag Attributes\n    localKeyID: 01 00 00 00\n${app.keyPem}subject=CN=mailer app\n${app.certPem}`;
    for (const pem of [crlf, escaped, oneLine, bagAttributes])
      assert.equal(load(pem).subject, 'CN=mailer app');
  });

  test('the leaf is the certificate of the key; the chain follows the issuers, unrelated ones left out', async () => {
    const root = await issue({ commonName: 'Test Root', ca: true });
    const intermediate = await issue({ commonName: 'Test Intermediate', ca: true, issuer: root });
    const leaf = await issue({ commonName: 'leaf app', issuer: intermediate });
    const stranger = await issue({ commonName: 'stranger' });
    // Stored in the "wrong" order, with an unrelated certificate in the middle.
    const pem = root.certPem + stranger.certPem + leaf.keyPem + intermediate.certPem + leaf.certPem;
    const loaded = load(pem);
    assert.deepEqual(
      loaded.chain.map((c) => c.subject),
      ['CN=leaf app', 'CN=Test Intermediate', 'CN=Test Root'],
    );
  });

  test('warns when the certificate expires within 30 days, or a password is set for a plain key', async () => {
    const soon = await issue({ notAfter: new Date(Date.now() + 10 * DAY_MS) });
    const [expiry] = load(soon.keyPem + soon.certPem).warnings;
    assert.match(expiry ?? '', /expires on \d{4}-\d\d-\d\d \(in (9|10) days\)/);
    assert.match(
      expiry ?? '',
      /az ad app credential reset --id 0b1c2d3e-4f5a-4b6c-8d7e-f9a0b1c2d3e4 --cert @new\.crt --append/,
    );
    const [unused] = load(app.keyPem + app.certPem, 'not-needed').warnings;
    assert.match(unused ?? '', /client-certificate-password' is set, but the private key is not encrypted/);
  });
});

describe('loadCertificate: every misconfiguration has its own error', () => {
  let app: Issued;
  let other: Issued;
  before(async () => {
    [app, other] = await Promise.all([
      issue({ commonName: 'mailer app' }),
      issue({ commonName: 'other app' }),
    ]);
  });

  test('encrypted key: missing password, wrong password', () => {
    const { encryptedPkcs8, encryptedPkcs1 } = encodings(app.keyPem, PASSWORD);
    for (const key of [encryptedPkcs8, encryptedPkcs1]) {
      const missing = failure(key + app.certPem);
      assert.equal(missing.code, 'CERT_PASSWORD');
      assert.match(missing.message, /encrypted, but 'client-certificate-password' is empty/);
      assert.match(missing.hint ?? '', /client-certificate-password: \$\{\{ secrets\./);
      const wrong = failure(key + app.certPem, 'wrong password');
      assert.equal(wrong.code, 'CERT_PASSWORD');
      assert.match(wrong.message, /could not be decrypted .*the password is wrong/);
    }
  });

  test('a key encrypted with a legacy cipher is not mistaken for a wrong password', () => {
    // An EncryptedPrivateKeyInfo naming pbeWithSHAAnd40BitRC2-CBC (old .pfx exports), with a dummy
    // ciphertext: OpenSSL 3 refuses the algorithm before it tries the password.
    const rc2 =
      '-----BEGIN ENCRYPTED PRIVATE KEY-----\n' +
      'MDAwHAYKKoZIhvcNAQwBBjAOBAgBAQEBAQEBAQICCAAEEAICAgICAgICAgICAgICAgI=\n' +
      '-----END ENCRYPTED PRIVATE KEY-----\n';
    const err = failure(rc2 + app.certPem, PASSWORD);
    assert.equal(err.code, 'CERT_CIPHER');
    assert.match(err.hint ?? '', /openssl pkcs8 -topk8 -v2 aes-256-cbc -provider legacy/);
  });

  test('key and certificate that do not belong together', () => {
    const err = failure(app.keyPem + other.certPem);
    assert.equal(err.code, 'CERT_MISMATCH');
    assert.match(err.message, /does not belong to its certificate: CN=other app \(thumbprint [0-9A-F]{40}\)/);
    assert.match(err.hint ?? '', /openssl x509 -in app\.crt -noout -pubkey \| openssl sha256/);
  });

  test('expired and not yet valid certificates', async () => {
    const expired = await issue({
      notBefore: new Date(Date.now() - 400 * DAY_MS),
      notAfter: new Date(Date.now() - DAY_MS),
    });
    const err = failure(expired.keyPem + expired.certPem);
    assert.equal(err.code, 'CERT_EXPIRED');
    assert.match(err.message, /expired on \d{4}-\d\d-\d\d/);
    assert.match(err.hint ?? '', /Create a new certificate, upload it/);
    const future = failure(app.keyPem + app.certPem, '', Date.now() - 2 * DAY_MS);
    assert.equal(future.code, 'CERT_NOT_YET_VALID');
    assert.match(future.hint ?? '', /clock/);
  });

  test('a key or a certificate alone', () => {
    const noKey = failure(app.certPem);
    assert.equal(noKey.code, 'CERT_NO_KEY');
    assert.match(noKey.message, /no private key \(found: CERTIFICATE\)/);
    assert.match(noKey.hint ?? '', /cat app\.key app\.crt > app\.pem/);
    const noCert = failure(app.keyPem);
    assert.equal(noCert.code, 'CERT_NO_CERT');
    assert.match(noCert.message, /no certificate \(found: PRIVATE KEY\)/);
    const twoKeys = failure(app.keyPem + other.keyPem + app.certPem);
    assert.equal(twoKeys.code, 'CERT_BAD_PEM');
    assert.match(twoKeys.message, /2 private keys/);
  });

  test('garbage, base64 of a PEM, base64 of a binary file, a damaged block', () => {
    const cases: [string, RegExp][] = [
      ['not a certificate at all', /not PEM text/],
      [Buffer.from(app.keyPem + app.certPem).toString('base64'), /base64-encoded PEM/],
      [app.certDer.toString('base64'), /binary file \(DER or \.pfx\)/],
      [
        app.keyPem.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!not base64!!') + app.certPem,
        /PRIVATE KEY block .* damaged/,
      ],
      [
        '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' + app.certPem,
        /not a readable private key/,
      ],
      [
        app.keyPem + '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
        /CERTIFICATE block 1 .* not a readable X\.509/,
      ],
    ];
    for (const [pem, message] of cases) {
      const err = failure(pem);
      assert.equal(err.code, 'CERT_BAD_PEM', pem.slice(0, 40));
      assert.match(err.message, message);
      assert.ok(err.hint, 'every error has a hint');
    }
  });

  test('an EC key is refused as not RSA', async () => {
    const ec = await issue({ kind: 'ec' });
    const err = failure(ec.keyPem + ec.certPem);
    assert.equal(err.code, 'CERT_NOT_RSA');
    assert.match(err.message, /is ec; the action signs PS256 assertions, which need an RSA key/);
    assert.match(err.hint ?? '', /openssl req -x509 -newkey rsa:2048/);
  });

  test('no error message or hint contains key material or the password', () => {
    const { encryptedPkcs8 } = encodings(app.keyPem, PASSWORD);
    const errors = [
      failure(encryptedPkcs8 + app.certPem, 'wrong password'),
      failure(app.keyPem + other.certPem),
    ];
    const keyLines = (app.keyPem + encryptedPkcs8)
      .split('\n')
      .filter((l) => l.length > 16 && !l.startsWith('-----'));
    for (const err of errors) {
      const text = `${err.message}\n${err.hint ?? ''}`;
      assert.ok(!text.includes('wrong password'));
      for (const line of keyLines) assert.ok(!text.includes(line));
    }
  });
});
