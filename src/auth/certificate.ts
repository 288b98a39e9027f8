// The certificate credential, checked completely before any request: the PEM bundle parses, the key
// decrypts, it is RSA, a certificate in the bundle belongs to it, and that certificate is valid now.
// Each way to get it wrong has its own code and a hint that says how to fix it.
//
// The decrypted key never exists as text: signing uses the KeyObject, so there is no new secret
// string to mask (the PEM input was masked, whole and line by line, when it was read).
import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { ActionError } from '../errors.js';
import { isEncryptedKey, isPrivateKey, parsePemBundle, type PemBlock } from './pem.js';

export interface LoadedCertificate {
  readonly privateKey: KeyObject;
  /** Leaf first (the certificate of the key), then its issuers as found in the bundle. */
  readonly chain: readonly X509Certificate[];
  /** Upper-case hex: SHA-1 is what the Entra admin center lists, SHA-256 what the assertion names. */
  readonly thumbprintSha1: string;
  readonly thumbprintSha256: string;
  /** base64url SHA-256 of the leaf's DER: the assertion's `x5t#S256` header. */
  readonly x5tS256: string;
  readonly subject: string;
  readonly notAfter: Date;
  /** Worth telling the user, but not failing for (an expiry close ahead, an unused password). */
  readonly warnings: readonly string[];
}

const DAY_MS = 86_400_000;
const EXPIRY_WARNING_DAYS = 30;

const BUNDLE_HINT = [
  'client-certificate takes one PEM text holding the private key and the certificate, for example:',
  '  cat app.key app.crt > app.pem',
  '  gh secret set M365_CLIENT_CERTIFICATE < app.pem',
  'From a .pfx file: openssl pkcs12 -in app.pfx -out app.pem -noenc',
  '(or leave out -noenc to keep the key encrypted, and pass its password in client-certificate-password).',
].join('\n');

export const uploadHint = (clientId: string): string =>
  `Upload the certificate (public part only) to the app: Entra admin center > App registrations > the app > Certificates & secrets > Certificates > Upload certificate, or: az ad app credential reset --id ${clientId} --cert @app.crt --append`;

function certError(code: string, message: string, hint: string, cause?: unknown): ActionError {
  return new ActionError(message, { code, stage: 'credential', hint, cause });
}

export function loadCertificate(
  pemText: string,
  password: string,
  now: number,
  clientId: string,
): LoadedCertificate {
  const blocks = readBlocks(pemText);
  const found = `found: ${blocks.map((b) => b.label).join(', ')}`;
  const keys = blocks.filter(isPrivateKey);
  const certificates = blocks.filter((b) => b.label === 'CERTIFICATE');
  if (keys.length === 0) {
    throw certError('CERT_NO_KEY', `'client-certificate' holds no private key (${found})`, BUNDLE_HINT);
  }
  if (keys.length > 1) {
    const text = `'client-certificate' holds ${keys.length} private keys; it must hold exactly one (${found})`;
    throw certError(
      'CERT_BAD_PEM',
      text,
      `Keep only the key that belongs to the certificate.\n${BUNDLE_HINT}`,
    );
  }
  if (certificates.length === 0) {
    throw certError('CERT_NO_CERT', `'client-certificate' holds no certificate (${found})`, BUNDLE_HINT);
  }
  const warnings: string[] = [];
  const privateKey = readKey(keys[0] as PemBlock, password, warnings);
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw certError(
      'CERT_NOT_RSA',
      `The private key in 'client-certificate' is ${privateKey.asymmetricKeyType ?? 'of an unknown type'}; the action signs PS256 assertions, which need an RSA key`,
      'Create an RSA key and certificate: openssl req -x509 -newkey rsa:2048 -sha256 -days 365 -noenc -keyout app.key -out app.crt -subj "/CN=m365-mail-action"',
    );
  }
  const parsed = certificates.map((block, index) => readCertificate(block, index));
  const leaf = parsed.find((cert) => matches(cert, privateKey));
  if (!leaf) {
    const listed = parsed.map((c) => `${subjectOf(c)} (thumbprint ${sha1(c)})`).join('; ');
    throw certError(
      'CERT_MISMATCH',
      `The private key in 'client-certificate' does not belong to ${parsed.length === 1 ? 'its certificate' : 'any of its certificates'}: ${listed}`,
      [
        'Put the key and the certificate of the same pair in the secret. These two commands print the same digest for a matching pair:',
        '  openssl x509 -in app.crt -noout -pubkey | openssl sha256',
        '  openssl pkey -in app.key -pubout | openssl sha256',
        BUNDLE_HINT,
      ].join('\n'),
    );
  }
  const subject = subjectOf(leaf);
  const notBefore = Date.parse(leaf.validFrom);
  const notAfter = Date.parse(leaf.validTo);
  const renew = `Create a new certificate, upload it (az ad app credential reset --id ${clientId} --cert @new.crt --append) and update the secret.`;
  if (now > notAfter) {
    throw certError('CERT_EXPIRED', `The certificate ${subject} expired on ${day(notAfter)}`, renew);
  }
  if (now < notBefore) {
    throw certError(
      'CERT_NOT_YET_VALID',
      `The certificate ${subject} is not valid before ${new Date(notBefore).toISOString()}`,
      "Check the runner's clock, or use a certificate whose validity has started.",
    );
  }
  const daysLeft = Math.floor((notAfter - now) / DAY_MS);
  if (daysLeft < EXPIRY_WARNING_DAYS) {
    warnings.push(`The certificate ${subject} expires on ${day(notAfter)} (in ${daysLeft} days). ${renew}`);
  }
  const der = leaf.raw;
  return {
    privateKey,
    chain: chainFrom(leaf, parsed),
    thumbprintSha1: sha1(leaf),
    thumbprintSha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
    x5tS256: createHash('sha256').update(der).digest('base64url'),
    subject,
    notAfter: new Date(notAfter),
    warnings,
  };
}

