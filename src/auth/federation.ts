// GitHub OIDC subjects and the federated credential that matches them. Entra compares issuer,
// subject and audience exactly (case included), and GitHub writes the subject in one of two forms:
// classic `repo:OWNER/REPO:...`, or immutable `repo:OWNER@OWNER_ID/REPO@REPO_ID:...` for repositories
// created, renamed or transferred after 2026-07-15. A refusal is fixed by printing what the token
// said and the exact credential to add, in both forms, so the user never has to guess.

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

export { OIDC_PERMISSION_HINT } from '../hints.js';

/** The claims of a GitHub ID token that explain a refusal; no token, no signature. */
export interface IdTokenClaims {
  readonly iss?: string;
  readonly sub?: string;
  readonly aud?: string | readonly string[];
  readonly repository?: string;
  readonly repository_id?: string;
  readonly repository_owner?: string;
  readonly repository_owner_id?: string;
  readonly ref?: string;
  readonly environment?: string;
  readonly job_workflow_ref?: string;
}

export interface RepositoryIds {
  readonly ownerId: string;
  readonly repoId: string;
}

/** What the job ran for: the last part of the subject. */
export type SubjectContext =
  | { readonly branch: string }
  | { readonly tag: string }
  | { readonly environment: string }
  | { readonly pullRequest: true };

const CLASSIC = /^repo:([^/:@]+)\/([^/:@]+):(.+)$/;
const IMMUTABLE = /^repo:([^/:@]+)@(\d+)\/([^/:@]+)@(\d+):(.+)$/;

/** The classic form of a subject in either form; undefined for a customized subject. */
export function toClassicSubject(subject: string): string | undefined {
  if (CLASSIC.test(subject)) return subject;
  const m = IMMUTABLE.exec(subject);
  return m ? `repo:${m[1] ?? ''}/${m[3] ?? ''}:${m[5] ?? ''}` : undefined;
}

/** The immutable form; converting a classic subject needs the owner and repository ids. */
export function toImmutableSubject(subject: string, ids: RepositoryIds | undefined): string | undefined {
  if (IMMUTABLE.test(subject)) return subject;
  const m = CLASSIC.exec(subject);
  if (!m || !ids || !/^\d+$/.test(ids.ownerId) || !/^\d+$/.test(ids.repoId)) return undefined;
  return `repo:${m[1] ?? ''}@${ids.ownerId}/${m[2] ?? ''}@${ids.repoId}:${m[3] ?? ''}`;
}

/** The subject GitHub issues for a job in `repository` (OWNER/REPO), in the asked form. */
export function subjectFor(
  repository: string,
  context: SubjectContext,
  ids?: RepositoryIds,
): { classic: string; immutable: string | undefined } {
  const suffix =
    'branch' in context
      ? `ref:refs/heads/${context.branch}`
      : 'tag' in context
        ? `ref:refs/tags/${context.tag}`
        : 'environment' in context
          ? `environment:${context.environment}`
          : 'pull_request';
  const classic = `repo:${repository}:${suffix}`;
  return { classic, immutable: toImmutableSubject(classic, ids) };
}

function idsOf(claims: IdTokenClaims): RepositoryIds | undefined {
  const { repository_owner_id: ownerId, repository_id: repoId } = claims;
  return ownerId && repoId ? { ownerId, repoId } : undefined;
}

function audiencesOf(claims: IdTokenClaims): string[] {
  const aud = claims.aud;
  return aud === undefined ? [] : typeof aud === 'string' ? [aud] : [...aud];
}

/** A name Entra accepts for a federated credential: letters, digits, '-' and '_', at most 120. */
function credentialName(subject: string): string {
  const tail = subject.replace(/^repo:/, '').replace(/@\d+/g, '');
  return `github-${tail}`
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-+$/, '')
    .slice(0, 120);
}

const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** The Azure CLI command that adds a federated credential for this subject. */
export function federatedCredentialCommand(
  clientId: string,
  subject: string,
  audience: string,
  issuer: string = GITHUB_ISSUER,
): string {
  const parameters = JSON.stringify({
    name: credentialName(subject),
    issuer,
    subject,
    audiences: [audience],
  });
  return `az ad app federated-credential create --id ${clientId} --parameters ${shellQuote(parameters)}`;
}

// What each code says differs, from Entra's own messages for them.
const DIFFERS: Readonly<Record<number, string>> = {
  700211: 'the issuer',
  700212: 'the audience',
  700213: 'the subject',
  7002138: 'the subject (Entra compares it case-sensitively)',
};

/** The hint for AADSTS70021 and its kin: what the token said, and the credential that would match. */
export function explainFederationRejection(
  claims: IdTokenClaims,
  options: { clientId: string; audience: string; aadsts?: number | undefined },
): string {
  const sub = claims.sub ?? '';
  const auds = audiencesOf(claims);
  const audience = auds[0] ?? options.audience;
  // The token's own issuer: GitHub Enterprise Server, and enterprises with a customized issuer,
  // do not use the public one.
  const issuer = claims.iss ?? GITHUB_ISSUER;
  const differs = options.aadsts === undefined ? undefined : DIFFERS[options.aadsts];
  const lines = [
    `The GitHub ID token this run presented (decoded; the token itself is never printed):`,
    `  iss: ${claims.iss ?? '(missing)'}`,
    `  sub: ${sub || '(missing)'}`,
    `  aud: ${auds.join(', ') || '(missing)'}`,
    `No federated credential on app ${options.clientId} matches it${differs ? `: ${differs} differs` : ''}.`,
    'Issuer, subject and audience must match exactly, upper and lower case included.',
  ];
  const classic = toClassicSubject(sub);
  const immutable = toImmutableSubject(sub, idsOf(claims));
  if (sub !== '') {
    lines.push(
      'Add a federated credential with exactly these values (Entra admin center > App registrations > the app >',
      'Certificates & secrets > Federated credentials > Add credential > Other issuer):',
      `  issuer:   ${issuer}`,
      `  subject:  ${sub}`,
      `  audience: ${audience}`,
      'or with the Azure CLI:',
      `  ${federatedCredentialCommand(options.clientId, sub, audience, issuer)}`,
    );
  }
  if (classic !== undefined && immutable !== undefined) {
    const form = sub === immutable ? 'immutable' : 'classic';
    lines.push(
      `This token carries the ${form} form of the subject. Both forms of this subject:`,
      `  classic:   ${classic}`,
      `  immutable: ${immutable}`,
      `GitHub issues the immutable form (repo:OWNER@OWNER_ID/REPO@REPO_ID:...) for repositories created, renamed or transferred after 2026-07-15; a credential written in the other form does not match.`,
    );
  }
  if (options.aadsts === 700212) {
    lines.push(
      `The token's audience is the oidc-audience input (now ${options.audience}); it must equal the credential's audience.`,
    );
  }
  return lines.join('\n');
}
