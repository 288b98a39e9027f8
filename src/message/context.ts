// The workflow context, read from the runner's environment: the only module that reads GITHUB_* variables.
import type { Env } from '../runner/index.js';

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
  const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
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
