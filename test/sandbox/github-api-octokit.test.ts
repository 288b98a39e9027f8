// The client the feature will use, @actions/github's octokit, against the stand-in: it must page
// through the Link headers as on github.com, see GitHub's errors as RequestErrors, and work under a
// GHES prefix. undici is what @actions/github fetches with; its Agent is how this process trusts
// the sandbox CA (the action itself gets NODE_EXTRA_CA_CERTS instead).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { getOctokit } from '@actions/github';
import { Agent, fetch as undiciFetch } from 'undici';
import type { RequestInit } from 'undici';
import {
  DEFAULT_JOB_IDS,
  DEFAULT_RUN_ID,
  HEAD_SHA,
  LAST_GREEN_SHA,
  findRun,
  manyAnnotations,
  manyJobs,
  startSandbox,
} from './index.js';
import type { Sandbox } from './index.js';

const repo = { owner: 'octo-org', repo: 'octo-repo' };
let sb: Sandbox;
let dispatcher: Agent;

before(async () => {
  sb = await startSandbox();
  dispatcher = new Agent({ connect: { ca: sb.caPem } });
});
after(async () => {
  await dispatcher.close();
  await sb.stop();
});
beforeEach(() => sb.reset());

function octokit() {
  return getOctokit(sb.githubApi.token, {
    baseUrl: sb.githubApi.url,
    request: { fetch: (url: string, init: RequestInit) => undiciFetch(url, { ...init, dispatcher }) },
  });
}

describe('GitHub API stand-in through @actions/github', () => {
  it('pages 250 jobs and 250 annotations with octokit.paginate, following the Link URLs', async () => {
    const run = findRun(sb.githubApi.scenario, DEFAULT_RUN_ID);
    assert.ok(run);
    run.attempts[0] = manyJobs(250, { firstId: 5_100_000_000, startedAt: '2026-11-27T15:21:19Z' });
    sb.githubApi.scenario.annotations[DEFAULT_JOB_IDS.test] = manyAnnotations(250);
    const client = octokit();
    const jobs = await client.paginate(client.rest.actions.listJobsForWorkflowRunAttempt, {
      ...{ ...repo, run_id: DEFAULT_RUN_ID, attempt_number: 1, per_page: 100 },
    });
    assert.equal(jobs.length, 250);
    assert.equal(new Set(jobs.map((j) => j.id)).size, 250);
    const annotations = await client.paginate(client.rest.checks.listAnnotations, {
      ...{ ...repo, check_run_id: DEFAULT_JOB_IDS.test, per_page: 100 },
    });
    assert.equal(annotations.length, 250);
    assert.deepEqual(
      sb.githubApi.requests.map((r) => [r.path.split('/').slice(1, 3).join('/'), r.authScheme, r.status]),
      [
        ['repos/octo-org', 'token', 200],
        ['repositories/582779453', 'token', 200],
        ['repositories/582779453', 'token', 200],
        ['repos/octo-org', 'token', 200],
        ['repositories/582779453', 'token', 200],
        ['repositories/582779453', 'token', 200],
      ],
    );
  });

  it('reads the run, the runs before it and the commits since the last green run', async () => {
    const client = octokit();
    const { data: run } = await client.rest.actions.getWorkflowRun({ ...repo, run_id: DEFAULT_RUN_ID });
    assert.deepEqual([run.run_attempt, run.head_sha, run.status], [1, HEAD_SHA, 'in_progress']);
    const { data: runs } = await client.rest.actions.listWorkflowRuns({
      ...{ ...repo, workflow_id: 'ci.yml', branch: 'main', status: 'completed', event: 'push' },
    });
    const green = runs.workflow_runs.find((r) => r.id !== DEFAULT_RUN_ID && r.conclusion === 'success');
    assert.equal(green?.head_sha, LAST_GREEN_SHA);
    const { data: compare } = await client.rest.repos.compareCommitsWithBasehead({
      ...{ ...repo, basehead: `${LAST_GREEN_SHA}...${run.head_sha}` },
    });
    assert.deepEqual(
      compare.commits.map((c) => c.author?.login ?? null),
      ['analima', 'github-actions[bot]', 'octocat', 'octocat'],
    );
  });

  it("surfaces a missing `actions: read` permission as octokit's RequestError 403", async () => {
    sb.githubApi.configure({ modes: { listJobsForWorkflowRun: { fail: 'forbidden' } } });
    await assert.rejects(
      octokit().rest.actions.listJobsForWorkflowRun({ ...repo, run_id: DEFAULT_RUN_ID }),
      (err: unknown) => {
        assert.ok(err instanceof Error);
        assert.equal((err as Error & { status?: number }).status, 403);
        assert.match(err.message, /Resource not accessible by integration/);
        return true;
      },
    );
  });

  it('works against a GHES-style base URL', async () => {
    sb.githubApi.configure({ pathPrefix: '/api/v3' });
    const run = findRun(sb.githubApi.scenario, DEFAULT_RUN_ID);
    assert.ok(run);
    run.attempts[0] = manyJobs(120, { firstId: 5_100_000_000, startedAt: '2026-11-27T15:21:19Z' });
    const client = octokit();
    const jobs = await client.paginate(client.rest.actions.listJobsForWorkflowRun, {
      ...{ ...repo, run_id: DEFAULT_RUN_ID, per_page: 100 },
    });
    assert.equal(jobs.length, 120);
    assert.equal(sb.githubApi.requests.length, 2);
    assert.ok(sb.githubApi.requests.every((r) => r.status === 200));
  });
});
