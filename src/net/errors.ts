// What a failed connection means to the user, from Node's structured error codes and the proxy's status
// (never from message text). Shared by the token request, the SMTP connection and every HTTPS call.
import { ProxyError } from './proxy.js';

export interface NetworkFailure {
  readonly reason: string;
  readonly hint: string;
  readonly transient: boolean;
}

const TLS_TRUST = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

const TRANSIENT = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

/** Undefined when the code is not a network or TLS failure this table knows. */
export function describeNetworkFailure(code: string, host: string): NetworkFailure | undefined {
  if (TLS_TRUST.has(code)) {
    return {
      reason: `the TLS certificate of ${host} is not trusted (${code})`,
      hint: `Check that ${host} is the right host. Behind a TLS-inspecting proxy, add its root CA with the NODE_EXTRA_CA_CERTS environment variable; certificate checks cannot be switched off.`,
      transient: false,
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      reason: `the TLS certificate presented by ${host} is for a different host name (${code})`,
      hint: `Check the host inputs (smtp-host, graph-host, authority-host): each must be the name the server's certificate is issued for, as the cloud's defaults are.`,
      transient: false,
    };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return {
      reason: `the TLS certificate of ${host} is outside its validity period (${code})`,
      hint: 'Check the runner clock, or whether a proxy is presenting a stale certificate.',
      transient: false,
    };
  }
  if (code === 'ENOTFOUND') {
    return {
      reason: `the host name ${host} does not resolve (${code})`,
      hint: 'Check the spelling of the host input and that the runner can resolve public DNS names.',
      transient: false,
    };
  }
  if (TRANSIENT.has(code)) {
    return {
      reason: `the connection to ${host} failed (${code})`,
      hint: `Check that the runner can reach ${host} (firewall, proxy, self-hosted runner egress rules).`,
      transient: true,
    };
  }
  return undefined;
}

/** Walks an error's cause chain for the first Node error code. */
export function findErrorCode(err: unknown, depth = 0): string | undefined {
  if (depth > 6 || typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
  return findErrorCode((err as { cause?: unknown }).cause, depth + 1);
}

/** A proxy's refusal or failure anywhere in the cause chain, said in full; undefined when none. */
export function describeProxyFailure(err: unknown): NetworkFailure | undefined {
  const proxyError = findProxyError(err);
  if (!proxyError) return undefined;
  const { proxy, target, answer, status } = proxyError;
  if (status === 407) {
    return {
      reason: `the proxy ${proxy} asked for credentials for the tunnel to ${target} (${answer})`,
      hint: 'Put the proxy user and password in the proxy URL (http://user:password@host:port) in HTTPS_PROXY or smtp-proxy; the password is masked in the log.',
      transient: false,
    };
  }
  if (status !== undefined) {
    return {
      reason: `the proxy ${proxy} refused the tunnel to ${target} (${answer})`,
      hint:
        status >= 500
          ? 'The proxy could not reach the host, or is busy; the action retries.'
          : `Ask the proxy's administrators to allow CONNECT to ${target}, or list the host in NO_PROXY if the runner reaches it directly.`,
      transient: status >= 500,
    };
  }
  return {
    reason: `the proxy ${proxy} could not be reached for the tunnel to ${target} (${answer})`,
    hint: 'Check the proxy address in HTTPS_PROXY (or https_proxy) or in smtp-proxy, and that the runner can reach it.',
    transient: true,
  };
}

function findProxyError(err: unknown, depth = 0): ProxyError | undefined {
  if (depth > 6 || typeof err !== 'object' || err === null) return undefined;
  if (err instanceof ProxyError) return err;
  return findProxyError((err as { cause?: unknown }).cause, depth + 1);
}
