// Markdown to HTML for mail. Raw HTML in the source is shown as text, never rendered, and
// markdown-it's link check drops javascript:, vbscript:, file: and data: links. Mail clients ignore
// or strip <style> blocks (Outlook, Gmail in some views), so every element gets its style inline.
// Release notes are the one exception to "raw HTML is text": release-notes.ts renders them with HTML
// enabled and hands the result to the sanitizer, which restyles every element from the same table.
import type { MarkdownIt, Token } from 'markdown-it';

export type MarkdownRenderer = (markdown: string) => string;

const MONO = "ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace";
const HEADING = 'font-weight:600;color:inherit;';
const RULED = 'padding-bottom:6px;border-bottom:1px solid #d0d7de;';

/** Inline styles by tag: the one look of Markdown in mail, for markdown-it tokens and sanitized notes. */
export const TAG_STYLES: Readonly<Record<string, string>> = {
  p: 'margin:0 0 12px 0;',
  ul: 'margin:0 0 12px 0;padding-left:24px;',
  ol: 'margin:0 0 12px 0;padding-left:24px;',
  li: 'margin:0 0 4px 0;',
  blockquote: 'margin:0 0 12px 0;padding:0 12px;border-left:4px solid #d0d7de;color:#59636e;',
  table: 'border-collapse:collapse;margin:0 0 12px 0;',
  th: 'border:1px solid #d0d7de;padding:6px 10px;background-color:#f6f8fa;',
  td: 'border:1px solid #d0d7de;padding:6px 10px;',
  a: 'color:#0969da;text-decoration:underline;',
  code: `font-family:${MONO};font-size:85%;background-color:#eff1f3;border-radius:4px;padding:1px 4px;`,
  kbd:
    `font-family:${MONO};font-size:85%;background-color:#f6f8fa;border:1px solid #d0d7de;` +
    'border-bottom-width:2px;border-radius:4px;padding:1px 5px;',
  pre:
    'margin:0 0 12px 0;padding:12px;background-color:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;' +
    'font-size:13px;line-height:1.45;white-space:pre-wrap;word-wrap:break-word;',
  hr: 'border:0;border-top:1px solid #d0d7de;margin:16px 0;',
  img: 'max-width:100%;height:auto;border:0;',
  h1: `margin:20px 0 12px 0;${RULED}font-size:22px;line-height:30px;${HEADING}`,
  h2: `margin:20px 0 12px 0;${RULED}font-size:19px;line-height:26px;${HEADING}`,
  h3: `margin:18px 0 8px 0;font-size:16px;line-height:24px;${HEADING}`,
  h4: `margin:16px 0 8px 0;font-size:15px;line-height:22px;${HEADING}`,
  h5: `margin:16px 0 8px 0;font-size:14px;line-height:20px;${HEADING}`,
  h6: `margin:16px 0 8px 0;font-size:13px;line-height:20px;${HEADING}color:#59636e;`,
};

/** The `<code>` of a code block: the block's own font, none of the inline chip. */
export const PRE_CODE_STYLE = `font-family:${MONO};`;

/** A task-list item (`- [x] done`) shows its box instead of a bullet, as GitHub does. */
export const TASK_ITEM_STYLE = `${TAG_STYLES.li ?? ''}list-style-type:none;`;

export interface MarkdownOptions {
  /** Release notes only: raw HTML is parsed (and must then go through the sanitizer). */
  readonly html: boolean;
  /** Extra rules (GitHub references) run after linkify. */
  readonly plugins?: readonly ((md: MarkdownIt) => void)[];
}

