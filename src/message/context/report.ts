// The `report` the templates read: what the GitHub API said about the run (github/facts.ts), cut to
// what a mail can hold. Pure. Limits: 10 error annotations a job and 30 in all, 20 commits, a few lines
// of each annotation; what is left out is counted, never silently dropped.
import { isTroubled, type ReadName, type RunFacts } from '../../github/facts.js';
import { duration, jobOutcome, type JobOutcome } from '../../github/jobs.js';
import type { AnnotationRecord, CompareRecord, JobRecord, RunRecord } from '../../github/port.js';
import type {
  ReportAnnotationView,
  ReportChangesView,
  ReportCommitView,
  ReportJobView,
  RunReportView,
} from './context-types.js';
import { firstLine, normaliseNewlines, shortSha } from './event-views.js';

export const REPORT_LIMITS = {
  annotationsPerJob: 10,
  annotations: 30,
  annotationLines: 6,
  annotationChars: 600,
  commits: 20,
} as const;

/** What the gate decided about the run (src/gate.ts). */
export interface ReportVerdict {
  readonly conclusion: string;
  readonly change: string;
}

const LABELS: Readonly<Partial<Record<JobOutcome, string>>> = {
  failure: 'failed',
  timed_out: 'timed out',
  cancelled: 'was cancelled',
};

const UNAVAILABLE: Readonly<Record<ReadName, string>> = {
  jobs: 'the jobs',
  annotations: 'the annotations',
  run: 'the earlier runs',
  runs: 'the earlier runs',
  compare: 'the commits since the last successful run',
};

export function reportView(facts: RunFacts, verdict: ReportVerdict): RunReportView {
  const jobs = facts.jobs ?? [];
  const outcomes = jobs.map((job) => ({ job, outcome: jobOutcome(job, facts.annotations.get(job.id)) }));
  let budget: number = REPORT_LIMITS.annotations;
  const failed = outcomes
    .filter(({ job }) => job.status === 'completed' && isTroubled(job.conclusion))
    .map(({ job, outcome }) => {
      const view = jobView(job, outcome, facts.annotations.get(job.id) ?? [], budget);
      budget -= view.annotations.length;
      return view;
    });
  const previous = facts.previous ?? undefined;
  const changes =
    facts.changes && facts.lastSuccess ? changesView(facts.changes, facts.lastSuccess) : undefined;
  return {
    conclusion: verdict.conclusion,
    previous_conclusion: previous?.conclusion ?? '',
    previous_number: previous?.runNumber ?? 0,
    previous_url: previous?.url ?? '',
    change: verdict.change,
    failed_jobs: failed,
    running_jobs: outcomes
      .filter(({ outcome }) => outcome === 'running')
      .map(({ job }) => ({ name: job.name, url: job.url })),
    succeeded_jobs: outcomes.filter(({ outcome }) => outcome === 'success').length,
    skipped_jobs: outcomes.filter(({ outcome }) => outcome === 'skipped').length,
    jobs_not_read: facts.jobsNotRead,
    ...(changes ? { changes } : {}),
    unavailable: [...new Set(facts.problems.map((p) => UNAVAILABLE[p.read]))],
  };
}

function jobView(
  job: JobRecord,
  outcome: JobOutcome,
  annotations: readonly AnnotationRecord[],
  budget: number,
): ReportJobView {
  const errors = annotations.filter((a) => a.level === 'failure');
  const shown = errors.slice(0, Math.max(0, Math.min(REPORT_LIMITS.annotationsPerJob, budget)));
  return {
    name: job.name,
    conclusion: outcome === 'timed_out' ? 'timed_out' : job.conclusion,
    label: LABELS[outcome] ?? job.conclusion,
    duration: duration(job.startedAt, job.completedAt),
    url: job.url,
    failed_steps: job.steps
      .filter((s) => ['failure', 'timed_out', 'cancelled'].includes(s.conclusion))
      .map((s) => (s.conclusion === 'failure' ? s.name : `${s.name} (${s.conclusion.replace('_', ' ')})`)),
    annotations: shown.map(annotationView),
    annotations_left_out: errors.length - shown.length,
  };
}

function annotationView(a: AnnotationRecord): ReportAnnotationView {
  // `.github` at line 1 is where GitHub files annotations about the job rather than a file.
  const onFile = a.path !== '' && a.path !== '.github';
  const lines = normaliseNewlines(a.message).trimEnd().split('\n');
  let message = lines.slice(0, REPORT_LIMITS.annotationLines).join('\n');
  if (lines.length > REPORT_LIMITS.annotationLines) message += '\n…';
  if (message.length > REPORT_LIMITS.annotationChars) {
    message = `${Array.from(message).slice(0, REPORT_LIMITS.annotationChars).join('')}…`;
  }
  return {
    location: onFile ? `${a.path}${a.startLine > 0 ? `:${a.startLine}` : ''}` : '',
    title: firstLine(a.title),
    message,
    lines: message.split('\n'),
  };
}

function changesView(compare: CompareRecord, since: RunRecord): ReportChangesView {
  // The newest first: the likeliest culprit on top.
  const listed = compare.commits.slice(-REPORT_LIMITS.commits).reverse();
  const total = Math.max(compare.totalCommits, compare.commits.length);
  return {
    commits: listed.map((c): ReportCommitView => ({
      sha: c.sha,
      short_sha: shortSha(c.sha),
      title: firstLine(normaliseNewlines(c.message)),
      author: c.authorName || c.authorLogin,
      url: c.url,
    })),
    more: total - listed.length,
    total,
    url: compare.url,
    since_number: since.runNumber,
    since_url: since.url,
  };
}
