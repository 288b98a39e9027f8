// Client certificates for the "certificate credential" path: what an admin uploads to the app
// registration (the certificate) and what the workflow keeps as a secret (the private key).
import { createHash, createPrivateKey, generateKeyPairSync, webcrypto } from 'node:crypto';
// @peculiar/x509 resolves its algorithms through tsyringe, which refuses to load without a Reflect
// metadata polyfill: it has to be imported before the library.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

const RSA_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const DAY_MS = 86_400_000;

export interface ClientCertificateOptions {
  commonName?: string;
  /** Default: one day ago. */
  notBefore?: Date;
  /** Default: one year from now. Set it in the past to get an expired credential. */
  notAfter?: Date;
}

export interface ClientCertificate {
  certPem: string;
  certDer: Buffer;
  /** PKCS#8, unencrypted: the form msal-node wants. */
  keyPem: string;
  /** PKCS#8 encrypted with AES-256-CBC: the form people often store, which the action must decrypt. */
  encryptedKeyPem(passphrase: string): string;
  /** Hex SHA-256 of the DER certificate (msal-node's `thumbprintSha256`). */
  thumbprintSha256Hex: string;
  /** Hex SHA-1 of the DER certificate (the deprecated `thumbprint`). */
  thumbprintSha1Hex: string;
  /** base64url SHA-256 of the DER certificate: the `x5t#S256` JWT header value. */
  x5tS256: string;
  notBefore: Date;
  notAfter: Date;
}

export async function makeClientCertificate(
  options: ClientCertificateOptions = {},
): Promise<ClientCertificate> {
  const notBefore = options.notBefore ?? new Date(Date.now() - DAY_MS);
  const notAfter = options.notAfter ?? new Date(Date.now() + 365 * DAY_MS);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pkcs8Der = privateKey.export({ type: 'pkcs8', format: 'der' });
  const spkiDer = publicKey.export({ type: 'spki', format: 'der' });
  // Node 20 has no KeyObject.toCryptoKey, so the key pair goes to WebCrypto through DER.
  const keys: webcrypto.CryptoKeyPair = {
    privateKey: await webcrypto.subtle.importKey('pkcs8', pkcs8Der, RSA_SHA256, false, ['sign']),
    publicKey: await webcrypto.subtle.importKey('spki', spkiDer, RSA_SHA256, true, ['verify']),
  };
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    // A leading 01 keeps the DER INTEGER positive whatever the hash starts with.
    serialNumber: '01' + createHash('sha256').update(spkiDer).digest('hex').slice(0, 30),
    name: `CN=${options.commonName ?? 'm365-mail-action sandbox client'}`,
    notBefore,
    notAfter,
    keys,
    signingAlgorithm: RSA_SHA256,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ],
  });
  const certDer = Buffer.from(cert.rawData);
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    certPem: cert.toString('pem'),
    certDer,
    keyPem,
    encryptedKeyPem: (passphrase: string) =>
      createPrivateKey(keyPem)
        .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
        .toString(),
    thumbprintSha256Hex: createHash('sha256').update(certDer).digest('hex'),
    thumbprintSha1Hex: createHash('sha1').update(certDer).digest('hex'),
    x5tS256: createHash('sha256').update(certDer).digest('base64url'),
    notBefore,
    notAfter,
  };
}
