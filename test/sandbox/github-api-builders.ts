// Builders that keep scenario tests short: jobs with GitHub's synthetic and post steps, runs,
// annotations and commit histories, all deterministic (ids, SHAs and times come from the input).
import { createHash } from 'node:crypto';
import type {
  Conclusion,
  GitPerson,
  GithubScenario,
  JobStatus,
  RunConclusion,
  ScenarioAnnotation,
  ScenarioCommit,
  ScenarioJob,
  ScenarioRun,
  ScenarioStep,
} from './github-api-scenario.js';

/** `iso` moved by `seconds`, written as GitHub writes times: UTC, no milliseconds. */
export function later(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface StepSpec {
  name: string;
  /** Forces this step's conclusion, e.g. success for a failed `continue-on-error: true` step. */
  conclusion?: Conclusion;
}

export interface JobSpec {
  id: number;
  name: string;
  /** null: the job is still running. */
  conclusion: Conclusion | null;
  startedAt: string;
  /** How long a finished job took, or how long a running one has run so far. Default 60. */
  durationSeconds?: number;
  /** The job's own steps, between checkout and the post steps. */
  steps?: (string | StepSpec)[];
  /** The step where a failed or cancelled job stopped, or a running one is: the last by default.
   * The steps after it are skipped (or queued), the post steps still run. */
  stopAt?: string;
  /** false: no checkout step and so no post step. Default true. */
  checkout?: boolean;
  /** For jobs that have not started: 'queued', 'waiting', ... (no steps, no runner). */
  status?: JobStatus;
  runnerName?: string | null;
  labels?: string[];
  checkRunId?: number;
}

const CHECKOUT = 'actions/checkout@v4';
const POST_STEPS = [`Post Run ${CHECKOUT}`, 'Complete job'] as const;
const STOPPING = new Set<Conclusion | null>(['failure', 'cancelled', 'timed_out']);

const done = (name: string, number: number, conclusion: Conclusion, from: string, to: string) =>
  ({ name, number, status: 'completed', conclusion, startedAt: from, completedAt: to }) as ScenarioStep;
const queued = (name: string, number: number): ScenarioStep => ({
  ...{ name, number, status: 'queued', conclusion: null },
  ...{ startedAt: null, completedAt: null },
});

/** Seconds each synthetic step (set-up, checkout, post, complete) takes; the job's own steps share the rest. */
const SYNTHETIC_SECONDS = 2;

function buildSteps(spec: JobSpec, running: boolean, seconds: number, end: string): ScenarioStep[] {
  const own = (spec.steps ?? ['Run npm test']).map((s) => (typeof s === 'string' ? { name: s } : s));
  const checkout = spec.checkout ?? true;
  const setup = checkout ? [{ name: 'Set up job' }, { name: `Run ${CHECKOUT}` }] : [{ name: 'Set up job' }];
  const main: StepSpec[] = [...setup, ...own];
  const post = checkout ? POST_STEPS : POST_STEPS.slice(-1);
  // The step where the job stopped (failed, was cancelled) or is now; -1 when every step ran.
  const named = spec.stopAt === undefined ? main.length - 1 : main.findIndex((s) => s.name === spec.stopAt);
  if (named < 0) throw new Error(`buildJob: no step named '${spec.stopAt ?? ''}' in job '${spec.name}'`);
  const stop = running || STOPPING.has(spec.conclusion) ? named : -1;
  const stopConclusion: Conclusion =
    spec.conclusion === 'timed_out' ? 'cancelled' : (spec.conclusion ?? 'failure');
  const ranOwn = (stop < 0 ? main.length : stop + 1) - setup.length;
  const synthetic = Math.min(SYNTHETIC_SECONDS, Math.floor(seconds / (setup.length + post.length + ranOwn)));
  const ownSlot = Math.floor((seconds - synthetic * (setup.length + post.length)) / Math.max(1, ranOwn));
  let cursor = spec.startedAt;
  const steps: ScenarioStep[] = main.map((step, i) => {
    const number = i + 1;
    if (stop >= 0 && i > stop) {
      return running
        ? queued(step.name, number)
        : done(step.name, number, step.conclusion ?? 'skipped', cursor, cursor);
    }
    if (running && i === stop) {
      return {
        name: step.name,
        number,
        status: 'in_progress',
        conclusion: null,
        startedAt: cursor,
        completedAt: null,
      };
    }
    const from = cursor;
    cursor = later(cursor, i < setup.length ? synthetic : ownSlot);
    return done(
      step.name,
      number,
      step.conclusion ?? (i === stop ? stopConclusion : 'success'),
      from,
      cursor,
    );
  });
  // Post steps are numbered after a gap, as in GitHub's own example (8 main steps, then 16 and 17).
  const firstPost = checkout ? 2 * main.length : main.length + 1;
  post.forEach((name, j) => {
    const number = firstPost + j;
    if (running) steps.push(queued(name, number));
    else {
      const from = cursor;
      cursor = j === post.length - 1 ? end : later(cursor, synthetic);
      steps.push(done(name, number, 'success', from, cursor));
    }
  });
  return steps;
}

export function buildJob(spec: JobSpec): ScenarioJob {
  const seconds = spec.durationSeconds ?? 60;
  const running = spec.conclusion === null;
  const status = spec.status ?? (running ? 'in_progress' : 'completed');
  const started = status === 'completed' || status === 'in_progress';
  const skipped = spec.conclusion === 'skipped';
  const completedAt =
    status !== 'completed' ? null : skipped ? spec.startedAt : later(spec.startedAt, seconds);
  // GitHub-hosted runners are named "GitHub Actions N"; a job that never ran has none.
  const hosted = started && !skipped ? `GitHub Actions ${1 + (spec.id % 20)}` : null;
  return {
    id: spec.id,
    checkRunId: spec.checkRunId ?? spec.id,
    name: spec.name,
    status,
    conclusion: status === 'completed' ? spec.conclusion : null,
    createdAt: later(spec.startedAt, -4),
    startedAt: spec.startedAt,
    completedAt,
    runnerName: spec.runnerName === undefined ? hosted : spec.runnerName,
    labels: spec.labels ?? ['ubuntu-latest'],
    // A job that never ran (skipped by `if:`, or still queued) has no steps.
    steps: started && !skipped ? buildSteps(spec, running, seconds, completedAt ?? spec.startedAt) : [],
  };
}

/** `count` finished jobs named like matrix legs, ids from `firstId` up: enough to page through. */
export function manyJobs(
  count: number,
  opts: { firstId: number; startedAt: string; conclusion?: Conclusion },
): ScenarioJob[] {
  return Array.from({ length: count }, (_, i) =>
    buildJob({
      id: opts.firstId + i,
      name: `test (shard ${i + 1}/${count})`,
      conclusion: opts.conclusion ?? 'success',
      startedAt: later(opts.startedAt, i),
      durationSeconds: 30,
    }),
  );
}

export interface RunSpec {
  id: number;
  runNumber: number;
  workflowId: number;
  headSha: string;
  createdAt: string;
  /** null: still running. */
  conclusion: RunConclusion | null;
  displayTitle?: string;
  headBranch?: string;
  event?: string;
  actor?: string;
  /** created_at to updated_at; default 300. */
  durationSeconds?: number;
  /** Jobs of attempt 1; more attempts can be pushed onto `attempts` afterwards. */
  jobs?: ScenarioJob[];
}

export function buildRun(spec: RunSpec): ScenarioRun {
  return {
    id: spec.id,
    workflowId: spec.workflowId,
    runNumber: spec.runNumber,
    displayTitle: spec.displayTitle ?? `Commit ${spec.headSha.slice(0, 7)}`,
    headBranch: spec.headBranch ?? 'main',
    headSha: spec.headSha,
    event: spec.event ?? 'push',
    status: spec.conclusion === null ? 'in_progress' : 'completed',
    conclusion: spec.conclusion,
    createdAt: spec.createdAt,
    updatedAt: later(spec.createdAt, spec.durationSeconds ?? 300),
    runStartedAt: spec.createdAt,
    actor: spec.actor ?? 'octocat',
    triggeringActor: spec.actor ?? 'octocat',
    attempts: [spec.jobs ?? []],
  };
}

/** One annotation from `path:line` or `path:line:column`, as a problem matcher reports it. */
export function annotation(
  level: ScenarioAnnotation['level'],
  where: string,
  message: string,
  title: string | null = null,
): ScenarioAnnotation {
  const [path = '.github', line = '1', column] = where.split(':');
  const col = column === undefined ? null : Number(column);
  return {
    ...{ path, startLine: Number(line), endLine: Number(line), startColumn: col, endColumn: col },
    ...{ level, title, message, rawDetails: null },
  };
}

export function manyAnnotations(
  count: number,
  level: ScenarioAnnotation['level'] = 'failure',
): ScenarioAnnotation[] {
  return Array.from({ length: count }, (_, i) =>
    annotation(level, `test/generated/case-${i + 1}.test.ts:${10 + i}:5`, `Assertion ${i + 1} failed`),
  );
}

/** A SHA-1-shaped hex id derived from `seed`, so histories are the same on every run. */
export function fakeSha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

export function person(name: string, email: string, date: string): GitPerson {
  return { name, email, date };
}

/** `count` commits by one author, `stepSeconds` apart, to append to a history. */
export function linearCommits(
  count: number,
  opts: {
    seed: string;
    startDate: string;
    name?: string;
    email?: string;
    login?: string | null;
    stepSeconds?: number;
  },
): ScenarioCommit[] {
  const name = opts.name ?? 'Mona Octocat';
  const email = opts.email ?? '583231+octocat@users.noreply.github.com';
  return Array.from({ length: count }, (_, i) => {
    const who = person(name, email, later(opts.startDate, i * (opts.stepSeconds ?? 60)));
    const login = opts.login === undefined ? 'octocat' : opts.login;
    return {
      ...{ sha: fakeSha(`${opts.seed}/${i}`), message: `Change ${i + 1} of ${count}` },
      ...{ author: who, committer: who, authorLogin: login, committerLogin: login },
    };
  });
}

/** Appends commits to the history and moves `branch` (the default branch) to the last one. */
export function appendCommits(s: GithubScenario, commits: ScenarioCommit[], branch?: string): void {
  s.commits.push(...commits);
  const tip = commits[commits.length - 1];
  if (tip) s.branches[branch ?? s.repository.defaultBranch] = tip.sha;
}
