// The failure-alert lines of the status mail, from the GitHub API's `report`: how this run compares
// with the previous one, and a one-line count of the other jobs. Pure; tested with literal contexts.
import type { WorkflowContext } from '../context/context-types.js';

/** How this run's result compares with the previous run's (the GitHub API's `report`). */
export interface ChangeLook {
  /** first-failure, still-failing, fixed, or ''. */
  readonly kind: string;
  /** "Still failing", "Fixed", "New failure"; '' when there is no change to tell. */
  readonly label: string;
  /** "Run #41 failed too." */
  readonly detail: string;
}

export function jobsLine(context: WorkflowContext): string {
  const report = context.report;
  if (!report) return '';
  const running = report.running_jobs.map((j) => j.name);
  const others = report.failed_jobs.length > 0 || running.length > 0 ? ' other' : '';
  const parts = [
    report.succeeded_jobs > 0
      ? `${report.succeeded_jobs}${others} job${report.succeeded_jobs === 1 ? '' : 's'} succeeded`
      : '',
    report.skipped_jobs > 0
      ? `${report.skipped_jobs} ${report.skipped_jobs === 1 ? 'was' : 'were'} skipped`
      : '',
    report.jobs_not_read > 0 ? `${report.jobs_not_read} more not read` : '',
  ].filter((p) => p !== '');
  const counted = parts.length > 0 ? `${parts.join(', ')}.` : '';
  const still = running.length > 0 ? `Still running: ${running.join(', ')}.` : '';
  return [still, counted].filter((p) => p !== '').join(' ');
}

export function changeLook(context: WorkflowContext): ChangeLook {
  const report = context.report;
  const kind = report?.change ?? '';
  const previous = report?.previous_number ? `Run #${report.previous_number}` : 'The previous run';
  switch (kind) {
    case 'fixed':
      return { kind, label: 'Fixed', detail: `${previous} failed; this one succeeded.` };
    case 'still-failing':
      return { kind, label: 'Still failing', detail: `${previous} failed too.` };
    case 'first-failure':
      return {
        kind,
        label: 'New failure',
        detail: report?.previous_number ? `${previous} succeeded.` : 'No earlier run on this branch.',
      };
    default:
      return { kind: '', label: '', detail: '' };
  }
}
