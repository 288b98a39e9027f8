// Reads the claims of an access token that explain a 535 (wrong audience, missing role, wrong
// tenant, expired) without ever printing the token itself.

const SHOWN = ['aud', 'roles', 'tid', 'appid', 'exp'] as const;

export function describeTokenClaims(token: string, now: number): string {
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
  const checks: string[] = [];
  if (
    typeof claims.aud === 'string' &&
    !/^https:\/\/outlook\.office365\.(com|us)$|^https:\/\/outlook-dod\.office365\.us$|^https:\/\/partner\.outlook\.cn$/.test(
      claims.aud,
    )
  ) {
    checks.push(
      `aud should be the Exchange Online resource (https://outlook.office365.com), check the scope input`,
    );
  }
  if (!Array.isArray(claims.roles) || !claims.roles.includes('SMTP.SendAsApp')) {
    checks.push('roles lacks SMTP.SendAsApp: add the application permission and grant admin consent');
  }
  return `Token claims: ${parts.join(', ')}${checks.length > 0 ? `. ${checks.join('; ')}.` : ''}`;
}
