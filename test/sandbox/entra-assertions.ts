// Checks a client_assertion the way Entra does for the two kinds the action can send: a JWT signed
// with an uploaded certificate's key (iss = sub = client id, aud = token endpoint), or a GitHub
// OIDC token matched against the app's federated identity credentials.
import { X509Certificate, createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { entraErrors } from './entra-errors.js';
import type { EntraError } from './entra-errors.js';
import { decodeJwt, numberClaim, nowSeconds, stringClaim, verifyJwt } from './jwt.js';
import type { DecodedJwt, JsonObject } from './jwt.js';

export interface FederatedCredential {
  issuer: string;
  subject: string;
  audience: string;
}

export interface AssertionRecord {
  alg: string;
  x5c: boolean;
  /** Lower-case hex thumbprint from `x5t#S256` (SHA-256) or `x5t` (SHA-1). */
  thumbprint?: string;
  claims: Record<string, unknown>;
}

export interface AssertionContext {
  clientId: string;
  tokenEndpoint: string;
  certificates: readonly string[];
  federated: readonly FederatedCredential[];
  githubKey: KeyObject;
}

export interface AssertionOutcome {
  credential: 'certificate' | 'federated';
  record?: AssertionRecord;
  error?: EntraError;
}

interface RegisteredCertificate {
  sha256: string;
  sha1: string;
  publicKey: KeyObject;
  notBefore: number;
  notAfter: number;
}

function register(pem: string): RegisteredCertificate {
  const cert = new X509Certificate(pem);
  return {
    sha256: createHash('sha256').update(cert.raw).digest('hex'),
    sha1: createHash('sha1').update(cert.raw).digest('hex'),
    publicKey: cert.publicKey,
    notBefore: Date.parse(cert.validFrom),
    notAfter: Date.parse(cert.validTo),
  };
}

// Real GitHub ID tokens carry `x5t` too, so the header alone cannot tell the kinds apart: a
// certificate assertion is one whose issuer is the app itself.
function isCertificateAssertion(jwt: DecodedJwt, clientId: string): boolean {
  if (typeof jwt.header['x5t#S256'] === 'string') return true;
  return typeof jwt.header.x5t === 'string' && stringClaim(jwt.claims, 'iss') === clientId;
}

function timeError(claims: JsonObject): EntraError | undefined {
  const now = nowSeconds();
  const exp = numberClaim(claims, 'exp');
  const nbf = numberClaim(claims, 'nbf');
  if (exp === undefined || exp <= now || (nbf !== undefined && nbf > now + 300)) {
    return entraErrors.assertionExpired(now, nbf, exp);
  }
  return undefined;
}

function checkCertificate(
  jwt: DecodedJwt,
  record: AssertionRecord,
  ctx: AssertionContext,
): EntraError | undefined {
  const alg = record.alg;
  if (alg !== 'PS256' && alg !== 'RS256') return entraErrors.malformedAssertion(`unsupported alg '${alg}'`);
  const byS256 = typeof jwt.header['x5t#S256'] === 'string';
  const thumbprint = record.thumbprint ?? '';
  const cert = ctx.certificates.map(register).find((c) => (byS256 ? c.sha256 : c.sha1) === thumbprint);
  const shown = thumbprint.toUpperCase();
  if (!cert) return entraErrors.invalidSignature('The key was not found.', shown, ctx.clientId);
  if (!verifyJwt(jwt, alg, cert.publicKey)) {
    const reason = 'The provided signature value did not match the expected signature value.';
    return entraErrors.invalidSignature(reason, shown, ctx.clientId);
  }
  if (Date.now() > cert.notAfter)
    return entraErrors.invalidSignature('The key used is expired.', shown, ctx.clientId);
  if (Date.now() < cert.notBefore)
    return entraErrors.invalidSignature('The key is not yet valid.', shown, ctx.clientId);
  const { claims } = jwt;
  if (stringClaim(claims, 'iss') !== ctx.clientId || stringClaim(claims, 'sub') !== ctx.clientId) {
    return entraErrors.assertionClientMismatch();
  }
  const aud = stringClaim(claims, 'aud');
  if (aud !== ctx.tokenEndpoint) {
    return entraErrors.malformedAssertion(
      `audience '${aud ?? ''}' is not the token endpoint '${ctx.tokenEndpoint}'`,
    );
  }
  if (stringClaim(claims, 'jti') === undefined)
    return entraErrors.malformedAssertion("claim 'jti' is missing");
  return timeError(claims);
}

function audiences(claims: JsonObject): string[] {
  const aud = claims.aud;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

function checkFederated(jwt: DecodedJwt, ctx: AssertionContext): EntraError | undefined {
  if (jwt.header.alg !== 'RS256' || !verifyJwt(jwt, 'RS256', ctx.githubKey)) {
    const reason = 'The provided signature value did not match the expected signature value.';
    return entraErrors.invalidSignature(reason, undefined, ctx.clientId);
  }
  const expired = timeError(jwt.claims);
  if (expired) return expired;
  const iss = stringClaim(jwt.claims, 'iss') ?? '';
  const sub = stringClaim(jwt.claims, 'sub') ?? '';
  const auds = audiences(jwt.claims);
  // Exact, case-sensitive comparison: that is how Entra matches federated credentials.
  const match = ctx.federated.some((f) => f.issuer === iss && f.subject === sub && auds.includes(f.audience));
  return match ? undefined : entraErrors.noFederatedMatch(iss, sub, auds.join(','));
}

function thumbprintOf(header: JsonObject): string | undefined {
  const value = stringClaim(header, 'x5t#S256') ?? stringClaim(header, 'x5t');
  return value === undefined ? undefined : Buffer.from(value, 'base64url').toString('hex');
}

export function checkAssertion(
  assertionType: string,
  assertion: string,
  ctx: AssertionContext,
): AssertionOutcome {
  const jwt = decodeJwt(assertion);
  // Something that is not a JWT at all is reported as federated: it did not claim a certificate.
  if (!jwt)
    return { credential: 'federated', error: entraErrors.malformedAssertion('not a JWS compact token') };
  const credential = isCertificateAssertion(jwt, ctx.clientId) ? 'certificate' : 'federated';
  const record: AssertionRecord = {
    alg: stringClaim(jwt.header, 'alg') ?? '',
    x5c: 'x5c' in jwt.header,
    thumbprint: credential === 'certificate' ? thumbprintOf(jwt.header) : undefined,
    claims: jwt.claims,
  };
  if (assertionType !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
    return {
      credential,
      record,
      error: entraErrors.malformedAssertion(`client_assertion_type '${assertionType}'`),
    };
  }
  const error = credential === 'certificate' ? checkCertificate(jwt, record, ctx) : checkFederated(jwt, ctx);
  return { credential, record, error };
}
