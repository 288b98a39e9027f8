// What the built-in templates show, worked out once in code rather than in template conditionals:
// which run the mail is about (the watched run for a workflow_run event), its status colour and words,
// and the release title. Pure; tested with literal contexts.
import type { WorkflowContext } from '../context/context-types.js';
import { aboutRun, conclusionOf, threadTopic } from '../context/about.js';

export interface StatusLook {
  /** success, failure, cancelled, skipped, or another workflow_run conclusion; '' when unknown. */
  readonly state: string;
  readonly label: string;
  /** Fits "CI #42 ___ on main". */
  readonly verb: string;
  readonly color: string;
}

export interface RunSummary {
  readonly workflow: string;
  readonly number: string;
  readonly attempt: string;
  readonly url: string;
  readonly event: string;
  readonly actor: string;
  /** The branch (or tag) the run built. */
  readonly branch: string;
  /** For a pull request: "fork-owner:branch → main". */
  readonly branch_detail: string;
  /** The watched run's conclusion, for a workflow_run event; else ''. */
  readonly conclusion: string;
  /** True when the mail is about the run that triggered this one (workflow_run). */
  readonly watched: boolean;
}

/** How this run's result compares with the previous run's (the GitHub API's `report`). */
export interface ChangeLook {
  /** first-failure, still-failing, fixed, or ''. */
  readonly kind: string;
  /** "Still failing", "Fixed", "New failure"; '' when there is no change to tell. */
  readonly label: string;
  /** "Run #41 failed too." */
  readonly detail: string;
}

export interface TemplateView {
  readonly status: StatusLook;
  readonly run: RunSummary;
  readonly change: ChangeLook;
  /** Every mail of this workflow on this branch is in one conversation (`thread`): the subject is `topic`. */
  readonly thread: boolean;
  /** `[octo-org/octo-repo] CI on main`. */
  readonly topic: string;
  /** "Still running: deploy. 3 other jobs succeeded, 1 was skipped."; '' without the API's report. */
  readonly jobs_line: string;
  /** The inbox preview line of the status mail. */
  readonly preheader: string;
  /** The release's name (with its tag when the name lacks it); for a tag push without a release, the tag. */
  readonly release_title: string;
  readonly release_tag: string;
  readonly release_url: string;
  readonly release_kind: string;
  readonly release_color: string;
}

const GREEN = '#1a7f37';
const RED = '#cf222e';
const GREY = '#59636e';
const BLUE = '#0969da';
const AMBER = '#9a6700';

const LOOKS: Readonly<Record<string, Omit<StatusLook, 'state'>>> = {
  success: { label: 'Succeeded', verb: 'succeeded', color: GREEN },
  failure: { label: 'Failed', verb: 'failed', color: RED },
  cancelled: { label: 'Cancelled', verb: 'was cancelled', color: GREY },
  skipped: { label: 'Skipped', verb: 'was skipped', color: GREY },
  timed_out: { label: 'Timed out', verb: 'timed out', color: RED },
  startup_failure: { label: 'Failed to start', verb: 'failed to start', color: RED },
  action_required: { label: 'Action required', verb: 'needs action', color: AMBER },
  neutral: { label: 'Neutral', verb: 'finished', color: GREY },
  stale: { label: 'Stale', verb: 'went stale', color: GREY },
};

const UNKNOWN: Omit<StatusLook, 'state'> = { label: 'Finished', verb: 'finished', color: BLUE };

export function templateView(context: WorkflowContext, options: { thread?: boolean } = {}): TemplateView {
  const watched = context.workflow_run;
  const about = aboutRun(context);
  // The `status` input wins; a workflow_run notifier without one reports the watched run's conclusion,
  // and otherwise the conclusion computed from the run's other jobs, when the API could tell.
  const state = conclusionOf(context);
  const look = LOOKS[state] ?? UNKNOWN;
  const run: RunSummary = watched
    ? {
        workflow: watched.name,
        number: watched.run_number ? String(watched.run_number) : '',
        attempt: String(watched.run_attempt),
        url: httpUrl(watched.url),
        event: watched.event,
        actor: watched.actor,
        branch: about.branch,
        branch_detail: watched.head_branch,
        conclusion: watched.conclusion,
        watched: true,
      }
    : {
        workflow: context.workflow,
        number: context.run.number,
        attempt: context.run.attempt,
        url: httpUrl(context.run.url),
        event: context.event_name,
        actor: context.triggering_actor || context.actor,
        branch: about.branch,
        branch_detail: branchDetail(context),
        conclusion: '',
        watched: false,
      };
  const where = run.branch ? ` on ${run.branch}` : '';
  const what = context.commit.title ? `: ${context.commit.title}` : '';
  const change = changeLook(context);
  return {
    status: { state, ...look },
    run,
    change,
    thread: options.thread ?? false,
    topic: threadTopic(about),
    jobs_line: jobsLine(context),
    preheader: `${change.label || look.label}${where}${what}`,
    release_title: releaseTitle(context),
    release_tag: context.release?.tag ?? pushedTag(context),
    release_url: httpUrl(
      context.release?.url ??
        (pushedTag(context) && context.repository.url
          ? `${context.repository.url}/releases/tag/${pushedTag(context)}`
          : ''),
    ),
    release_kind: context.release?.prerelease ? 'Pre-release' : 'Release',
    release_color: context.release?.prerelease ? AMBER : GREEN,
  };
}

function jobsLine(context: WorkflowContext): string {
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

function changeLook(context: WorkflowContext): ChangeLook {
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

function branchDetail(context: WorkflowContext): string {
  const pr = context.pull_request;
  if (!pr) return context.ref_name;
  const head = pr.head.label || pr.head.ref;
  return pr.base.ref ? `${head} → ${pr.base.ref}` : head;
}

/** A workflow started by pushing a tag (`on: push: tags`) announces that tag. */
function pushedTag(context: WorkflowContext): string {
  return context.ref.startsWith('refs/tags/') ? context.ref_name : '';
}

function releaseTitle(context: WorkflowContext): string {
  const release = context.release;
  if (!release) return pushedTag(context) || context.ref_name;
  if (release.name === '') return release.tag;
  return release.tag === '' || release.name.includes(release.tag)
    ? release.name
    : `${release.name} (${release.tag})`;
}

/** Links in the built-in layouts: only http(s), whatever the payload holds. */
function httpUrl(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '';
}
