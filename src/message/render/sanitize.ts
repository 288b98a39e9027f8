// The sanitizer for release notes, the one place where raw HTML from an event reaches the mail.
// sanitize-html (htmlparser2 underneath) keeps a small allowlist of what GitHub itself renders in release
// notes and drops everything else: comments, script and style (with their content), event handlers,
// ids and classes, forms, frames. Every style attribute from the notes is dropped too: each element
// kept gets the renderer's own inline style for its tag, and the allowlist admits only those exact
// values, so nothing in the notes can position, hide or restyle anything.
// Links keep only absolute http(s) and mailto URLs (else the text stays, unlinked); images only http(s).
import type { Attributes, IOptions } from 'sanitize-html';
import { PRE_CODE_STYLE, TAG_STYLES, TASK_ITEM_STYLE } from './markdown.js';

/** `<details>` is shown open: mail clients have no toggles (Outlook would run it into the text). */
const DETAILS_STYLE = 'margin:0 0 12px 0;';
const SUMMARY_STYLE = 'margin:0 0 8px 0;font-weight:600;';

/** What each kept element may carry besides its style. */
const ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ['href'],
  img: ['src', 'alt', 'width', 'height'],
  ol: ['start'],
  th: ['colspan', 'rowspan'],
  td: ['colspan', 'rowspan'],
};

const TAGS = [
  ...['p', 'div', 'span', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre'],
  ...['strong', 'b', 'em', 'i', 's', 'del', 'ins', 'sub', 'sup', 'kbd', 'code', 'a', 'img'],
  ...['ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
];
/** Accepted as input and renamed: `<details>` becomes a block, its `<summary>` a bold line. */
export const ALLOWED_INPUT_TAGS: readonly string[] = [...TAGS, 'details', 'summary'];

const ALIGNABLE = new Set(['p', 'div', 'th', 'td', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const ALIGNMENTS = ['left', 'center', 'right'] as const;

/** Every style a tag can leave the sanitizer with: the allowlist of the `style` attribute. */
function stylesOf(tag: string): string[] {
  const base = baseStyle(tag);
  const variants = [base];
  if (tag === 'li') variants.push(TASK_ITEM_STYLE);
  if (tag === 'code') variants.push(PRE_CODE_STYLE);
  if (tag === 'p') variants.push(SUMMARY_STYLE);
  if (ALIGNABLE.has(tag)) variants.push(...ALIGNMENTS.map((a) => `${base}text-align:${a};`));
  return variants.filter((style) => style !== '');
}

function baseStyle(tag: string): string {
  return tag === 'div' ? DETAILS_STYLE : (TAG_STYLES[tag] ?? '');
}

export function sanitizerOptions(): IOptions {
  let preDepth = 0;
  return {
    allowedTags: TAGS,
    allowedAttributes: Object.fromEntries(
      TAGS.map((tag) => [
        tag,
        [...(ATTRIBUTES[tag] ?? []), { name: 'style', multiple: false, values: stylesOf(tag) }],
      ]),
    ),
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    // Our own styles only (see above): nothing to parse, and postcss is never asked.
    parseStyleAttributes: false,
    nestingLimit: 32,
    onOpenTag: (name) => {
      if (name === 'pre') preDepth++;
    },
    onCloseTag: (name) => {
      if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
    },
    transformTags: { '*': (tag, attribs) => restyle(tag, attribs, preDepth > 0) },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  };
}

export async function loadSanitizer(): Promise<(html: string) => string> {
  const { default: sanitizeHtml } = await import('sanitize-html');
  return (html) => sanitizeHtml(html, sanitizerOptions());
}

interface Transformed {
  tagName: string;
  attribs: Attributes;
}

/** Runs before the allowlist: picks the tag's own style and keeps only well-formed attribute values. */
function restyle(tag: string, attribs: Attributes, inPre: boolean): Transformed {
  const keep = (name: string, style: string, extra: Attributes = {}): Transformed => ({
    tagName: name,
    attribs: style ? { ...extra, style } : extra,
  });
  switch (tag) {
    case 'details':
      return keep('div', DETAILS_STYLE);
    case 'summary':
      return keep('p', SUMMARY_STYLE);
    case 'a': {
      const href = url(attribs.href, /^(https?:\/\/|mailto:)/i);
      return href ? keep('a', baseStyle('a'), { href }) : keep('span', '');
    }
    case 'img': {
      // Without an http(s) source the image is dropped whole (exclusiveFilter).
      const src = url(attribs.src, /^https?:\/\//i);
      const size = numbers(attribs, ['width', 'height']);
      return keep('img', baseStyle('img'), src ? { src, alt: attribs.alt ?? '', ...size } : {});
    }
    case 'code':
      return keep('code', inPre ? PRE_CODE_STYLE : baseStyle('code'));
    case 'li':
      return keep('li', attribs.style === TASK_ITEM_STYLE ? TASK_ITEM_STYLE : baseStyle('li'));
    case 'ol':
      return keep('ol', baseStyle('ol'), numbers(attribs, ['start']));
    case 'th':
    case 'td':
      return keep(tag, baseStyle(tag) + alignment(attribs), numbers(attribs, ['colspan', 'rowspan']));
    default:
      return keep(tag, baseStyle(tag) + (ALIGNABLE.has(tag) ? alignment(attribs) : ''));
  }
}

/** An absolute URL of an allowed kind, else ''. sanitize-html checks the scheme again. */
function url(value: string | undefined, allowed: RegExp): string {
  const trimmed = (value ?? '').trim();
  return allowed.test(trimmed) ? trimmed : '';
}

function numbers(attribs: Attributes, names: readonly string[]): Attributes {
  const out: Attributes = {};
  for (const name of names) {
    const value = attribs[name]?.trim() ?? '';
    if (/^\d{1,4}$/.test(value)) out[name] = value;
  }
  return out;
}

/** `align="center"` (HTML) or markdown-it's `text-align:right` (table columns): one of three keywords. */
function alignment(attribs: Attributes): string {
  const from =
    attribs.align ?? /(?:^|;)\s*text-align\s*:\s*([a-z]+)\s*;?\s*$/i.exec(attribs.style ?? '')?.[1];
  const value = from?.trim().toLowerCase();
  return ALIGNMENTS.find((a) => a === value) ? `text-align:${value ?? ''};` : '';
}
