// The one warning an alert prints when GitHub's API could not tell it everything: which reads failed,
// why, and, when a permission is missing, the `permissions:` lines to add. The mail still goes out.
import type { ReadName, ReadProblem } from './facts.js';

type Scope = 'actions' | 'checks' | 'contents';

const SCOPE: Readonly<Record<ReadName, Scope>> = {
  jobs: 'actions',
  run: 'actions',
  runs: 'actions',
  annotations: 'checks',
  compare: 'contents',
};

const WHAT: Readonly<Record<ReadName, string>> = {
  jobs: 'the jobs',
  run: 'the run',
  runs: 'the earlier runs',
  annotations: 'the annotations',
  compare: 'the commits since the last green run',
};

/** Every job that reads the run needs all three: a `permissions:` key sets the unlisted ones to none. */
export const PERMISSIONS_HINT = [
  'Give the job that sends the mail these permissions:',
  '  permissions:',
  '    actions: read   # jobs and runs',
  '    checks: read    # annotations',
  '    contents: read  # commits',
].join('\n');

export const NO_TOKEN_WARNING =
  'github-token is empty, so the mail shows only what the workflow context holds (no failed jobs, steps or annotations). Leave github-token at its default, ${{ github.token }}.\n' +
  PERMISSIONS_HINT;

export function problemWarning(problems: readonly ReadProblem[]): string | undefined {
  if (problems.length === 0) return undefined;
  const refused = problems.filter((p) => ['forbidden', 'not-found'].includes(p.error.failure));
  const badToken = problems.some((p) => p.error.failure === 'bad-credentials');
  const reads = [...new Set(problems.map((p) => WHAT[p.read]))];
  const lines = [
    `Could not read ${list(reads)} from the GitHub API: the mail shows what the workflow context holds.`,
    ...[...new Set(problems.map((p) => p.error.message))].slice(0, 5),
  ];
  if (badToken) {
    lines.push(
      'github-token was refused: leave it at its default, ${{ github.token }}, or pass a token for this repository.',
    );
  }
  if (refused.length > 0) {
    const scopes = [...new Set(refused.map((p) => SCOPE[p.read]))].map((s) => `${s}: read`);
    lines.push(`The token lacks ${list(scopes)}. ${PERMISSIONS_HINT}`);
  }
  return lines.join('\n');
}

function list(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}
