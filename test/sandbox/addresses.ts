// Which sandbox server answers each default public host name the action uses, as routes for a
// CONNECT proxy.

export type SandboxService = 'entra' | 'oidc' | 'smtp';

export type ServicePorts = Record<SandboxService, number>;

/**
 * The action's default 'host:port' targets and the stand-in behind each. When the action reaches a
 * new default host (Graph, GitHub's API), add its row here (and its name to ca.ts's certificate).
 */
const DEFAULT_HOST_SERVICES: Readonly<Record<string, SandboxService>> = {
  'login.microsoftonline.com:443': 'entra',
  'smtp.office365.com:587': 'smtp',
};

/** Routes for startConnectProxy(): each default 'host:port' -> the port that answers for it. */
export function defaultHostRoutes(ports: ServicePorts): Record<string, number> {
  return Object.fromEntries(
    Object.entries(DEFAULT_HOST_SERVICES).map(([target, service]) => [target, ports[service]]),
  );
}
