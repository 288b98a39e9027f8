// Markdown to HTML for mail. Raw HTML in the source is shown as text, never rendered, and
// markdown-it's link check drops javascript:, vbscript:, file: and data: links. Mail clients ignore
// or strip <style> blocks (Outlook, Gmail in some views), so every element gets its style inline.
import type { Token } from 'markdown-it';

export type MarkdownRenderer = (markdown: string) => string;

const MONO = "ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace";

/** Inline styles by token type; headings keep the client's own sizes (and the layout's font). */
const STYLES: Readonly<Record<string, string>> = {
  paragraph_open: 'margin:0 0 12px 0;',
  bullet_list_open: 'margin:0 0 12px 0;padding-left:24px;',
  ordered_list_open: 'margin:0 0 12px 0;padding-left:24px;',
  list_item_open: 'margin:0 0 4px 0;',
  blockquote_open: 'margin:0 0 12px 0;padding:0 12px;border-left:4px solid #d0d7de;color:#59636e;',
  table_open: 'border-collapse:collapse;margin:0 0 12px 0;',
  th_open: 'border:1px solid #d0d7de;padding:6px 10px;background-color:#f6f8fa;',
  td_open: 'border:1px solid #d0d7de;padding:6px 10px;',
  link_open: 'color:#0969da;text-decoration:underline;',
  code_inline: `font-family:${MONO};font-size:85%;background-color:#eff1f3;border-radius:4px;padding:1px 4px;`,
  hr: 'border:0;border-top:1px solid #d0d7de;margin:16px 0;',
  image: 'max-width:100%;height:auto;border:0;',
};

const PRE_STYLE =
  'margin:0 0 12px 0;padding:12px;background-color:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;' +
  'font-size:13px;line-height:1.45;white-space:pre-wrap;word-wrap:break-word;';

export async function loadMarkdownRenderer(): Promise<MarkdownRenderer> {
  const { default: MarkdownItClass } = await import('markdown-it');
  const md = new MarkdownItClass({ html: false, linkify: true, typographer: false, breaks: false });
  // Bare URLs become links; bare addresses stay text: an address in a commit message or a PR title
  // should not turn into a mailto: link in an alert.
  md.linkify.set({ fuzzyEmail: false });
  md.core.ruler.push('mail_styles', (state) => {
    for (const token of state.tokens) {
      styleToken(token);
      token.children?.forEach(styleToken);
    }
  });
  for (const rule of ['fence', 'code_block'] as const) {
    const original = md.renderer.rules[rule];
    md.renderer.rules[rule] = (tokens, idx, options, env, self) => {
      const html = original ? original(tokens, idx, options, env, self) : '';
      return html
        .replace(/^<pre>/, `<pre style="${PRE_STYLE}">`)
        .replace(/^(<pre[^>]*>)<code([^>]*)>/, `$1<code$2 style="font-family:${MONO};">`);
    };
  }
  return (markdown) => md.render(markdown);
}

function styleToken(token: Token): void {
  const style = STYLES[token.type];
  if (style === undefined) return;
  // Table cells may already carry `text-align` from the column alignment: keep it. Header cells
  // default to left, as GitHub shows them (browsers centre them).
  const existing = token.attrGet('style') ?? '';
  const align = token.type === 'th_open' && existing === '' ? 'text-align:left;' : '';
  token.attrSet('style', `${style}${align}${existing}`);
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
    .map((p) => `<p style="${STYLES.paragraph_open ?? ''}">${p.replace(/"/g, '&quot;')}</p>\n`)
    .join('');
}
