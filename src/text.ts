// Small text helpers every room shares: how a value is shown in a log line, an error or HTML.
import type { Address } from './config.js';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Line breaks and other control characters become single spaces: text that must stay on its line. */
export function oneLine(value: string): string {
  return value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * A value quoted in an error: control characters and line separators shown as escapes (\r, \n,
 * \u0085), so what was given is visible and stays on one line, cut at `max` characters.
 */
export function shorten(value: string, max = 60): string {
  const visible = value.replace(/[\p{Cc}\u2028\u2029]/gu, (c) =>
    c === '\r' ? '\\r' : c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return visible.length > max ? `${visible.slice(0, max)}…` : visible;
}

/** `Name <address>`, the name quoted when RFC 5322 needs it. */
export function formatAddress(a: Address): string {
  if (!a.name) return a.address;
  const needsQuotes = /[^A-Za-z0-9!#$%&'*+/=?^_`{|}~ .-]/.test(a.name) || /[(),:;<>@[\]]/.test(a.name);
  return `${needsQuotes ? `"${a.name.replace(/(["\\])/g, '\\$1')}"` : a.name} <${a.address}>`;
}

/** Subjects arrive from `${{ }}` expressions with stray line breaks; a header cannot hold them. */
export function collapseLineBreaks(value: string): string {
  return value
    .replace(/[ ]*[\r\n\t\v\f\u0085\u2028\u2029]+[ ]*/g, ' ')
    .replace(/[\p{Cc}]/gu, '')
    .trim();
}
