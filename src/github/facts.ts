// Reads what a failure alert shows from the GitHub API, within a time budget: the jobs of the run the
// mail is about, the annotations of those that failed, the workflow's earlier runs on the branch and
// the commits since the last green one. Independent reads run side by side; each is retried on
// transient failures (src/retry.ts) and bounded by the budget. A read that fails leaves its part out
// and is listed in `problems`: nothing here throws, because an alert must never be lost to it.
import type { Clock } from '../clock.js';
import { withRetry, type RetryBudget } from '../retry.js';
import { GithubReadError, toGithubReadError } from './errors.js';
import type { AnnotationRecord, CompareRecord, GithubReader, JobRecord, RunRecord } from './port.js';

/** The run a mail is about: this one, or the one a `workflow_run` listener watches. */
export interface AlertTarget {
  readonly runId: string;
  readonly attempt: string;
  /** 0 when unknown. */
  readonly runNumber: number;
  /** Workflow id or file name (`ci.yml`); '' when unknown (one more request finds it). */
  readonly workflow: string;
  readonly branch: string;
  /** owner/name of the repository the head is in: a fork's `main` is not this repository's. '' unknown. */
  readonly headRepository: string;
  readonly headSha: string;
  /** The watched run's conclusion as its event says ('' for this run, which is still running). */
  readonly conclusion: string;
  /** RUNNER_NAME and the YAML job id of the step's own job; '' for a watched run. */
  readonly ownRunner: string;
  readonly ownJob: string;
}

/** Which reads the settings need. */
export interface Wanted {
  readonly jobs: boolean;
  readonly annotations: boolean;
  readonly history: boolean;
  readonly changes: boolean;
}

export type ReadName = 'jobs' | 'annotations' | 'run' | 'runs' | 'compare';

export interface ReadProblem {
  readonly read: ReadName;
  readonly error: GithubReadError;
}

export interface RunFacts {
  /** The run's jobs other than the step's own; undefined when not read. */
  readonly jobs?: readonly JobRecord[];
  /** Jobs the run has beyond those read (more than MAX_JOBS). */
  readonly jobsNotRead: number;
  /** Annotations by job id, for failed, timed-out and cancelled jobs. */
  readonly annotations: ReadonlyMap<number, readonly AnnotationRecord[]>;
  /** The latest earlier completed run that succeeded or failed: null when there is none, undefined when not read. */
  readonly previous?: RunRecord | null;
  /** The latest earlier successful run (null: none among those listed). */
  readonly lastSuccess?: RunRecord | null;
  readonly changes?: CompareRecord;
  readonly problems: readonly ReadProblem[];
}

/** Limits that keep an alert to a handful of requests. */
export const LIMITS = {
  /** Jobs read at most (3 pages). */
  maxJobs: 300,
  /** Jobs whose annotations are read. */
  annotatedJobs: 5,
  /** Actions stores at most 50 annotations a job. */
  annotationsPerJob: 50,
  /** Earlier runs looked at for the previous and the last green one. */
  earlierRuns: 30,
} as const;

export interface ReadOptions {
  readonly clock: Clock;
  /** Epoch ms after which no read or retry starts. */
  readonly deadline: number;
  readonly maxAttempts: number;
  readonly log: (message: string) => void;
}

const FAILED = new Set(['failure', 'timed_out', 'startup_failure']);
/** Conclusions that count as an earlier result; cancelled, skipped, neutral, ... are passed over. */
const RESULTS = new Set(['success', ...FAILED]);

