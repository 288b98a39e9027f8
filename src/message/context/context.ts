// The workflow context, read from the runner's environment: the only module that reads GITHUB_* (and
// RUNNER_*) variables and the event file. It returns a plain JSON object (context-types.ts) for templates.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { JobStatus } from '../../config.js';
import type { Env } from '../../config.js';
import type { CommitView, WorkflowContext } from './context-types.js';
import {
  commitView,
  dispatchInputs,
  pullRequestView,
  pushView,
  record,
  releaseNotes,
  releaseView,
  shortSha,
  workflowRunView,
} from './event-views.js';

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

export function readRunIdentity(env: Env): RunIdentity | undefined {
  const runId = env.GITHUB_RUN_ID ?? '';
  const repository = env.GITHUB_REPOSITORY ?? '';
  if (runId === '' || repository === '') return undefined;
  const serverUrl = serverUrlOf(env);
  return {
    repository,
    serverUrl,
    runId,
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    job: env.GITHUB_JOB ?? '',
    step: env.GITHUB_ACTION ?? '',
    runUrl: `${serverUrl}/${repository}/actions/runs/${runId}`,
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
  readonly env: Env;
  readonly status: JobStatus | undefined;
  readonly vars: Readonly<Record<string, unknown>>;
  /** Milliseconds since the epoch: the context's `timestamp`. */
  readonly now: number;
  readonly warn: (message: string) => void;
}

export async function readContext(sources: ContextSources): Promise<WorkflowContext> {
  const { env } = sources;
  const event = await readEvent(env, sources.warn);
  const serverUrl = serverUrlOf(env);
  const fullName = env.GITHUB_REPOSITORY ?? '';
  const [owner = '', name = ''] = fullName.split('/');
  const repoUrl = fullName ? `${serverUrl}/${fullName}` : '';
  const identity = readRunIdentity(env);
  const sha = env.GITHUB_SHA ?? '';
  const eventName = env.GITHUB_EVENT_NAME ?? '';

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
    repository: { owner: env.GITHUB_REPOSITORY_OWNER ?? owner, name, full_name: fullName, url: repoUrl },
    run: {
      id: env.GITHUB_RUN_ID ?? '',
      number: env.GITHUB_RUN_NUMBER ?? '',
      attempt: env.GITHUB_RUN_ATTEMPT ?? '',
      url: identity?.runUrl ?? '',
    },
    workflow: env.GITHUB_WORKFLOW ?? '',
    job: env.GITHUB_JOB ?? '',
    event_name: eventName,
    ref: env.GITHUB_REF ?? '',
    ref_name: env.GITHUB_REF_NAME ?? '',
    sha,
    short_sha: shortSha(sha),
    actor: env.GITHUB_ACTOR ?? '',
    triggering_actor: env.GITHUB_TRIGGERING_ACTOR ?? env.GITHUB_ACTOR ?? '',
    server_url: serverUrl,
    status: sources.status ?? '',
    commit: headCommit(event, sha, repoUrl, pullRequest?.head.sha),
    event,
    ...(push ? { push } : {}),
    ...(pullRequest ? { pull_request: pullRequest } : {}),
    ...(release ? { release } : {}),
    ...(workflowRun ? { workflow_run: workflowRun } : {}),
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

async function readEvent(
  env: Env,
  warn: (message: string) => void,
): Promise<Readonly<Record<string, unknown>>> {
  const file = env.GITHUB_EVENT_PATH ?? '';
  if (file === '') return {};
  try {
    return record(JSON.parse(await readFile(file, 'utf8')));
  } catch (err) {
    // A mail about a broken build must still go out: the templates fall back to the GITHUB_* variables.
    warn(
      `Could not read the event payload ${file} (${err instanceof Error ? err.message : String(err)}); event fields are empty`,
    );
    return {};
  }
}

function serverUrlOf(env: Env): string {
  return (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
}
