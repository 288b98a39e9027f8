// Proves the GitHub REST API stand-in answers like api.github.com before the failure-alert tests
// rely on it: the default scenario through each endpoint, authentication, the GHES prefix, records.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  DEFAULT_JOB_IDS,
  DEFAULT_RUN_ID,
  HEAD_SHA,
  LAST_GREEN_SHA,
  buildJob,
  startSandbox,
} from './index.js';
import type { Sandbox } from './index.js';
import { REPO, apiGet } from '../support/github-api-client.js';

interface Step {
  name: string;
  number: number;
  status: string;
  conclusion: string | null;
}
interface Job {
  id: number;
  run_id: number;
  run_attempt: number;
  name: string;
  status: string;
  conclusion: string | null;
  started_at: string;
  completed_at: string | null;
  html_url: string;
  check_run_url: string;
  runner_name: string | null;
  labels: string[];
  workflow_name: string;
  head_branch: string;
  head_sha: string;
  steps: Step[];
}
interface Run {
  id: number;
  run_number: number;
  run_attempt: number;
  head_sha: string;
  conclusion: string | null;
  event: string;
  previous_attempt_url: string | null;
}
interface Annotation {
  path: string;
  start_line: number;
  annotation_level: string;
  message: string;
  blob_href: string;
}
interface Person {
  name: string;
  email: string;
  date: string;
}
interface Commit {
  sha: string;
  commit: { author: Person; committer: Person; message: string };
  author: { login: string } | null;
  parents: { sha: string }[];
}

const RUN = `${REPO}/actions/runs/${DEFAULT_RUN_ID}`;
const seconds = (from: string, to: string | null) => (Date.parse(to ?? '') - Date.parse(from)) / 1000;

let sb: Sandbox;
before(async () => {
  sb = await startSandbox();
});
after(() => sb.stop());
beforeEach(() => sb.reset());

async function jobs(path: string): Promise<{ total_count: number; jobs: Job[] }> {
  const res = await apiGet(sb, path);
  assert.equal(res.status, 200, res.text);
  return res.json as { total_count: number; jobs: Job[] };
}

