// What the built-in templates show, worked out once in code rather than in template conditionals:
// which run the mail is about (the watched run for a workflow_run event), its status colour and words,
// the release title and the footer. Pure; tested with literal contexts.
import type { BuiltinTemplate, Footer } from '../../config.js';
import type { WorkflowContext } from '../context/context-types.js';
import { aboutRun, conclusionOf, threadTopic } from '../context/about.js';
import { changeLook, jobsLine, type ChangeLook } from './alert-view.js';

export type { ChangeLook };

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

/** One quiet line under the card: `lead` and `tail` around a link. */
export interface FooterView {
  readonly lead: string;
  readonly label: string;
  readonly url: string;
  readonly tail: string;
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
  /** Undefined with `footer: none`, or when there is nothing to link. */
  readonly footer: FooterView | undefined;
}

/** Which built-in template is rendering, its `footer` input, and whether the mail joins its thread. */
export interface ViewOptions {
  readonly template: BuiltinTemplate;
  readonly footer: Footer;
  readonly thread?: boolean;
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

export function templateView(
  context: WorkflowContext,
  options: ViewOptions = { template: 'plain', footer: 'auto' },
): TemplateView {
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
  const release = releaseLook(context);
  const change = changeLook(context);
  return {
    status: { state, ...look },
    run,
    change,
    thread: options.thread ?? false,
    topic: threadTopic(about),
    jobs_line: jobsLine(context),
    preheader: `${change.label || look.label}${where}${what}`,
    ...release,
    footer: options.footer === 'none' ? undefined : footerOf(context, options.template, release),
  };
}

type ReleaseLook = Pick<
  TemplateView,
  'release_title' | 'release_tag' | 'release_url' | 'release_kind' | 'release_color'
>;

function releaseLook(context: WorkflowContext): ReleaseLook {
  const tag = pushedTag(context);
  return {
    release_title: releaseTitle(context),
    release_tag: context.release?.tag ?? tag,
    release_url: httpUrl(
      context.release?.url ??
        (tag && context.repository.url ? `${context.repository.url}/releases/tag/${tag}` : ''),
    ),
    release_kind: context.release?.prerelease ? 'Pre-release' : 'Release',
    release_color: context.release?.prerelease ? AMBER : GREEN,
  };
}

/**
 * `plain` and `status` name the run that sent the mail. A release announcement goes to people who
 * may not see the repository's CI (customers, a mailing list): it links the release page, never the run.
 */
function footerOf(
  context: WorkflowContext,
  template: BuiltinTemplate,
  release: ReleaseLook,
): FooterView | undefined {
  const repo = context.repository.full_name;
  if (template === 'release') {
    if (!release.release_url) return undefined;
    const what = release.release_tag || release.release_title;
    return {
      lead: '',
      label: `${release.release_kind} ${what}`,
      url: release.release_url,
      tail: repo ? ` of ${repo}` : '',
    };
  }
  const url = httpUrl(context.run.url);
  if (!url) return undefined;
  const label = [context.workflow, context.run.number ? `#${context.run.number}` : '']
    .filter(Boolean)
    .join(' ');
  return { lead: 'Sent by ', label: label || 'a workflow run', url, tail: repo ? ` in ${repo}` : '' };
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
