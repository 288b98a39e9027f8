// Reads the claims of an access token that explain a refusal (SMTP 535, Graph 401/403: wrong audience,
// missing role, wrong tenant, expired) without ever printing the token itself.
import type { TransportSettings } from '../config.js';

const SHOWN = ['aud', 'roles', 'tid', 'appid', 'exp'] as const;

/** Exchange Online's resource in each cloud: the audience of an SMTP token. */
const EXCHANGE_AUDIENCE =
  /^https:\/\/outlook\.office365\.(com|us)\/?$|^https:\/\/outlook-dod\.office365\.us\/?$|^https:\/\/partner\.outlook\.cn\/?$/;

/** Microsoft Graph's resource in each cloud: the audience of a Graph token. */
const GRAPH_AUDIENCE =
  /^https:\/\/(graph\.microsoft\.com|graph\.microsoft\.us|dod-graph\.microsoft\.us|microsoftgraph\.chinacloudapi\.cn)\/?$/;

export function describeTokenClaims(
  token: string,
  now: number,
  transport: Pick<TransportSettings, 'kind' | 'host'>,
): string {
  const payload = token.split('.')[1];
  if (payload === undefined) return 'the access token is not a JWT; its claims cannot be shown';
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return 'the access token payload could not be decoded';
  }
  const parts = SHOWN.map((name) => {
    const value = claims[name];
    if (name === 'exp' && typeof value === 'number') {
      const left = Math.round((value * 1000 - now) / 1000);
      return `exp=${new Date(value * 1000).toISOString()} (${left >= 0 ? `${left} s left` : `expired ${-left} s ago`})`;
    }
    return `${name}=${value === undefined ? '(missing)' : JSON.stringify(value)}`;
  });
  const checks = transport.kind === 'graph' ? graphChecks(claims, transport.host) : smtpChecks(claims);
  return `Token claims: ${parts.join(', ')}${checks.length > 0 ? `. ${checks.join('; ')}.` : ''}`;
}

function hasRole(claims: Record<string, unknown>, role: string): boolean {
  return Array.isArray(claims.roles) && claims.roles.includes(role);
}

function smtpChecks(claims: Record<string, unknown>): string[] {
  const checks: string[] = [];
  if (typeof claims.aud === 'string' && !EXCHANGE_AUDIENCE.test(claims.aud)) {
    checks.push(
      `aud should be the Exchange Online resource (https://outlook.office365.com), check the scope input`,
    );
  }
  if (!hasRole(claims, 'SMTP.SendAsApp')) {
    checks.push(
      "roles lacks SMTP.SendAsApp: add the application permission and grant admin consent, unless Exchange RBAC for Applications assigns the app 'Application SMTP.SendAsApp' for this mailbox",
    );
  }
  return checks;
}

function graphChecks(claims: Record<string, unknown>, graphHost: string): string[] {
  const checks: string[] = [];
  if (typeof claims.aud === 'string' && !GRAPH_AUDIENCE.test(claims.aud)) {
    const exchange = EXCHANGE_AUDIENCE.test(claims.aud)
      ? ' (this is the Exchange Online resource, for SMTP)'
      : '';
    checks.push(
      `aud should be the Microsoft Graph resource${exchange}: with transport: graph the scope must be ${graphHost}/.default (leave the scope input empty for it)`,
    );
  }
  if (!hasRole(claims, 'Mail.Send')) {
    checks.push(
      "roles lacks Mail.Send: expected when Exchange RBAC for Applications grants 'Application Mail.Send' for this mailbox (the least-privilege setup); otherwise add the Microsoft Graph application permission Mail.Send and grant admin consent",
    );
  }
  return checks;
}
