// What the jobs of a run say, worked out once: which ended badly and how, how long each took, and the
// run's conclusion when the workflow gives no `status` (a final `needs: [...]` + `if: always()` job).
import type { AnnotationRecord, JobRecord } from './port.js';

/**
 * GitHub ends a job that hits `timeout-minutes` as `cancelled` and says why only in an annotation
 * (observed, as the sandbox models it); the job is shown, and counted, as timed out.
 */
const TIME_LIMIT = /^The job has exceeded the maximum execution time/;

export type JobOutcome = 'failure' | 'timed_out' | 'cancelled' | 'success' | 'skipped' | 'running' | 'other';

export function jobOutcome(job: JobRecord, annotations: readonly AnnotationRecord[] = []): JobOutcome {
  if (job.status !== 'completed') return 'running';
  switch (job.conclusion) {
    case 'failure':
    case 'startup_failure':
      return 'failure';
    case 'timed_out':
      return 'timed_out';
    case 'cancelled':
      return annotations.some((a) => a.level === 'failure' && TIME_LIMIT.test(a.message))
        ? 'timed_out'
        : 'cancelled';
    case 'success':
      return 'success';
    case 'skipped':
    case 'neutral':
      return 'skipped';
    default:
      return 'other';
  }
}

/**
 * The run's conclusion from its other jobs: any failed (or timed out) -> failure, else any cancelled
 * -> cancelled, else success; '' when no job has finished.
 */
export function conclusionOfJobs(
  jobs: readonly JobRecord[],
  annotations: ReadonlyMap<number, readonly AnnotationRecord[]>,
): string {
  const outcomes = jobs.map((j) => jobOutcome(j, annotations.get(j.id)));
  if (outcomes.some((o) => o === 'failure' || o === 'timed_out')) return 'failure';
  if (outcomes.some((o) => o === 'cancelled')) return 'cancelled';
  return outcomes.some((o) => o !== 'running') ? 'success' : '';
}

/** "3m 27s", "45s", "1h 2m"; '' without both times. */
export function duration(startedAt: string, completedAt: string): string {
  const ms = Date.parse(completedAt) - Date.parse(startedAt);
  if (!Number.isFinite(ms) || ms < 0) return '';
  const total = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  if (h > 0) return `${h}h ${m}m`;
  return m > 0 ? `${m}m ${s}s` : `${s}s`;
}
