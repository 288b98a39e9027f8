// The environment the GitHub runner gives dist/index.js, built the way test/support/run-action.ts
// builds it (INPUT_* with hyphens kept, action.yml defaults, GITHUB_* files), minus what only tests
// need. Each run gets fresh files, made before the clock starts.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { actionInputDefaults, inputVariable } from '../../test/support/action-defaults.js';

export interface RunnerEnvOptions {
  repoRoot: string;
  /** A scratch directory; every run makes its own sub-directory here. */
  scratch: string;
  inputs: Record<string, string>;
  /** NODE_EXTRA_CA_CERTS for the child (the sandbox CA); absent for a dry run, as on a real runner. */
  caPath?: string;
}

const KEPT = ['PATH', 'HOME', 'LANG', 'TZ'];

let defaults: Promise<Record<string, string>> | undefined;

export async function runnerEnv(o: RunnerEnvOptions): Promise<{ env: Record<string, string>; cwd: string }> {
  defaults ??= actionInputDefaults(path.join(o.repoRoot, 'action.yml'));
  const root = await mkdtemp(path.join(o.scratch, 'run-'));
  const workspace = path.join(root, 'workspace');
  const runnerTemp = path.join(root, 'runner-temp');
  await Promise.all([mkdir(workspace), mkdir(runnerTemp)]);
  const file = (name: string) => path.join(root, `${name}.txt`);
  await Promise.all(['output', 'summary', 'env', 'path', 'state'].map((n) => writeFile(file(n), '')));

  const env: Record<string, string> = {};
  for (const key of KEPT) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  Object.assign(env, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: file('output'),
    GITHUB_STEP_SUMMARY: file('summary'),
    GITHUB_ENV: file('env'),
    GITHUB_PATH: file('path'),
    GITHUB_STATE: file('state'),
    GITHUB_EVENT_PATH: path.join(o.repoRoot, 'test', 'fixtures', 'events', 'push.json'),
    GITHUB_EVENT_NAME: 'push',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_ENVIRONMENT: 'github-hosted',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_RUN_ID: '1658821493',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'build',
    GITHUB_ACTION: '__m365-mail',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SHA: 'a10867b14bb761a232cd80139fbd4c0d33264240',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
  });
  if (o.caPath !== undefined) env.NODE_EXTRA_CA_CERTS = o.caPath;
  for (const [name, value] of Object.entries({ ...(await defaults), ...o.inputs }))
    env[inputVariable(name)] = value;
  return { env, cwd: workspace };
}
