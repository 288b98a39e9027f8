// Scenario data as GitHub's REST API writes it: snake_case, every URL field built from the API
// base (the sandbox, with its prefix) or the web base (GITHUB_SERVER_URL), nulls where GitHub has them.
import { fakeSha } from './github-api-builders.js';
import { findUser } from './github-api-scenario.js';
import type {
  GithubScenario,
  ScenarioAnnotation,
  ScenarioCommit,
  ScenarioJob,
  ScenarioRun,
  ScenarioUser,
} from './github-api-scenario.js';

export interface Urls {
  /** The API base, e.g. https://127.0.0.1:PORT or https://127.0.0.1:PORT/api/v3. */
  api: string;
  /** The web base, e.g. https://github.com. */
  web: string;
}

type Json = Record<string, unknown>;

const nodeId = (kind: string, id: number | string): string =>
  `${kind}_kwDO${Buffer.from(String(id)).toString('base64url')}`;

export function userJson(u: ScenarioUser, urls: Urls): Json {
  const api = `${urls.api}/users/${u.login}`;
  const bot = u.type === 'Bot';
  return {
    login: u.login,
    id: u.id,
    node_id: nodeId(bot ? 'BOT' : u.type === 'Organization' ? 'O' : 'U', u.id),
    avatar_url: `https://avatars.githubusercontent.com/${bot ? 'in' : 'u'}/${u.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: bot ? `${urls.web}/apps/${u.login.replace(/\[bot\]$/, '')}` : `${urls.web}/${u.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: u.type,
    site_admin: false,
  };
}

export const fullName = (s: GithubScenario): string => `${s.repository.owner.login}/${s.repository.name}`;
const repoApi = (s: GithubScenario, urls: Urls): string => `${urls.api}/repos/${fullName(s)}`;

function repoJson(s: GithubScenario, urls: Urls): Json {
  const r = s.repository;
  return {
    ...{ id: r.id, node_id: nodeId('R', r.id), name: r.name, full_name: fullName(s), private: r.private },
    ...{
      owner: userJson(r.owner, urls),
      html_url: `${urls.web}/${fullName(s)}`,
      description: null,
      fork: false,
    },
    url: repoApi(s, urls),
  };
}

function headCommitJson(s: GithubScenario, run: ScenarioRun): Json {
  const c = s.commits.find((x) => x.sha === run.headSha);
  const actor = findUser(s, run.actor);
  const fallback = { name: actor.login, email: `${actor.id}+${actor.login}@users.noreply.github.com` };
  return {
    id: run.headSha,
    tree_id: fakeSha(`tree/${run.headSha}`),
    message: c?.message ?? run.displayTitle,
    timestamp: c?.committer.date ?? run.createdAt,
    author: c ? { name: c.author.name, email: c.author.email } : fallback,
    committer: c ? { name: c.committer.name, email: c.committer.email } : fallback,
  };
}

export function runJson(s: GithubScenario, run: ScenarioRun, urls: Urls): Json {
  const workflow = s.workflows.find((w) => w.id === run.workflowId);
  const api = `${repoApi(s, urls)}/actions/runs/${run.id}`;
  const attempt = Math.max(1, run.attempts.length);
  const checkSuiteId = run.id * 14 + 3;
  return {
    ...{
      id: run.id,
      name: workflow?.name ?? '',
      node_id: nodeId('WFR', run.id),
      head_branch: run.headBranch,
    },
    ...{
      head_sha: run.headSha,
      path: workflow?.path ?? '',
      display_title: run.displayTitle,
      run_number: run.runNumber,
    },
    ...{ event: run.event, status: run.status, conclusion: run.conclusion, workflow_id: run.workflowId },
    ...{ check_suite_id: checkSuiteId, check_suite_node_id: nodeId('CS', checkSuiteId), url: api },
    html_url: `${urls.web}/${fullName(s)}/actions/runs/${run.id}`,
    pull_requests: [],
    ...{
      created_at: run.createdAt,
      updated_at: run.updatedAt,
      actor: userJson(findUser(s, run.actor), urls),
    },
    ...{ run_attempt: attempt, referenced_workflows: [], run_started_at: run.runStartedAt },
    triggering_actor: userJson(findUser(s, run.triggeringActor), urls),
    ...{
      jobs_url: `${api}/jobs`,
      logs_url: `${api}/logs`,
      check_suite_url: `${repoApi(s, urls)}/check-suites/${checkSuiteId}`,
    },
    ...{ artifacts_url: `${api}/artifacts`, cancel_url: `${api}/cancel`, rerun_url: `${api}/rerun` },
    previous_attempt_url: attempt > 1 ? `${api}/attempts/${attempt - 1}` : null,
    workflow_url: `${repoApi(s, urls)}/actions/workflows/${run.workflowId}`,
    head_commit: headCommitJson(s, run),
    repository: repoJson(s, urls),
    head_repository: repoJson(s, urls),
  };
}

export function jobJson(
  s: GithubScenario,
  run: ScenarioRun,
  attempt: number,
  job: ScenarioJob,
  urls: Urls,
): Json {
  // GitHub-hosted runners are named "GitHub Actions N" and sit in runner group 0.
  const hosted = /^GitHub Actions (\d+)$/.exec(job.runnerName ?? '');
  const runner = job.runnerName === null ? null : hosted ? Number(hosted[1]) : 1;
  return {
    ...{
      id: job.id,
      run_id: run.id,
      workflow_name: s.workflows.find((w) => w.id === run.workflowId)?.name ?? null,
    },
    ...{
      head_branch: run.headBranch,
      run_url: `${repoApi(s, urls)}/actions/runs/${run.id}`,
      run_attempt: attempt,
    },
    ...{
      node_id: nodeId('CR', job.id),
      head_sha: run.headSha,
      url: `${repoApi(s, urls)}/actions/jobs/${job.id}`,
    },
    html_url: `${urls.web}/${fullName(s)}/actions/runs/${run.id}/job/${job.id}`,
    ...{
      status: job.status,
      conclusion: job.conclusion,
      created_at: job.createdAt,
      started_at: job.startedAt,
    },
    ...{ completed_at: job.completedAt, name: job.name },
    steps: job.steps.map((st) => ({
      ...{ name: st.name, status: st.status, conclusion: st.conclusion, number: st.number },
      ...{ started_at: st.startedAt, completed_at: st.completedAt },
    })),
    check_run_url: `${repoApi(s, urls)}/check-runs/${job.checkRunId}`,
    labels: job.labels,
    ...{ runner_id: runner, runner_name: job.runnerName },
    ...{
      runner_group_id: runner === null ? null : 0,
      runner_group_name: runner === null ? null : 'GitHub Actions',
    },
  };
}

export function annotationJson(s: GithubScenario, a: ScenarioAnnotation, sha: string, urls: Urls): Json {
  return {
    ...{ path: a.path, start_line: a.startLine, end_line: a.endLine },
    ...{ start_column: a.startColumn, end_column: a.endColumn, annotation_level: a.level },
    ...{ title: a.title, message: a.message, raw_details: a.rawDetails },
    blob_href: `${urls.web}/${fullName(s)}/blob/${sha}/${a.path}`,
  };
}

export function commitJson(
  s: GithubScenario,
  c: ScenarioCommit,
  parent: string | undefined,
  urls: Urls,
): Json {
  const api = repoApi(s, urls);
  const web = `${urls.web}/${fullName(s)}`;
  const account = (login: string | null) => (login === null ? null : userJson(findUser(s, login), urls));
  const tree = fakeSha(`tree/${c.sha}`);
  return {
    ...{ sha: c.sha, node_id: nodeId('C', c.sha.slice(0, 12)) },
    commit: {
      ...{ author: c.author, committer: c.committer, message: c.message },
      ...{
        tree: { sha: tree, url: `${api}/git/trees/${tree}` },
        url: `${api}/git/commits/${c.sha}`,
        comment_count: 0,
      },
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    ...{
      url: `${api}/commits/${c.sha}`,
      html_url: `${web}/commit/${c.sha}`,
      comments_url: `${api}/commits/${c.sha}/comments`,
    },
    ...{ author: account(c.authorLogin), committer: account(c.committerLogin) },
    parents:
      parent === undefined
        ? []
        : [{ sha: parent, url: `${api}/commits/${parent}`, html_url: `${web}/commit/${parent}` }],
  };
}

/** Everything of a comparison but its commit list, which the caller pages. */
export function compareJson(
  s: GithubScenario,
  basehead: string,
  base: number,
  head: number,
  urls: Urls,
): Json {
  const at = (i: number) => s.commits[i];
  const json = (i: number) => {
    const c = at(i);
    return c ? commitJson(s, c, at(i - 1)?.sha, urls) : null;
  };
  const ahead = Math.max(0, head - base);
  const behind = Math.max(0, base - head);
  const status = ahead === 0 && behind === 0 ? 'identical' : ahead > 0 ? 'ahead' : 'behind';
  const web = `${urls.web}/${fullName(s)}/compare/${basehead}`;
  const owner = s.repository.owner.login;
  const short = (i: number) => at(i)?.sha.slice(0, 7) ?? '';
  return {
    ...{ url: `${repoApi(s, urls)}/compare/${basehead}`, html_url: web },
    permalink_url: `${urls.web}/${fullName(s)}/compare/${owner}:${short(base)}...${owner}:${short(head)}`,
    ...{ diff_url: `${web}.diff`, patch_url: `${web}.patch` },
    ...{ base_commit: json(base), merge_base_commit: json(Math.min(base, head)) },
    ...{ status, ahead_by: ahead, behind_by: behind, total_commits: ahead },
  };
}
