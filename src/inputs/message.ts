// Inputs of the message stage: addressing, content, templates, attachments and extra headers.
import {
  CONCLUSIONS,
  type Address,
  type BuiltinTemplate,
  type Footer,
  type IfMissing,
  type JobStatus,
  type MessageSettings,
  type TemplateChoice,
} from '../config.js';
import { inputError } from '../errors.js';
import { AddressError, parseAddress, parseAddressList } from './addresses.js';
import { collapseLineBreaks, shorten } from '../text.js';
import { readBoolean, readEnum, readInteger, readRequired, readSingleLine, type Read } from './fields.js';
import { parseMapping } from './mapping.js';

export const MESSAGE_INPUTS = [
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'body',
  'html-body',
  'priority',
  'template',
  'footer',
  'status',
  'vars',
  'attachments',
  'attachments-if-missing',
  'max-size-mb',
  'headers',
  'in-reply-to',
  'thread',
] as const;

const BUILTIN_TEMPLATES: readonly BuiltinTemplate[] = ['plain', 'status', 'release'];

/** Headers the action sets itself; a `headers` entry may not replace them. */
const OWNED_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'sender',
  'subject',
  'message-id',
  'date',
  'in-reply-to',
  'references',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
  'x-priority',
  'x-msmail-priority',
  'importance',
  'return-path',
  'received',
  'dkim-signature',
  'authentication-results',
  // Set from the run (src/message/compose/run-headers.ts): mail rules and threading depend on them.
  'x-github-repository',
  'x-github-workflow',
  'x-github-run-id',
  'x-github-conclusion',
  'list-id',
  'thread-topic',
  'thread-index',
]);

export async function parseMessage(read: Read, warnings: string[] = []): Promise<MessageSettings> {
  const from = addressInput(read, 'from', true);
  const to = listInput(read, 'to');
  const cc = listInput(read, 'cc');
  const bcc = listInput(read, 'bcc');
  if (to.length + cc.length + bcc.length === 0) {
    throw inputError('to', 'no recipient: set at least one address in to, cc or bcc');
  }
  const maxSizeMb = readInteger(read, 'max-size-mb', { min: 1, max: 150 }, 35);
  const template = templateInput(read);
  return Object.freeze({
    from,
    replyTo: listInput(read, 'reply-to'),
    to,
    cc,
    bcc,
    subject: collapseLineBreaks(read('subject')),
    body: read('body'),
    htmlBody: read('html-body'),
    priority: readEnum(read, 'priority', ['high', 'normal', 'low'], 'normal'),
    template,
    footer: readEnum<Footer>(read, 'footer', ['auto', 'none'], 'auto'),
    status: statusInput(read, warnings),
    vars: Object.freeze(await parseMapping('vars', read('vars'))),
    attachments: patternsInput(read('attachments')),
    attachmentsIfMissing: readEnum<IfMissing>(
      read,
      'attachments-if-missing',
      ['error', 'warn', 'ignore'],
      'error',
    ),
    maxSizeBytes: maxSizeMb * 1024 * 1024,
    headers: Object.freeze(headersInput(await parseMapping('headers', read('headers')))),
    inReplyTo: messageIdInput(read, 'in-reply-to'),
    thread: readBoolean(read, 'thread', template.kind === 'builtin' && template.name === 'status'),
  });
}

/**
 * The `plain` template is the body in a layout: without `body` or `html-body` the mail would say
 * nothing. Checked once every input is valid on its own, so an error in a single input comes first.
 */
export function checkContent(message: MessageSettings): void {
  const plain = message.template.kind === 'builtin' && message.template.name === 'plain';
  if (plain && message.body === '' && message.htmlBody === '') {
    throw inputError(
      'body',
      "template 'plain' sends the body, but 'body' and 'html-body' are both empty",
      "Set 'body' (Markdown) or 'html-body', or choose template: status or template: release, which show the run or the release without a body.",
    );
  }
}

