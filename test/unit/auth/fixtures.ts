// Keys and certificates for the credential tests, made with a library the action does not use
// (@peculiar/x509 over WebCrypto), so the action's parsing is checked against an independent maker.
import { createPrivateKey, generateKeyPairSync, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY_MS = 86_400_000;

export interface Issued {
  readonly certPem: string;
  readonly certDer: Buffer;
  readonly keyPem: string;
  readonly key: KeyObject;
  readonly cert: x509.X509Certificate;
  readonly cryptoKeys: webcrypto.CryptoKeyPair;
}

export interface IssueOptions {
  readonly commonName?: string;
  readonly kind?: 'rsa' | 'ec';
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Signs the new certificate; self-signed when absent. */
  readonly issuer?: Issued;
  readonly ca?: boolean;
}

async function keyPair(kind: 'rsa' | 'ec'): Promise<{ key: KeyObject; cryptoKeys: webcrypto.CryptoKeyPair }> {
  const pair =
    kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const algorithm = kind === 'rsa' ? RSA : EC;
  const usages: webcrypto.KeyUsage[] = ['sign'];
  const cryptoKeys: webcrypto.CryptoKeyPair = {
    privateKey: await webcrypto.subtle.importKey(
      'pkcs8',
      pair.privateKey.export({ type: 'pkcs8', format: 'der' }),
      algorithm,
      false,
      usages,
    ),
    publicKey: await webcrypto.subtle.importKey(
      'spki',
      pair.publicKey.export({ type: 'spki', format: 'der' }),
      algorithm,
      true,
      ['verify'],
    ),
  };
  return { key: pair.privateKey, cryptoKeys };
}

export async function issue(options: IssueOptions = {}): Promise<Issued> {
  const kind = options.kind ?? 'rsa';
  const { key, cryptoKeys } = await keyPair(kind);
  const name = `CN=${options.commonName ?? 'm365-mail-action test'}`;
  const serial = `01${randomBytes(15).toString('hex')}`;
  const validity = {
    notBefore: options.notBefore ?? new Date(Date.now() - DAY_MS),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY_MS),
  };
  const extensions = [new x509.BasicConstraintsExtension(options.ca ?? false, undefined, true)];
  const issuer = options.issuer;
  const cert = issuer
    ? await x509.X509CertificateGenerator.create({
        serialNumber: serial,
        subject: name,
        issuer: issuer.cert.subject,
        ...validity,
        publicKey: cryptoKeys.publicKey,
        signingKey: issuer.cryptoKeys.privateKey,
        signingAlgorithm: RSA,
        extensions,
      })
    : await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: serial,
        name,
        ...validity,
        keys: cryptoKeys,
        signingAlgorithm: kind === 'rsa' ? RSA : EC,
        extensions,
      });
  return {
    certPem: cert.toString('pem'),
    certDer: Buffer.from(cert.rawData),
    keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    key,
    cert,
    cryptoKeys,
  };
}

/** The same key in the encodings people store: PKCS#1, encrypted PKCS#8, legacy encrypted PKCS#1. */
export function encodings(keyPem: string, passphrase: string) {
  const key = createPrivateKey(keyPem);
  return {
    pkcs1: key.export({ type: 'pkcs1', format: 'pem' }).toString(),
    encryptedPkcs8: key
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
      .toString(),
    encryptedPkcs1: key
      .export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase })
      .toString(),
  };
}
