// The default scenario: CI on main of octo-org/octo-repo, run 1658821493 (#42, attempt 1) in
// progress with its notifier job running, after a failure, a cancelled run and the last green run.
// Ids, SHAs and names match the runner variables run-action.ts sets and the push.json fixture.
import { buildRun, fakeSha, later, person } from './github-api-builders.js';
import { currentAnnotations, currentJobs, pastJobs } from './github-api-default-jobs.js';
import type { GithubScenario, ScenarioCommit, ScenarioRun } from './github-api-scenario.js';

export { DEFAULT_JOB_IDS } from './github-api-default-jobs.js';

export const DEFAULT_RUN_ID = 1658821493;
export const CI_WORKFLOW_ID = 94810217;
const RELEASE_WORKFLOW_ID = 94810218;
/** The newest successful run's head: the base of "commits since the last green run". */
export const LAST_GREEN_SHA = '7c41e9d2b0f3a85e64d1c2b9a7f0e3d8c6b5a491';
export const HEAD_SHA = 'a10867b14bb761a232cd80139fbd4c0d33264240';

const MONA = '583231+octocat@users.noreply.github.com';
const BOT = '41898282+github-actions[bot]@users.noreply.github.com';

type Author = [name: string, email: string, login: string | null];

/** A commit by `by`; `viaWeb`: merged in the web UI, so GitHub (web-flow) is the committer. */
function commit(sha: string, message: string, by: Author, date: string, viaWeb = false): ScenarioCommit {
  const [name, email, login] = by;
  const author = person(name, email, date);
  const committer = viaWeb ? person('GitHub', 'noreply@github.com', date) : author;
  return { sha, message, author, committer, authorLogin: login, committerLogin: viaWeb ? 'web-flow' : login };
}

const mona: Author = ['Mona Octocat', MONA, 'octocat'];
const ana: Author = ['Ana Lima', 'ana.lima@contoso.example', 'analima'];
const bot: Author = ['github-actions[bot]', BOT, 'github-actions[bot]'];

function history(): ScenarioCommit[] {
  return [
    commit(fakeSha('h0'), 'Send through Exchange Online with XOAUTH2', mona, '2026-11-24T10:02:19Z'),
    commit(fakeSha('h1'), 'Add HTML templates (#109)', ana, '2026-11-25T08:45:03Z', true),
    // An address linked to no account: the API gives `author: null`.
    commit(
      fakeSha('h2'),
      'Fix template escaping (#110)',
      ['Build Host', 'builder@ci.contoso.example', null],
      '2026-11-25T13:12:40Z',
    ),
    commit(LAST_GREEN_SHA, 'Retry transient SMTP errors (#114)', ana, '2026-11-26T09:30:11Z', true),
    // The four commits since the last green run, by three authors.
    commit(fakeSha('c1'), 'Add retry-attempts input (#116)', ana, '2026-11-26T14:05:52Z', true),
    commit('6113728f27ae82c7b1a177c8d03f9e96e0adf246', 'chore: rebuild dist', bot, '2026-11-26T14:07:30Z'),
    commit(
      'd3b07384d113edec49eaa6238ad5ff00c86e2b31',
      'Add release notes for 1.4.0',
      mona,
      '2026-11-27T15:02:11Z',
      true,
    ),
    commit(
      HEAD_SHA,
      'Fix flaky retry test (#118)\n\nThe retry test waited on wall-clock time; use the fake clock instead.',
      mona,
      '2026-11-27T15:20:45Z',
      true,
    ),
  ];
}

type Outcome = 'success' | 'failure' | 'cancelled';
/** Earlier CI runs on main: id, run number, index of the head commit in history(), created, outcome, event. */
const PAST_RUNS: Array<[number, number, number, string, Outcome, string?]> = [
  [1658790112, 41, 6, '2026-11-27T15:02:40Z', 'failure'],
  [1658512987, 39, 4, '2026-11-26T14:06:20Z', 'cancelled'],
  [1658377340, 38, 3, '2026-11-26T09:30:40Z', 'success'],
  [1658201876, 37, 2, '2026-11-26T03:17:22Z', 'success', 'schedule'],
  [1658010455, 36, 2, '2026-11-25T13:13:05Z', 'success'],
  [1657956012, 35, 1, '2026-11-25T08:45:31Z', 'failure'],
  [1657801234, 34, 0, '2026-11-24T10:02:47Z', 'success'],
];

function runs(commits: ScenarioCommit[]): ScenarioRun[] {
  const title = (i: number) => commits[i]?.message.split('\n')[0] ?? '';
  const past = (
    id: number,
    runNumber: number,
    headSha: string,
    createdAt: string,
    outcome: Outcome,
    event = 'push',
  ) => {
    const jobs = pastJobs(runNumber, later(createdAt, 9), outcome);
    return buildRun({
      id,
      runNumber,
      workflowId: CI_WORKFLOW_ID,
      headSha,
      createdAt,
      conclusion: outcome,
      event,
      durationSeconds: 560,
      jobs,
    });
  };
  const current = buildRun({
    ...{
      id: DEFAULT_RUN_ID,
      runNumber: 42,
      workflowId: CI_WORKFLOW_ID,
      headSha: HEAD_SHA,
      createdAt: '2026-11-27T15:21:10Z',
    },
    ...{ conclusion: null, durationSeconds: 1050, displayTitle: title(7), jobs: currentJobs() },
  });
  // A pull request's run on another branch: a `branch=main` filter must leave it out.
  const pullRequest = past(
    1658655201,
    40,
    fakeSha('retry-backoff'),
    '2026-11-27T11:40:00Z',
    'success',
    'pull_request',
  );
  // A run of another workflow on main: listing ci.yml must leave it out.
  const release = buildRun({
    ...{ id: 1658600417, runNumber: 7, workflowId: RELEASE_WORKFLOW_ID, headSha: commits[5]?.sha ?? '' },
    ...{
      createdAt: '2026-11-27T09:12:00Z',
      conclusion: 'success',
      event: 'workflow_dispatch',
      displayTitle: 'Release',
    },
  });
  return [
    current,
    ...PAST_RUNS.map(([id, n, head, created, outcome, event]) => ({
      ...past(id, n, commits[head]?.sha ?? '', created, outcome, event),
      displayTitle: event === 'schedule' ? 'CI' : title(head),
    })),
    { ...pullRequest, headBranch: 'retry-backoff', displayTitle: 'Back off between retries' },
    release,
  ];
}

export function defaultScenario(): GithubScenario {
  const commits = history();
  return {
    serverUrl: 'https://github.com',
    repository: {
      ...{ owner: { login: 'octo-org', id: 90014863, type: 'Organization' }, name: 'octo-repo' },
      ...{ id: 582779453, private: true, defaultBranch: 'main' },
    },
    users: [
      { login: 'octocat', id: 583231, type: 'User' },
      { login: 'analima', id: 70412245, type: 'User' },
      { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
      { login: 'web-flow', id: 19864447, type: 'User' },
    ],
    workflows: [
      { id: CI_WORKFLOW_ID, name: 'CI', path: '.github/workflows/ci.yml' },
      { id: RELEASE_WORKFLOW_ID, name: 'Release', path: '.github/workflows/release.yml' },
    ],
    runs: runs(commits),
    annotations: currentAnnotations(),
    commits,
    branches: { main: HEAD_SHA },
    current: { runId: DEFAULT_RUN_ID, job: 'notify' },
  };
}
