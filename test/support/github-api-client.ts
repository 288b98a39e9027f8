// Requests to the sandbox's GitHub REST API stand-in, as plain node:https calls with the token the
// way @actions/github sends it (`authorization: token ...`).
import type { Sandbox } from '../sandbox/index.js';
import { requestJson } from './https-json.js';
import type { JsonResponse } from './https-json.js';

export const REPO = '/repos/octo-org/octo-repo';

export interface ApiGet {
  /** Default: the sandbox's token with the `token` scheme; null sends no authorization header. */
  authorization?: string | null;
  timeoutMs?: number;
}

/** GET `path` (after the API base, e.g. `/repos/...`), or an absolute URL such as a Link target. */
export function apiGet(sb: Sandbox, path: string, opts: ApiGet = {}): Promise<JsonResponse> {
  const authorization = opts.authorization === undefined ? `token ${sb.githubApi.token}` : opts.authorization;
  return requestJson({
    url: path.startsWith('https://') ? path : `${sb.githubApi.url}${path}`,
    ca: sb.caPem,
    headers: {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      ...(authorization === null ? {} : { authorization }),
    },
    timeoutMs: opts.timeoutMs,
  });
}

/** The URLs of a Link header by rel, e.g. `{ next: 'https://...', last: 'https://...' }`. */
export function links(header: string | string[] | undefined): Record<string, string> {
  const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
  return Object.fromEntries(
    [...text.matchAll(/<([^>]+)>; rel="(\w+)"/g)].map((m) => [m[2] ?? '', m[1] ?? '']),
  );
}