function readBlocks(text: string): readonly PemBlock[] {
  const parsed = parsePemBundle(text);
  if (parsed.ok) return parsed.blocks;
  switch (parsed.problem) {
    case 'base64-pem':
      throw certError(
        'CERT_BAD_PEM',
        "'client-certificate' is base64-encoded PEM; the action needs the PEM text itself",
        `Store the decoded text: base64 -d < app.pem.b64 > app.pem\n${BUNDLE_HINT}`,
      );
    case 'der':
      throw certError(
        'CERT_BAD_PEM',
        "'client-certificate' looks like a binary file (DER or .pfx) in base64, not PEM text",
        BUNDLE_HINT,
      );
    case 'bad-block':
      throw certError(
        'CERT_BAD_PEM',
        `The ${parsed.label ?? ''} block in 'client-certificate' is damaged: its body is not base64`,
        `Copy the whole file, BEGIN and END lines included, with its line breaks.\n${BUNDLE_HINT}`,
      );
    case 'not-pem':
      throw certError(
        'CERT_BAD_PEM',
        "'client-certificate' is not PEM text: it has no -----BEGIN ...----- block",
        BUNDLE_HINT,
      );
  }
}

function readKey(block: PemBlock, password: string, warnings: string[]): KeyObject {
  const encrypted = isEncryptedKey(block);
  if (encrypted && password === '') {
    throw certError(
      'CERT_PASSWORD',
      "The private key in 'client-certificate' is encrypted, but 'client-certificate-password' is empty",
      'Pass its password: client-certificate-password: ${{ secrets.M365_CLIENT_CERTIFICATE_PASSWORD }}. Or store the key unencrypted: openssl pkey -in encrypted.key -out app.key',
    );
  }
  if (!encrypted && password !== '') {
    warnings.push(
      "'client-certificate-password' is set, but the private key is not encrypted; the password is not used.",
    );
  }
  try {
    return createPrivateKey(encrypted ? { key: block.pem, format: 'pem', passphrase: password } : block.pem);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (encrypted && code === 'ERR_OSSL_EVP_UNSUPPORTED') {
      throw certError(
        'CERT_CIPHER',
        'The private key is encrypted with a cipher this Node.js does not support (legacy RC2 or 3DES, typical of old .pfx exports)',
        'Re-encrypt it with AES (OpenSSL 3 reads the old cipher only with its legacy provider): openssl pkcs8 -topk8 -v2 aes-256-cbc -provider legacy -provider default -in old.key -out app.key',
        err,
      );
    }
    if (encrypted) {
      throw certError(
        'CERT_PASSWORD',
        "The private key in 'client-certificate' could not be decrypted with 'client-certificate-password': the password is wrong",
        'Use the passphrase the key was exported with, and check the secret has no stray spaces or line breaks.',
        err,
      );
    }
    throw certError(
      'CERT_BAD_PEM',
      `The ${block.label} block in 'client-certificate' is not a readable private key`,
      `Export it as PKCS#8 PEM: openssl pkey -in the-key-file -out app.key\n${BUNDLE_HINT}`,
      err,
    );
  }
}

function readCertificate(block: PemBlock, index: number): X509Certificate {
  try {
    return new X509Certificate(block.pem);
  } catch (err) {
    throw certError(
      'CERT_BAD_PEM',
      `CERTIFICATE block ${index + 1} in 'client-certificate' is not a readable X.509 certificate`,
      BUNDLE_HINT,
      err,
    );
  }
}

function matches(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false;
  }
}

/** The leaf, then whichever bundled certificate issued the previous one; unrelated ones are left out. */
function chainFrom(leaf: X509Certificate, all: readonly X509Certificate[]): X509Certificate[] {
  const chain = [leaf];
  for (let current = leaf; ;) {
    const issuer = all.find((c) => !chain.includes(c) && current.checkIssued(c));
    if (!issuer) return chain;
    chain.push(issuer);
    current = issuer;
  }
}

const subjectOf = (cert: X509Certificate): string => cert.subject.split('\n').join(', ') || '(no subject)';
const sha1 = (cert: X509Certificate): string =>
  createHash('sha1').update(cert.raw).digest('hex').toUpperCase();
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
