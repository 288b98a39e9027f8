// The world the GitHub REST API stand-in describes: one repository, its workflows, runs with jobs
// per attempt, annotations per check run and a linear commit history. Plain data, so a test can
// build or tweak one and structuredClone() can copy it; github-api-payloads.ts turns it into JSON.
export type JobStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
export type StepStatus = 'queued' | 'in_progress' | 'completed';
/** Job and step conclusions of the job schema. GitHub reports a job that hit `timeout-minutes` as `cancelled`. */
export type Conclusion =
  'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';
export type RunConclusion = Conclusion | 'stale' | 'startup_failure';

export interface ScenarioUser {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
}

export interface ScenarioRepository {
  owner: ScenarioUser;
  name: string;
  id: number;
  private: boolean;
  defaultBranch: string;
}

export interface ScenarioWorkflow {
  id: number;
  name: string;
  /** `.github/workflows/ci.yml`; its file name also works as `workflow_id`. */
  path: string;
}

export interface ScenarioStep {
  name: string;
  /** Not 1..n: post steps come later out of sequence, as GitHub numbers them. */
  number: number;
  status: StepStatus;
  conclusion: Conclusion | null;
  startedAt: string | null;
  completedAt: string | null;
}

export interface ScenarioJob {
  id: number;
  /** The id at the end of `check_run_url`; the job id unless a test wants them apart. */
  checkRunId: number;
  /** Display name (not the YAML job id). */
  name: string;
  status: JobStatus;
  conclusion: Conclusion | null;
  createdAt: string;
  startedAt: string;
  completedAt: string | null;
  runnerName: string | null;
  labels: string[];
  steps: ScenarioStep[];
}

export interface ScenarioRun {
  id: number;
  workflowId: number;
  runNumber: number;
  displayTitle: string;
  headBranch: string;
  headSha: string;
  event: string;
  status: JobStatus;
  conclusion: RunConclusion | null;
  createdAt: string;
  updatedAt: string;
  runStartedAt: string;
  /** Logins; looked up in `users` (unknown ones are made up on the fly). */
  actor: string;
  triggeringActor: string;
  /** Jobs of each attempt: index 0 is attempt 1, and `run_attempt` is the number of entries. */
  attempts: ScenarioJob[][];
}

export interface ScenarioAnnotation {
  path: string;
  startLine: number;
  endLine: number;
  startColumn: number | null;
  endColumn: number | null;
  level: 'notice' | 'warning' | 'failure';
  title: string | null;
  message: string;
  rawDetails: string | null;
}

export interface GitPerson {
  name: string;
  email: string;
  /** ISO 8601, UTC. */
  date: string;
}

export interface ScenarioCommit {
  sha: string;
  message: string;
  author: GitPerson;
  committer: GitPerson;
  /** The GitHub accounts linked to the two addresses; null when none is. */
  authorLogin: string | null;
  committerLogin: string | null;
}

export interface GithubScenario {
  /** `GITHUB_SERVER_URL`: the base of every `html_url`. */
  serverUrl: string;
  repository: ScenarioRepository;
  users: ScenarioUser[];
  workflows: ScenarioWorkflow[];
  runs: ScenarioRun[];
  /** Keyed by check run id. */
  annotations: Record<number, ScenarioAnnotation[]>;
  /** One linear history, oldest first. */
  commits: ScenarioCommit[];
  /** Branch name to the SHA of its tip. */
  branches: Record<string, string>;
  /** The run the action is running in, and its own job (`GITHUB_JOB`). */
  current: { runId: number; job: string };
}

export function findRun(s: GithubScenario, runId: number): ScenarioRun | undefined {
  return s.runs.find((r) => r.id === runId);
}

export function latestJobs(run: ScenarioRun): ScenarioJob[] {
  return run.attempts[run.attempts.length - 1] ?? [];
}

/** A workflow by numeric id or by file name (`ci.yml`), as `workflow_id` accepts both. */
export function findWorkflow(s: GithubScenario, idOrFile: string): ScenarioWorkflow | undefined {
  return s.workflows.find((w) =>
    /^\d+$/.test(idOrFile) ? w.id === Number(idOrFile) : w.path.split('/').pop() === idOrFile,
  );
}

export function findJobByCheckRun(
  s: GithubScenario,
  checkRunId: number,
): { run: ScenarioRun; job: ScenarioJob } | undefined {
  for (const run of s.runs) {
    for (const jobs of run.attempts) {
      const job = jobs.find((j) => j.checkRunId === checkRunId);
      if (job) return { run, job };
    }
  }
  return undefined;
}

/** A user by login; one not listed gets a made-up but stable id, typed Bot when it ends in [bot]. */
export function findUser(s: GithubScenario, login: string): ScenarioUser {
  const known = s.users.find((u) => u.login.toLowerCase() === login.toLowerCase());
  if (known) return known;
  let id = 7;
  for (const ch of login) id = (id * 31 + ch.charCodeAt(0)) % 90_000_000;
  return { login, id: 10_000_000 + id, type: login.endsWith('[bot]') ? 'Bot' : 'User' };
}

/** Index in `commits` of a branch name, a full SHA or an unambiguous abbreviation (4+ hex digits). */
export function resolveRef(s: GithubScenario, ref: string): number | undefined {
  const sha = Object.hasOwn(s.branches, ref) ? (s.branches[ref] ?? ref) : ref;
  if (!/^[0-9a-f]{4,40}$/i.test(sha)) return undefined;
  const matches = s.commits.flatMap((c, i) => (c.sha.startsWith(sha.toLowerCase()) ? [i] : []));
  return matches.length === 1 ? matches[0] : undefined;
}
