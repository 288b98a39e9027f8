// The GitHub API stage of an alert: decides which reads the settings need, reads them within a
// budget carved from timeout-seconds, and reports what could not be read in one warning. Never
// throws: without a token, or when GitHub refuses or does not answer, the mail goes out without them.
import type { Clock } from '../clock.js';
import type { AlertSettings, MessageSettings } from '../config.js';
import { readRunFacts, type AlertTarget, type RunFacts, type Wanted } from './facts.js';
import type { GithubReaderFactory } from './port.js';
import { NO_TOKEN_WARNING, problemWarning } from './problems.js';

export { createOctokitReader } from './octokit.js';
export type { AlertTarget, RunFacts } from './facts.js';
export type { GithubReaderFactory } from './port.js';

/** Conditions that need the previous run. */
const NEEDS_HISTORY = new Set(['first-failure', 'still-failing', 'fixed', 'changed']);

/** What the settings need from the API; undefined when nothing (the API is not called at all). */
export function wantedReads(
  message: MessageSettings,
  alerts: AlertSettings,
  target: AlertTarget,
): Wanted | undefined {
  const status = message.template.kind === 'builtin' && message.template.name === 'status';
  const conditions = alerts.notifyWhen.filter((c) => c !== 'always');
  // With notify-when, the conclusion decides: the `status` input or the watched run's, else the jobs'.
  const needConclusion = conditions.length > 0 && !message.status && !target.conclusion;
  const history = status || conditions.some((c) => NEEDS_HISTORY.has(c));
  const wanted: Wanted = {
    jobs: status || needConclusion,
    annotations: status,
    history,
    changes: status || alerts.notifyCommitters,
  };
  return Object.values(wanted).some(Boolean) ? wanted : undefined;
}

export interface GithubStageIo {
  readonly reader: GithubReaderFactory;
  readonly clock: Clock;
  /** The step's deadline (timeout-seconds): the reads get a share of what is left. */
  readonly deadline: number;
  readonly maxAttempts: number;
  readonly apiUrl: string;
  readonly repository: { readonly owner: string; readonly name: string } | undefined;
  readonly warn: (message: string) => void;
  readonly info: (message: string) => void;
  readonly debug: (message: string) => void;
}

/** The reads get at most this long, and never more than a quarter of timeout-seconds. */
const MAX_READ_MS = 20_000;
const MAX_REQUEST_MS = 10_000;

export async function readAlertFacts(
  message: MessageSettings,
  alerts: AlertSettings,
  target: AlertTarget,
  io: GithubStageIo,
): Promise<RunFacts | undefined> {
  const wanted = wantedReads(message, alerts, target);
  if (!wanted) return undefined;
  if (!io.repository || target.runId === '') {
    io.debug('GitHub API: not in a workflow run (no repository or run id); nothing to read');
    return undefined;
  }
  if (alerts.githubToken === '') {
    io.warn(NO_TOKEN_WARNING);
    return undefined;
  }
  const start = io.clock.now();
  const budgetMs = Math.min(MAX_READ_MS, Math.max(0, io.deadline - start) / 4);
  const reader = await io.reader({
    token: alerts.githubToken,
    apiUrl: io.apiUrl,
    owner: io.repository.owner,
    repo: io.repository.name,
    requestTimeoutMs: Math.round(Math.max(1000, Math.min(MAX_REQUEST_MS, budgetMs))),
    debug: io.debug,
  });
  const facts = await readRunFacts(reader, target, wanted, {
    clock: io.clock,
    deadline: start + budgetMs,
    maxAttempts: io.maxAttempts,
    log: io.info,
  });
  io.debug(`GitHub API: ${summary(facts)} in ${io.clock.now() - start} ms`);
  const warning = problemWarning(facts.problems);
  if (warning) io.warn(warning);
  return facts;
}

function summary(facts: RunFacts): string {
  const parts = [
    facts.jobs ? `${facts.jobs.length} other jobs` : '',
    facts.annotations.size > 0 ? `annotations of ${facts.annotations.size} jobs` : '',
    facts.previous !== undefined
      ? `previous run ${facts.previous ? `#${facts.previous.runNumber}` : 'none'}`
      : '',
    facts.changes ? `${facts.changes.totalCommits} commits since the last green run` : '',
  ];
  return parts.filter((p) => p !== '').join(', ') || 'nothing read';
}
