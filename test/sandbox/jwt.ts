// Minimal JWS compact serialization for the sandbox: just enough to issue and check the tokens that
// Entra, GitHub's ID-token service and msal-node exchange. No dependency, so the sandbox never
// shares JWT code (and so bugs) with the action under test.
import { constants, createHash, sign, verify } from 'node:crypto';
import type { KeyObject, SignKeyObjectInput } from 'node:crypto';

export type JwtAlg = 'RS256' | 'PS256';
export type JsonObject = Record<string, unknown>;

export interface DecodedJwt {
  header: JsonObject;
  claims: JsonObject;
  signingInput: string;
  signature: Buffer;
}

export function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export function sha256(data: Buffer | string): Buffer {
  return createHash('sha256').update(data).digest();
}

// PS256 uses a salt as long as the digest (32 bytes): that is what RFC 7518 requires and what
// jsonwebtoken (inside msal-node) produces.
function rsaOptions(alg: JwtAlg, key: KeyObject): SignKeyObjectInput {
  return alg === 'PS256' ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : { key };
}

export function signJwt(header: JsonObject & { alg: JwtAlg }, claims: JsonObject, key: KeyObject): string {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = sign('sha256', Buffer.from(signingInput), rsaOptions(header.alg, key));
  return `${signingInput}.${base64url(signature)}`;
}

function parseSegment(segment: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JsonObject)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Splits and parses a compact JWS; undefined when it is not one (the server answers "malformed"). */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, c, s] = parts as [string, string, string];
  const header = parseSegment(h);
  const claims = parseSegment(c);
  if (!header || !claims) return undefined;
  return { header, claims, signingInput: `${h}.${c}`, signature: Buffer.from(s, 'base64url') };
}

export function verifyJwt(jwt: DecodedJwt, alg: JwtAlg, key: KeyObject): boolean {
  try {
    return verify('sha256', Buffer.from(jwt.signingInput), rsaOptions(alg, key), jwt.signature);
  } catch {
    // A key of the wrong type (an EC certificate, say) is a failed verification, not a crash.
    return false;
  }
}

export function stringClaim(obj: JsonObject, name: string): string | undefined {
  const value = obj[name];
  return typeof value === 'string' ? value : undefined;
}

export function numberClaim(obj: JsonObject, name: string): number | undefined {
  const value = obj[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
