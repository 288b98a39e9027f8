// GitHub REST API stand-in for the failure-alert feature: a workflow run, its jobs and steps,
// check-run annotations, the workflow's earlier runs and a comparison of commits, served from a
// scenario (github-api-scenario.ts) under an optional GHES-style prefix, with GitHub's pagination,
// authentication, rate-limit headers and error bodies, plus modes and faults for the failure paths.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerIdentity } from './ca.js';
import { defaultScenario } from './github-api-default.js';
import { badCredentials, failureAnswer, notFound } from './github-api-errors.js';
import type { Answer } from './github-api-errors.js';
import { runnerEnv } from './github-api-env.js';
import { matchRoute } from './github-api-routes.js';
import type {
  AuthScheme,
  GithubApiFault,
  GithubApiOptions,
  GithubApiRequestRecord,
  GithubApiSettings,
  GithubApiStandIn,
} from './github-api-types.js';
import { FaultQueue } from './faults.js';
import { sendJson, startHttpsEndpoint } from './https-endpoint.js';
import type { Resources } from './lifecycle.js';

export type * from './github-api-types.js';

const HOUR_MS = 3_600_000;
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Looks like a GITHUB_TOKEN (an installation token): `ghs_` and 36 base62 characters. */
export function installationToken(): string {
  return 'ghs_' + Array.from(randomBytes(36), (b) => BASE62[b % BASE62.length] ?? 'x').join('');
}

function authOf(header: string | undefined, token: string): { scheme: AuthScheme; matched: boolean } {
  if (header === undefined) return { scheme: 'none', matched: false };
  const m = /^(token|bearer)\s+(\S+)\s*$/i.exec(header);
  if (!m) return { scheme: 'other', matched: false };
  return { scheme: m[1]?.toLowerCase() === 'token' ? 'token' : 'bearer', matched: m[2] === token };
}

function send(res: ServerResponse, answer: Answer, headers: Record<string, string>): void {
  const all = { ...headers, ...answer.headers };
  if (answer.contentType === undefined) {
    sendJson(res, answer.status, answer.body, all);
    return;
  }
  const text = String(answer.body);
  res.writeHead(answer.status, {
    ...{ 'Content-Type': answer.contentType, 'Content-Length': String(Buffer.byteLength(text)) },
    ...all,
  });
  res.end(text);
}

export async function startGithubApi(
  identity: ServerIdentity,
  resources: Resources,
  options: GithubApiOptions = {},
): Promise<GithubApiStandIn> {
  const token = options.token ?? installationToken();
  const initial: { settings: GithubApiSettings; scenario: GithubApiStandIn['scenario'] } = {
    settings: {
      pathPrefix: options.pathPrefix ?? '',
      rateLimitPerHour: options.rateLimitPerHour ?? 1000,
      modes: options.modes ?? {},
    },
    // A copy: what reset() restores must not follow later changes to the caller's object.
    scenario: structuredClone(options.scenario ?? defaultScenario()),
  };
  const settings = structuredClone(initial.settings);
  let scenario = structuredClone(initial.scenario);
  const faults = new FaultQueue<GithubApiFault>();
  faults.set(options.faults ?? []);
  const requests: GithubApiRequestRecord[] = [];
  // The primary limit: a fixed hourly window, as GitHub's x-ratelimit-reset describes it.
  const quota = { used: 0, windowStart: Date.now() };
  let origin = '';
  const prefix = () => settings.pathPrefix.replace(/\/+$/, '');

  /** Counts one request against the primary limit; the x-ratelimit-* headers after it. */
  function spend(): Record<string, string> {
    if (Date.now() - quota.windowStart >= HOUR_MS) Object.assign(quota, { used: 0, windowStart: Date.now() });
    quota.used++;
    const limit = settings.rateLimitPerHour;
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - quota.used)),
      'x-ratelimit-reset': String(Math.ceil((quota.windowStart + HOUR_MS) / 1000)),
      'x-ratelimit-used': String(Math.min(quota.used, limit)),
      'x-ratelimit-resource': 'core',
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const base = prefix();
    const inPrefix = base === '' || url.pathname.startsWith(`${base}/`);
    const path = inPrefix ? url.pathname.slice(base.length) : url.pathname;
    const auth = authOf(req.headers.authorization, token);
    const record: GithubApiRequestRecord = {
      ...{ at: Date.now(), method: req.method ?? '', path, query: Object.fromEntries(url.searchParams) },
      ...{ status: 0, authScheme: auth.scheme, authMatched: auth.matched },
    };
    requests.push(record);
    const requestId = randomBytes(10)
      .toString('hex')
      .toUpperCase()
      .replace(/(.{4})(.{4})(.{6})(.{6})/, '$1:$2:$3:$4');
    const common: Record<string, string> = {
      'x-github-request-id': requestId,
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
    };
    const reply = (answer: Answer, headers: Record<string, string> = {}) => {
      record.status = answer.status;
      send(res, answer, { ...common, ...headers });
    };
    const match = inPrefix && req.method === 'GET' ? matchRoute(scenario, path) : undefined;
    if (!match) {
      reply(notFound());
      return;
    }
    const endpoint = (record.endpoint = match.endpoint);
    if (auth.scheme !== 'none' && !auth.matched) {
      reply(badCredentials());
      return;
    }
    // Without a token a private repository does not exist, as far as GitHub tells.
    if (auth.scheme === 'none' && scenario.repository.private) {
      reply(notFound(endpoint));
      return;
    }
    const rateHeaders = auth.matched ? spend() : {};
    const mode =
      quota.used > settings.rateLimitPerHour
        ? { fail: 'rate-limit' as const }
        : (faults.take((f) => f.endpoint === undefined || f.endpoint === endpoint) ??
          settings.modes[endpoint]);
    if (mode) {
      await resources.sleep(mode.delayMs ?? 0);
      if (mode.dropConnection || res.destroyed) {
        req.socket.destroy();
        return;
      }
      if (mode.fail) {
        reply(
          failureAnswer(mode.fail, {
            endpoint,
            requestId,
            rateHeaders,
            retryAfterSeconds: mode.retryAfterSeconds,
          }),
        );
        return;
      }
    }
    const api = `${origin}${base}`;
    const linkBase = new URL(`${api}/repositories/${scenario.repository.id}${match.rest}${url.search}`);
    const urls = { api, web: scenario.serverUrl.replace(/\/+$/, '') };
    reply(match.answer({ scenario, urls, query: url.searchParams, linkBase }), rateHeaders);
  }

  const endpoint = await startHttpsEndpoint(identity, resources, handle);
  origin = endpoint.origin;
  const standIn: GithubApiStandIn = {
    get url() {
      return `${origin}${prefix()}`;
    },
    origin,
    token,
    get scenario() {
      return scenario;
    },
    requests,
    settings,
    setScenario(next) {
      scenario = next;
    },
    setFaults: (list) => faults.set(list),
    configure(changes) {
      Object.assign(settings, structuredClone(changes));
    },
    env: () => runnerEnv(scenario, origin, prefix()),
    reset() {
      requests.length = 0;
      faults.set([]);
      Object.assign(quota, { used: 0, windowStart: Date.now() });
      standIn.configure(initial.settings);
      scenario = structuredClone(initial.scenario);
    },
    close: () => endpoint.close(),
  };
  return standIn;
}
