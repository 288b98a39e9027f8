// The runner variables that describe the scenario's current run and point @actions/github (its
// `context` and getOctokit's base URL) at the stand-in instead of api.github.com.
import { findRun } from './github-api-scenario.js';
import type { GithubScenario } from './github-api-scenario.js';

export function runnerEnv(s: GithubScenario, origin: string, prefix: string): Record<string, string> {
  const run = findRun(s, s.current.runId);
  const workflow = s.workflows.find((w) => w.id === run?.workflowId);
  const owner = s.repository.owner;
  const full = `${owner.login}/${s.repository.name}`;
  const branch = run?.headBranch ?? s.repository.defaultBranch;
  const ref = `refs/heads/${branch}`;
  return {
    GITHUB_API_URL: `${origin}${prefix}`,
    // GHES serves GraphQL at /api/graphql, github.com at api.github.com/graphql (not served here).
    GITHUB_GRAPHQL_URL: prefix === '' ? `${origin}/graphql` : `${origin}/api/graphql`,
    GITHUB_SERVER_URL: s.serverUrl,
    GITHUB_REPOSITORY: full,
    GITHUB_REPOSITORY_OWNER: owner.login,
    GITHUB_REPOSITORY_ID: String(s.repository.id),
    GITHUB_REPOSITORY_OWNER_ID: String(owner.id),
    GITHUB_RUN_ID: String(s.current.runId),
    GITHUB_RUN_ATTEMPT: String(Math.max(1, run?.attempts.length ?? 1)),
    GITHUB_RUN_NUMBER: String(run?.runNumber ?? 1),
    GITHUB_WORKFLOW: workflow?.name ?? '',
    GITHUB_WORKFLOW_REF: `${full}/${workflow?.path ?? ''}@${ref}`,
    GITHUB_JOB: s.current.job,
    GITHUB_SHA: run?.headSha ?? s.branches[branch] ?? '',
    GITHUB_REF: ref,
    GITHUB_REF_NAME: branch,
  };
}
