// The run and its event as @actions/github's `context` reads them: the event payload and the run's
// identity (repository, run id, number and attempt, workflow, job, step, actor, sha, ref, server and
// API URLs). Templates, Message-IDs and the GitHub API reads all start from this one snapshot.
//
// The toolkit reads process.env and the event file in its constructor, so:
// - The package is imported with the event file hidden (src/toolkit.ts), the file is checked here
//   first (a broken or missing one is a warning and the mail still goes out, as before), and each
//   snapshot is made by the same Context class, with the file only when it reads.
// - The action's environment is a dependency (tests pass their own), so the constructor runs with the
//   variables it reads taken from `env`, synchronously, and process.env is put back before anything
//   else can run. In production `env` is process.env and nothing changes.
import { readFile } from 'node:fs/promises';
import type { Env } from '../../config.js';
import { loadToolkit, type Toolkit } from '../../toolkit.js';
import { record } from '../../json.js';

/** What the templates, the Message-ID and the API reads need of the toolkit's Context, as plain data. */
export interface WorkflowRun {
  readonly payload: Readonly<Record<string, unknown>>;
  readonly eventName: string;
  readonly sha: string;
  readonly ref: string;
  readonly workflow: string;
  /** GITHUB_ACTION: the step's id, unique within the job. */
  readonly action: string;
  readonly actor: string;
  /** The YAML id of the job (not its display name). */
  readonly job: string;
  /** Decimal strings, as GitHub sets them; '' outside a run. */
  readonly runId: string;
  readonly runNumber: string;
  readonly runAttempt: string;
  readonly apiUrl: string;
  /** No trailing slash. */
  readonly serverUrl: string;
  /** From GITHUB_REPOSITORY, else the payload's repository; undefined when neither names one. */
  readonly repository: { readonly owner: string; readonly name: string } | undefined;
}

type ToolkitContext = Toolkit['context'];
type ContextClass = new () => ToolkitContext;

/** The variables the Context constructor (and its `repo` getter) reads. */
const TOOLKIT_VARIABLES = [
  'GITHUB_EVENT_PATH',
  'GITHUB_EVENT_NAME',
  'GITHUB_SHA',
  'GITHUB_REF',
  'GITHUB_WORKFLOW',
  'GITHUB_ACTION',
  'GITHUB_ACTOR',
  'GITHUB_JOB',
  'GITHUB_RUN_ATTEMPT',
  'GITHUB_RUN_NUMBER',
  'GITHUB_RUN_ID',
  'GITHUB_API_URL',
  'GITHUB_SERVER_URL',
  'GITHUB_GRAPHQL_URL',
  'GITHUB_REPOSITORY',
] as const;

export async function readWorkflowRun(env: Env, warn: (message: string) => void): Promise<WorkflowRun> {
  const file = env.GITHUB_EVENT_PATH ?? '';
  const problem = file === '' ? undefined : await eventFileProblem(file);
  if (problem !== undefined) {
    // A mail about a broken build must still go out: the templates fall back to the GITHUB_* variables.
    warn(`Could not read the event payload ${file} (${problem}); event fields are empty`);
  }
  const Context = (await loadToolkit()).context.constructor as ContextClass;
  const readable = { ...env, GITHUB_EVENT_PATH: problem === undefined ? env.GITHUB_EVENT_PATH : undefined };
  return withVariables(readable, () => snapshot(new Context()));
}

/** Why the event file cannot be read as JSON, or undefined when it can. */
async function eventFileProblem(file: string): Promise<string | undefined> {
  try {
    JSON.parse(await readFile(file, 'utf8'));
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function withVariables<T>(env: Env, make: () => T): T {
  const saved = TOOLKIT_VARIABLES.map((name) => [name, process.env[name]] as const);
  const put = (name: string, value: string | undefined) => {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  };
  try {
    for (const name of TOOLKIT_VARIABLES) put(name, env[name]);
    return make();
  } finally {
    for (const [name, value] of saved) put(name, value);
  }
}

function snapshot(context: ToolkitContext): WorkflowRun {
  // Declared as strings and numbers, but undefined and NaN where the runner set nothing.
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const number = (value: unknown): string => (Number.isSafeInteger(value) ? String(value) : '');
  return {
    payload: record(context.payload),
    eventName: text(context.eventName),
    sha: text(context.sha),
    ref: text(context.ref),
    workflow: text(context.workflow),
    action: text(context.action),
    actor: text(context.actor),
    job: text(context.job),
    runId: number(context.runId),
    runNumber: number(context.runNumber),
    runAttempt: number(context.runAttempt),
    apiUrl: text(context.apiUrl).replace(/\/+$/, ''),
    serverUrl: text(context.serverUrl).replace(/\/+$/, ''),
    repository: repositoryOf(context),
  };
}

function repositoryOf(context: ToolkitContext): WorkflowRun['repository'] {
  try {
    // The getter throws when neither GITHUB_REPOSITORY nor the payload names a repository.
    const { owner, repo } = context.repo as { owner: unknown; repo: unknown };
    return typeof owner === 'string' && typeof repo === 'string' && owner !== '' && repo !== ''
      ? { owner, name: repo }
      : undefined;
  } catch {
    return undefined;
  }
}
