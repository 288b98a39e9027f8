// The workflow context for templates: a plain JSON object (context-types.ts) built from @actions/github's
// `context` (the event payload and the run's identity, toolkit.ts) and the few runner variables the
// toolkit does not read (ref name, triggering actor, workspace, temporary directory).
import os from 'node:os';
import type { JobStatus } from '../../config.js';
import type { Env } from '../../config.js';
import type { CommitView, WorkflowContext } from './context-types.js';
import {
  commitView,
  dispatchInputs,
  pullRequestView,
  pushView,
  releaseNotes,
  releaseView,
  shortSha,
  workflowRunView,
} from './event-views.js';
import { record } from '../../json.js';
import { readWorkflowRun, type WorkflowRun } from './toolkit.js';
import type { RunFacts } from '../../github/facts.js';
import { reportView, type ReportVerdict } from './report.js';

export interface RunIdentity {
  readonly repository: string;
  readonly serverUrl: string;
  readonly runId: string;
  readonly runAttempt: string;
  readonly job: string;
  /** GITHUB_ACTION: the step's id, unique within the job. */
  readonly step: string;
  readonly runUrl: string;
}

export function runIdentity(run: WorkflowRun): RunIdentity | undefined {
  if (run.runId === '' || run.repository === undefined) return undefined;
  const repository = `${run.repository.owner}/${run.repository.name}`;
  return {
    repository,
    serverUrl: run.serverUrl,
    runId: run.runId,
    runAttempt: run.runAttempt || '1',
    job: run.job,
    step: run.action,
    runUrl: `${run.serverUrl}/${repository}/actions/runs/${run.runId}`,
  };
}

/** Where relative template and attachment paths start: the checked-out repository. */
export function readWorkspace(env: Env): string {
  return env.GITHUB_WORKSPACE || process.cwd();
}

/** Where a dry run writes its .eml files: the runner's per-job temporary directory. */
export function readTempDir(env: Env): string {
  return env.RUNNER_TEMP || os.tmpdir();
}

export interface ContextSources {
  /** The run and its event, as @actions/github reads them; read from `env` when not given. */
  readonly run?: WorkflowRun;
  /** For what the toolkit does not read: GITHUB_REF_NAME, GITHUB_TRIGGERING_ACTOR. */
  readonly env: Env;
  readonly status: JobStatus | undefined;
  /** What the GitHub API said about the run, and what the gate made of it: the context's `report`. */
  readonly alert?: { readonly facts: RunFacts; readonly verdict: ReportVerdict } | undefined;
  readonly vars: Readonly<Record<string, unknown>>;
  /** Milliseconds since the epoch: the context's `timestamp`. */
  readonly now: number;
  readonly warn: (message: string) => void;
}

export async function readContext(sources: ContextSources): Promise<WorkflowContext> {
  const { env } = sources;
  const run = sources.run ?? (await readWorkflowRun(env, sources.warn));
  const event = run.payload;
  const serverUrl = run.serverUrl;
  const fullName = run.repository ? `${run.repository.owner}/${run.repository.name}` : '';
  const repoUrl = fullName ? `${serverUrl}/${fullName}` : '';
  const identity = runIdentity(run);
  const sha = run.sha;
  const eventName = run.eventName;

  const push = eventName === 'push' ? pushView(event) : undefined;
  const pullRequest = 'pull_request' in event ? pullRequestView(event) : undefined;
  const workflowRun = 'workflow_run' in event ? workflowRunView(event) : undefined;
  const notes = 'release' in event ? releaseNotes(event) : '';
  // The renderer (markdown-it, and the sanitizer for notes with raw HTML) loads only for notes.
  const rendered = notes.trim()
    ? await (
        await import('../render/release-notes.js')
      ).renderReleaseNotes(notes, { serverUrl, repository: fullName })
    : { html: '', text: '' };
  const release = 'release' in event ? releaseView(event, rendered) : undefined;

  const context: WorkflowContext = {
    repository: {
      owner: run.repository?.owner ?? '',
      name: run.repository?.name ?? '',
      full_name: fullName,
      url: repoUrl,
    },
    run: {
      id: run.runId,
      number: run.runNumber,
      attempt: run.runAttempt,
      url: identity?.runUrl ?? '',
    },
    workflow: run.workflow,
    job: run.job,
    event_name: eventName,
    ref: run.ref,
    ref_name: env.GITHUB_REF_NAME ?? '',
    sha,
    short_sha: shortSha(sha),
    actor: run.actor,
    triggering_actor: env.GITHUB_TRIGGERING_ACTOR ?? run.actor,
    server_url: serverUrl,
    status: sources.status ?? '',
    commit: headCommit(event, sha, repoUrl, pullRequest?.head.sha),
    event,
    ...(push ? { push } : {}),
    ...(pullRequest ? { pull_request: pullRequest } : {}),
    ...(release ? { release } : {}),
    ...(workflowRun ? { workflow_run: workflowRun } : {}),
    ...(sources.alert ? { report: reportView(sources.alert.facts, sources.alert.verdict) } : {}),
    inputs: dispatchInputs(event),
    vars: sources.vars,
    timestamp: new Date(sources.now).toISOString(),
  };
  // A JSON round trip: templates get plain data only (no prototypes, getters, Dates or undefined).
  return JSON.parse(JSON.stringify(context)) as WorkflowContext;
}

/** The commit a mail about this run should name: what was pushed, what the watched run built, or GITHUB_SHA. */
function headCommit(
  event: Readonly<Record<string, unknown>>,
  sha: string,
  repoUrl: string,
  pullRequestSha: string | undefined,
): CommitView {
  const urlOf = (s: string): string => (repoUrl && s ? `${repoUrl}/commit/${s}` : '');
  if (event.head_commit !== undefined && event.head_commit !== null)
    return commitView(event.head_commit, sha, urlOf(sha));
  const run = record(event.workflow_run);
  if ('workflow_run' in event) {
    const headSha = typeof run.head_sha === 'string' ? run.head_sha : '';
    const runRepo = record(run.repository).html_url;
    const url = typeof runRepo === 'string' && headSha ? `${runRepo}/commit/${headSha}` : urlOf(headSha);
    return commitView(run.head_commit, headSha, url);
  }
  const target = pullRequestSha || sha;
  return commitView({}, target, urlOf(target));
}
