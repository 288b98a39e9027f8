export const id = 909;
export const ids = [909];
export const modules = {

/***/ 5909:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  NodemailerMailer: () => (/* binding */ NodemailerMailer)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/nodemailer/dist/esm/nodemailer.js + 20 modules
var nodemailer = __webpack_require__(9272);
// EXTERNAL MODULE: ./src/smtp/errors.ts
var errors = __webpack_require__(8249);
// EXTERNAL MODULE: ./src/smtp/options.ts
var smtp_options = __webpack_require__(2622);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/smtp/protocol-log.ts
// A nodemailer logger that writes the SMTP transaction log (commands and replies) through a redactor:
// known secrets are replaced, AUTH lines are cut after the mechanism, and message content is dropped.

function redact(line, secrets) {
    let out = line;
    for (const secret of secrets) {
        if (secret.length >= 8) {
            out = out.split(secret).join('***');
            out = out.split(Buffer.from(secret).toString('base64')).join('***');
        }
    }
    // Whatever the library printed after an AUTH mechanism is credential material.
    return out.replace(/\b(AUTH\s+\S+)\s+\S.*$/i, '$1 ***');
}
function protocolLogger(write, secrets) {
    const log = (entry, message, ...args) => {
        if (entry?.tnx === 'message')
            return; // message content never reaches the log
        const prefix = entry?.tnx === 'server' ? 'S: ' : entry?.tnx === 'client' ? 'C: ' : '';
        const id = entry?.cid === undefined ? '' : `[#${String(entry.cid)}] `;
        for (const line of (0,external_node_util_.format)(message, ...args).split(/\r?\n/)) {
            if (line.trim() !== '')
                write(`smtp: ${id}${prefix}${redact(line, secrets)}`);
        }
    };
    return { level: () => undefined, trace: log, debug: log, info: log, warn: log, error: log, fatal: log };
}

;// CONCATENATED MODULE: ./src/smtp/nodemailer.ts
// The nodemailer adapter behind the mailer port: the only code that opens an SMTP connection.





class NodemailerMailer {
    settings;
    transport;
    constructor(settings, accessToken, options) {
        this.settings = settings;
        this.transport = nodemailer/* default.createTransport */.Ay.createTransport({
            ...(0,smtp_options/* transportOptions */.wL)(settings, accessToken, options.timeouts),
            // One pooled connection carries every batch; more only when max-connections asks for it.
            pool: true,
            maxConnections: options.maxConnections,
            maxMessages: Number.POSITIVE_INFINITY,
            ...(options.protocolLog
                ? { logger: protocolLogger(options.protocolLog, [accessToken]), transactionLog: true }
                : {}),
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
                html: message.html === '' ? undefined : message.html,
                priority: message.priority,
                headers: { ...message.headers },
                ...(message.inReplyTo ? { inReplyTo: message.inReplyTo, references: message.inReplyTo } : {}),
                // Streams opened per attempt: file access through `path` stays disabled on the transport.
                attachments: message.attachments.map((a) => ({
                    filename: a.filename,
                    content: (0,external_node_fs_.createReadStream)(a.path),
                    contentType: a.contentType,
                })),
                // The SMTP envelope sender is the mailbox that signs in; From may be another address it may send as.
                envelope: {
                    from: this.settings.mailbox,
                    to: [...message.to, ...message.cc, ...message.bcc].map((a) => a.address),
                },
            });
        }
        catch (err) {
            throw (0,errors/* toSmtpError */.ir)(err, this.settings.host);
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
        if (typeof err.recipient === 'string') {
            replies.set(err.recipient.toLowerCase(), typeof err.response === 'string' ? err.response : '');
        }
    }
    return (info.rejected ?? [])
        .map(addressOf)
        .map((address) => ({ address, reply: replies.get(address.toLowerCase()) ?? '' }));
}


/***/ })

};
