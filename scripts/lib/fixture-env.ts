// The runner's environment for an event payload, as GitHub would set it beside that event: the event
// name, repository, server, ref, SHA and actor come from the payload; the run's own numbers are fixed
// demo values. What test/unit/message/support.ts writes by hand for each fixture, derived.
type Json = Record<string, unknown>;

const record = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

/** The workflow a mail about each event typically comes from. */
const WORKFLOWS: Readonly<Record<string, string>> = {
  push: 'CI',
  pull_request: 'CI',
  release: 'Release',
  workflow_run: 'Notify',
  workflow_dispatch: 'Deploy',
  schedule: 'Nightly',
};

/** The event a payload belongs to, from the keys only that event has; '' when it cannot tell. */
export function eventNameOf(payload: Json): string {
  if ('release' in payload) return 'release';
  if ('workflow_run' in payload) return 'workflow_run';
  if ('pull_request' in payload) return 'pull_request';
  if ('issue' in payload) return 'issues';
  if ('schedule' in payload) return 'schedule';
  if ('commits' in payload && 'ref' in payload) return 'push';
  if ('inputs' in payload && 'workflow' in payload) return 'workflow_dispatch';
  return '';
}

export function runnerEnvFor(eventPath: string, payload: Json, eventName: string): Record<string, string> {
  const repository = record(payload.repository);
  const fullName = text(repository.full_name) || 'octo-org/octo-repo';
  const htmlUrl = text(repository.html_url);
  const serverUrl = /^https?:\/\//.test(htmlUrl) ? new URL(htmlUrl).origin : 'https://github.com';
  const actor = text(record(payload.sender).login) || 'octocat';
  const branch = text(repository.default_branch) || text(repository.master_branch) || 'main';
  const { ref, sha, extra } = refOf(payload, eventName, branch);
  return {
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: fullName,
    GITHUB_REPOSITORY_OWNER: text(record(repository.owner).login) || fullName.split('/')[0] || '',
    GITHUB_SERVER_URL: serverUrl,
    GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\/pull\//, ''),
    GITHUB_SHA: sha,
    GITHUB_ACTOR: actor,
    GITHUB_TRIGGERING_ACTOR: actor,
    GITHUB_WORKFLOW: WORKFLOWS[eventName] ?? 'CI',
    GITHUB_RUN_ID: '1658821493',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'notify',
    GITHUB_ACTION: '__m365-mail',
    ...extra,
  };
}

/** A SHA for events whose payload names none (release, schedule): fixed, so renders repeat. */
const PLACEHOLDER_SHA = '18bec3e8973b873ba66b5255ac692ba286d052f8';

function refOf(
  payload: Json,
  eventName: string,
  branch: string,
): { ref: string; sha: string; extra: Record<string, string> } {
  const heads = `refs/heads/${branch}`;
  switch (eventName) {
    case 'push':
      return { ref: text(payload.ref) || heads, sha: text(payload.after) || PLACEHOLDER_SHA, extra: {} };
    case 'pull_request': {
      const pr = record(payload.pull_request);
      return {
        ref: `refs/pull/${text(pr.number)}/merge`,
        sha: text(pr.merge_commit_sha) || text(record(pr.head).sha) || PLACEHOLDER_SHA,
        extra: { GITHUB_HEAD_REF: text(record(pr.head).ref), GITHUB_BASE_REF: text(record(pr.base).ref) },
      };
    }
    case 'release': {
      const tag = text(record(payload.release).tag_name);
      return { ref: tag ? `refs/tags/${tag}` : heads, sha: PLACEHOLDER_SHA, extra: {} };
    }
    case 'workflow_run':
      return { ref: heads, sha: text(record(payload.workflow_run).head_sha) || PLACEHOLDER_SHA, extra: {} };
    default:
      return { ref: text(payload.ref) || heads, sha: PLACEHOLDER_SHA, extra: {} };
  }
}
