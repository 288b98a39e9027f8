export const id = 497;
export const ids = [497];
export const modules = {

/***/ 5497:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  MsalTokenProvider: () => (/* binding */ MsalTokenProvider)
});

// UNUSED EXPORTS: authorityMetadata

// EXTERNAL MODULE: ./node_modules/@azure/msal-node/dist/index.mjs + 115 modules
var dist = __webpack_require__(2669);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/net-errors.ts
var net_errors = __webpack_require__(6926);
;// CONCATENATED MODULE: ./src/auth/entra-errors.ts
// Entra ID answers, turned into what the user should do. Classified from structured fields: the OAuth
// `error`, the AADSTS number (`error_codes[0]`, msal's errorNo), the HTTP status; never from message text.


const AADSTS = {
    7000215: {
        what: 'the client secret is wrong',
        fix: "Use the secret's VALUE (shown once when it was created), not its Secret ID, and check the repository secret has no stray spaces or line breaks.",
    },
    7000222: {
        what: 'the client secret has expired',
        fix: 'Create a new client secret on the app registration and update the repository secret; a certificate or GitHub OIDC avoids expiring secrets.',
    },
    7000218: {
        what: 'the request carried no client secret or assertion',
        fix: 'The client-secret input is empty at run time: check the secret exists and is passed to this workflow.',
    },
    700016: {
        what: 'no application with this client id exists in the tenant',
        fix: 'Check client-id (Application (client) ID), tenant-id (Directory (tenant) ID) and, for a government or China tenant, the cloud.',
    },
    90002: {
        what: 'the tenant was not found',
        fix: 'Check tenant-id (a GUID or a domain like contoso.onmicrosoft.com) and the authority host for your cloud.',
    },
    7000229: {
        what: 'the application has no service principal in this tenant',
        fix: 'Grant admin consent to the app in this tenant (Entra admin center > Enterprise applications), which creates its service principal.',
    },
    7000112: {
        what: 'the application is disabled',
        fix: 'An administrator disabled the app (Enterprise applications > Properties > Enabled for users to sign-in).',
    },
    1002012: {
        what: 'the scope is not valid for an app-only token',
        fix: "Use scope https://outlook.office365.com/.default (or your cloud's equivalent); SMTP.SendAsApp is granted on the app, not requested as a scope.",
    },
    70011: {
        what: 'the scope is malformed',
        fix: "Use scope https://outlook.office365.com/.default (or your cloud's equivalent).",
    },
    500011: {
        what: 'the resource in the scope does not exist in this tenant',
        fix: 'Check the scope host: https://outlook.office365.com/.default for the public cloud; the tenant needs Exchange Online.',
    },
    700024: {
        what: 'the client assertion has expired or is not yet valid',
        fix: 'Check the runner clock. A GitHub ID token lives about five minutes; the action fetches a fresh one for each request.',
    },
    700027: {
        what: 'the client assertion signature could not be verified',
        fix: 'Upload the certificate (public part) to the app registration (Certificates & secrets), and make sure the private key in client-certificate belongs to it.',
    },
    53003: {
        what: 'a Conditional Access policy blocked the sign-in',
        fix: 'Review Conditional Access policies that target workload identities (service principals) and the runner IP ranges.',
    },
    530035: {
        what: 'security defaults or a Conditional Access policy blocked the sign-in',
        fix: 'Review Conditional Access / security defaults for workload identities.',
    },
};
const FEDERATION_CODES = new Set([70021, 700211, 700212, 700213, 7002138]);
/** Reads `Retry-After` (seconds or an HTTP date) into milliseconds. */
function retryAfterMs(headers, now) {
    const value = headers?.['retry-after'];
    if (value === undefined)
        return undefined;
    if (/^\d+$/.test(value.trim()))
        return Number(value.trim()) * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
/** Turns whatever msal threw, plus what the network layer saw, into one ActionError. */
function toEntraError(thrown, details, context) {
    if (details.transportError !== undefined && details.status === undefined) {
        const code = (0,net_errors/* findErrorCode */.Z)(details.transportError) ?? 'ERR_NETWORK';
        const known = (0,net_errors/* describeNetworkFailure */.K)(code, context.host);
        return new errors/* ActionError */.lZ(`The token request to ${context.host} failed: ${known?.reason ?? describe(details.transportError)}`, {
            code,
            stage: 'token',
            hint: known?.hint,
            transient: known?.transient ?? true,
            cause: details.transportError,
        });
    }
    const body = details.body ?? {};
    const msal = typeof thrown === 'object' && thrown !== null ? thrown : {};
    const oauthError = stringField(body.error) ?? stringField(msal.errorCode) ?? 'unknown_error';
    const aadsts = firstCode(body.error_codes) ?? numberish(msal.errorNo);
    const status = details.status ?? numberish(msal.status);
    const ids = traceIds(body);
    const label = aadsts === undefined ? oauthError : `AADSTS${aadsts} ${oauthError}`;
    const throttled = status === 429 ||
        (status !== undefined && status >= 500) ||
        oauthError === 'temporarily_unavailable' ||
        aadsts === 90033;
    if (throttled) {
        return new errors/* ActionError */.lZ(`Entra ID is busy or unavailable (HTTP ${status ?? '?'}, ${label})${ids}`, {
            code: aadsts === undefined ? `HTTP${status ?? ''}` : `AADSTS${aadsts}`,
            stage: 'token',
            transient: true,
            retryAfterMs: retryAfterMs(details.headers, context.now),
            hint: 'This is usually temporary; the action retries with backoff within its time limit.',
            cause: thrown,
        });
    }
    const known = aadsts === undefined ? undefined : AADSTS[aadsts];
    if (aadsts !== undefined && FEDERATION_CODES.has(aadsts)) {
        return new errors/* ActionError */.lZ(`Entra ID refused the GitHub OIDC token (${label}): no federated credential matches it${ids}`, {
            code: `AADSTS${aadsts}`,
            stage: 'token',
            hint: context.federationHelp?.(body) ??
                'Add a federated credential on the app whose issuer, subject and audience match the GitHub token exactly (case-sensitive).',
            cause: thrown,
        });
    }
    if (known) {
        return new errors/* ActionError */.lZ(`Entra ID refused the token request (${label}): ${known.what}${ids}`, {
            code: `AADSTS${aadsts}`,
            stage: 'token',
            hint: known.fix,
            cause: thrown,
        });
    }
    const description = stringField(body.error_description)?.split(/\r?\n/)[0];
    return new errors/* ActionError */.lZ(`Entra ID refused the token request (${label})${description ? `: ${description}` : ''}${ids}`, {
        code: aadsts === undefined ? oauthError : `AADSTS${aadsts}`,
        stage: 'token',
        hint: aadsts === undefined
            ? undefined
            : `Look up AADSTS${aadsts} in Microsoft's error reference (https://login.microsoftonline.com/error?code=${aadsts}).`,
        cause: thrown,
    });
}
function traceIds(body) {
    const trace = stringField(body.trace_id);
    const correlation = stringField(body.correlation_id);
    if (!trace && !correlation)
        return '';
    return ` [trace id ${trace ?? '-'}, correlation id ${correlation ?? '-'}]`;
}
function firstCode(value) {
    return Array.isArray(value) ? numberish(value[0]) : undefined;
}
function numberish(value) {
    if (typeof value === 'number' && Number.isFinite(value))
        return value;
    if (typeof value === 'string' && /^\d+$/.test(value))
        return Number(value);
    return undefined;
}
function stringField(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}
function describe(err) {
    return err instanceof Error ? err.message : String(err);
}

// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
;// CONCATENATED MODULE: ./src/auth/https.ts
// A small HTTPS client for the token and ID-token requests: a hard timeout on every request, the real
// network or TLS cause kept on the error (Node's fetch hides it behind "fetch failed"), and certificate
// verification always on (a test CA is trusted through NODE_EXTRA_CA_CERTS, never by switching checks off).

/** A request that never reached an HTTP response: DNS, connect, TLS or timeout. */
class TransportError extends Error {
    code;
    constructor(message, code, cause) {
        super(message, cause === undefined ? undefined : { cause });
        this.name = 'TransportError';
        this.code = code;
    }
}
const MAX_BODY = 1024 * 1024;
function httpsRequest(req) {
    return new Promise((resolve, reject) => {
        const url = new URL(req.url);
        if (url.protocol !== 'https:') {
            reject(new TransportError(`refusing a non-https URL: ${url.origin}`, 'ERR_INSECURE_URL'));
            return;
        }
        const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
        const headers = { ...req.headers };
        if (body)
            headers['content-length'] = String(body.length);
        const outgoing = (0,external_node_https_.request)(url, { method: req.method, headers, minVersion: 'TLSv1.2', timeout: req.timeoutMs, agent: false }, (res) => {
            const chunks = [];
            let size = 0;
            res.on('data', (chunk) => {
                size += chunk.length;
                if (size > MAX_BODY) {
                    res.destroy(new TransportError(`response from ${url.host} is larger than 1 MiB`, 'ERR_TOO_LARGE'));
                    return;
                }
                chunks.push(chunk);
            });
            res.on('error', (err) => reject(wrap(err, url)));
            res.on('end', () => {
                const flat = {};
                for (const [name, value] of Object.entries(res.headers)) {
                    if (value !== undefined)
                        flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
                }
                resolve({
                    status: res.statusCode ?? 0,
                    headers: flat,
                    body: Buffer.concat(chunks).toString('utf8'),
                });
            });
        });
        const deadline = setTimeout(() => {
            outgoing.destroy(new TransportError(`no answer from ${url.host} within ${req.timeoutMs} ms`, 'ETIMEDOUT'));
        }, req.timeoutMs);
        outgoing.on('close', () => clearTimeout(deadline));
        outgoing.on('timeout', () => {
            outgoing.destroy(new TransportError(`connection to ${url.host} went silent for ${req.timeoutMs} ms`, 'ETIMEDOUT'));
        });
        outgoing.on('error', (err) => reject(wrap(err, url)));
        outgoing.end(body);
    });
}
function wrap(err, url) {
    if (err instanceof TransportError)
        return err;
    const code = err.code;
    const text = typeof code === 'string' ? code : 'ERR_NETWORK';
    return new TransportError(`${url.host}: ${err.message}`, text, err);
}

;// CONCATENATED MODULE: ./src/auth/msal.ts
// The msal-node adapter behind the token port. Loaded lazily (see token.ts): it is the largest module
// on the send path and a dry run never needs it.




/**
 * Sends msal's requests through our HTTPS client (timeout, real causes) and remembers the last
 * exchange, because msal replaces a network failure with a generic "network_error".
 */
class RecordingNetworkClient {
    timeoutMs;
    last = {};
    constructor(timeoutMs) {
        this.timeoutMs = timeoutMs;
    }
    sendGetRequestAsync(url, options, timeout) {
        return this.send('GET', url, options, timeout);
    }
    sendPostRequestAsync(url, options) {
        return this.send('POST', url, options);
    }
    async send(method, url, options, timeout) {
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
            return { status: res.status, headers: res.headers, body: body };
        }
        catch (err) {
            this.last = { transportError: err };
            throw err;
        }
    }
}
function authorityMetadata(authorityHost, tenantId) {
    const base = `${authorityHost}/${tenantId}`;
    return JSON.stringify({
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        issuer: `${base}/v2.0`,
    });
}
class MsalTokenProvider {
    settings;
    options;
    cached;
    constructor(settings, options) {
        this.settings = settings;
        this.options = options;
    }
    async getToken(request = {}) {
        const now = this.options.now();
        // Reuse a token with at least five minutes left; msal's own cache is bypassed so that every msal
        // call is exactly one token request (and, later, one client assertion).
        if (!request.fresh && this.cached && this.cached.expiresOnMs - now > 5 * 60_000)
            return this.cached;
        const network = new RecordingNetworkClient(this.options.requestTimeoutMs);
        // A new client per request: msal remembers a 429/5xx per instance and would replay it without asking.
        const client = new dist/* ConfidentialClientApplication */.WR(this.clientConfiguration(network));
        let result;
        try {
            result = await client.acquireTokenByClientCredential({
                scopes: [this.settings.scope],
                skipCache: true,
            });
        }
        catch (err) {
            throw toEntraError(err, network.last, {
                host: new URL(this.settings.authorityHost).host,
                now: this.options.now(),
            });
        }
        const token = result?.accessToken ?? '';
        if (token === '') {
            throw new errors/* ActionError */.lZ('Entra ID answered the token request without an access token', {
                code: 'EMPTY_TOKEN',
                stage: 'token',
                transient: true,
            });
        }
        this.options.mask(token);
        const expiresOnMs = result?.expiresOn?.getTime() ?? now + 60 * 60_000;
        this.cached = { token, expiresOnMs };
        this.options.debug(`Access token acquired; it expires at ${new Date(expiresOnMs).toISOString()}`);
        return this.cached;
    }
    clientConfiguration(network) {
        const { authorityHost, tenantId, clientId, credential } = this.settings;
        return {
            auth: {
                clientId,
                authority: `${authorityHost}/${tenantId}`,
                clientSecret: credential.secret,
                // Declaring the host known and handing over its metadata means the token POST is the only
                // request: no instance discovery and no OpenID document fetch, for any https authority host.
                knownAuthorities: [new URL(authorityHost).host],
                authorityMetadata: authorityMetadata(authorityHost, tenantId),
            },
            system: {
                networkClient: network,
                loggerOptions: {
                    piiLoggingEnabled: false,
                    logLevel: dist/* LogLevel */.$b.Error,
                    loggerCallback: (_level, message, containsPii) => {
                        if (!containsPii)
                            this.options.debug(`msal: ${message}`);
                    },
                },
            },
        };
    }
}
function parseJsonObject(text) {
    try {
        const value = JSON.parse(text);
        return typeof value === 'object' && value !== null && !Array.isArray(value)
            ? value
            : {};
    }
    catch {
        return {};
    }
}


/***/ }),

/***/ 6926:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ describeNetworkFailure),
/* harmony export */   Z: () => (/* binding */ findErrorCode)
/* harmony export */ });
// What a failed connection means to the user, from Node's structured error codes (never from message text).
// Shared by the token request and the SMTP connection, which fail the same ways.
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
function describeNetworkFailure(code, host) {
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
            hint: `Check the host input: it must be the name the server's certificate is issued for (for Exchange Online: smtp.office365.com).`,
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
function findErrorCode(err, depth = 0) {
    if (depth > 6 || typeof err !== 'object' || err === null)
        return undefined;
    const code = err.code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code))
        return code;
    return findErrorCode(err.cause, depth + 1);
}


/***/ })

};