export async function readRunFacts(
  reader: GithubReader,
  target: AlertTarget,
  wanted: Wanted,
  options: ReadOptions,
): Promise<RunFacts> {
  const problems: ReadProblem[] = [];
  const budget: RetryBudget = { maxAttempts: options.maxAttempts, deadline: options.deadline };
  const read = async <T>(name: ReadName, what: string, op: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await withRetry(
        what,
        () => {
          if (options.clock.now() >= options.deadline) {
            throw new GithubReadError(`No time was left to ${what}`, 'timeout', 0, {});
          }
          return op();
        },
        budget,
        options.clock,
        options.log,
      );
    } catch (err) {
      problems.push({ read: name, error: toGithubReadError(err, what) });
      return undefined;
    }
  };

  const history = wanted.history || wanted.changes;
  const [listed, runs] = await Promise.all([
    wanted.jobs || wanted.annotations
      ? read('jobs', 'read the jobs of the run', () =>
          reader.jobs(target.runId, target.attempt, LIMITS.maxJobs),
        )
      : undefined,
    history ? earlierRuns(reader, target, read) : undefined,
  ]);
  const jobs = listed ? withoutOwnJob(listed.jobs, target) : undefined;
  const previous = runs?.find((r) => RESULTS.has(r.conclusion)) ?? (runs ? null : undefined);
  const lastSuccess = runs?.find((r) => r.conclusion === 'success') ?? (runs ? null : undefined);

  const troubled = (jobs ?? []).filter((j) => j.status === 'completed' && isTroubled(j.conclusion));
  const [annotated, changes] = await Promise.all([
    wanted.annotations
      ? Promise.all(
          troubled
            .filter((j) => j.checkRunId !== undefined)
            .slice(0, LIMITS.annotatedJobs)
            .map(async (j) => {
              const found = await read('annotations', `read the annotations of job '${j.name}'`, () =>
                reader.annotations(j.checkRunId ?? 0, LIMITS.annotationsPerJob),
              );
              return [j.id, found ?? []] as const;
            }),
        )
      : [],
    wanted.changes && lastSuccess
      ? commitsSince(reader, lastSuccess.headSha, target.headSha, read)
      : undefined,
  ]);
  return {
    ...(jobs ? { jobs } : {}),
    jobsNotRead: listed ? Math.max(0, listed.total - listed.jobs.length) : 0,
    annotations: new Map(annotated),
    ...(previous !== undefined ? { previous } : {}),
    ...(lastSuccess !== undefined ? { lastSuccess } : {}),
    ...(changes ? { changes } : {}),
    problems,
  };
}

type Read = <T>(name: ReadName, what: string, op: () => Promise<T>) => Promise<T | undefined>;

/** Completed runs of the workflow on the branch before this one, newest first. */
async function earlierRuns(
  reader: GithubReader,
  target: AlertTarget,
  read: Read,
): Promise<RunRecord[] | undefined> {
  let { workflow, runNumber } = target;
  if (workflow === '' || runNumber === 0) {
    // Not in the event or the runner variables: the run itself says which workflow and number it is.
    const run = await read('run', 'read the run', () => reader.run(target.runId));
    if (!run) return undefined;
    workflow ||= String(run.workflowId);
    runNumber ||= run.runNumber;
  }
  if (workflow === '' || workflow === '0' || target.branch === '') return undefined;
  const runs = await read('runs', 'list the earlier runs', () =>
    reader.completedRuns(workflow, target.branch, LIMITS.earlierRuns),
  );
  // "Earlier": an older run number; a newer run that finished first is not this run's predecessor.
  // The branch filter matches a fork's branch of the same name too: its runs are not this branch's.
  const sameHead = (r: RunRecord) =>
    !r.headRepository ||
    !target.headRepository ||
    r.headRepository.toLowerCase() === target.headRepository.toLowerCase();
  return runs?.filter((r) => String(r.id) !== target.runId && r.runNumber < runNumber && sameHead(r));
}

async function commitsSince(
  reader: GithubReader,
  base: string,
  head: string,
  read: Read,
): Promise<CompareRecord | undefined> {
  if (base === '' || head === '') return undefined;
  if (base === head) return { status: 'identical', totalCommits: 0, commits: [], url: '' };
  return read('compare', 'compare with the last successful run', () => reader.compare(base, head));
}

/** The step's own job is still running: it is not part of what the mail reports. */
function withoutOwnJob(jobs: readonly JobRecord[], target: AlertTarget): JobRecord[] {
  const running = jobs.filter((j) => j.status === 'in_progress');
  const byRunner = target.ownRunner ? running.filter((j) => j.runnerName === target.ownRunner) : [];
  const byName = running.filter((j) => target.ownJob !== '' && j.name === target.ownJob);
  const own = byRunner.length === 1 ? byRunner[0] : byName.length === 1 ? byName[0] : undefined;
  return jobs.filter((j) => j !== own);
}

export function isTroubled(conclusion: string): boolean {
  return FAILED.has(conclusion) || conclusion === 'cancelled';
}
