// GitHub's error answers. JSON errors carry `message`, `documentation_url` (the endpoint's page)
// and, since 2024, `status` as a string; rate limits differ only in headers and message text.
import type { GithubEndpoint, GithubFailure } from './github-api-types.js';

export interface Answer {
  status: number;
  /** JSON-serialised unless `contentType` is set, then sent as the string it is. */
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

const REST = 'https://docs.github.com/rest';
const RATE_LIMITS = `${REST}/using-the-rest-api/rate-limits-for-the-rest-api`;
/** The installation behind the GITHUB_TOKEN: named in primary rate-limit messages. */
export const INSTALLATION_ID = 48213560;

export const ENDPOINT_DOCS: Record<GithubEndpoint, string> = {
  getWorkflowRun: `${REST}/actions/workflow-runs#get-a-workflow-run`,
  listJobsForWorkflowRun: `${REST}/actions/workflow-jobs#list-jobs-for-a-workflow-run`,
  listJobsForWorkflowRunAttempt: `${REST}/actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt`,
  listWorkflowRuns: `${REST}/actions/workflow-runs#list-workflow-runs-for-a-workflow`,
  listAnnotations: `${REST}/checks/runs#list-check-run-annotations`,
  compareCommits: `${REST}/commits/commits#compare-two-commits`,
};

function jsonError(
  status: number,
  message: string,
  docs: string,
  headers: Record<string, string> = {},
): Answer {
  return { status, body: { message, documentation_url: docs, status: String(status) }, headers };
}

export function errorAnswer(status: number, message: string, endpoint?: GithubEndpoint): Answer {
  return jsonError(status, message, endpoint === undefined ? REST : ENDPOINT_DOCS[endpoint]);
}

export const badCredentials = (): Answer => errorAnswer(401, 'Bad credentials');
export const notFound = (endpoint?: GithubEndpoint): Answer => errorAnswer(404, 'Not Found', endpoint);

export interface FailureContext {
  endpoint: GithubEndpoint;
  requestId: string;
  retryAfterSeconds?: number;
  /** The x-ratelimit-* headers the answer would have carried. */
  rateHeaders: Record<string, string>;
}

export function failureAnswer(kind: GithubFailure, ctx: FailureContext): Answer {
  switch (kind) {
    case 'forbidden':
      return {
        ...errorAnswer(403, 'Resource not accessible by integration', ctx.endpoint),
        headers: ctx.rateHeaders,
      };
    case 'not-found':
      return notFound(ctx.endpoint);
    case 'server-error':
      // Shape not from a primary source: GitHub's 5xx bodies vary.
      return { status: 500, body: { message: 'Server Error' }, headers: ctx.rateHeaders };
    case 'bad-gateway':
      // An edge error: not JSON, so clients must not assume a parsable body on failure.
      return {
        status: 502,
        contentType: 'text/html; charset=utf-8',
        body: '<html><body><h1>502 Bad Gateway</h1>Server Error</body></html>\n',
      };
    case 'secondary-rate-limit': {
      // The remaining primary quota stays positive: only the message and retry-after tell it apart.
      const message =
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
        `If you reach out to GitHub Support for help, please include the request ID ${ctx.requestId}.`;
      const headers = { ...ctx.rateHeaders, 'retry-after': String(ctx.retryAfterSeconds ?? 60) };
      return jsonError(403, message, `${RATE_LIMITS}#about-secondary-rate-limits`, headers);
    }
    case 'rate-limit': {
      const message = `API rate limit exceeded for installation ID ${INSTALLATION_ID}.`;
      return jsonError(403, message, RATE_LIMITS, { ...ctx.rateHeaders, 'x-ratelimit-remaining': '0' });
    }
  }
}