function templateInput(read: Read): TemplateChoice {
  const raw = readSingleLine(read, 'template');
  if (raw === '') return { kind: 'builtin', name: 'plain' };
  const builtin = BUILTIN_TEMPLATES.find((name) => name === raw.toLowerCase());
  if (builtin) return { kind: 'builtin', name: builtin };
  const normalised = raw.replace(/\\/g, '/');
  if (normalised.startsWith('/') || /^[A-Za-z]:/.test(normalised) || normalised.split('/').includes('..')) {
    throw inputError(
      'template',
      `expected ${BUILTIN_TEMPLATES.join(', ')} or a file path relative to the workspace (no '..', not absolute), got '${shorten(raw)}'`,
    );
  }
  return { kind: 'file', path: normalised };
}

/**
 * Any conclusion GitHub reports, in any case (`${{ github.event.workflow_run.conclusion }}` must never
 * lose the alert). A value GitHub does not report is a warning, not a failure: the mail still goes out,
 * saying the run finished.
 */
function statusInput(read: Read, warnings: string[]): JobStatus | undefined {
  const raw = readSingleLine(read, 'status');
  if (raw === '') return undefined;
  const known = CONCLUSIONS.find((c) => c === raw.toLowerCase());
  if (known === undefined) {
    warnings.push(
      `'status' is '${shorten(raw)}', which is not a conclusion GitHub reports (${CONCLUSIONS.join(', ')}); the mail says the run finished`,
    );
  }
  return known;
}

/** Newline-separated glob patterns; blank lines and `#` comments are skipped, as in @actions/glob. */
function patternsInput(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** RFC 5322 field-name: printable ASCII except the colon. */
const FIELD_NAME = /^[!-9;-~]+$/;
/** Characters no header value may hold: controls (tab aside), NEL and the Unicode line separators. */
const NOT_IN_HEADER = /[\p{Cc}\u2028\u2029]/u;
/** RFC 5322 caps a line at 998 characters; a value longer than one line is not a header anyone means. */
const MAX_HEADER_LINE = 998;

function headersInput(mapping: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(mapping)) {
    if (!FIELD_NAME.test(name) || name.length > 76) {
      throw inputError(
        'headers',
        `'${shorten(name)}' is not a valid header name (printable ASCII, no spaces or colons)`,
      );
    }
    if (OWNED_HEADERS.has(name.toLowerCase())) {
      throw inputError(
        'headers',
        `'${name}' is set by the action and cannot be replaced`,
        'Use the matching input instead (from, to, cc, bcc, reply-to, subject, priority, in-reply-to, thread).',
      );
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw inputError('headers', `the value of '${name}' must be a string, number or boolean`);
    }
    const text = String(value);
    if (NOT_IN_HEADER.test(text.replace(/\t/g, ''))) {
      throw inputError(
        'headers',
        `the value of '${name}' contains a line break or a control character: '${shorten(text)}'`,
      );
    }
    if (name.length + 2 + text.length > MAX_HEADER_LINE) {
      throw inputError('headers', `the value of '${name}' is longer than one header line (998 characters)`);
    }
    headers[name] = text;
  }
  return headers;
}

// RFC 5322 msg-id, ASCII only: "<" dot-atom-text "@" (dot-atom-text / "[" dtext "]") ">".
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const DOT_ATOM = `${ATOM}(?:\\.${ATOM})*`;
const MSG_ID = new RegExp(`^<${DOT_ATOM}@(?:${DOT_ATOM}|\\[[!-Z^-~]*\\])>$`);

function messageIdInput(read: Read, name: string): string {
  const raw = read(name);
  if (raw === '') return '';
  const id = raw.startsWith('<') ? raw : `<${raw}>`;
  if (!MSG_ID.test(id) || id.length > MAX_HEADER_LINE - 20) {
    throw inputError(
      name,
      `expected one Message-ID such as <abc123@contoso.com> (ASCII, no spaces or control characters), got '${shorten(raw)}'`,
    );
  }
  return id;
}

export function addressInput(read: Read, name: string, required: boolean): Address {
  const raw = required ? readRequired(read, name, 'to send mail') : read(name);
  try {
    return parseAddress(raw);
  } catch (err) {
    if (err instanceof AddressError) throw inputError(name, err.message);
    throw err;
  }
}

function listInput(read: Read, name: string): Address[] {
  try {
    return parseAddressList(read(name));
  } catch (err) {
    if (err instanceof AddressError) throw inputError(name, err.message);
    throw err;
  }
}
