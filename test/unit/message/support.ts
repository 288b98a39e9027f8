// Shared pieces of the message tests: the runner environment of each event fixture, settings with
// defaults, and a fixed clock, so rendered output (and the golden files) never change between runs.
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MessageSettings } from '../../../src/config.js';
import type { MessageIo } from '../../../src/message/index.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'events');
/** The render worker's entry for tests (the action itself uses dist/index.js). */
export const RENDER_WORKER = new URL('../../support/render-worker.mjs', import.meta.url);

/** 2026-11-28T18:20:00Z: the context's `timestamp` in every test. */
export const NOW = Date.UTC(2026, 10, 28, 18, 20, 0);

export interface Fixture {
  readonly file: string;
  readonly event: string;
  readonly env: Readonly<Record<string, string>>;
}

const BASE_ENV: Readonly<Record<string, string>> = {
  GITHUB_REPOSITORY: 'octo-org/octo-repo',
  GITHUB_REPOSITORY_OWNER: 'octo-org',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '1658821493',
  GITHUB_RUN_NUMBER: '7',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_WORKFLOW: 'Notify',
  GITHUB_JOB: 'mail',
  GITHUB_ACTION: '__m365-mail',
  GITHUB_ACTOR: 'octocat',
  GITHUB_TRIGGERING_ACTOR: 'octocat',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_REF_NAME: 'main',
  GITHUB_SHA: '18bec3e8973b873ba66b5255ac692ba286d052f8',
};

/** The fixtures of test/fixtures/events, with what the runner sets beside each. */
export const FIXTURE_LIST: readonly Fixture[] = [
  {
    file: 'push-multi',
    event: 'push',
    env: { GITHUB_WORKFLOW: 'CI', GITHUB_RUN_NUMBER: '42', GITHUB_JOB: 'build' },
  },
  { file: 'workflow-run-failure', event: 'workflow_run', env: {} },
  {
    file: 'pull-request-fork',
    event: 'pull_request',
    env: {
      GITHUB_WORKFLOW: 'CI',
      GITHUB_RUN_NUMBER: '43',
      GITHUB_JOB: 'test',
      GITHUB_REF: 'refs/pull/1347/merge',
      GITHUB_REF_NAME: '1347/merge',
      GITHUB_SHA: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      GITHUB_HEAD_REF: 'patch-1',
      GITHUB_BASE_REF: 'main',
    },
  },
  {
    file: 'release-published',
    event: 'release',
    env: { GITHUB_WORKFLOW: 'Announce', GITHUB_REF: 'refs/tags/v1.4.0', GITHUB_REF_NAME: 'v1.4.0' },
  },
  {
    file: 'release-generated-notes',
    event: 'release',
    env: { GITHUB_WORKFLOW: 'Announce', GITHUB_REF: 'refs/tags/v1.5.0', GITHUB_REF_NAME: 'v1.5.0' },
  },
  {
    file: 'workflow-dispatch',
    event: 'workflow_dispatch',
    env: { GITHUB_WORKFLOW: 'Deploy', GITHUB_JOB: 'deploy' },
  },
  {
    file: 'schedule',
    event: 'schedule',
    env: { GITHUB_WORKFLOW: 'Nightly', GITHUB_RUN_NUMBER: '311', GITHUB_JOB: 'nightly' },
  },
];

export function fixture(file: string): Fixture {
  const found = FIXTURE_LIST.find((f) => f.file === file);
  if (!found) throw new Error(`no fixture ${file}`);
  return found;
}

export function envOf(f: Fixture, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    ...BASE_ENV,
    GITHUB_EVENT_NAME: f.event,
    GITHUB_EVENT_PATH: path.join(FIXTURES, `${f.file}.json`),
    GITHUB_WORKSPACE: ROOT,
    ...f.env,
    ...extra,
  };
}

export function settingsWith(overrides: Partial<MessageSettings> = {}): MessageSettings {
  return {
    from: { name: 'CI Alerts', address: 'alerts@contoso.example' },
    replyTo: [],
    to: [{ name: '', address: 'oncall@contoso.example' }],
    cc: [],
    bcc: [],
    subject: '',
    body: '',
    htmlBody: '',
    priority: 'normal',
    template: { kind: 'builtin', name: 'plain' },
    footer: 'auto',
    status: undefined,
    vars: {},
    attachments: [],
    attachmentsIfMissing: 'error',
    maxSizeBytes: 35 * 1024 * 1024,
    headers: {},
    inReplyTo: '',
    thread: false,
    ...overrides,
  };
}

const temporary: string[] = [];
process.once('exit', () => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh directory under the system's temp directory, removed when the test process exits. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** A MessageIo that records warnings and debug lines. */
export function recordingIo(
  env: Record<string, string>,
): MessageIo & { warnings: string[]; debugs: string[] } {
  const warnings: string[] = [];
  const debugs: string[] = [];
  return {
    env,
    warn: (m) => warnings.push(m),
    debug: (m) => debugs.push(m),
    now: () => NOW,
    renderWorker: RENDER_WORKER,
    renderBudgetMs: 10_000,
    warnings,
    debugs,
  };
}
