// The GitHub API adapter behind the port: @actions/github's octokit (getOctokit), loaded on demand,
// with GitHub's base URL from the run (GHES works), the toolkit's proxy-aware fetch, a timeout on
// every request and octokit's own log routed to the runner's debug log. No retries here: the caller
// retries with the project's policy (src/retry.ts) within its time budget.
import { loadToolkit } from '../toolkit.js';
import { toGithubReadError } from './errors.js';
import type { GithubReaderFactory } from './port.js';
import { list } from '../json.js';
import { annotationRecord, compareRecord, jobRecord, runRecord } from './records.js';

/** GitHub's largest page. */
const PER_PAGE = 100;

export const createOctokitReader: GithubReaderFactory = async (options) => {
  const { getOctokit } = await loadToolkit();
  const log = { debug: options.debug, info: options.debug, warn: options.debug, error: options.debug };
  const octokit = getOctokit(options.token, {
    baseUrl: options.apiUrl,
    userAgent: 'm365-mail-action',
    log,
    ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
  });
  const repo = { owner: options.owner, repo: options.repo };
  const call = async <T>(what: string, request: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    try {
      return await request(AbortSignal.timeout(Math.max(1, Math.round(options.requestTimeoutMs))));
    } catch (err) {
      throw toGithubReadError(err, what);
    }
  };

  return {
    async jobs(runId, attempt, maxJobs) {
      const jobs = [];
      let total = 0;
      for (let page = 1; jobs.length < maxJobs; page++) {
        const { data } = await call(`list the jobs of run ${runId}`, (signal) =>
          octokit.rest.actions.listJobsForWorkflowRunAttempt({
            ...repo,
            run_id: Number(runId),
            attempt_number: Number(attempt),
            per_page: PER_PAGE,
            page,
            request: { signal },
          }),
        );
        const found = list(data.jobs).map(jobRecord);
        total = typeof data.total_count === 'number' ? data.total_count : jobs.length + found.length;
        jobs.push(...found);
        if (found.length < PER_PAGE || jobs.length >= total) break;
      }
      return { jobs: jobs.slice(0, maxJobs), total: Math.max(total, jobs.length) };
    },
    async annotations(checkRunId, max) {
      const { data } = await call(`list the annotations of check run ${checkRunId}`, (signal) =>
        octokit.rest.checks.listAnnotations({
          ...repo,
          check_run_id: checkRunId,
          per_page: Math.min(PER_PAGE, max),
          request: { signal },
        }),
      );
      return list(data).map(annotationRecord);
    },
    async run(runId) {
      const { data } = await call(`read run ${runId}`, (signal) =>
        octokit.rest.actions.getWorkflowRun({ ...repo, run_id: Number(runId), request: { signal } }),
      );
      return runRecord(data);
    },
    async completedRuns(workflow, branch, perPage) {
      const { data } = await call(`list the runs of workflow ${workflow}`, (signal) =>
        octokit.rest.actions.listWorkflowRuns({
          ...repo,
          workflow_id: /^\d+$/.test(workflow) ? Number(workflow) : workflow,
          branch,
          status: 'completed',
          exclude_pull_requests: true,
          per_page: Math.min(PER_PAGE, perPage),
          request: { signal },
        }),
      );
      return list(data.workflow_runs).map(runRecord);
    },
    async compare(base, head) {
      const { data } = await call(`compare ${base.slice(0, 7)}...${head.slice(0, 7)}`, (signal) =>
        octokit.rest.repos.compareCommitsWithBasehead({
          ...repo,
          basehead: `${base}...${head}`,
          request: { signal },
        }),
      );
      return compareRecord(data);
    },
  };
};
