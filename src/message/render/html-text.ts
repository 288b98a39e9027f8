// The text part of rendered release notes: the HTML the mail shows, read back as plain text, so both
// parts say the same thing (what the sanitizer dropped is in neither). htmlparser2 is the parser the
// sanitizer already brings; a library such as html-to-text would add its own copy of it and a selector
// engine for features this does not need. Headings are underlined, lists keep their markers, tables are
// aligned columns, code blocks are indented, links show their URL, a <details> summary is a plain line.
import { Parser } from 'htmlparser2';

interface Element {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: Node[];
}
type Node = Element | string;

const BLOCKS = new Set([
  ...['p', 'div', 'details', 'summary', 'pre', 'blockquote', 'ul', 'ol', 'li', 'table', 'hr'],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td'],
]);

export function htmlToText(html: string): string {
  return blocks(parse(html).children)
    .join('\n\n')
    .replace(/^\n+|\s+$/g, '');
}

function parse(html: string): Element {
  const root: Element = { tag: '', attrs: {}, children: [] };
  const stack: Element[] = [root];
  const parser = new Parser(
    {
      onopentag(tag, attrs) {
        const element: Element = { tag, attrs, children: [] };
        stack[stack.length - 1]?.children.push(element);
        stack.push(element);
      },
      ontext(text) {
        stack[stack.length - 1]?.children.push(text);
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return root;
}

const isBlock = (node: Node): boolean => typeof node !== 'string' && BLOCKS.has(node.tag);

/** Block-level children as separate strings; runs of inline content become paragraphs. */
function blocks(children: readonly Node[]): string[] {
  const out: string[] = [];
  let run: Node[] = [];
  const flush = (): void => {
    const text = paragraph(run);
    if (text) out.push(text);
    run = [];
  };
  for (const child of children) {
    if (!isBlock(child)) {
      run.push(child);
      continue;
    }
    flush();
    const text = block(child as Element);
    if (text) out.push(text);
  }
  flush();
  return out;
}

function block(element: Element): string {
  const { tag, children } = element;
  switch (tag) {
    case 'h1':
    case 'h2': {
      const title = paragraph(children);
      return title && `${title}\n${(tag === 'h1' ? '=' : '-').repeat(Math.min(72, width(title)))}`;
    }
    case 'ul':
    case 'ol':
      return list(element);
    case 'pre':
      return textOf(element)
        .replace(/\n$/, '')
        .split('\n')
        .map((line) => `    ${line}`.trimEnd())
        .join('\n');
    case 'blockquote':
      return prefix(blocks(children).join('\n\n'), '> ', '> ');
    case 'table':
      return table(element);
    case 'hr':
      return '-----';
    default:
      return blocks(children).join('\n\n');
  }
}

function list(element: Element): string {
  let number = Number(element.attrs.start ?? '1') || 1;
  const items = element.children.filter((c): c is Element => typeof c !== 'string' && c.tag === 'li');
  return items
    .map((item) => {
      // A task item already starts with its box (☐/☑): no bullet in front of it.
      const body = blocks(item.children).join('\n');
      const marker = element.tag === 'ol' ? `${number++}. ` : /^[\u2610\u2611] /.test(body) ? '' : '- ';
      return prefix(body, marker, ' '.repeat(marker.length));
    })
    .join('\n');
}

function table(element: Element): string {
  const rows = rowsOf(element).map((row) =>
    row.filter((c): c is Element => typeof c !== 'string' && /^t[hd]$/.test(c.tag)),
  );
  const header = rows[0]?.some((cell) => cell.tag === 'th') ?? false;
  const texts = rows.map((row) => row.map((cell) => paragraph(cell.children).replace(/\s*\n\s*/g, ' ')));
  const columns = Math.max(0, ...texts.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, i) =>
    Math.max(3, ...texts.map((r) => width(r[i] ?? ''))),
  );
  const lines = texts.map((cells) =>
    widths
      .map((w, i) => (cells[i] ?? '') + ' '.repeat(w - width(cells[i] ?? '')))
      .join(' | ')
      .trimEnd(),
  );
  if (header) lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('-|-'));
  return lines.join('\n');
}

/** The cells of every row, through thead, tbody and tfoot. */
function rowsOf(element: Element): Node[][] {
  return element.children.flatMap((child) =>
    typeof child === 'string' ? [] : child.tag === 'tr' ? [child.children] : rowsOf(child),
  );
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Characters as a reader counts them (an emoji is one), for underlines and columns. */
function width(text: string): number {
  let n = 0;
  for (const _ of graphemes.segment(text)) n++;
  return n;
}

/** Inline content as text: whitespace collapsed, <br> a line break, links with their URL. */
function paragraph(nodes: readonly Node[]): string {
  return nodes
    .map(inline)
    .join('')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .trim();
}

function inline(node: Node): string {
  if (typeof node === 'string') return node.replace(/\s+/g, ' ');
  switch (node.tag) {
    case 'br':
      return '\n';
    case 'img':
      return node.attrs.alt ?? '';
    case 'code':
      return `\`${textOf(node)}\``;
    case 'a':
      return link(node);
    default:
      return isBlock(node) ? `\n${blocks(node.children).join('\n')}\n` : node.children.map(inline).join('');
  }
}

/** `@login` stays a name; a reference GitHub shortens (#123, v1...v2) shows the URL it stands for. */
function link(node: Element): string {
  const label = paragraph(node.children);
  const href = node.attrs.href ?? '';
  if (!href || label === href || `mailto:${label}` === href || label.startsWith('@')) return label || href;
  if (/^(?:[\w.-]+\/[\w.-]+)?#\d+$|^\S+\.\.\.?\S+$/.test(label)) return href;
  return `${label} (${href})`;
}

function textOf(node: Node): string {
  return typeof node === 'string' ? node : node.children.map(textOf).join('');
}

function prefix(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, i) => `${i === 0 ? first : rest}${line}`.trimEnd())
    .join('\n');
}