describe('GitHub API stand-in: the default scenario', () => {
  it('serves the run with its workflow, commit, actor and repository', async () => {
    const res = await apiGet(sb, RUN);
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-ratelimit-limit'], '1000');
    assert.equal(res.headers['x-ratelimit-remaining'], '999');
    const run = res.json as Record<string, unknown> & { head_commit: Record<string, unknown> };
    assert.deepEqual(
      [run.id, run.name, run.workflow_id, run.path, run.head_branch, run.head_sha],
      [DEFAULT_RUN_ID, 'CI', 94810217, '.github/workflows/ci.yml', 'main', HEAD_SHA],
    );
    assert.deepEqual(
      [run.run_number, run.run_attempt, run.event, run.status, run.conclusion],
      [42, 1, 'push', 'in_progress', null],
    );
    assert.equal(run.html_url, `https://github.com/octo-org/octo-repo/actions/runs/${DEFAULT_RUN_ID}`);
    assert.deepEqual([run.created_at, run.run_started_at], ['2026-11-27T15:21:10Z', '2026-11-27T15:21:10Z']);
    assert.equal((run.actor as { login: string }).login, 'octocat');
    assert.equal((run.triggering_actor as { login: string }).login, 'octocat');
    assert.equal(run.head_commit.id, HEAD_SHA);
    assert.match(String(run.head_commit.message), /^Fix flaky retry test \(#118\)\n\n/);
    assert.deepEqual(run.head_commit.author, {
      name: 'Mona Octocat',
      email: '583231+octocat@users.noreply.github.com',
    });
    assert.deepEqual(
      [
        (run.repository as Record<string, unknown>).full_name,
        (run.repository as Record<string, unknown>).html_url,
      ],
      ['octo-org/octo-repo', 'https://github.com/octo-org/octo-repo'],
    );
  });

  it("lists the attempt's jobs with GitHub's steps, including the notifier's own job", async () => {
    const body = await jobs(`${RUN}/attempts/1/jobs`);
    assert.equal(body.total_count, 5);
    const byName = new Map(body.jobs.map((j) => [j.name, j]));
    assert.deepEqual(
      body.jobs.map((j) => [j.name, j.status, j.conclusion]),
      [
        ['build', 'completed', 'success'],
        ['lint', 'completed', 'cancelled'],
        ['test', 'completed', 'failure'],
        ['e2e', 'completed', 'cancelled'],
        ['notify', 'in_progress', null],
      ],
    );
    const build = byName.get('build');
    assert.equal(seconds(build?.started_at ?? '', build?.completed_at ?? null), 120);
    const test = byName.get('test');
    assert.ok(test);
    assert.equal(test.check_run_url, `${sb.githubApi.url}${REPO}/check-runs/${DEFAULT_JOB_IDS.test}`);
    assert.equal(
      test.html_url,
      `https://github.com/octo-org/octo-repo/actions/runs/${DEFAULT_RUN_ID}/job/${test.id}`,
    );
    assert.deepEqual(
      [test.run_id, test.run_attempt, test.workflow_name, test.head_branch, test.head_sha],
      [DEFAULT_RUN_ID, 1, 'CI', 'main', HEAD_SHA],
    );
    assert.deepEqual(test.labels, ['ubuntu-latest']);
    const steps = test.steps.map((s) => `${s.number} ${s.name}: ${s.conclusion ?? s.status}`);
    assert.deepEqual(steps, [
      '1 Set up job: success',
      '2 Run actions/checkout@v4: success',
      '3 Run actions/setup-node@v4: success',
      '4 Run npm ci: success',
      '5 Type-check: success',
      '6 Run npm test: failure',
      '7 Upload coverage: skipped',
      '14 Post Run actions/checkout@v4: success',
      '15 Complete job: success',
    ]);
    const notify = byName.get('notify');
    assert.deepEqual([notify?.runner_name, notify?.completed_at], ['GitHub Actions 12', null]);
    assert.deepEqual(
      notify?.steps.map((s) => [s.name, s.status]),
      [
        ['Set up job', 'completed'],
        ['Send failure alert', 'in_progress'],
        ['Complete job', 'queued'],
      ],
    );
  });

  it('lists the latest attempt by default and every attempt with filter=all', async () => {
    const run = sb.githubApi.scenario.runs.find((r) => r.id === DEFAULT_RUN_ID);
    assert.ok(run);
    run.attempts.push([
      buildJob({ id: 4839309001, name: 'test', conclusion: 'success', startedAt: '2026-11-27T16:00:00Z' }),
    ]);
    const latest = await jobs(`${RUN}/jobs`);
    assert.deepEqual(
      latest.jobs.map((j) => [j.id, j.run_attempt]),
      [[4839309001, 2]],
    );
    const all = await jobs(`${RUN}/jobs?filter=all`);
    assert.equal(all.total_count, 6);
    assert.deepEqual([...new Set(all.jobs.map((j) => j.run_attempt))], [1, 2]);
    assert.equal((await jobs(`${RUN}/attempts/1/jobs`)).total_count, 5);
    assert.equal((await apiGet(sb, `${RUN}/attempts/3/jobs`)).status, 404);
    const res = await apiGet(sb, RUN);
    const body = res.json as Run;
    assert.deepEqual(
      [body.run_attempt, body.previous_attempt_url],
      [2, `${sb.githubApi.url}${RUN}/attempts/1`],
    );
  });

  it("lists the workflow's runs on a branch newest first, by id or by file name", async () => {
    const query = '?branch=main&status=completed&event=push';
    const byFile = await apiGet(sb, `${REPO}/actions/workflows/ci.yml/runs${query}`);
    const byId = await apiGet(sb, `${REPO}/actions/workflows/94810217/runs${query}`);
    assert.deepEqual(byFile.json, byId.json);
    const body = byFile.json as { total_count: number; workflow_runs: Run[] };
    assert.deepEqual(
      body.workflow_runs.map((r) => [r.run_number, r.conclusion]),
      [
        [41, 'failure'],
        [39, 'cancelled'],
        [38, 'success'],
        [36, 'success'],
        [35, 'failure'],
        [34, 'success'],
      ],
    );
    assert.equal(body.total_count, 6);
    assert.equal(body.workflow_runs[2]?.head_sha, LAST_GREEN_SHA);
    const green = await apiGet(
      sb,
      `${REPO}/actions/workflows/ci.yml/runs?branch=main&status=success&per_page=1`,
    );
    assert.deepEqual(
      (green.json as { workflow_runs: Run[] }).workflow_runs.map((r) => r.head_sha),
      [LAST_GREEN_SHA],
    );
    const everything = await apiGet(sb, `${REPO}/actions/workflows/ci.yml/runs`);
    assert.equal(
      (everything.json as { total_count: number }).total_count,
      9,
      'all branches and events, the current run too',
    );
    assert.equal((await apiGet(sb, `${REPO}/actions/workflows/nope.yml/runs`)).status, 404);
  });

  it("returns a check run's annotations as a bare array", async () => {
    const res = await apiGet(sb, `${REPO}/check-runs/${DEFAULT_JOB_IDS.test}/annotations?per_page=100`);
    assert.equal(res.status, 200);
    const list = res.json as Annotation[];
    assert.ok(Array.isArray(list));
    assert.equal(list.filter((a) => a.annotation_level === 'failure').length, 12);
    assert.equal(list.filter((a) => a.annotation_level === 'warning').length, 2);
    const first = list.find((a) => a.path === 'test/unit/inputs.test.ts');
    assert.ok(first);
    assert.equal(first.start_line, 42);
    assert.match(first.message, /^AssertionError \[ERR_ASSERTION\]/);
    assert.equal(
      first.blob_href,
      `https://github.com/octo-org/octo-repo/blob/${HEAD_SHA}/test/unit/inputs.test.ts`,
    );
    assert.equal(list.at(-1)?.message, 'Process completed with exit code 1.');
    const e2e = await apiGet(sb, `${REPO}/check-runs/${DEFAULT_JOB_IDS.e2e}/annotations`);
    assert.match(
      (e2e.json as Annotation[])[0]?.message ?? '',
      /exceeded the maximum execution time of 15m0s/,
    );
    assert.deepEqual((await apiGet(sb, `${REPO}/check-runs/${DEFAULT_JOB_IDS.build}/annotations`)).json, []);
    assert.equal((await apiGet(sb, `${REPO}/check-runs/1/annotations`)).status, 404);
  });

  it('compares the last green run with this one: four commits, oldest first, three authors', async () => {
    const res = await apiGet(sb, `${REPO}/compare/${LAST_GREEN_SHA}...${HEAD_SHA}`);
    assert.equal(res.status, 200);
    const body = res.json as {
      status: string;
      ahead_by: number;
      behind_by: number;
      total_commits: number;
      commits: Commit[];
    };
    assert.deepEqual([body.status, body.ahead_by, body.behind_by, body.total_commits], ['ahead', 4, 0, 4]);
    assert.equal(body.commits.at(-1)?.sha, HEAD_SHA);
    assert.equal(body.commits[0]?.parents[0]?.sha, LAST_GREEN_SHA);
    assert.deepEqual(
      body.commits.map((c) => [c.author?.login, c.commit.author.email]),
      [
        ['analima', 'ana.lima@contoso.example'],
        ['github-actions[bot]', '41898282+github-actions[bot]@users.noreply.github.com'],
        ['octocat', '583231+octocat@users.noreply.github.com'],
        ['octocat', '583231+octocat@users.noreply.github.com'],
      ],
    );
    const dates = body.commits.map((c) => c.commit.author.date);
    assert.deepEqual(dates, [...dates].sort());
    // Branch names and abbreviated SHAs resolve too; the other directions and no-ops have GitHub's numbers.
    const short = await apiGet(sb, `${REPO}/compare/${LAST_GREEN_SHA.slice(0, 7)}...main`);
    assert.equal((short.json as { total_commits: number }).total_commits, 4);
    const behind = (await apiGet(sb, `${REPO}/compare/main...${LAST_GREEN_SHA}`)).json as Record<
      string,
      unknown
    >;
    assert.deepEqual(
      [behind.status, behind.ahead_by, behind.behind_by, behind.total_commits],
      ['behind', 0, 4, 0],
    );
    const same = (await apiGet(sb, `${REPO}/compare/main...${HEAD_SHA}`)).json as Record<string, unknown>;
    assert.deepEqual([same.status, same.total_commits], ['identical', 0]);
    const older = (
      await apiGet(
        sb,
        `${REPO}/compare/${sb.githubApi.scenario.commits[1]?.sha ?? ''}...${sb.githubApi.scenario.commits[2]?.sha ?? ''}`,
      )
    ).json as { commits: Commit[] };
    assert.equal(older.commits[0]?.author, null, 'an address linked to no account');
    assert.equal((await apiGet(sb, `${REPO}/compare/nope...main`)).status, 404);
  });
});

describe('GitHub API stand-in: authentication, prefix, records', () => {
  it('accepts `token` and `Bearer`, refuses a wrong token with 401 and hides a private repo from anonymous callers', async () => {
    assert.equal((await apiGet(sb, RUN, { authorization: `Bearer ${sb.githubApi.token}` })).status, 200);
    const wrong = await apiGet(sb, RUN, { authorization: 'token ghs_not-the-token' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.json, {
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
    const anonymous = await apiGet(sb, RUN, { authorization: null });
    assert.equal(anonymous.status, 404);
    assert.equal((anonymous.json as { message: string }).message, 'Not Found');
    sb.githubApi.scenario.repository.private = false;
    assert.equal(
      (await apiGet(sb, RUN, { authorization: null })).status,
      200,
      'a public repo needs no token',
    );
    assert.deepEqual(
      sb.githubApi.requests.map((r) => [r.authScheme, r.authMatched, r.status]),
      [
        ['bearer', true, 200],
        ['token', false, 401],
        ['none', false, 404],
        ['none', false, 200],
      ],
    );
    assert.ok(
      !JSON.stringify(sb.githubApi.requests).includes(sb.githubApi.token),
      'the token is never recorded',
    );
  });

  it('records method, path without prefix, query, endpoint and status', async () => {
    await apiGet(sb, `${REPO}/actions/workflows/ci.yml/runs?branch=main&per_page=5`);
    await apiGet(sb, `${REPO}/no/such/thing`);
    assert.deepEqual(
      sb.githubApi.requests.map(({ method, path, query, endpoint, status }) => ({
        method,
        path,
        query,
        endpoint,
        status,
      })),
      [
        {
          method: 'GET',
          path: `${REPO}/actions/workflows/ci.yml/runs`,
          query: { branch: 'main', per_page: '5' },
          endpoint: 'listWorkflowRuns',
          status: 200,
        },
        { method: 'GET', path: `${REPO}/no/such/thing`, query: {}, endpoint: undefined, status: 404 },
      ],
    );
  });

  it('serves under a GHES-style /api/v3 prefix, and only there', async () => {
    sb.githubApi.configure({ pathPrefix: '/api/v3' });
    assert.equal(sb.githubApi.url, `${sb.githubApi.origin}/api/v3`);
    assert.equal(sb.githubApiEnv().GITHUB_GRAPHQL_URL, `${sb.githubApi.origin}/api/graphql`);
    const res = await apiGet(sb, `${REPO}/actions/workflows/ci.yml/runs?per_page=2`);
    assert.equal(res.status, 200);
    assert.match(
      String(res.headers.link),
      new RegExp(`^<${sb.githubApi.origin}/api/v3/repositories/582779453/actions/`),
    );
    assert.equal(
      (await apiGet(sb, `${sb.githubApi.origin}${RUN}`)).status,
      404,
      'no route outside the prefix',
    );
    assert.equal(sb.githubApi.requests[0]?.path, `${REPO}/actions/workflows/ci.yml/runs`);
  });

  it('gives the runner variables of the current run, and reset() restores scenario and settings', () => {
    assert.deepEqual(
      Object.fromEntries(
        [
          'GITHUB_API_URL',
          'GITHUB_REPOSITORY',
          'GITHUB_RUN_ID',
          'GITHUB_RUN_ATTEMPT',
          'GITHUB_JOB',
          'GITHUB_SHA',
        ].map((k) => [k, sb.githubApiEnv()[k]]),
      ),
      {
        GITHUB_API_URL: sb.githubApi.url,
        GITHUB_REPOSITORY: 'octo-org/octo-repo',
        GITHUB_RUN_ID: String(DEFAULT_RUN_ID),
        GITHUB_RUN_ATTEMPT: '1',
        GITHUB_JOB: 'notify',
        GITHUB_SHA: HEAD_SHA,
      },
    );
    sb.githubApi.scenario.runs.length = 0;
    sb.githubApi.configure({ pathPrefix: '/api/v3', modes: { getWorkflowRun: { fail: 'forbidden' } } });
    sb.githubApi.setFaults([{ fail: 'server-error' }]);
    sb.reset();
    assert.equal(sb.githubApi.scenario.runs.length, 10);
    assert.deepEqual(sb.githubApi.settings, { pathPrefix: '', rateLimitPerHour: 1000, modes: {} });
    assert.equal(sb.githubApi.requests.length, 0);
  });
});
