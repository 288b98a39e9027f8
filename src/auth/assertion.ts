// The client assertion of the certificate credential: a JWT signed PS256 (RSA-PSS, SHA-256, 32-byte
// salt as RFC 7518 requires), naming the certificate by its SHA-256 thumbprint (`x5t#S256`; the SHA-1
// `x5t` is deprecated), optionally carrying the chain (`x5c`) for subject name / issuer authentication.
import { constants, randomUUID, sign } from 'node:crypto';
import type { LoadedCertificate } from './certificate.js';

/** Ten minutes, as msal's own certificate assertions; one is made for every token request. */
const LIFETIME_SECONDS = 600;

export interface AssertionRequest {
  readonly clientId: string;
  /** The token endpoint the assertion is for: Entra checks it against `aud`. */
  readonly tokenEndpoint: string;
  readonly nowMs: number;
  readonly sendX5c: boolean;
}

const encode = (value: object): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

export function signCertificateAssertion(certificate: LoadedCertificate, request: AssertionRequest): string {
  const header = {
    alg: 'PS256',
    typ: 'JWT',
    'x5t#S256': certificate.x5tS256,
    // x5c is standard base64 DER, leaf first (RFC 7515 section 4.1.6), not base64url.
    ...(request.sendX5c ? { x5c: certificate.chain.map((cert) => cert.raw.toString('base64')) } : {}),
  };
  const iat = Math.floor(request.nowMs / 1000);
  // nbf = iat like msal; Entra allows five minutes of clock skew either way.
  const claims = {
    aud: request.tokenEndpoint,
    iss: request.clientId,
    sub: request.clientId,
    jti: randomUUID(),
    nbf: iat,
    iat,
    exp: iat + LIFETIME_SECONDS,
  };
  const signingInput = `${encode(header)}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput, 'utf8'), {
    key: certificate.privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 32,
  });
  return `${signingInput}.${signature.toString('base64url')}`;
}
