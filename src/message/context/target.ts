// Which run an alert is about, for the GitHub API reads: the run a `workflow_run` listener watches
// (everything is in its event), or this run (the toolkit's context plus the few runner variables it
// lacks: the workflow file, the runner's name).
import type { Env } from '../../config.js';
import type { AlertTarget } from '../../github/facts.js';
import { record } from '../../json.js';
import { text } from './event-views.js';
import type { WorkflowRun } from './toolkit.js';

export function alertTarget(run: WorkflowRun, env: Env): AlertTarget {
  const event = run.payload;
  if ('workflow_run' in event) {
    const watched = record(event.workflow_run);
    return {
      runId: text(watched.id),
      attempt: text(watched.run_attempt) || '1',
      runNumber: Number(text(watched.run_number)) || 0,
      workflow: text(watched.workflow_id),
      branch: text(watched.head_branch),
      headRepository: text(record(watched.head_repository).full_name),
      headSha: text(watched.head_sha),
      conclusion: text(watched.conclusion),
      ownRunner: '',
      ownJob: '',
    };
  }
  const pr = record(event.pull_request);
  const head = record(pr.head);
  return {
    runId: run.runId,
    attempt: run.runAttempt || '1',
    runNumber: Number(run.runNumber) || 0,
    workflow: workflowFile(env.GITHUB_WORKFLOW_REF ?? ''),
    // A pull request's runs are on its head branch, as GitHub lists them (`head_branch`).
    branch: text(head.ref) || (env.GITHUB_REF_NAME ?? ''),
    headRepository:
      text(record(head.repo).full_name) ||
      (run.repository ? `${run.repository.owner}/${run.repository.name}` : ''),
    headSha: text(head.sha) || run.sha,
    conclusion: '',
    ownRunner: env.RUNNER_NAME ?? '',
    ownJob: run.job,
  };
}

/** `octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main` -> `ci.yml` (GitHub takes it as a workflow id). */
function workflowFile(ref: string): string {
  const path = ref.split('@')[0] ?? '';
  const file = path.split('/').pop() ?? '';
  return /\.ya?ml$/.test(file) ? file : '';
}
