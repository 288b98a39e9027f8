// Access tokens as Entra issues them for the client-credentials grant (v1 tokens, as Exchange
// Online and Microsoft Graph get), signed with a per-sandbox key. Every token is remembered so the
// stand-ins accept exactly the tokens this "tenant" issued, and so leak tests know what to look for.
import { randomBytes, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { base64url, nowSeconds, signJwt } from './jwt.js';
import { signingKey } from './keys.js';

export interface AccessTokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  aio: string;
  appid: string;
  /** '1' secret, '2' certificate or federated assertion. */
  appidacr: '1' | '2';
  idp: string;
  idtyp: 'app';
  oid: string;
  rh: string;
  /** Absent when the app holds no application permission, as in real tokens. */
  roles?: string[];
  sub: string;
  tid: string;
  uti: string;
  ver: '1.0';
}

export interface IssueRequest {
  tenantId: string;
  clientId: string;
  audience: string;
  roles: readonly string[];
  lifetimeSeconds: number;
  viaAssertion: boolean;
}

export class TokenIssuer {
  private readonly issued = new Map<string, AccessTokenClaims>();
  // tokens() lists what was issued since the last clear(); older tokens stay valid for SMTP, so a
  // reset between test steps does not invalidate a token a test still holds.
  private listedFrom = 0;
  // The service principal's object id: stable for one sandbox, like a real enterprise app.
  private readonly servicePrincipalId = randomUUID();

  private constructor(
    readonly kid: string,
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {}

  static async create(): Promise<TokenIssuer> {
    const { privateKey, publicKey } = await signingKey('entra');
    return new TokenIssuer(base64url(randomBytes(20)), privateKey, publicKey);
  }

  issue(req: IssueRequest): { token: string; claims: AccessTokenClaims } {
    const iat = nowSeconds();
    const iss = `https://sts.windows.net/${req.tenantId}/`;
    const claims: AccessTokenClaims = {
      aud: req.audience,
      iss,
      iat,
      nbf: iat,
      exp: iat + req.lifetimeSeconds,
      aio: base64url(randomBytes(48)),
      appid: req.clientId,
      appidacr: req.viaAssertion ? '2' : '1',
      idp: iss,
      idtyp: 'app',
      oid: this.servicePrincipalId,
      rh: `0.${base64url(randomBytes(32))}.`,
      ...(req.roles.length > 0 ? { roles: [...req.roles] } : {}),
      sub: this.servicePrincipalId,
      tid: req.tenantId,
      uti: base64url(randomBytes(16)),
      ver: '1.0',
    };
    const header = { typ: 'JWT', alg: 'RS256' as const, x5t: this.kid, kid: this.kid };
    const token = signJwt(header, { ...claims }, this.privateKey);
    this.issued.set(token, claims);
    return { token, claims };
  }

  lookup(token: string): AccessTokenClaims | undefined {
    return this.issued.get(token);
  }

  tokens(): string[] {
    return [...this.issued.keys()].slice(this.listedFrom);
  }

  clear(): void {
    this.listedFrom = this.issued.size;
  }
}
