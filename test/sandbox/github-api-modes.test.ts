// The GitHub API stand-in's pagination over long lists, and its failure modes, faults and rate
// limits: what the failure-alert code has to survive.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  DEFAULT_JOB_IDS,
  DEFAULT_RUN_ID,
  HEAD_SHA,
  appendCommits,
  findRun,
  linearCommits,
  manyAnnotations,
  manyJobs,
  startSandbox,
} from './index.js';
import type { GithubFailure, Sandbox } from './index.js';
import { REPO, apiGet, links } from '../support/github-api-client.js';
import type { JsonResponse } from '../support/https-json.js';

const RUN = `${REPO}/actions/runs/${DEFAULT_RUN_ID}`;

let sb: Sandbox;
before(async () => {
  sb = await startSandbox();
});
after(() => sb.stop());
beforeEach(() => sb.reset());

/** Follows rel="next" from `path`; every page's response. */
async function allPages(path: string): Promise<JsonResponse[]> {
  const pages = [await apiGet(sb, path)];
  for (let next = links(pages[0]?.headers.link).next; next !== undefined;) {
    const page = await apiGet(sb, next);
    pages.push(page);
    next = links(page.headers.link).next;
  }
  return pages;
}

describe('GitHub API stand-in: pagination', () => {
  it("pages 250 jobs with GitHub's Link headers, in the /repositories/{id} form", async () => {
    const run = findRun(sb.githubApi.scenario, DEFAULT_RUN_ID);
    assert.ok(run);
    run.attempts[0] = manyJobs(250, { firstId: 5_100_000_000, startedAt: '2026-11-27T15:21:19Z' });
    const base = `${sb.githubApi.origin}/repositories/582779453/actions/runs/${DEFAULT_RUN_ID}/attempts/1/jobs`;
    const page = (n: number) => `<${base}?per_page=100&page=${n}>`;
    const pages = await allPages(`${RUN}/attempts/1/jobs?per_page=100`);
    assert.deepEqual(
      pages.map((p) => p.headers.link),
      [
        `${page(2)}; rel="next", ${page(3)}; rel="last"`,
        `${page(1)}; rel="prev", ${page(3)}; rel="next", ${page(3)}; rel="last", ${page(1)}; rel="first"`,
        `${page(2)}; rel="prev", ${page(1)}; rel="first"`,
      ],
    );
    const bodies = pages.map((p) => p.json as { total_count: number; jobs: { id: number }[] });
    assert.deepEqual(
      bodies.map((b) => [b.total_count, b.jobs.length]),
      [
        [250, 100],
        [250, 100],
        [250, 50],
      ],
    );
    const ids = bodies.flatMap((b) => b.jobs.map((j) => j.id));
    assert.deepEqual(
      ids,
      Array.from({ length: 250 }, (_, i) => 5_100_000_000 + i),
    );
    assert.deepEqual(
      sb.githubApi.requests.map((r) => [r.endpoint, r.query.page]),
      [
        ['listJobsForWorkflowRunAttempt', undefined],
        ['listJobsForWorkflowRunAttempt', '2'],
        ['listJobsForWorkflowRunAttempt', '3'],
      ],
    );
  });

  it('defaults to 30 per page, caps per_page at 100, keeps filters and sends no Link for one page', async () => {
    const run = findRun(sb.githubApi.scenario, DEFAULT_RUN_ID);
    assert.ok(run);
    assert.equal((await apiGet(sb, `${RUN}/jobs`)).headers.link, undefined);
    run.attempts[0] = manyJobs(250, { firstId: 5_100_000_000, startedAt: '2026-11-27T15:21:19Z' });
    const byDefault = await apiGet(sb, `${RUN}/jobs`);
    assert.equal((byDefault.json as { jobs: unknown[] }).jobs.length, 30);
    assert.match(links(byDefault.headers.link).last ?? '', /\/jobs\?page=9$/);
    const capped = await apiGet(sb, `${RUN}/jobs?per_page=500`);
    assert.equal((capped.json as { jobs: unknown[] }).jobs.length, 100);
    const runs = await apiGet(
      sb,
      `${REPO}/actions/workflows/ci.yml/runs?branch=main&status=completed&per_page=2`,
    );
    assert.match(
      links(runs.headers.link).next ?? '',
      /\/runs\?branch=main&status=completed&per_page=2&page=2$/,
    );
  });

  it('pages 250 annotations of a check run', async () => {
    sb.githubApi.scenario.annotations[DEFAULT_JOB_IDS.test] = manyAnnotations(250);
    const pages = await allPages(`${REPO}/check-runs/${DEFAULT_JOB_IDS.test}/annotations?per_page=100`);
    const all = pages.flatMap((p) => p.json as { message: string }[]);
    assert.equal(pages.length, 3);
    assert.deepEqual(
      all.map((a) => a.message),
      Array.from({ length: 250 }, (_, i) => `Assertion ${i + 1} failed`),
    );
  });

  it('lists at most the newest 250 commits of a comparison unless paged; paged, files come on page 1 only', async () => {
    const bulk = linearCommits(260, { seed: 'bulk', startDate: '2026-11-28T00:00:00Z' });
    appendCommits(sb.githubApi.scenario, bulk);
    const unpaged = await apiGet(sb, `${REPO}/compare/${HEAD_SHA}...main`);
    const body = unpaged.json as { total_commits: number; commits: { sha: string }[]; files?: unknown[] };
    assert.deepEqual([body.total_commits, body.commits.length], [260, 250]);
    assert.deepEqual([body.commits[0]?.sha, body.commits.at(-1)?.sha], [bulk[10]?.sha, bulk[259]?.sha]);
    assert.equal(unpaged.headers.link, undefined);
    const pages = await allPages(`${REPO}/compare/${HEAD_SHA}...main?per_page=100`);
    const paged = pages.map((p) => p.json as typeof body);
    assert.deepEqual(
      paged.map((p) => [p.total_commits, p.commits.length, p.files !== undefined]),
      [
        [260, 100, true],
        [260, 100, false],
        [260, 60, false],
      ],
    );
    assert.deepEqual(
      paged.flatMap((p) => p.commits.map((c) => c.sha)),
      bulk.map((c) => c.sha),
    );
    assert.match(
      links(pages[0]?.headers.link).next ?? '',
      /\/repositories\/582779453\/compare\/a10867b1[0-9a-f]+\.\.\.main\?per_page=100&page=2$/,
    );
  });
});

