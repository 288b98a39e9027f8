export const id = 543;
export const ids = [543];
export const modules = {

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


/***/ }),

/***/ 1543:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  NodemailerMailer: () => (/* binding */ NodemailerMailer)
});

// EXTERNAL MODULE: ./node_modules/nodemailer/dist/esm/nodemailer.js + 38 modules
var nodemailer = __webpack_require__(6739);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/net-errors.ts
var net_errors = __webpack_require__(6926);
;// CONCATENATED MODULE: ./src/smtp/errors.ts
// SMTP failures, turned into what the user should do. Classified from nodemailer's structured fields
// (`code`, `responseCode`, `command`) and the reply's enhanced status code (RFC 3463, the "5.7.3" that
// follows the reply code), never from the free text.


const SEND_AS_FIX = "Send From the mailbox that signs in (the 'mailbox' input), or grant the app's service principal SendAs on the From address: Add-RecipientPermission -Identity <from> -Trustee <service principal id> -AccessRights SendAs.";
/** Keyed by "reply code + enhanced code", then by enhanced code alone. */
const REPLIES = {
    '535 5.7.3': {
        what: 'Exchange Online rejected the access token for this mailbox',
        fix: [
            'Check, in this order:',
            "1. The app has the Office 365 Exchange Online application permission SMTP.SendAsApp, with admin consent (the token's 'roles' claim must list it).",
            '2. Exchange knows the app: New-ServicePrincipal -AppId <client id> -ObjectId <object id of the ENTERPRISE APPLICATION, not of the app registration>.',
            '3. The service principal may use the mailbox: Add-MailboxPermission -Identity <mailbox> -User <service principal id> -AccessRights FullAccess.',
            "4. The 'mailbox' input (or the address in 'from') is that mailbox's primary SMTP address.",
            '5. Changes can take up to an hour to reach Exchange; retry later if you just made them.',
            'Run with RUNNER_DEBUG=1 to print the decoded token claims (aud, roles, tid, appid, exp), never the token.',
        ].join('\n'),
    },
    '535 5.7.139': {
        what: 'Exchange Online refused SMTP sign-in for this mailbox',
        fix: [
            'Usually SMTP AUTH is turned off: Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false (the mailbox setting overrides the tenant default).',
            'If it is already on, a Conditional Access or authentication policy blocks the app: review policies that apply to workload identities.',
        ].join('\n'),
    },
    '550 5.7.30': {
        what: 'basic authentication is disabled',
        fix: 'The client fell back to a password login; this action only signs in with XOAUTH2. Report this as a bug.',
    },
    '530 5.7.57': {
        what: 'the server refused to accept mail from an unauthenticated session',
        fix: 'The session was not signed in. This action always signs in; check smtp-host points at Exchange Online.',
    },
    '554 5.2.0': {
        what: 'Exchange Online refused to submit the message',
        fix: `If the reply names SendAsDenied: ${SEND_AS_FIX} If it names SubmissionQuotaExceeded: the mailbox reached its 10,000 recipients per day; wait for the 24-hour window to roll or spread sending across mailboxes.`,
    },
    '550 5.7.60': { what: 'the mailbox may not send as the From address', fix: SEND_AS_FIX },
    '432 4.3.2': {
        what: 'too many concurrent connections to the mailbox (Exchange allows 3)',
        fix: 'Other jobs are sending from the same mailbox at the same time; the action retries with backoff. Spread sends across mailboxes or serialise the jobs (concurrency: groups).',
        transient: true,
    },
    '421 4.7.66': {
        what: 'the server refused the TLS version',
        fix: 'Exchange Online requires TLS 1.2 or later; check for a proxy that downgrades TLS.',
        transient: false,
    },
    '452 4.5.3': {
        what: 'too many recipients in one message',
        fix: 'Exchange accepts 500 recipients per message by default and a tenant may set fewer; split the list into several sends.',
        transient: false,
    },
    '5.3.4': {
        what: 'the message is too large',
        fix: 'Exchange Online accepts 35 MB by default (base64 attachments grow by a third): send fewer or smaller attachments, or links.',
    },
    '552': {
        what: 'the message is too large',
        fix: 'Exchange Online accepts 35 MB by default (base64 attachments grow by a third): send fewer or smaller attachments, or links.',
    },
    '5.7.705': {
        what: 'the tenant is blocked from sending',
        fix: 'An administrator must resolve this with Microsoft support (the tenant exceeded sending limits or was flagged).',
    },
    '5.7.708': {
        what: 'the sending IP has a poor reputation',
        fix: 'Contact Microsoft support; traffic from this tenant is being restricted.',
    },
    '501 5.5.124': {
        what: 'the server could not read the XOAUTH2 data',
        fix: 'The sign-in string was malformed; report this as a bug with the log (the token is never printed).',
    },
};
function parseReply(response) {
    const match = /^(\d{3})[ -](\d\.\d{1,3}\.\d{1,3})?/.exec(response ?? '');
    if (!match)
        return {};
    return { code: Number(match[1]), enhanced: match[2] };
}
function lookup(code, enhanced) {
    if (code !== undefined && enhanced !== undefined) {
        const exact = REPLIES[`${code} ${enhanced}`];
        if (exact)
            return exact;
    }
    if (enhanced !== undefined && REPLIES[enhanced])
        return REPLIES[enhanced];
    if (code === 451 && enhanced?.startsWith('4.7.')) {
        return {
            what: 'Exchange Online is throttling or busy',
            fix: 'Temporary; the action retries with backoff.',
            transient: true,
        };
    }
    return code === undefined ? undefined : REPLIES[String(code)];
}
/** Turns a nodemailer failure into one ActionError with a hint. */
function toSmtpError(err, host) {
    const failure = (typeof err === 'object' && err !== null ? err : {});
    const reply = parseReply(failure.response);
    const responseCode = failure.responseCode ?? reply.code;
    const serverSaid = failure.response ? `: ${oneLine(failure.response)}` : '';
    const at = failure.command ? ` (after ${failure.command.split(' ')[0]})` : '';
    if (responseCode !== undefined) {
        const hint = lookup(responseCode, reply.enhanced);
        const transient = hint?.transient ?? (responseCode >= 400 && responseCode < 500);
        const label = `${responseCode}${reply.enhanced ? ` ${reply.enhanced}` : ''}`;
        return new errors/* ActionError */.lZ(`${host} answered ${label}${at}: ${hint?.what ?? 'the server refused the request'}${serverSaid ? `\nServer reply${serverSaid}` : ''}`, {
            code: `SMTP ${label}`,
            stage: 'smtp',
            hint: hint?.fix ?? (transient ? 'Temporary; the action retries with backoff.' : undefined),
            transient,
            cause: err,
        });
    }
    const systemCode = failure.originalCode ?? failure.code ?? 'ERR_SMTP';
    const network = (0,net_errors/* describeNetworkFailure */.K)(systemCode, host) ?? (0,net_errors/* describeNetworkFailure */.K)(innerCode(err) ?? '', host);
    if (network) {
        return new errors/* ActionError */.lZ(`Could not talk to ${host}: ${network.reason}`, {
            code: systemCode,
            stage: 'smtp',
            hint: network.hint,
            transient: network.transient,
            cause: err,
        });
    }
    const message = err instanceof Error ? err.message : String(err);
    const transient = ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET'].includes(failure.code ?? '');
    return new errors/* ActionError */.lZ(`Could not send through ${host}${at}: ${oneLine(message)}`, {
        code: failure.code ?? 'ERR_SMTP',
        stage: 'smtp',
        hint: failure.code === 'ETLS'
            ? `STARTTLS failed: ${host} must offer STARTTLS with TLS 1.2 or later; the action never sends without it.`
            : transient
                ? 'The connection failed; the action retries with backoff.'
                : undefined,
        transient,
        cause: err,
    });
}
function innerCode(err) {
    const cause = err?.cause;
    return typeof cause?.code === 'string' ? cause.code : undefined;
}
function oneLine(text) {
    return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

// EXTERNAL MODULE: ./src/smtp/options.ts
var smtp_options = __webpack_require__(2622);
;// CONCATENATED MODULE: ./src/smtp/nodemailer.ts
// The nodemailer adapter behind the mailer port: the only code that opens an SMTP connection.



class NodemailerMailer {
    settings;
    transport;
    constructor(settings, accessToken, options) {
        this.settings = settings;
        this.transport = nodemailer/* default.createTransport */.Ay.createTransport({
            ...(0,smtp_options/* transportOptions */.w)(settings, accessToken, options.timeouts),
        });
    }
    async send(message) {
        let info;
        try {
            info = await this.transport.sendMail({
                messageId: message.messageId,
                from: toNodemailer(message.from),
                to: message.to.map(toNodemailer),
                cc: message.cc.map(toNodemailer),
                bcc: message.bcc.map(toNodemailer),
                replyTo: message.replyTo.map(toNodemailer),
                subject: message.subject,
                text: message.text,
                html: message.html,
                priority: message.priority,
                // The SMTP envelope sender is the mailbox that signs in; From may be another address it may send as.
                envelope: {
                    from: this.settings.mailbox,
                    to: [...message.to, ...message.cc, ...message.bcc].map((a) => a.address),
                },
            });
        }
        catch (err) {
            throw toSmtpError(err, this.settings.host);
        }
        return {
            messageId: info.serverMessageId ?? info.messageId ?? message.messageId,
            accepted: (info.accepted ?? []).map(addressOf),
            rejected: rejectedOf(info),
            response: info.response ?? '',
        };
    }
    close() {
        this.transport.close();
    }
}
function toNodemailer(address) {
    return { name: address.name, address: address.address };
}
function addressOf(value) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'object' &&
        value !== null &&
        typeof value.address === 'string') {
        return value.address;
    }
    return String(value);
}
function rejectedOf(info) {
    const replies = new Map();
    for (const err of info.rejectedErrors ?? []) {
        if (typeof err.recipient === 'string')
            replies.set(err.recipient.toLowerCase(), typeof err.response === 'string' ? err.response : '');
    }
    return (info.rejected ?? [])
        .map(addressOf)
        .map((address) => ({ address, reply: replies.get(address.toLowerCase()) ?? '' }));
}


/***/ })

};
