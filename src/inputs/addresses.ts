// Mail address lists as people write them in workflow files:
//   to: "oncall@contoso.com; Dev Team <dev@contoso.com>, \"Doe, Jane\" <jane@contoso.com>"
// Separators are commas, semicolons and newlines outside quotes and angle brackets.

export interface Address {
  readonly name: string;
  readonly address: string;
}

export class AddressError extends Error {}

// RFC 5321 dot-atom local part (ASCII) at an RFC 1035 host name; IDN labels are allowed and
// punycoded by the mailer. Deliberately no quoted local parts, comments or IP literals: Exchange
// recipients never need them, and each is a classic source of header tricks.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?:[A-Za-z0-9\u00a1-\uffff](?:[A-Za-z0-9\u00a1-\uffff-]{0,61}[A-Za-z0-9\u00a1-\uffff])?)$/u;

export function isValidAddress(address: string): boolean {
  if (address.length > 254) return false;
  const at = address.lastIndexOf('@');
  if (at < 1) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const labels = domain.split('.');
  return (
    local.length <= 64 &&
    LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    !/^\d+$/.test(labels[labels.length - 1] ?? '')
  );
}

/** Splits a list on separators that are not inside quotes or angle brackets. */
export function splitAddressList(list: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  let angled = false;
  for (let i = 0; i < list.length; i++) {
    const c = list.charAt(i);
    if (c === '\\' && quoted && i + 1 < list.length) {
      current += c + list.charAt(++i);
      continue;
    }
    if (c === '"' && !angled) quoted = !quoted;
    else if (c === '<' && !quoted) angled = true;
    else if (c === '>' && !quoted) angled = false;
    if (!quoted && !angled && (c === ',' || c === ';' || c === '\n' || c === '\r')) {
      items.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (quoted) throw new AddressError('a quote (") is not closed');
  if (angled) throw new AddressError('an angle bracket (<) is not closed');
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/** One `address`, `<address>`, `Name <address>` or `"Name" <address>`. */
export function parseAddress(item: string): Address {
  const text = item.trim();
  if (/[\r\n\0]/.test(text)) throw new AddressError(`'${printable(text)}' contains a line break`);
  const angled = /^(.*)<([^<>]*)>$/s.exec(text);
  const address = (angled ? (angled[2] ?? '') : text).trim();
  const name = angled ? unquote((angled[1] ?? '').trim()) : '';
  if (!isValidAddress(address)) {
    throw new AddressError(
      `'${printable(text)}' is not a valid address (expected name@domain.tld or Name <name@domain.tld>)`,
    );
  }
  if (/[\p{Cc}]/u.test(name))
    throw new AddressError(`the display name in '${printable(text)}' contains a control character`);
  return { name, address };
}

export function parseAddressList(list: string): Address[] {
  const seen = new Set<string>();
  const result: Address[] = [];
  for (const item of splitAddressList(list)) {
    const parsed = parseAddress(item);
    const key = parsed.address.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      result.push(parsed);
    }
  }
  return result;
}

export function formatAddress(a: Address): string {
  if (!a.name) return a.address;
  const needsQuotes = /[^A-Za-z0-9!#$%&'*+/=?^_`{|}~ .-]/.test(a.name) || /[(),:;<>@[\]]/.test(a.name);
  return `${needsQuotes ? `"${a.name.replace(/(["\\])/g, '\\$1')}"` : a.name} <${a.address}>`;
}

function unquote(name: string): string {
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) {
    return name.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return name;
}

function printable(text: string): string {
  return text.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\0/g, '\\0');
}
