// Throwaway PKI for the sandbox: a CA made fresh for every sandbox, a server certificate for
// 127.0.0.1/localhost and the default Microsoft/GitHub host names, and two deliberately bad server
// certificates (one from a CA nobody trusts, one for the wrong name) so tests can prove the action
// never turns TLS verification off.
import { KeyObject, randomBytes, webcrypto } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
// @peculiar/x509 resolves its algorithms through tsyringe, which refuses to load without a Reflect
// metadata polyfill: it has to be imported before the library.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export { makeClientCertificate } from './client-cert.js';
export type { ClientCertificate, ClientCertificateOptions } from './client-cert.js';

x509.cryptoProvider.set(webcrypto);

// ECDSA P-256: key generation takes microseconds, so a fresh PKI per sandbox costs nothing.
const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' };
const HOUR_MS = 3_600_000;

/** Which certificate the sandbox's TLS servers present. */
export type TlsMode = 'trusted' | 'untrusted' | 'wrong-name';

export interface ServerIdentity {
  certPem: string;
  keyPem: string;
}

interface Authority {
  cert: x509.X509Certificate;
  keys: webcrypto.CryptoKeyPair;
  pem: string;
}

export interface Pki {
  /** PEM of the trusted CA: the only certificate written to ca.pem. */
  caPem: string;
  caPath: string;
  /** The certificate + key the servers present for the given mode. */
  serverIdentity(mode: TlsMode): Promise<ServerIdentity>;
}

// Positive, non-zero 128-bit serial as RFC 5280 asks; a repeated serial from one CA would make
// OpenSSL-based clients refuse the chain in confusing ways.
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString('hex');
}

function validity(): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - HOUR_MS), notAfter: new Date(now + 48 * HOUR_MS) };
}

async function newKeys(): Promise<webcrypto.CryptoKeyPair> {
  return await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
}

function privateKeyPem(key: webcrypto.CryptoKey): string {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }).toString();
}

async function createAuthority(commonName: string): Promise<Authority> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=${commonName}, O=m365-mail-action sandbox`,
    ...validity(),
    keys,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys, pem: cert.toString('pem') };
}

async function issueServerCertificate(
  ca: Authority,
  names: { dns: string[]; ips: string[] },
): Promise<ServerIdentity> {
  const keys = await newKeys();
  const sans: x509.JsonGeneralName[] = [
    ...names.dns.map((value) => ({ type: 'dns' as const, value })),
    ...names.ips.map((value) => ({ type: 'ip' as const, value })),
  ];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${names.dns[0] ?? names.ips[0] ?? 'sandbox'}`,
    issuer: ca.cert.subject,
    ...validity(),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(sans),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: privateKeyPem(keys.privateKey) };
}

/**
 * The public names the action reaches by default. The servers answer to them too, so a test can
 * send the action to its default hosts through a CONNECT proxy that routes them to the sandbox,
 * with certificate verification and the real server names unchanged.
 */
export const DEFAULT_SERVICE_HOSTS = [
  'login.microsoftonline.com',
  'smtp.office365.com',
  'graph.microsoft.com',
  'api.github.com',
] as const;

const SANDBOX_NAMES = { dns: ['localhost', ...DEFAULT_SERVICE_HOSTS], ips: ['127.0.0.1'] };

/** Makes the trusted CA, writes it to `<dir>/ca.pem`, and issues server certificates on demand. */
export async function createPki(dir: string): Promise<Pki> {
  const trusted = await createAuthority('Sandbox Root CA');
  const caPath = path.join(dir, 'ca.pem');
  await writeFile(caPath, trusted.pem);
  return {
    caPem: trusted.pem,
    caPath,
    async serverIdentity(mode: TlsMode): Promise<ServerIdentity> {
      switch (mode) {
        case 'trusted':
          return issueServerCertificate(trusted, SANDBOX_NAMES);
        case 'untrusted':
          // Same names, but signed by a CA that never reaches ca.pem.
          return issueServerCertificate(await createAuthority('Untrusted Sandbox CA'), SANDBOX_NAMES);
        case 'wrong-name':
          // Trusted issuer, but the names do not cover 127.0.0.1 (no IP SAN at all).
          return issueServerCertificate(trusted, { dns: ['mail.other.example'], ips: [] });
      }
    },
  };
}
