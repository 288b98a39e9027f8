// Release notes as github.com shows them, for both parts of the mail. GitHub writes generated notes with
// an HTML comment and maintainers add <details>, <br>, <kbd> and tables, so the notes are rendered with
// raw HTML enabled, and then, only when they hold any, through the sanitizer (sanitize.ts): the one path
// where raw HTML from an event can reach the mail. Everything else (bodies, PR text) keeps html:false.
// Mentions and #123 become links (github-refs.ts). The text part is read back from the final HTML
// (html-text.ts), so it shows exactly what the HTML part shows, without tags or comments.
import { githubReferences, type RepositoryRef } from './github-refs.js';
import { createMarkdown } from './markdown.js';

export type { RepositoryRef } from './github-refs.js';

export interface RenderedNotes {
  /** Safe to include unescaped: markdown-it's own output, or the sanitizer's. */
  readonly html: string;
  readonly text: string;
}

/** A tag, a closing tag, a comment, a doctype or a processing instruction: anything an HTML parser reads. */
const RAW_HTML = /<[A-Za-z!/?]/;

export function hasRawHtml(markdown: string): boolean {
  return RAW_HTML.test(markdown);
}

export async function renderReleaseNotes(markdown: string, ref: RepositoryRef): Promise<RenderedNotes> {
  if (markdown.trim() === '') return { html: '', text: '' };
  const raw = hasRawHtml(markdown);
  const md = await createMarkdown({ html: raw, plugins: [githubReferences(ref)] });
  const rendered = md.render(markdown);
  // Loaded only for notes that hold raw HTML: the sanitizer and its parser are the largest part.
  const html = raw ? (await (await import('./sanitize.js')).loadSanitizer())(rendered) : rendered;
  const { htmlToText } = await import('./html-text.js');
  return { html, text: htmlToText(html) };
}
