// The workflow context every template sees: a plain, JSON-safe snapshot of the run and its event.
// Field names follow GitHub's own payloads (snake_case). docs/drafts/messages.md documents each field;
// change both together. Nothing here is secret: it is built from GITHUB_* variables and the event file.

export interface CommitView {
  readonly sha: string;
  readonly short_sha: string;
  /** The first line of the message. */
  readonly title: string;
  readonly message: string;
  /** The author's name (git), else their GitHub login. */
  readonly author: string;
  /** The author's GitHub login when GitHub knows it, else ''. */
  readonly author_login: string;
  readonly url: string;
  readonly timestamp: string;
}

export interface PushView {
  readonly before: string;
  readonly after: string;
  readonly compare_url: string;
  readonly created: boolean;
  readonly deleted: boolean;
  readonly forced: boolean;
  readonly pusher: string;
  /** Oldest first, as GitHub lists them (at most 20 in the payload). */
  readonly commits: readonly CommitView[];
}

export interface BranchView {
  readonly ref: string;
  readonly sha: string;
  /** owner/name of the repository the branch lives in. */
  readonly repo: string;
  /** `owner:branch`, as GitHub shows it. */
  readonly label: string;
}

export interface PullRequestView {
  readonly number: number;
  readonly title: string;
  readonly url: string;
  readonly author: string;
  readonly state: string;
  readonly draft: boolean;
  readonly merged: boolean;
  readonly body: string;
  readonly base: BranchView;
  readonly head: BranchView;
  /** The head branch is in another repository: its title, branch and commits come from outside. */
  readonly fork: boolean;
}

export interface ReleaseAssetView {
  readonly name: string;
  readonly size: number;
  readonly content_type: string;
  readonly download_url: string;
}

export interface ReleaseView {
  readonly name: string;
  readonly tag: string;
  readonly url: string;
  readonly author: string;
  readonly prerelease: boolean;
  readonly draft: boolean;
  readonly published_at: string;
  /** The release notes as written (Markdown, line breaks normalised to \n). */
  readonly body: string;
  /**
   * The notes as github.com shows them: Markdown rendered, GitHub's references linked, raw HTML kept
   * only through the sanitizer's allowlist. Safe to include unescaped.
   */
  readonly body_html: string;
  /** The same notes as plain text: no tags, no comments; tables as columns, links with their URL. */
  readonly body_text: string;
  readonly assets: readonly ReleaseAssetView[];
}

export interface WorkflowRunView {
  readonly name: string;
  /** success, failure, cancelled, skipped, timed_out, action_required, neutral, stale, startup_failure, or ''. */
  readonly conclusion: string;
  readonly status: string;
  readonly url: string;
  readonly id: number;
  readonly run_number: number;
  readonly run_attempt: number;
  /** The event that started the watched run (push, pull_request, ...). */
  readonly event: string;
  readonly head_branch: string;
  readonly head_sha: string;
  readonly short_sha: string;
  readonly display_title: string;
  readonly actor: string;
  readonly head_commit: CommitView | undefined;
}

/** An annotation of a job, as the mail shows it. Untrusted text: a test name, a compiler message. */
export interface ReportAnnotationView {
  /** `src/smtp/transport.ts:57`; '' for one about the job rather than a file. */
  readonly location: string;
  readonly title: string;
  /** At most a few lines. */
  readonly message: string;
  /** The same, line by line (mail clients that ignore pre-wrap still break them). */
  readonly lines: readonly string[];
}

/** A job that failed, timed out or was cancelled. */
export interface ReportJobView {
  readonly name: string;
  /** failure, timed_out or cancelled. */
  readonly conclusion: string;
  /** "failed", "timed out", "was cancelled". */
  readonly label: string;
  /** "3m 27s". */
  readonly duration: string;
  readonly url: string;
  /** Steps that failed, timed out or were cancelled, by name ("Run npm test"). */
  readonly failed_steps: readonly string[];
  /** Its error annotations: at most 10 a job, 30 in all. */
  readonly annotations: readonly ReportAnnotationView[];
  /** Error annotations of this job not shown. */
  readonly annotations_left_out: number;
}

export interface ReportCommitView {
  readonly sha: string;
  readonly short_sha: string;
  readonly title: string;
  readonly author: string;
  readonly url: string;
}

export interface ReportChangesView {
  /** Newest first, at most 20. */
  readonly commits: readonly ReportCommitView[];
  /** Commits not listed. */
  readonly more: number;
  readonly total: number;
  /** The comparison on GitHub. */
  readonly url: string;
  /** The last successful run: its number and link. */
  readonly since_number: number;
  readonly since_url: string;
}

/** What the GitHub API says about the run (the `status` template, `notify-when`); see README "Failure alerts". */
export interface RunReportView {
  /** The `status` input, else the watched run's conclusion, else computed from the other jobs; '' unknown. */
  readonly conclusion: string;
  /** The previous run with a result (success or a failure) on the branch; '' when none or unknown. */
  readonly previous_conclusion: string;
  readonly previous_number: number;
  readonly previous_url: string;
  /** first-failure, still-failing, fixed, or ''. */
  readonly change: string;
  readonly failed_jobs: readonly ReportJobView[];
  readonly running_jobs: readonly { readonly name: string; readonly url: string }[];
  readonly succeeded_jobs: number;
  readonly skipped_jobs: number;
  /** Jobs the run has beyond the 300 read. */
  readonly jobs_not_read: number;
  readonly changes?: ReportChangesView;
  /** What could not be read ("the jobs", "the annotations"): the mail says so. */
  readonly unavailable: readonly string[];
}

export interface WorkflowContext {
  readonly repository: {
    readonly owner: string;
    readonly name: string;
    readonly full_name: string;
    readonly url: string;
  };
  readonly run: {
    readonly id: string;
    readonly number: string;
    readonly attempt: string;
    readonly url: string;
  };
  readonly workflow: string;
  readonly job: string;
  readonly event_name: string;
  readonly ref: string;
  readonly ref_name: string;
  readonly sha: string;
  readonly short_sha: string;
  readonly actor: string;
  readonly triggering_actor: string;
  readonly server_url: string;
  /** The `status` input (success, failure, cancelled, skipped), or ''. */
  readonly status: string;
  /** The commit the run is about: the pushed head, the watched run's head, or GITHUB_SHA. */
  readonly commit: CommitView;
  /** The whole event payload, as GitHub wrote it. */
  readonly event: Readonly<Record<string, unknown>>;
  readonly push?: PushView;
  readonly pull_request?: PullRequestView;
  readonly release?: ReleaseView;
  readonly workflow_run?: WorkflowRunView;
  /** What the GitHub API says about the run; present when it was read. */
  readonly report?: RunReportView;
  /** workflow_dispatch (and workflow_call) inputs; {} for other events. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The `vars` input. */
  readonly vars: Readonly<Record<string, unknown>>;
  /** When the message was rendered, ISO 8601 in UTC. */
  readonly timestamp: string;
}
