// The msal-node adapter behind the token port: one call, one token request. Loaded lazily (see load.ts):
// it is the largest module on the send path and a dry run never needs it. Keeping and renewing tokens
// is token-source.ts's job, not msal's (msal's cache is bypassed).
import {
  ConfidentialClientApplication,
  LogLevel,
  type Configuration,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import type { AuthSettings } from '../config.js';
import type { ClientCredential } from './client-credential.js';
import { ActionError } from '../errors.js';
import { toEntraError, type EntraFailureDetails } from './entra-errors.js';
import { httpsRequest } from '../net/https.js';
import type { AccessToken, TokenProvider, TokenProviderOptions } from './token.js';

/**
 * Sends msal's requests through our HTTPS client (timeout, real causes) and remembers the last
 * exchange, because msal replaces a network failure with a generic "network_error".
 */
class RecordingNetworkClient implements INetworkModule {
  last: EntraFailureDetails = {};
  constructor(private readonly timeoutMs: number) {}

  sendGetRequestAsync<T>(
    url: string,
    options?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    this.last = {};
    try {
      const res = await httpsRequest({
        method,
        url,
        headers: options?.headers,
        body: options?.body,
        timeoutMs: Math.min(timeout ?? this.timeoutMs, this.timeoutMs),
      });
      let body = parseJsonObject(res.body);
      // A proxy or gateway error page is not JSON; give msal an OAuth-shaped error so it fails cleanly,
      // while the real status stays in `last` for classification.
      if ((res.status < 200 || res.status >= 300) && typeof body.error !== 'string') {
        body = { ...body, error: `http_${res.status}` };
      }
      this.last = { status: res.status, headers: res.headers, body };
      return { status: res.status, headers: res.headers, body: body as T };
    } catch (err) {
      this.last = { transportError: err };
      throw err;
    }
  }
}

export function authorityMetadata(authorityHost: string, tenantId: string): string {
  const base = `${authorityHost}/${tenantId}`;
  return JSON.stringify({
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    issuer: `${base}/v2.0`,
  });
}

export class MsalTokenProvider implements TokenProvider {
  constructor(
    private readonly settings: AuthSettings,
    private readonly credential: ClientCredential,
    private readonly options: TokenProviderOptions,
  ) {}

  async getToken(): Promise<AccessToken> {
    const now = this.options.now();
    const network = new RecordingNetworkClient(this.options.requestTimeoutMs);
    // A new client per request: msal remembers a 429/5xx per instance and would replay it without asking.
    const client = new ConfidentialClientApplication(this.clientConfiguration(network));
    let result;
    try {
      result = await client.acquireTokenByClientCredential({
        scopes: [this.settings.scope],
        skipCache: true,
      });
    } catch (err) {
      // The assertion callback failed (e.g. the GitHub ID-token request): msal rethrows it as it was,
      // and no token request was made, so there is nothing of Entra's to classify.
      if (err instanceof ActionError) throw err;
      const credential = this.credential;
      throw toEntraError(err, network.last, {
        host: new URL(this.settings.authorityHost).host,
        now: this.options.now(),
        credentialHelp: credential.kind === 'assertion' ? credential.explainRejection : undefined,
        credentialNote: credential.kind === 'assertion' ? credential.note : undefined,
      });
    }
    const token = result?.accessToken ?? '';
    if (token === '') {
      throw new ActionError('Entra ID answered the token request without an access token', {
        code: 'EMPTY_TOKEN',
        stage: 'token',
        transient: true,
      });
    }
    this.options.mask(token);
    const expiresOnMs = result?.expiresOn?.getTime() ?? now + 60 * 60_000;
    this.options.debug(`Access token acquired; it expires at ${new Date(expiresOnMs).toISOString()}`);
    return { token, expiresOnMs, obtainedAtMs: now };
  }

  private clientConfiguration(network: INetworkModule): Configuration {
    const { authorityHost, tenantId, clientId } = this.settings;
    const credential = this.credential;
    return {
      auth: {
        clientId,
        authority: `${authorityHost}/${tenantId}`,
        // Exactly one credential: msal refuses a configuration with two.
        ...(credential.kind === 'secret'
          ? { clientSecret: credential.secret }
          : {
              clientAssertion: ({ tokenEndpoint }: { tokenEndpoint?: string }) =>
                credential.createAssertion(tokenEndpoint ?? `${authorityHost}/${tenantId}/oauth2/v2.0/token`),
            }),
        // Declaring the host known and handing over its metadata means the token POST is the only
        // request: no instance discovery and no OpenID document fetch, for any https authority host.
        knownAuthorities: [new URL(authorityHost).host],
        authorityMetadata: authorityMetadata(authorityHost, tenantId),
      },
      system: {
        networkClient: network,
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: this.options.protocolLog ? LogLevel.Verbose : LogLevel.Error,
          loggerCallback: (_level, message, containsPii) => {
            if (containsPii) return;
            (this.options.protocolLog ?? this.options.debug)(`msal: ${message}`);
          },
        },
      },
    };
  }
}

function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
