// The GitHub REST API port: the few reads a failure alert needs (a run's jobs and their annotations,
// the workflow's earlier runs, the commits between two SHAs), as plain records. The octokit adapter
// (octokit.ts) is loaded on demand; tests hand in fakes, or point the adapter at the sandbox.
// Reads only: the token never writes anything.

export interface StepRecord {
  readonly name: string;
  readonly number: number;
  readonly status: string;
  /** '' while the step has not finished. */
  readonly conclusion: string;
}

export interface JobRecord {
  readonly id: number;
  /** The display name (not the YAML job id). */
  readonly name: string;
  /** queued, in_progress, completed, waiting, ... */
  readonly status: string;
  /** '' while the job runs. */
  readonly conclusion: string;
  readonly startedAt: string;
  readonly completedAt: string;
  readonly url: string;
  /** '' until a runner is assigned. */
  readonly runnerName: string;
  /** The number at the end of `check_run_url`: where the job's annotations live. */
  readonly checkRunId: number | undefined;
  readonly steps: readonly StepRecord[];
}

export interface AnnotationRecord {
  readonly path: string;
  readonly startLine: number;
  /** notice, warning or failure. */
  readonly level: string;
  readonly title: string;
  readonly message: string;
}

export interface RunRecord {
  readonly id: number;
  readonly runNumber: number;
  readonly workflowId: number;
  readonly headBranch: string;
  /** owner/name of the repository the head is in (a fork's, for a pull request from a fork); '' unknown. */
  readonly headRepository: string;
  readonly headSha: string;
  readonly status: string;
  /** '' while the run is not completed. */
  readonly conclusion: string;
  readonly createdAt: string;
  readonly url: string;
}

export interface CommitRecord {
  readonly sha: string;
  readonly message: string;
  readonly url: string;
  /** From git (commit.author / commit.committer): what the commit says, linked to an account or not. */
  readonly authorName: string;
  readonly authorEmail: string;
  readonly committerName: string;
  readonly committerEmail: string;
  /** The GitHub accounts linked to those addresses; '' when none is. */
  readonly authorLogin: string;
  readonly committerLogin: string;
}

export interface CompareRecord {
  /** ahead, behind, diverged or identical. */
  readonly status: string;
  readonly totalCommits: number;
  /** Oldest first; without paging GitHub lists at most the newest 250. */
  readonly commits: readonly CommitRecord[];
  readonly url: string;
}

export interface GithubReader {
  /** The jobs of one attempt of a run, at most `maxJobs` of them (paged, 100 a page); `total` counts all. */
  jobs(runId: string, attempt: string, maxJobs: number): Promise<{ jobs: JobRecord[]; total: number }>;
  /** A check run's annotations, all levels, at most `max` (one page). */
  annotations(checkRunId: number, max: number): Promise<AnnotationRecord[]>;
  /** One run: its workflow, branch, number and time, for a run the event does not describe. */
  run(runId: string): Promise<RunRecord>;
  /** Completed runs of a workflow (id or file name) on a branch, newest first, one page. */
  completedRuns(workflow: string, branch: string, perPage: number): Promise<RunRecord[]>;
  /** The commits after `base` up to `head`, one request. */
  compare(base: string, head: string): Promise<CompareRecord>;
}

export interface GithubReaderOptions {
  readonly token: string;
  /** GITHUB_API_URL: api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server. */
  readonly apiUrl: string;
  readonly owner: string;
  readonly repo: string;
  /** Each request is abandoned after this long. */
  readonly requestTimeoutMs: number;
  readonly debug: (message: string) => void;
  /** Replaces the toolkit's proxy-aware fetch (in-process tests trust the sandbox CA through it). */
  readonly fetch?: typeof fetch;
}

export type GithubReaderFactory = (options: GithubReaderOptions) => Promise<GithubReader>;
