// A GitHubReader served in-process from a sandbox scenario: the same routes and the same JSON the
// sandbox's GitHub REST API stand-in answers with, turned into records by the adapter's own parsers,
// with no network. For unit tests of what the action makes of real payload shapes; the octokit
// adapter itself is tested against the stand-in over HTTPS (test/unit/github/octokit.test.ts).
import { annotationRecord, compareRecord, jobRecord, runRecord } from '../../src/github/records.js';
import { list } from '../../src/json.js';
import type { GithubReader } from '../../src/github/port.js';
import { GithubReadError } from '../../src/github/errors.js';
import { matchRoute } from '../sandbox/github-api-routes.js';
import type { GithubScenario } from '../sandbox/github-api-scenario.js';
import type { GithubEndpoint } from '../sandbox/github-api-types.js';

export interface ScenarioReader extends GithubReader {
  /** Endpoints asked, in order. */
  readonly calls: GithubEndpoint[];
}

/** `fail`: endpoints that answer 403, as a token without the scope gets. */
export function scenarioReader(
  scenario: () => GithubScenario,
  fail: Partial<Record<GithubEndpoint, 'forbidden' | 'unavailable'>> = {},
): ScenarioReader {
  const calls: GithubEndpoint[] = [];
  const get = (path: string): unknown => {
    const url = new URL(path, 'https://api.example');
    const s = scenario();
    const repo = `/repos/${s.repository.owner.login}/${s.repository.name}`;
    const match = matchRoute(s, `${repo}${url.pathname}`);
    if (!match) throw new Error(`no route for ${path}`);
    calls.push(match.endpoint);
    const failure = fail[match.endpoint];
    if (failure === 'forbidden') {
      throw new GithubReadError(
        'GitHub answered 403 "Resource not accessible by integration"',
        'forbidden',
        403,
        {},
      );
    }
    if (failure === 'unavailable') {
      throw new GithubReadError('GitHub answered 502', 'unavailable', 502, { transient: true });
    }
    const answer = match.answer({
      scenario: s,
      urls: { api: 'https://api.github.com', web: s.serverUrl },
      query: url.searchParams,
      linkBase: new URL(`https://api.github.com/repositories/${s.repository.id}${match.rest}`),
    });
    if (answer.status !== 200) {
      throw new GithubReadError(`GitHub answered ${answer.status}`, 'not-found', answer.status, {});
    }
    return answer.body;
  };
  const body = (value: unknown): Record<string, unknown> => value as Record<string, unknown>;
  return {
    calls,
    jobs(runId, attempt, maxJobs) {
      const data = body(get(`/actions/runs/${runId}/attempts/${attempt}/jobs?per_page=100`));
      const jobs = list(data.jobs).map(jobRecord).slice(0, maxJobs);
      return Promise.resolve({ jobs, total: Number(data.total_count) });
    },
    annotations(checkRunId, max) {
      return Promise.resolve(
        list(get(`/check-runs/${checkRunId}/annotations?per_page=${max}`)).map(annotationRecord),
      );
    },
    run(runId) {
      return Promise.resolve(runRecord(get(`/actions/runs/${runId}`)));
    },
    completedRuns(workflow, branch, perPage) {
      const q = new URLSearchParams({ branch, status: 'completed', per_page: String(perPage) });
      return Promise.resolve(
        list(body(get(`/actions/workflows/${workflow}/runs?${q.toString()}`)).workflow_runs).map(runRecord),
      );
    },
    compare(base, head) {
      return Promise.resolve(compareRecord(get(`/compare/${base}...${head}`)));
    },
  };
}
