// Where the sandbox's services are reached: their own ports, or latency relays in front of them
// when the sandbox emulates a network's round trip, and which of them answers each default public
// host name the action uses (for a CONNECT proxy's routes).
import { startLatencyRelay } from './latency-relay.js';
import type { LatencyRelay } from './latency-relay.js';
import type { Resources } from './lifecycle.js';

export type SandboxService = 'entra' | 'oidc' | 'smtp' | 'graph' | 'githubApi';

export type ServicePorts = Record<SandboxService, number>;

/**
 * The action's default 'host:port' targets and the stand-in behind each. When the action reaches a
 * new default host (Graph, GitHub's API), add its row here (and its name to ca.ts's certificate).
 */
const DEFAULT_HOST_SERVICES: Readonly<Record<string, SandboxService>> = {
  'login.microsoftonline.com:443': 'entra',
  'smtp.office365.com:587': 'smtp',
  'graph.microsoft.com:443': 'graph',
  'api.github.com:443': 'githubApi',
};

/** Routes for startConnectProxy(): each default 'host:port' -> the port that answers for it. */
export function defaultHostRoutes(ports: ServicePorts): Record<string, number> {
  return Object.fromEntries(
    Object.entries(DEFAULT_HOST_SERVICES).map(([target, service]) => [target, ports[service]]),
  );
}

/** `url` with its port replaced: the same endpoint, reached through a relay. */
export function withPort(url: string, port: number): string {
  const u = new URL(url);
  u.port = String(port);
  return u.href;
}

export interface AdvertisedPorts {
  ports: ServicePorts;
  close(): Promise<void>;
}

/**
 * The ports the sandbox hands out: the servers' own, or, with `latencyMs` (a round trip), latency
 * relays in front of every server, so each round trip a client makes costs `latencyMs`.
 */
export async function advertisedPorts(
  servers: ServicePorts,
  latencyMs: number | undefined,
  resources: Resources,
): Promise<AdvertisedPorts> {
  if (latencyMs === undefined) return { ports: servers, close: () => Promise.resolve() };
  const relays: LatencyRelay[] = [];
  const close = async () => {
    await Promise.all(relays.map((relay) => relay.close()));
  };
  const ports: ServicePorts = { ...servers };
  try {
    for (const service of Object.keys(servers) as SandboxService[]) {
      const relay = await startLatencyRelay({
        targetPort: servers[service],
        oneWayMs: latencyMs / 2,
        resources,
      });
      relays.push(relay);
      ports[service] = relay.port;
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { ports, close };
}
