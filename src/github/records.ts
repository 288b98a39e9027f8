// GitHub's JSON as the port's records. Every field is checked for its type and falls back to ''/0:
// GitHub Enterprise Server lacks newer fields, and names, messages and titles are untrusted text.
import type {
  AnnotationRecord,
  CommitRecord,
  CompareRecord,
  JobRecord,
  RunRecord,
  StepRecord,
} from './port.js';
import { list, record, type Json } from '../json.js';

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function int(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : 0;
}

/** Only http(s) links reach a mail. */
function link(value: unknown): string {
  const url = text(value);
  return /^https?:\/\//i.test(url) ? url : '';
}

function stepRecord(raw: Json): StepRecord {
  return {
    name: text(raw.name),
    number: int(raw.number),
    status: text(raw.status),
    conclusion: text(raw.conclusion),
  };
}

export function jobRecord(value: unknown): JobRecord {
  const raw = record(value);
  // GitHub's own example: `check_run_url` ends in the job's id, but the URL is the documented link.
  const checkRun = /\/check-runs\/(\d+)$/.exec(text(raw.check_run_url))?.[1];
  return {
    id: int(raw.id),
    name: text(raw.name),
    status: text(raw.status),
    conclusion: text(raw.conclusion),
    startedAt: text(raw.started_at),
    completedAt: text(raw.completed_at),
    url: link(raw.html_url),
    runnerName: text(raw.runner_name),
    checkRunId: checkRun === undefined ? undefined : Number(checkRun),
    steps: list(raw.steps)
      .map(stepRecord)
      .sort((a, b) => a.number - b.number),
  };
}

export function annotationRecord(value: unknown): AnnotationRecord {
  const raw = record(value);
  return {
    path: text(raw.path),
    startLine: int(raw.start_line),
    level: text(raw.annotation_level),
    title: text(raw.title),
    message: text(raw.message),
  };
}

export function runRecord(value: unknown): RunRecord {
  const raw = record(value);
  return {
    id: int(raw.id),
    runNumber: int(raw.run_number),
    workflowId: int(raw.workflow_id),
    headBranch: text(raw.head_branch),
    headRepository: text(record(raw.head_repository).full_name),
    headSha: text(raw.head_sha),
    status: text(raw.status),
    conclusion: text(raw.conclusion),
    createdAt: text(raw.created_at),
    url: link(raw.html_url),
  };
}

function commitRecord(value: unknown): CommitRecord {
  const raw = record(value);
  const commit = record(raw.commit);
  const author = record(commit.author);
  const committer = record(commit.committer);
  return {
    sha: text(raw.sha),
    message: text(commit.message),
    url: link(raw.html_url),
    authorName: text(author.name),
    authorEmail: text(author.email),
    committerName: text(committer.name),
    committerEmail: text(committer.email),
    // The accounts are null when no GitHub account is linked to the address.
    authorLogin: text(record(raw.author).login),
    committerLogin: text(record(raw.committer).login),
  };
}

export function compareRecord(value: unknown): CompareRecord {
  const raw = record(value);
  return {
    status: text(raw.status),
    totalCommits: int(raw.total_commits),
    commits: list(raw.commits).map(commitRecord),
    url: link(raw.html_url),
  };
}
