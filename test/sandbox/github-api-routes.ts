// The six endpoints: which path is which, and their answers computed from the scenario. A repo is
// addressed as /repos/{owner}/{repo} (case-insensitive, like GitHub) or /repositories/{id}, the
// form GitHub's own Link headers use.
import { notFound } from './github-api-errors.js';
import type { Answer } from './github-api-errors.js';
import { linkHeader, pageItems, pageOf } from './github-api-paging.js';
import { annotationJson, commitJson, compareJson, jobJson, runJson } from './github-api-payloads.js';
import type { Urls } from './github-api-payloads.js';
import { findJobByCheckRun, findRun, findWorkflow, latestJobs, resolveRef } from './github-api-scenario.js';
import type { GithubScenario, ScenarioCommit, ScenarioJob, ScenarioRun } from './github-api-scenario.js';
import type { GithubEndpoint } from './github-api-types.js';

/** Without paging parameters a comparison lists at most this many commits, the newest last. */
const UNPAGED_COMPARE_COMMITS = 250;

export interface RouteRequest {
  scenario: GithubScenario;
  urls: Urls;
  query: URLSearchParams;
  /** This request's URL in the `/repositories/{id}` form: the base of its Link header. */
  linkBase: URL;
}

interface Route {
  endpoint: GithubEndpoint;
  pattern: RegExp;
  /** undefined: the thing named in the path does not exist (404). */
  answer(req: RouteRequest, params: string[]): Answer | undefined;
}

function paged<T>(
  req: RouteRequest,
  items: readonly T[],
  json: (item: T) => unknown,
  wrap: (page: unknown[]) => unknown,
): Answer {
  const p = pageOf(req.query);
  const link = linkHeader(req.linkBase, p, items.length);
  return {
    status: 200,
    body: wrap(pageItems(items, p).map(json)),
    headers: link === undefined ? {} : { link },
  };
}

function jobList(req: RouteRequest, run: ScenarioRun, attempts: Array<[number, ScenarioJob[]]>): Answer {
  const all = attempts.flatMap(([attempt, jobs]) => jobs.map((job) => ({ attempt, job })));
  const json = ({ attempt, job }: (typeof all)[number]) => jobJson(req.scenario, run, attempt, job, req.urls);
  return paged(req, all, json, (jobs) => ({ total_count: all.length, jobs }));
}

function workflowRuns(req: RouteRequest, workflowId: number): Answer {
  const q = req.query;
  // An empty filter (`branch=`) filters nothing; `status` takes a status or a conclusion.
  const wants = (name: string, ...values: Array<string | null>) =>
    !q.get(name) || values.includes(q.get(name));
  const runs = req.scenario.runs
    .filter((r) => r.workflowId === workflowId)
    .filter((r) => wants('branch', r.headBranch) && wants('event', r.event) && wants('actor', r.actor))
    .filter((r) => wants('head_sha', r.headSha) && wants('status', r.status, r.conclusion))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
  const json = (r: ScenarioRun) => runJson(req.scenario, r, req.urls);
  return paged(req, runs, json, (workflow_runs) => ({ total_count: runs.length, workflow_runs }));
}

function compare(req: RouteRequest, basehead: string): Answer | undefined {
  const s = req.scenario;
  const refs = decodeURIComponent(basehead).split('...');
  if (refs.length !== 2) return undefined;
  const base = resolveRef(s, refs[0] ?? '');
  const head = resolveRef(s, refs[1] ?? '');
  if (base === undefined || head === undefined) return undefined;
  const summary = compareJson(s, basehead, base, head, req.urls);
  // Chronological, oldest first; each commit's parent is the one before it in the history.
  const between = s.commits
    .slice(base + 1, head + 1)
    .map((c, i) => ({ c, parent: s.commits[base + i]?.sha }));
  const json = ({ c, parent }: { c: ScenarioCommit; parent: string | undefined }) =>
    commitJson(s, c, parent, req.urls);
  if (!req.query.has('per_page') && !req.query.has('page')) {
    const commits = between.slice(-UNPAGED_COMPARE_COMMITS).map(json);
    return { status: 200, body: { ...summary, commits, files: [] } };
  }
  // Paged: `files` only on the first page.
  const first = pageOf(req.query).page === 1;
  return paged(req, between, json, (commits) => ({ ...summary, commits, ...(first ? { files: [] } : {}) }));
}

