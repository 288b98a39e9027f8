// Address inputs, parsed strictly: RFC 5322 mailbox and group syntax (through the email-addresses
// parser), with the separators people use in workflow files between entries:
//   to: "oncall@contoso.com; Dev Team <dev@contoso.com>, \"Doe, Jane\" <jane@contoso.com>"
// Each entry must parse into exactly the mailboxes written, or the input fails naming that entry: a mail
// action must never guess a recipient (`Ops <a@x.com> <b@y.com>` is an error, not a send to b@y.com).
import emailAddresses from 'email-addresses';
import type { Address } from '../config.js';
import { shorten } from '../text.js';

export class AddressError extends Error {}

// The address itself, after parsing: an RFC 5321 dot-atom local part (ASCII) at a host name with a
// non-numeric top-level label; IDN labels are allowed and punycoded by the mailer. No quoted local
// parts and no IP literals: Exchange recipients never need them, and each is a classic header trick.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?:[A-Za-z0-9\u00a1-\uffff](?:[A-Za-z0-9\u00a1-\uffff-]{0,61}[A-Za-z0-9\u00a1-\uffff])?)$/u;
/** Characters that never belong in an entry (a line break inside quotes, NUL, U+0085, U+2028, ...). */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

export function isValidAddress(address: string): boolean {
  if (address.length > 254 || CONTROL.test(address)) return false;
  const at = address.lastIndexOf('@');
  if (at < 1) return false;
  const local = address.slice(0, at);
  const labels = address.slice(at + 1).split('.');
  return (
    local.length <= 64 &&
    LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    !/^\d+$/.test(labels[labels.length - 1] ?? '')
  );
}

/**
 * Splits a list into entries: a mailbox, or a group (`Team: a@x.com, b@y.com;`). Commas, semicolons
 * and line breaks separate entries outside quotes, angle brackets and comments; inside a group a comma
 * separates its members and the semicolon ends it.
 */
export function splitAddressList(list: string): string[] {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  let angled = false;
  let comment = 0;
  let group = false;
  const end = (): void => {
    entries.push(current);
    current = '';
    group = false;
  };
  for (let i = 0; i < list.length; i++) {
    const c = list.charAt(i);
    if (c === '\\' && (quoted || comment > 0) && i + 1 < list.length) {
      current += c + list.charAt(++i);
      continue;
    }
    const top = !quoted && !angled && comment === 0;
    if (c === '"' && !angled && comment === 0) quoted = !quoted;
    else if (c === '(' && !quoted) comment++;
    else if (c === ')' && !quoted && comment > 0) comment--;
    else if (c === '<' && !quoted && comment === 0) angled = true;
    else if (c === '>' && !quoted && comment === 0) angled = false;
    if (top && c === ':' && !group) group = true;
    if (top && c === ';' && group) {
      current += c;
      end();
    } else if (top && !group && (c === ',' || c === ';' || c === '\n' || c === '\r')) end();
    else current += top && group && (c === '\n' || c === '\r') ? ' ' : c;
  }
  if (quoted) throw new AddressError('a quote (") is not closed');
  if (angled) throw new AddressError('an angle bracket (<) is not closed');
  if (comment > 0) throw new AddressError('a comment "(" is not closed');
  if (group) throw new AddressError(`the group '${shorten(current.trim())}' does not end with ';'`);
  entries.push(current);
  return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/** The mailboxes one entry holds: one for a mailbox, the members for a group. */
function parseEntry(entry: string): { readonly group: boolean; readonly mailboxes: Address[] } {
  if (CONTROL.test(entry)) {
    throw new AddressError(`'${shorten(entry)}' contains a control character or a line break`);
  }
  const parsed = emailAddresses.parseAddressList({ input: entry, rfc6532: true });
  if (parsed?.length !== 1) {
    throw new AddressError(
      `'${shorten(entry)}' is not one valid address (expected name@domain.tld, Name <name@domain.tld> or Group: a@x.tld, b@y.tld;)`,
    );
  }
  const [item] = parsed;
  const group = item?.type === 'group';
  const parts = item?.type === 'group' ? item.addresses : item ? [item] : [];
  const mailboxes = parts.map((mailbox) => {
    if (!isValidAddress(mailbox.address)) {
      throw new AddressError(
        `'${shorten(mailbox.address)}' in '${shorten(entry)}' is not an address Exchange delivers to (expected name@domain.tld: no quoted local part, no IP literal)`,
      );
    }
    return { name: mailbox.name ?? '', address: mailbox.address };
  });
  return { group, mailboxes };
}

/** Exactly one mailbox: `address`, `<address>`, `Name <address>` or `"Name" <address>`. */
export function parseAddress(text: string): Address {
  const entries = splitAddressList(text);
  const [entry] = entries;
  const parsed = entries.length === 1 && entry !== undefined ? parseEntry(entry) : undefined;
  const mailboxes = parsed?.group === false ? parsed.mailboxes : [];
  if (mailboxes.length !== 1) {
    throw new AddressError(
      `'${shorten(text.trim())}' is not exactly one address (expected Name <name@domain.tld>)`,
    );
  }
  return mailboxes[0] as Address;
}

/** Every mailbox of a list, in order, each address once (compared case-insensitively). */
export function parseAddressList(list: string): Address[] {
  const seen = new Set<string>();
  const result: Address[] = [];
  for (const parsed of splitAddressList(list).flatMap((entry) => parseEntry(entry).mailboxes)) {
    const key = parsed.address.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      result.push(parsed);
    }
  }
  return result;
}
