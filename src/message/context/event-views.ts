// Convenient views of the event payload: the fields people put in a mail, under stable names.
// Pure: the payload is untrusted JSON, so every read checks its type and falls back to ''/0/false.
import type {
  BranchView,
  CommitView,
  PullRequestView,
  PushView,
  ReleaseAssetView,
  ReleaseView,
  WorkflowRunView,
} from './context-types.js';
import { list, record, type Json } from '../../json.js';

export function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function flag(value: unknown): boolean {
  return value === true;
}

function login(user: unknown): string {
  return text(record(user).login);
}

export function shortSha(sha: string): string {
  return /^[0-9a-f]{40,64}$/i.test(sha) ? sha.slice(0, 7) : sha;
}

export function firstLine(message: string): string {
  return (message.split(/\r\n?|\n/)[0] ?? '').trim();
}

/** Bodies typed in GitHub's web editor arrive with CRLF. */
export function normaliseNewlines(value: string): string {
  return value.replace(/\r\n?/g, '\n');
}

/** A push commit (`id`, `author.name`) or a workflow_run head commit (`id`, `author.name`). */
export function commitView(raw: unknown, fallbackSha = '', fallbackUrl = ''): CommitView {
  const commit = record(raw);
  const author = record(commit.author);
  const sha = text(commit.id) || text(commit.sha) || fallbackSha;
  const message = normaliseNewlines(text(commit.message));
  return {
    sha,
    short_sha: shortSha(sha),
    title: firstLine(message),
    message,
    author: text(author.name) || text(author.username),
    author_login: text(author.username),
    url: /^https?:\/\//.test(text(commit.url)) ? text(commit.url) : fallbackUrl,
    timestamp: text(commit.timestamp),
  };
}

export function pushView(event: Json): PushView {
  return {
    before: text(event.before),
    after: text(event.after),
    compare_url: text(event.compare),
    created: flag(event.created),
    deleted: flag(event.deleted),
    forced: flag(event.forced),
    pusher: text(record(event.pusher).name),
    commits: list(event.commits).map((c) => commitView(c)),
  };
}

function branchView(raw: unknown): BranchView {
  const branch = record(raw);
  return {
    ref: text(branch.ref),
    sha: text(branch.sha),
    repo: text(record(branch.repo).full_name),
    label: text(branch.label),
  };
}

export function pullRequestView(event: Json): PullRequestView {
  const pr = record(event.pull_request);
  const base = branchView(pr.base);
  const head = branchView(pr.head);
  return {
    number: count(pr.number),
    title: text(pr.title),
    url: text(pr.html_url),
    author: login(pr.user),
    state: text(pr.state),
    draft: flag(pr.draft),
    merged: flag(pr.merged),
    body: normaliseNewlines(text(pr.body)),
    base,
    head,
    fork: flag(record(record(pr.head).repo).fork) || (head.repo !== '' && head.repo !== base.repo),
  };
}

/** The notes are rendered by the caller: the renderer is loaded only when there are notes. */
export function releaseView(
  event: Json,
  notes: { readonly html: string; readonly text: string },
): ReleaseView {
  const release = record(event.release);
  return {
    name: text(release.name),
    tag: text(release.tag_name),
    url: text(release.html_url),
    author: login(release.author),
    prerelease: flag(release.prerelease),
    draft: flag(release.draft),
    published_at: text(release.published_at),
    body: normaliseNewlines(text(release.body)),
    body_html: notes.html,
    body_text: notes.text,
    assets: list(release.assets).map((asset): ReleaseAssetView => ({
      name: text(asset.name),
      size: count(asset.size),
      content_type: text(asset.content_type),
      download_url: text(asset.browser_download_url),
    })),
  };
}

export function releaseNotes(event: Json): string {
  return normaliseNewlines(text(record(event.release).body));
}

export function workflowRunView(event: Json): WorkflowRunView {
  const run = record(event.workflow_run);
  const headSha = text(run.head_sha);
  const repoUrl = text(record(run.repository).html_url);
  return {
    name: text(run.name),
    conclusion: text(run.conclusion),
    status: text(run.status),
    url: text(run.html_url),
    id: count(run.id),
    run_number: count(run.run_number),
    run_attempt: count(run.run_attempt) || 1,
    event: text(run.event),
    head_branch: text(run.head_branch),
    head_sha: headSha,
    short_sha: shortSha(headSha),
    display_title: text(run.display_title),
    actor: login(run.actor) || login(run.triggering_actor),
    head_commit:
      run.head_commit === undefined || run.head_commit === null
        ? undefined
        : commitView(run.head_commit, headSha, repoUrl && headSha ? `${repoUrl}/commit/${headSha}` : ''),
  };
}

/** workflow_dispatch and workflow_call carry `inputs`; GitHub sends every value as given. */
export function dispatchInputs(event: Json): Json {
  return record(event.inputs);
}
