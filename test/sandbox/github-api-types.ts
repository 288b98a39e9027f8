// Options, modes, faults and records of the GitHub REST API stand-in (see github-api.ts).
import type { GithubScenario } from './github-api-scenario.js';

/** The endpoints served, named after their octokit methods (`octokit.rest.<group>.<name>`). */
export type GithubEndpoint =
  | 'getWorkflowRun'
  | 'listJobsForWorkflowRun'
  | 'listJobsForWorkflowRunAttempt'
  | 'listWorkflowRuns'
  | 'listAnnotations'
  | 'compareCommits';

/**
 * Canned failures, each with GitHub's status, body and headers:
 * - `forbidden`: 403 "Resource not accessible by integration" (the token lacks the `permissions:` scope)
 * - `not-found`: 404 "Not Found"
 * - `server-error` / `bad-gateway`: 500 JSON / 502 with a non-JSON body
 * - `secondary-rate-limit`: 403 with `retry-after` and the secondary-limit message
 * - `rate-limit`: the primary limit, 403 with `x-ratelimit-remaining: 0`
 */
export type GithubFailure =
  'forbidden' | 'not-found' | 'server-error' | 'bad-gateway' | 'secondary-rate-limit' | 'rate-limit';

export interface GithubApiMode {
  /** Answer with this failure instead of the data. */
  fail?: GithubFailure;
  /** Wait this long first (a timeout test); without `fail` the request is then answered normally. */
  delayMs?: number;
  /** `retry-after` of a `secondary-rate-limit`; 60 when absent. */
  retryAfterSeconds?: number;
  /** Destroy the connection without an answer (recorded with status 0). */
  dropConnection?: boolean;
}

/** A one-shot mode: taken by the first request it matches, then gone. */
export interface GithubApiFault extends GithubApiMode {
  /** Only requests to this endpoint take it; any endpoint when absent. */
  endpoint?: GithubEndpoint;
}

export interface GithubApiSettings {
  /** '' serves `https://127.0.0.1:PORT/repos/...` like api.github.com; '/api/v3' serves like GHES. */
  pathPrefix: string;
  /** Requests per hour before the primary rate limit answers 403; 1,000 like a GITHUB_TOKEN. */
  rateLimitPerHour: number;
  /** Standing answers per endpoint, until changed; a pending fault goes first. */
  modes: Partial<Record<GithubEndpoint, GithubApiMode>>;
}

export interface GithubApiOptions extends Partial<GithubApiSettings> {
  /** The token requests must carry; a random `ghs_...` installation-token look-alike by default. */
  token?: string;
  /** The world the API describes; `defaultScenario()` when absent. */
  scenario?: GithubScenario;
  faults?: GithubApiFault[];
}

export type AuthScheme = 'token' | 'bearer' | 'none' | 'other';

export interface GithubApiRequestRecord {
  at: number;
  method: string;
  /** Path as received, without the prefix, e.g. `/repos/octo-org/octo-repo/actions/runs/1658821493`. */
  path: string;
  query: Record<string, string>;
  /** undefined when no endpoint matched the path. */
  endpoint?: GithubEndpoint;
  /** HTTP status sent; 0 while pending or when the connection was dropped. */
  status: number;
  /** The scheme of the `authorization` header; the token itself is never recorded. */
  authScheme: AuthScheme;
  authMatched: boolean;
}

/** What tests see as `sandbox.githubApi`. */
export interface GithubApi {
  /** `GITHUB_API_URL`: origin plus the path prefix. */
  readonly url: string;
  readonly origin: string;
  /** Pass it to the action as its GitHub token input. */
  readonly token: string;
  /** The live scenario: mutate it in place or replace it with setScenario(). */
  readonly scenario: GithubScenario;
  readonly requests: GithubApiRequestRecord[];
  /** Live settings; change them with configure(). */
  readonly settings: GithubApiSettings;
  setScenario(scenario: GithubScenario): void;
  /** Replaces the pending one-shot faults. */
  setFaults(faults: GithubApiFault[]): void;
  configure(changes: Partial<GithubApiSettings>): void;
  /** The runner variables that point @actions/github at this stand-in and match the scenario's run. */
  env(): Record<string, string>;
}

export interface GithubApiStandIn extends GithubApi {
  /** Clears records, faults and rate-limit use; restores the settings and scenario it started with. */
  reset(): void;
  close(): Promise<void>;
}
