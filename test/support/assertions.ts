// Client assertions built the way msal-node builds them, for tests that talk to the Entra
// stand-in directly: certificate JWTs (PS256 + x5t#S256) and GitHub ID tokens.
import { createPrivateKey, randomUUID } from 'node:crypto';
import type { ClientCertificate } from '../sandbox/ca.js';
import { nowSeconds, signJwt } from '../sandbox/jwt.js';
import type { JwtAlg } from '../sandbox/jwt.js';
import { asRecord, requestJson } from './https-json.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface CertificateAssertionOptions {
  cert: ClientCertificate;
  clientId: string;
  /** The token endpoint URL. */
  audience: string;
  alg?: JwtAlg;
  lifetimeSeconds?: number;
  /** Include the certificate chain (msal-node's `x5c` option, needed for SNI certificates). */
  x5c?: boolean;
  /** Sign with another key than the certificate's: a forged or mismatched assertion. */
  signingKeyPem?: string;
}

export function certificateAssertion(o: CertificateAssertionOptions): string {
  const alg = o.alg ?? 'PS256';
  const now = nowSeconds();
  const header = {
    alg,
    typ: 'JWT',
    ...(alg === 'PS256'
      ? { 'x5t#S256': o.cert.x5tS256 }
      : { x5t: Buffer.from(o.cert.thumbprintSha1Hex, 'hex').toString('base64url') }),
    ...(o.x5c ? { x5c: [o.cert.certDer.toString('base64')] } : {}),
  };
  const claims = {
    aud: o.audience,
    exp: now + (o.lifetimeSeconds ?? 600),
    iss: o.clientId,
    sub: o.clientId,
    nbf: now,
    jti: randomUUID(),
  };
  return signJwt(header, claims, createPrivateKey(o.signingKeyPem ?? o.cert.keyPem));
}

/** Fetches an ID token from the sandbox's GitHub OIDC stand-in, as @actions/core getIDToken does. */
export async function githubIdToken(
  oidc: { requestUrl: string; requestToken: string },
  ca: string,
  audience?: string,
): Promise<string> {
  const url =
    audience === undefined ? oidc.requestUrl : `${oidc.requestUrl}&audience=${encodeURIComponent(audience)}`;
  const res = await requestJson({ url, ca, headers: { Authorization: `Bearer ${oidc.requestToken}` } });
  const value = asRecord(res.json).value;
  if (res.status !== 200 || typeof value !== 'string')
    throw new Error(`ID token request failed: ${res.text}`);
  return value;
}
