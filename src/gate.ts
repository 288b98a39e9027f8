// Whether this mail goes out (`notify-when`), decided before any token is requested: from the run's
// conclusion and the conclusion of the workflow's previous run on the branch. When the facts are
// missing (no token, an API failure) and a condition cannot be told, the mail goes out: an alert is
// never lost to a missing permission. Pure.
import type { JobStatus, NotifyWhen } from './config.js';
import type { AlertTarget, RunFacts } from './github/facts.js';
import { conclusionOfJobs } from './github/jobs.js';
import type { RunRecord } from './github/port.js';

/** A state change worth saying in the mail, or '' when there is none (or it is unknown). */
export type Change = '' | 'first-failure' | 'still-failing' | 'fixed';

export interface Verdict {
  readonly send: boolean;
  /** What the log says about the decision. */
  readonly reason: string;
  /** The run's conclusion ('' when unknown): the `conclusion` output. */
  readonly conclusion: string;
  /** The previous run's conclusion ('' when none or unknown): the `previous-conclusion` output. */
  readonly previousConclusion: string;
  readonly change: Change;
}

/**
 * The run's conclusion: the `status` input, else the watched run's (workflow_run), else computed from
 * the run's other jobs; '' when nothing tells.
 */
export function resolveConclusion(
  status: JobStatus | undefined,
  target: AlertTarget,
  facts: RunFacts | undefined,
): string {
  if (status) return status;
  if (target.conclusion) return target.conclusion;
  return facts?.jobs ? conclusionOfJobs(facts.jobs, facts.annotations) : '';
}

type Kind = 'success' | 'failure' | 'cancelled' | 'other';

function kindOf(conclusion: string): Kind {
  if (conclusion === 'success') return 'success';
  if (['failure', 'timed_out', 'startup_failure'].includes(conclusion)) return 'failure';
  return conclusion === 'cancelled' ? 'cancelled' : 'other';
}

/** true, false, or undefined when the facts to tell are missing. */
type Holds = boolean | undefined;

/**
 * @param conclusion this run's conclusion, '' when unknown
 * @param previous the previous run with a result: null when there is none, undefined when unknown
 */
export function decide(
  notifyWhen: readonly NotifyWhen[],
  conclusion: string,
  previous: RunRecord | null | undefined,
): Verdict {
  const now = conclusion === '' ? undefined : kindOf(conclusion);
  const before = previous === undefined ? undefined : previous === null ? null : kindOf(previous.conclusion);
  const change = changeOf(now, before);
  const holds = (condition: NotifyWhen): Holds => {
    if (condition === 'always') return true;
    if (now === undefined) return undefined;
    switch (condition) {
      case 'success':
      case 'failure':
      case 'cancelled':
        return now === condition;
      case 'first-failure':
        return now !== 'failure' ? false : before === undefined ? undefined : before !== 'failure';
      case 'still-failing':
        return now !== 'failure' ? false : before === undefined ? undefined : before === 'failure';
      case 'fixed':
        return now !== 'success' ? false : before === undefined ? undefined : before === 'failure';
      case 'changed':
        // A first result, with no run before it, is a change too.
        return before === undefined ? undefined : before !== now;
    }
  };
  const results = notifyWhen.map((c) => [c, holds(c)] as const);
  const facts = describe(conclusion, previous);
  const base = { conclusion, previousConclusion: previous?.conclusion ?? '', change };
  const met = results.find(([, h]) => h === true);
  if (met) {
    const reason = met[0] === 'always' ? '' : `notify-when: '${met[0]}' holds (${facts}): sending`;
    return { ...base, send: true, reason };
  }
  const unknown = results.filter(([, h]) => h === undefined).map(([c]) => `'${c}'`);
  if (unknown.length > 0) {
    return {
      ...base,
      send: true,
      reason: `notify-when: cannot tell whether ${unknown.join(', ')} holds (${facts}): sending, so that no alert is lost`,
    };
  }
  return {
    ...base,
    send: false,
    reason: `notify-when: ${notifyWhen.map((c) => `'${c}'`).join(', ')} does not hold (${facts}): nothing is sent`,
  };
}

function changeOf(now: Kind | undefined, before: Kind | null | undefined): Change {
  if (now === 'failure' && before !== undefined)
    return before === 'failure' ? 'still-failing' : 'first-failure';
  if (now === 'success' && before === 'failure') return 'fixed';
  return '';
}

function describe(conclusion: string, previous: RunRecord | null | undefined): string {
  const now = `this run: ${conclusion || 'unknown'}`;
  if (previous === undefined) return `${now}; the previous run: unknown`;
  if (previous === null) return `${now}; no earlier run`;
  return `${now}; previous run #${previous.runNumber}: ${previous.conclusion}`;
}
