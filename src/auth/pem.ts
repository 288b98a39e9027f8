// Splits the client-certificate secret into its PEM blocks. Secrets arrive mangled in predictable
// ways (CRLF line ends, literal "\n" from a JSON or env file, a block pasted onto one line), so each
// block is rebuilt in canonical form: headers kept, body base64 re-wrapped at 64 columns.

export interface PemBlock {
  /** The word(s) after BEGIN: 'CERTIFICATE', 'PRIVATE KEY', 'RSA PRIVATE KEY', ... */
  readonly label: string;
  /** RFC 1421 headers of legacy encrypted keys, e.g. Proc-Type: 4,ENCRYPTED. */
  readonly headers: Readonly<Record<string, string>>;
  /** The block rebuilt in canonical PEM form, ready for node:crypto. */
  readonly pem: string;
}

export type PemParse =
  | { readonly ok: true; readonly blocks: readonly PemBlock[] }
  | {
      readonly ok: false;
      readonly problem: 'not-pem' | 'base64-pem' | 'der' | 'bad-block';
      readonly label?: string;
    };

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const HEADER = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/;

export function parsePemBundle(text: string): PemParse {
  // A literal backslash-n where line breaks belong: the secret went through an escaping layer.
  const normalized = text.includes('-----BEGIN') ? text.replace(/\\r\\n|\\n/g, '\n') : text;
  const blocks: PemBlock[] = [];
  for (const match of normalized.matchAll(BLOCK)) {
    const label = match[1] ?? '';
    const block = rebuild(label, match[2] ?? '');
    if (!block) return { ok: false, problem: 'bad-block', label };
    blocks.push(block);
  }
  if (blocks.length > 0) return { ok: true, blocks };
  return { ok: false, problem: whatIsIt(normalized) };
}

function rebuild(label: string, inner: string): PemBlock | undefined {
  const lines = inner.split(/\r?\n/).map((line) => line.trim());
  const headers: Record<string, string> = {};
  let bodyStart = 0;
  // Headers come first, up to the blank line that ends them.
  while (bodyStart < lines.length) {
    const line = lines[bodyStart] ?? '';
    const header = HEADER.exec(line);
    if (header) headers[header[1] ?? ''] = header[2] ?? '';
    else if (line !== '') break;
    bodyStart++;
  }
  const base64 = lines.slice(bodyStart).join('').replace(/\s+/g, '');
  if (base64 === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) return undefined;
  const headerText = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\n`)
    .join('');
  const wrapped = base64.match(/.{1,64}/g)?.join('\n') ?? '';
  const pem = `-----BEGIN ${label}-----\n${headerText}${headerText ? '\n' : ''}${wrapped}\n-----END ${label}-----\n`;
  return { label, headers, pem };
}

/** For a value with no PEM block: what people usually store by mistake, so the error can say so. */
function whatIsIt(text: string): 'not-pem' | 'base64-pem' | 'der' {
  const compact = text.replace(/\s+/g, '');
  if (compact.length < 16 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return 'not-pem';
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.toString('latin1').includes('-----BEGIN')) return 'base64-pem';
  // An ASN.1 SEQUENCE: a DER certificate or key, or a PKCS#12 (.pfx) file.
  return bytes[0] === 0x30 ? 'der' : 'not-pem';
}

/** A legacy OpenSSL-encrypted PKCS#1 key, or an encrypted PKCS#8 key. */
export function isEncryptedKey(block: PemBlock): boolean {
  return block.label === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/i.test(block.headers['Proc-Type'] ?? '');
}

export function isPrivateKey(block: PemBlock): boolean {
  return /(^|\s)PRIVATE KEY$/.test(block.label);
}
