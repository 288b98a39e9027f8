// GitHub's references in release notes, linked the way github.com shows them: `@login` to the user,
// `@name[bot]` to the app, `#123` to the repository's issue (GitHub redirects to the pull request), and
// a bare link to one of the repository's pull requests, issues or comparisons shortened to `#123` or
// `v1.3.2...v1.4.0`. Text tokens only: never inside a link or code, so a URL or a snippet keeps its text.
import type { MarkdownIt, StateCore, Token } from 'markdown-it';

export interface RepositoryRef {
  /** https://github.com, or the GitHub Enterprise Server URL. */
  readonly serverUrl: string;
  /** owner/name; '' when unknown (then `#123` stays text). */
  readonly repository: string;
}

// A login: letters, digits and single inner hyphens, at most 39 characters. Not after a word character,
// `@`, `/` or `.` (addresses, paths, `a@b`), not followed by one (`@user.name`, `@org/team`).
const LOGIN = '[A-Za-z\\d](?:[A-Za-z\\d]|-(?=[A-Za-z\\d])){0,38}';
const REFERENCE = new RegExp(
  `(^|[^\\w@/.#&-])(?:@(${LOGIN})(\\[bot\\])?(?![\\w@/-]|\\.\\w)|#(\\d{1,9})(?![\\w-]))`,
  'g',
);

export function githubReferences(ref: RepositoryRef): (md: MarkdownIt) => void {
  const server = ref.serverUrl.replace(/\/+$/, '');
  const repoUrl = ref.repository ? `${server}/${ref.repository}` : '';
  return (md) => {
    md.core.ruler.after('linkify', 'github_references', (state) => {
      for (const token of state.tokens) {
        if (token.type === 'inline' && token.children) token.children = linkReferences(state, token.children);
      }
    });
  };

  function linkReferences(state: StateCore, children: Token[]): Token[] {
    const out: Token[] = [];
    let depth = 0;
    for (const [i, token] of children.entries()) {
      if (token.type === 'link_open') {
        depth++;
        if (token.markup === 'linkify') shorten(token, children[i + 1]);
      } else if (token.type === 'link_close') depth--;
      if (depth > 0 || token.type !== 'text') out.push(token);
      else out.push(...split(state, token));
    }
    return out;
  }

  function split(state: StateCore, token: Token): Token[] {
    const text = token.content;
    const out: Token[] = [];
    let last = 0;
    const push = (content: string): void => {
      if (content === '') return;
      const t = new state.Token('text', '', 0);
      t.content = content;
      out.push(t);
    };
    for (const match of text.matchAll(REFERENCE)) {
      const [whole, before = '', login, bot, issue] = match;
      const url = login
        ? `${server}/${bot ? 'apps/' : ''}${login}`
        : repoUrl && issue
          ? `${repoUrl}/issues/${issue}`
          : '';
      if (!url) continue;
      const start = match.index + before.length;
      push(text.slice(last, start));
      const open = new state.Token('link_open', 'a', 1);
      open.attrSet('href', url);
      out.push(open);
      push(whole.slice(before.length));
      out.push(new state.Token('link_close', 'a', -1));
      last = match.index + whole.length;
    }
    if (out.length === 0) return [token];
    push(text.slice(last));
    return out;
  }

  /** A bare URL of this repository's pull request, issue or comparison reads as GitHub shows it. */
  function shorten(open: Token, text: Token | undefined): void {
    const href = open.attrGet('href') ?? '';
    if (!repoUrl || text?.type !== 'text' || text.content !== href || !href.startsWith(`${repoUrl}/`)) return;
    const rest = href.slice(repoUrl.length + 1);
    const item = /^(?:pull|issues)\/(\d+)\/?$/.exec(rest);
    const range = /^compare\/([^/?#\s]+\.\.\.?[^/?#\s]+)$/.exec(rest);
    if (item) text.content = `#${item[1] ?? ''}`;
    else if (range) text.content = range[1] ?? '';
  }
}
