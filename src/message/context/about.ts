// Which run a mail is about, and its conclusion, in one place: the built-in templates' run summary,
// the subject of a threaded mail, the thread's key and the X-GitHub-* headers all read it. For a
// workflow_run listener that is the watched run; otherwise this run. Pure.
import type { WorkflowContext } from './context-types.js';

export interface RunAbout {
  /** owner/name; '' outside a run. */
  readonly repository: string;
  readonly serverUrl: string;
  readonly workflow: string;
  /** The branch (or tag) the run built: a pull request's head branch. */
  readonly branch: string;
  readonly runId: string;
  /** The `status` input, else the watched run's conclusion, else the one computed from the jobs. */
  readonly conclusion: string;
  readonly watched: boolean;
}

export function aboutRun(context: WorkflowContext): RunAbout {
  const watched = context.workflow_run;
  return {
    repository: context.repository.full_name,
    serverUrl: context.server_url,
    workflow: watched ? watched.name : context.workflow,
    branch: watched ? watched.head_branch : (context.pull_request?.head.ref ?? context.ref_name),
    runId: watched ? (watched.id ? String(watched.id) : '') : context.run.id,
    conclusion: conclusionOf(context),
    watched: watched !== undefined,
  };
}

export function conclusionOf(context: WorkflowContext): string {
  return context.status || context.workflow_run?.conclusion || context.report?.conclusion || '';
}

/**
 * The conversation's name: `[octo-org/octo-repo] CI on main`. Stable for a workflow on a branch, so
 * it can be the subject of every threaded mail (Gmail threads only mails with the same subject) and
 * Outlook's Thread-Topic.
 */
export function threadTopic(about: RunAbout): string {
  const repo = about.repository ? `[${about.repository}] ` : '';
  const where = about.branch ? ` on ${about.branch}` : '';
  return `${repo}${about.workflow || 'Workflow'}${where}`;
}
