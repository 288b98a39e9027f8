export const id = 829;
export const ids = [829];
export const modules = {

/***/ 5829:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MsalTokenProvider: () => (/* binding */ MsalTokenProvider)
/* harmony export */ });
/* unused harmony export authorityMetadata */
/* harmony import */ var _azure_msal_node__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2669);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _entra_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9740);
/* harmony import */ var _https_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(923);
/* harmony import */ var _token_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8955);
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
            const res = await (0,_https_js__WEBPACK_IMPORTED_MODULE_3__/* .httpsRequest */ .L)({
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
    credential;
    options;
    cached;
    constructor(settings, credential, options) {
        this.settings = settings;
        this.credential = credential;
        this.options = options;
    }
    async getToken(request = {}) {
        const now = this.options.now();
        // Reuse a token that is not due for renewal; msal's own cache is bypassed so that every msal call
        // is exactly one token request (and one client assertion).
        if (!request.fresh && this.cached && !(0,_token_js__WEBPACK_IMPORTED_MODULE_4__/* .needsRenewal */ .ex)(this.cached, now))
            return this.cached;
        const network = new RecordingNetworkClient(this.options.requestTimeoutMs);
        // A new client per request: msal remembers a 429/5xx per instance and would replay it without asking.
        const client = new _azure_msal_node__WEBPACK_IMPORTED_MODULE_0__/* .ConfidentialClientApplication */ .WR(this.clientConfiguration(network));
        let result;
        try {
            result = await client.acquireTokenByClientCredential({
                scopes: [this.settings.scope],
                skipCache: true,
            });
        }
        catch (err) {
            // The assertion callback failed (e.g. the GitHub ID-token request): msal rethrows it as it was,
            // and no token request was made, so there is nothing of Entra's to classify.
            if (err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ)
                throw err;
            const credential = this.credential;
            throw (0,_entra_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .toEntraError */ ._f)(err, network.last, {
                host: new URL(this.settings.authorityHost).host,
                now: this.options.now(),
                credentialHelp: credential.kind === 'assertion' ? credential.explainRejection : undefined,
            });
        }
        const token = result?.accessToken ?? '';
        if (token === '') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ('Entra ID answered the token request without an access token', {
                code: 'EMPTY_TOKEN',
                stage: 'token',
                transient: true,
            });
        }
        this.options.mask(token);
        const expiresOnMs = result?.expiresOn?.getTime() ?? now + 60 * 60_000;
        this.cached = { token, expiresOnMs, obtainedAtMs: now };
        this.options.debug(`Access token acquired; it expires at ${new Date(expiresOnMs).toISOString()}`);
        return this.cached;
    }
    clientConfiguration(network) {
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
                        clientAssertion: ({ tokenEndpoint }) => credential.createAssertion(tokenEndpoint ?? `${authorityHost}/${tenantId}/oauth2/v2.0/token`),
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
                    logLevel: this.options.protocolLog ? _azure_msal_node__WEBPACK_IMPORTED_MODULE_0__/* .LogLevel */ .$b.Verbose : _azure_msal_node__WEBPACK_IMPORTED_MODULE_0__/* .LogLevel */ .$b.Error,
                    loggerCallback: (_level, message, containsPii) => {
                        if (containsPii)
                            return;
                        (this.options.protocolLog ?? this.options.debug)(`msal: ${message}`);
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


/***/ })

};