const ROUTES: Route[] = [
  {
    endpoint: 'getWorkflowRun',
    pattern: /^\/actions\/runs\/(\d+)$/,
    answer(req, [id]) {
      const run = findRun(req.scenario, Number(id));
      return run && { status: 200, body: runJson(req.scenario, run, req.urls) };
    },
  },
  {
    endpoint: 'listJobsForWorkflowRunAttempt',
    pattern: /^\/actions\/runs\/(\d+)\/attempts\/(\d+)\/jobs$/,
    answer(req, [id, attempt]) {
      const run = findRun(req.scenario, Number(id));
      const jobs = run?.attempts[Number(attempt) - 1];
      return run && jobs && jobList(req, run, [[Number(attempt), jobs]]);
    },
  },
  {
    endpoint: 'listJobsForWorkflowRun',
    pattern: /^\/actions\/runs\/(\d+)\/jobs$/,
    answer(req, [id]) {
      const run = findRun(req.scenario, Number(id));
      if (!run) return undefined;
      // `latest` (the default): the newest attempt; `all`: every attempt, oldest first.
      const all = req.query.get('filter') === 'all';
      const attempts = run.attempts.map((jobs, i): [number, ScenarioJob[]] => [i + 1, jobs]);
      return jobList(req, run, all ? attempts : [[Math.max(1, run.attempts.length), latestJobs(run)]]);
    },
  },
  {
    endpoint: 'listWorkflowRuns',
    pattern: /^\/actions\/workflows\/([^/]+)\/runs$/,
    answer(req, [workflow]) {
      const found = findWorkflow(req.scenario, decodeURIComponent(workflow ?? ''));
      return found && workflowRuns(req, found.id);
    },
  },
  {
    endpoint: 'listAnnotations',
    pattern: /^\/check-runs\/(\d+)\/annotations$/,
    answer(req, [id]) {
      const s = req.scenario;
      const checkRun = findJobByCheckRun(s, Number(id));
      const list = s.annotations[Number(id)];
      if (!checkRun && !list) return undefined;
      const sha = checkRun?.run.headSha ?? s.branches[s.repository.defaultBranch] ?? '';
      return paged(
        req,
        list ?? [],
        (a) => annotationJson(s, a, sha, req.urls),
        (page) => page,
      );
    },
  },
  {
    endpoint: 'compareCommits',
    pattern: /^\/compare\/(.+)$/,
    answer: (req, [basehead]) => compare(req, basehead ?? ''),
  },
];

export interface RouteMatch {
  endpoint: GithubEndpoint;
  /** The path after the repository part, for the Link header's `/repositories/{id}` form. */
  rest: string;
  answer(req: RouteRequest): Answer;
}

const REPO_PATH = /^\/(?:repos\/([^/]+)\/([^/]+)|repositories\/(\d+))(\/.*)$/;

/** The endpoint a path names, or undefined when it names none of them. */
export function matchRoute(s: GithubScenario, path: string): RouteMatch | undefined {
  const repo = REPO_PATH.exec(path);
  if (!repo) return undefined;
  const [, owner, name, id, rest = ''] = repo;
  const r = s.repository;
  const sameRepo =
    id !== undefined
      ? Number(id) === r.id
      : decodeURIComponent(owner ?? '').toLowerCase() === r.owner.login.toLowerCase() &&
        decodeURIComponent(name ?? '').toLowerCase() === r.name.toLowerCase();
  for (const route of ROUTES) {
    const params = route.pattern.exec(rest);
    if (!params) continue;
    return {
      endpoint: route.endpoint,
      rest,
      answer: (req) =>
        (sameRepo ? route.answer(req, params.slice(1)) : undefined) ?? notFound(route.endpoint),
    };
  }
  return undefined;
}
