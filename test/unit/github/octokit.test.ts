// The octokit adapter against the sandbox's GitHub REST API stand-in over HTTPS: real payload shapes
// become records, long lists are paged, GHES's /api/v3 base works, and each failure GitHub gives
// becomes the error the retry policy and the one warning need (status, transient, retry-after).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent, fetch as undiciFetch } from 'undici';
import { GithubReadError } from '../../../src/github/errors.js';
import { createOctokitReader } from '../../../src/github/octokit.js';
import type { GithubReader } from '../../../src/github/port.js';
import {
  DEFAULT_JOB_IDS,
  DEFAULT_RUN_ID,
  HEAD_SHA,
  LAST_GREEN_SHA,
  findRun,
  manyJobs,
} from '../../sandbox/index.js';
import { useSandbox } from '../../support/use-sandbox.js';

const RUN = String(DEFAULT_RUN_ID);

describe('the octokit adapter against the GitHub API stand-in', () => {
  const sandbox = useSandbox();
  let dispatcher: Agent;
  before(() => {
    dispatcher = new Agent({ connect: { ca: sandbox.caPem } });
  });
  after(() => dispatcher.close());

  async function reader(options: { token?: string; timeoutMs?: number } = {}): Promise<GithubReader> {
    return createOctokitReader({
      token: options.token ?? sandbox.githubApi.token,
      apiUrl: sandbox.githubApi.url,
      owner: 'octo-org',
      repo: 'octo-repo',
      requestTimeoutMs: options.timeoutMs ?? 5000,
      debug: () => undefined,
      fetch: ((url: string, init: object) =>
        undiciFetch(url, { ...init, dispatcher })) as unknown as typeof fetch,
    });
  }

  async function failure(promise: Promise<unknown>): Promise<GithubReadError> {
    const err: unknown = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof GithubReadError, String(err));
    return err;
  }

  test('the jobs of an attempt, with steps, check run ids and runners', async () => {
    const { jobs, total } = await (await reader()).jobs(RUN, '1', 300);
    assert.equal(total, 5);
    assert.deepEqual(
      jobs.map((j) => [j.name, j.status, j.conclusion, j.checkRunId]),
      [
        ['build', 'completed', 'success', DEFAULT_JOB_IDS.build],
        ['lint', 'completed', 'cancelled', DEFAULT_JOB_IDS.lint],
        ['test', 'completed', 'failure', DEFAULT_JOB_IDS.test],
        ['e2e', 'completed', 'cancelled', DEFAULT_JOB_IDS.e2e],
        ['notify', 'in_progress', '', DEFAULT_JOB_IDS.notify],
      ],
    );
    const test = jobs[2];
    assert.ok(test);
    assert.equal(
      test.url,
      `https://github.com/octo-org/octo-repo/actions/runs/${RUN}/job/${DEFAULT_JOB_IDS.test}`,
    );
    assert.deepEqual(
      test.steps.filter((s) => s.conclusion === 'failure').map((s) => s.name),
      ['Run npm test'],
    );
    assert.equal(jobs[4]?.runnerName, 'GitHub Actions 12');
    assert.equal(sandbox.githubApi.requests.length, 1);
    assert.equal(sandbox.githubApi.requests[0]?.authScheme, 'token');
  });

  test('250 jobs: three pages of 100, nothing twice; a cap stops early', async () => {
    const run = findRun(sandbox.githubApi.scenario, DEFAULT_RUN_ID);
    assert.ok(run);
    run.attempts[0] = manyJobs(250, { firstId: 5_100_000_000, startedAt: '2026-11-27T15:21:19Z' });
    const all = await (await reader()).jobs(RUN, '1', 300);
    assert.equal(all.jobs.length, 250);
    assert.equal(new Set(all.jobs.map((j) => j.id)).size, 250);
    assert.deepEqual(
      sandbox.githubApi.requests.map((r) => [r.query.page, r.query.per_page]),
      [
        ['1', '100'],
        ['2', '100'],
        ['3', '100'],
      ],
    );
    sandbox.githubApi.requests.length = 0;
    const capped = await (await reader()).jobs(RUN, '1', 100);
    assert.deepEqual([capped.jobs.length, capped.total], [100, 250]);
    assert.equal(sandbox.githubApi.requests.length, 1);
  });

  test('annotations, earlier runs and the comparison', async () => {
    const r = await reader();
    const annotations = await r.annotations(DEFAULT_JOB_IDS.test, 50);
    assert.equal(annotations.length, 14);
    assert.deepEqual(annotations[0], {
      path: 'src/smtp/transport.ts',
      startLine: 57,
      level: 'failure',
      title: '',
      message: "TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.",
    });
    const runs = await r.completedRuns('ci.yml', 'main', 30);
    assert.deepEqual(
      runs.map((x) => [x.runNumber, x.conclusion]),
      [
        [41, 'failure'],
        [39, 'cancelled'],
        [38, 'success'],
        [37, 'success'],
        [36, 'success'],
        [35, 'failure'],
        [34, 'success'],
      ],
    );
    assert.deepEqual(sandbox.githubApi.requests[1]?.query, {
      branch: 'main',
      status: 'completed',
      exclude_pull_requests: 'true',
      per_page: '30',
    });
    const compare = await r.compare(LAST_GREEN_SHA, HEAD_SHA);
    assert.equal(compare.totalCommits, 4);
    assert.deepEqual(
      compare.commits.map((c) => [c.authorEmail, c.authorLogin, c.committerEmail]),
      [
        ['ana.lima@contoso.example', 'analima', 'noreply@github.com'],
        [
          '41898282+github-actions[bot]@users.noreply.github.com',
          'github-actions[bot]',
          '41898282+github-actions[bot]@users.noreply.github.com',
        ],
        ['583231+octocat@users.noreply.github.com', 'octocat', 'noreply@github.com'],
        ['583231+octocat@users.noreply.github.com', 'octocat', 'noreply@github.com'],
      ],
    );
    const run = await r.run(RUN);
    assert.deepEqual(
      [run.workflowId, run.runNumber, run.headBranch, run.conclusion],
      [94810217, 42, 'main', ''],
    );
  });

  test('a GitHub Enterprise Server base (/api/v3)', async () => {
    sandbox.githubApi.configure({ pathPrefix: '/api/v3' });
    assert.match(sandbox.githubApi.url, /\/api\/v3$/);
    const { jobs } = await (await reader()).jobs(RUN, '1', 300);
    assert.equal(jobs.length, 5);
    assert.equal(sandbox.githubApi.requests[0]?.status, 200);
  });

  test('403 without the scope: forbidden, not transient', async () => {
    sandbox.githubApi.configure({ modes: { listJobsForWorkflowRunAttempt: { fail: 'forbidden' } } });
    const err = await failure((await reader()).jobs(RUN, '1', 300));
    assert.deepEqual([err.failure, err.status, err.transient], ['forbidden', 403, false]);
    assert.match(err.message, /403 "Resource not accessible by integration" to list the jobs of run/);
  });

  test('404 and a wrong token: not found and bad credentials', async () => {
    sandbox.githubApi.configure({ modes: { compareCommits: { fail: 'not-found' } } });
    assert.equal((await failure((await reader()).compare(LAST_GREEN_SHA, HEAD_SHA))).failure, 'not-found');
    const wrong = await failure((await reader({ token: 'ghs_wrong' })).run(RUN));
    assert.deepEqual([wrong.failure, wrong.status], ['bad-credentials', 401]);
  });

  test('5xx, a non-JSON 502 and a dropped connection are transient', async () => {
    for (const mode of [
      { fail: 'server-error' as const },
      { fail: 'bad-gateway' as const },
      { dropConnection: true },
    ]) {
      sandbox.githubApi.setFaults([{ endpoint: 'getWorkflowRun', ...mode }]);
      const err = await failure((await reader()).run(RUN));
      assert.equal(err.transient, true, JSON.stringify(mode));
      assert.equal(err.failure, 'unavailable');
    }
  });

  test('rate limits: the secondary one waits as told, the primary one is not waited for', async () => {
    sandbox.githubApi.setFaults([
      { endpoint: 'getWorkflowRun', fail: 'secondary-rate-limit', retryAfterSeconds: 7 },
    ]);
    const secondary = await failure((await reader()).run(RUN));
    assert.deepEqual(
      [secondary.failure, secondary.transient, secondary.retryAfterMs],
      ['rate-limited', true, 7000],
    );
    sandbox.githubApi.setFaults([{ endpoint: 'getWorkflowRun', fail: 'rate-limit' }]);
    const primary = await failure((await reader()).run(RUN));
    assert.deepEqual([primary.failure, primary.transient], ['rate-limited', false]);
    assert.match(primary.message, /rate limit is used up until \d{4}-/);
  });

  test('a request that hangs is abandoned after the request timeout', async () => {
    sandbox.githubApi.setFaults([{ endpoint: 'getWorkflowRun', delayMs: 5000 }]);
    const started = Date.now();
    const err = await failure((await reader({ timeoutMs: 300 })).run(RUN));
    assert.ok(Date.now() - started < 3000);
    assert.deepEqual([err.failure, err.transient], ['timeout', true]);
  });
});