export async function createMarkdown(options: MarkdownOptions): Promise<MarkdownIt> {
  const { default: MarkdownItClass } = await import('markdown-it');
  const md = new MarkdownItClass({ html: options.html, linkify: true, typographer: false, breaks: false });
  // Bare URLs become links; bare addresses stay text: an address in a commit message or a PR title
  // should not turn into a mailto: link in an alert.
  md.linkify.set({ fuzzyEmail: false });
  // Links and images only to absolute http(s) and mailto URLs: a relative link goes nowhere in a mail,
  // and markdown-it's own check would let data:image through.
  md.validateLink = (url) => /^(https?:\/\/|mailto:)/i.test(url.trim());
  options.plugins?.forEach((plugin) => plugin(md));
  md.core.ruler.push('task_lists', (state) => markTaskItems(state.tokens));
  md.core.ruler.push('mail_styles', (state) => {
    for (const token of state.tokens) {
      styleToken(token);
      token.children?.forEach(styleToken);
    }
  });
  for (const rule of ['fence', 'code_block'] as const) {
    const original = md.renderer.rules[rule];
    md.renderer.rules[rule] = (tokens, idx, opts, env, self) => {
      const html = original ? original(tokens, idx, opts, env, self) : '';
      return html
        .replace(/^<pre>/, `<pre style="${TAG_STYLES.pre ?? ''}">`)
        .replace(/^(<pre[^>]*>)<code([^>]*)>/, `$1<code$2 style="${PRE_CODE_STYLE}">`);
    };
  }
  return md;
}

export async function loadMarkdownRenderer(): Promise<MarkdownRenderer> {
  const md = await createMarkdown({ html: false });
  return (markdown) => md.render(markdown);
}

function styleToken(token: Token): void {
  const styled =
    token.nesting === 1 || token.type === 'code_inline' || token.type === 'image' || token.type === 'hr';
  const style = styled ? TAG_STYLES[token.tag] : undefined;
  if (style === undefined) return;
  // Table cells may already carry `text-align` from the column alignment: keep it. Header cells
  // default to left, as GitHub shows them (browsers centre them).
  const existing = token.attrGet('style') ?? '';
  const align = token.type === 'th_open' && existing === '' ? 'text-align:left;' : '';
  const task = token.attrGet('data-task') !== null;
  if (task) token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'data-task');
  token.attrSet('style', `${task ? TASK_ITEM_STYLE : style}${align}${existing}`);
}

/** `- [ ] todo` and `- [x] done`: the marker becomes a box character, the item loses its bullet. */
function markTaskItems(tokens: Token[]): void {
  tokens.forEach((token, i) => {
    if (token.type !== 'list_item_open') return;
    const inline = tokens[i + 2];
    const first = inline?.type === 'inline' ? inline.children?.[0] : undefined;
    const marker = first?.type === 'text' ? /^\[([ xX])\] /.exec(first.content) : null;
    if (!first || !marker) return;
    first.content = `${marker[1] === ' ' ? '\u2610' : '\u2611'} ${first.content.slice(marker[0].length)}`;
    token.attrSet('data-task', '');
  });
}

/** Characters that never start Markdown syntax in the middle of a line (no *, _, `, [, <, &, #, |, ~, \\, =, +). */
const PLAIN = /^[\p{L}\p{N} \n.,;:!?'"()/%@\u2013\u2014\u2026-]*$/u;

/**
 * The HTML markdown-it would give for a body that is plain prose, without loading markdown-it (about
 * 20 ms of a dry run's start-up); undefined for anything that might be Markdown. Conservative on purpose:
 * a test compares it with markdown-it on thousands of generated inputs.
 */
export function plainTextToHtml(text: string): string | undefined {
  if (!PLAIN.test(text) || text.includes('://') || /mailto:/i.test(text)) return undefined;
  const lines = text.split('\n');
  // Indentation (code blocks), trailing spaces (hard breaks), whitespace-only lines, list markers.
  if (lines.some((line) => /^ | $|^-|^\d+[.)]/.test(line))) return undefined;
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p !== '');
  return paragraphs
    .map((p) => `<p style="${TAG_STYLES.p ?? ''}">${p.replace(/"/g, '&quot;')}</p>\n`)
    .join('');
}