describe('GitHub API stand-in: modes, faults and rate limits', () => {
  const cases: Array<[GithubFailure, (res: JsonResponse) => void]> = [
    [
      'forbidden',
      (res) => {
        assert.equal(res.status, 403);
        assert.deepEqual(res.json, {
          message: 'Resource not accessible by integration',
          documentation_url:
            'https://docs.github.com/rest/actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt',
          status: '403',
        });
      },
    ],
    [
      'not-found',
      (res) => assert.deepEqual([res.status, (res.json as { message: string }).message], [404, 'Not Found']),
    ],
    ['server-error', (res) => assert.deepEqual([res.status, res.json], [500, { message: 'Server Error' }])],
    [
      'bad-gateway',
      (res) => {
        assert.deepEqual([res.status, res.json], [502, undefined]);
        assert.match(String(res.headers['content-type']), /^text\/html/);
      },
    ],
    [
      'secondary-rate-limit',
      (res) => {
        assert.equal(res.status, 403);
        assert.equal(res.headers['retry-after'], '7');
        assert.notEqual(res.headers['x-ratelimit-remaining'], '0');
        assert.match(
          (res.json as { message: string }).message,
          /^You have exceeded a secondary rate limit\./,
        );
      },
    ],
    [
      'rate-limit',
      (res) => {
        assert.equal(res.status, 403);
        assert.equal(res.headers['x-ratelimit-remaining'], '0');
        assert.match(
          (res.json as { message: string }).message,
          /^API rate limit exceeded for installation ID \d+\.$/,
        );
      },
    ],
  ];
  for (const [fail, check] of cases) {
    it(`answers the '${fail}' mode like GitHub, on its endpoint only, until changed`, async () => {
      sb.githubApi.configure({ modes: { listJobsForWorkflowRunAttempt: { fail, retryAfterSeconds: 7 } } });
      check(await apiGet(sb, `${RUN}/attempts/1/jobs`));
      check(await apiGet(sb, `${RUN}/attempts/1/jobs`));
      assert.equal((await apiGet(sb, RUN)).status, 200);
      sb.githubApi.configure({ modes: {} });
      assert.equal((await apiGet(sb, `${RUN}/attempts/1/jobs`)).status, 200);
    });
  }

  it('takes one-shot faults in order, each by the first request it matches', async () => {
    sb.githubApi.setFaults([
      { endpoint: 'compareCommits', fail: 'server-error' },
      { fail: 'bad-gateway' },
      { fail: 'secondary-rate-limit' },
    ]);
    const statuses: number[] = [];
    for (const path of [RUN, `${REPO}/compare/main...main`, RUN, RUN])
      statuses.push((await apiGet(sb, path)).status);
    assert.deepEqual(statuses, [502, 500, 403, 200]);
  });

  it('delays answers for timeout tests and can drop the connection', async () => {
    sb.githubApi.configure({ modes: { getWorkflowRun: { delayMs: 150 } } });
    const started = Date.now();
    assert.equal((await apiGet(sb, RUN)).status, 200);
    assert.ok(Date.now() - started >= 140);
    sb.githubApi.configure({ modes: { getWorkflowRun: { delayMs: 2_000 } } });
    await assert.rejects(apiGet(sb, RUN, { timeoutMs: 100 }), /timed out/);
    sb.githubApi.configure({ modes: {} });
    sb.githubApi.setFaults([{ endpoint: 'getWorkflowRun', dropConnection: true }]);
    await assert.rejects(apiGet(sb, RUN), /socket hang up|ECONNRESET/);
    assert.deepEqual(
      sb.githubApi.requests.map((r) => r.status),
      [200, 0, 0],
    );
  });

  it('counts requests against the primary limit and refuses them past it', async () => {
    sb.githubApi.configure({ rateLimitPerHour: 2 });
    const remaining: Array<string | string[] | undefined> = [];
    for (let i = 0; i < 3; i++) remaining.push((await apiGet(sb, RUN)).headers['x-ratelimit-remaining']);
    assert.deepEqual(remaining, ['1', '0', '0']);
    const refused = await apiGet(sb, RUN);
    assert.equal(refused.status, 403);
    assert.ok(Number(refused.headers['x-ratelimit-reset']) > Date.now() / 1000);
    assert.deepEqual(
      sb.githubApi.requests.map((r) => r.status),
      [200, 200, 403, 403],
    );
  });
});
