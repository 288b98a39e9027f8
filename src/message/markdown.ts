// Markdown to HTML for the body. Raw HTML in the source is shown as text, never rendered, and
// markdown-it's link check drops javascript:, vbscript:, file: and data: links.
export type MarkdownRenderer = (markdown: string) => string;

export async function loadMarkdownRenderer(): Promise<MarkdownRenderer> {
  const { default: MarkdownIt } = await import('markdown-it');
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  return (markdown) => md.render(markdown);
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
