// Release notes as GitHub writes them (an HTML comment, <details>, <kbd>, tables, task lists, mentions)
// rendered as github.com shows them, safely: the sanitizer keeps its allowlist and nothing else, in the
// HTML part, and the text part says the same without a tag.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { normaliseNewlines } from '../../../src/message/context/event-views.js';
import { htmlToText } from '../../../src/message/render/html-text.js';
import { hasRawHtml, renderReleaseNotes } from '../../../src/message/render/release-notes.js';
import { ALLOWED_INPUT_TAGS } from '../../../src/message/render/sanitize.js';
import { FIXTURES } from './support.js';

const GITHUB = { serverUrl: 'https://github.com', repository: 'octo-org/octo-repo' };
const render = (notes: string, ref = GITHUB) => renderReleaseNotes(notes, ref);
const html = async (notes: string): Promise<string> => (await render(notes)).html;

const OUTPUT_TAGS = new Set(ALLOWED_INPUT_TAGS.filter((t) => t !== 'details' && t !== 'summary'));
const OUTPUT_ATTRIBUTES = new Set([
  'href',
  'src',
  'alt',
  'width',
  'height',
  'start',
  'colspan',
  'rowspan',
  'style',
]);

/** Whatever the notes held, the HTML holds only allowed tags, attributes and safe URLs. */
function assertOnlyAllowed(out: string): void {
  for (const [, tag] of out.matchAll(/<\/?([a-zA-Z][\w-]*)/g))
    assert.ok(OUTPUT_TAGS.has(tag ?? ''), `tag <${tag}>`);
  for (const [, name] of out.matchAll(/\s([\w-]+)=/g))
    assert.ok(OUTPUT_ATTRIBUTES.has(name ?? ''), `attribute ${name}`);
  for (const [, url] of out.matchAll(/(?:href|src)="([^"]*)"/g))
    assert.match(url ?? '', /^(https?:\/\/|mailto:)/);
  assert.doesNotMatch(out, /<!--|javascript:|data:|vbscript:|position|url\(|expression|display:none|script/i);
}

describe('GitHub-generated release notes (test/fixtures/events/release-generated-notes.json)', async () => {
  const event = JSON.parse(await readFile(path.join(FIXTURES, 'release-generated-notes.json'), 'utf8')) as {
    release: { body: string };
  };
  const notes = await render(normaliseNewlines(event.release.body));

  test('the HTML keeps what is allowed and nothing else', () => {
    assertOnlyAllowed(notes.html);
    assert.doesNotMatch(notes.html, /tracker\.example|alert|onerror|Release notes generated/);
  });

  test('<details> is shown open: its summary a bold line, its content in place', () => {
    assert.match(
      notes.html,
      /<div style="[^"]*"[^>]*>\n<p style="margin:0 0 8px 0;font-weight:600;">Breaking changes \(2\)<\/p>\n<ul/,
    );
    assert.match(
      notes.html,
      /is gone: use <code[^>]*>max-attempts<\/code>\.<br \/>Workflows that still set it/,
    );
  });

  test('<kbd>, <sub>, <br>, tables with their alignment, task lists', () => {
    assert.match(
      notes.html,
      /<kbd style="[^"]*border:1px solid #d0d7de;[^"]*">Ctrl<\/kbd>\+<kbd [^>]*>C<\/kbd>/,
    );
    assert.match(notes.html, /<sub>Benchmarks: 2,000 recipients/);
    assert.match(notes.html, /<th style="[^"]*text-align:right;">Size<\/th>/);
    assert.match(
      notes.html,
      /<td style="border:1px solid #d0d7de;padding:6px 10px;text-align:right;">2\.4 MB<\/td>/,
    );
    assert.match(notes.html, /<li style="[^"]*list-style-type:none;">\u2611 Replace <code/);
    assert.match(notes.html, /<li style="[^"]*list-style-type:none;">\u2610 Grant <code/);
  });

  test('mentions, #123 and the repository’s links as github.com shows them', () => {
    const links = [...notes.html.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[2], m[1]]);
    assert.deepEqual(
      new Map(links as [string, string][]),
      new Map([
        ['@monalisa', 'https://github.com/monalisa'],
        ['#131', 'https://github.com/octo-org/octo-repo/pull/131'],
        ['@octocat', 'https://github.com/octocat'],
        ['#128', 'https://github.com/octo-org/octo-repo/pull/128'],
        ['@hubot', 'https://github.com/hubot'],
        ['#127', 'https://github.com/octo-org/octo-repo/pull/127'],
        ['@dependabot[bot]', 'https://github.com/apps/dependabot'],
        ['#125', 'https://github.com/octo-org/octo-repo/pull/125'],
        ['v1.4.0...v1.5.0', 'https://github.com/octo-org/octo-repo/compare/v1.4.0...v1.5.0'],
      ]),
    );
    assert.match(
      notes.html,
      /Graph work \(<a href="https:\/\/github\.com\/octo-org\/octo-repo\/issues\/131"/,
    );
    // The javascript: and data: links keep their words, unlinked.
    assert.match(
      notes.html,
      /Read the <span>upgrade guide<\/span> first; checksums are in <span>SHA256SUMS\.txt<\/span>/,
    );
  });

  test('the text part: no tag, no comment, nothing the HTML dropped; tables and lists readable', () => {
    assert.doesNotMatch(notes.text, /<|>|Release notes generated|script|alert|tracker/);
    const expected = [
      'Highlights\n----------\n',
      'Thanks to @monalisa for the Graph work (https://github.com/octo-org/octo-repo/issues/131)!',
      'Runner      | Archive                             | Size\n------------|-------------------------------------|-------\n' +
        'Linux x64   | `octo-repo-v1.5.0-linux-x64.tar.gz` | 2.4 MB\n',
      '\u2611 Replace `retry-attempts` with `max-attempts`\n\u2610 Grant `Mail.Send`',
      '\n\nBreaking changes (2)\n\n- `retry-attempts` is gone: use `max-attempts`.\n  Workflows that still set it',
      'Read the upgrade guide first; checksums are in SHA256SUMS.txt.',
      'Stop the local sandbox with Ctrl+C.\nBenchmarks: 2,000 recipients',
      "What's Changed\n--------------\n\n🚀 Features\n\n- Send through Microsoft Graph when SMTP AUTH is off by @monalisa in https://github.com/octo-org/octo-repo/pull/131\n",
      '- Bump nodemailer from 10.5.0 to 10.6.0 by @dependabot[bot] in https://github.com/octo-org/octo-repo/pull/125',
      'Full Changelog: https://github.com/octo-org/octo-repo/compare/v1.4.0...v1.5.0',
    ];
    for (const piece of expected) assert.ok(notes.text.includes(piece), piece);
  });
});

describe('the sanitizer: what notes may not do', () => {
  const hostile: [string, string][] = [
    [
      'javascript: in any spelling',
      '<a href="JaVaScRiPt:alert(1)">a</a><a href="&#106;avascript:alert(1)">b</a><a href=" javascript:alert(1)">c</a>',
    ],
    [
      'data:, vbscript:, protocol-relative and relative links',
      '<a href="data:text/html,x">a</a><a href="vbscript:x">b</a><a href="//evil.example/x">c</a><a href="../x">d</a>',
    ],
    [
      'event handlers, ids, classes and styles',
      '<p onclick="alert(1)" onmouseover=alert(1) id="x" class="y" style="color:red;position:fixed">p</p>',
    ],
    [
      'images without an http(s) source',
      '<img src=x onerror=alert(1)><img src="data:image/png;base64,AAAA"><img src="javascript:alert(1)">',
    ],
    [
      'script, style, svg, math, iframe, object, embed, form',
      '<script>alert(1)</script><style>p{}</style><svg onload=alert(1)><use href="#x"/></svg><math><mi>x</mi></math><iframe src="https://x.example"></iframe><object data="x"></object><embed src="x"><form action="https://x.example"><input name="q"><button>go</button></form>',
    ],
    [
      'meta, link, base',
      '<meta http-equiv="refresh" content="0;url=https://evil.example"><link rel="stylesheet" href="https://evil.example/x.css"><base href="https://evil.example/">',
    ],
    ['comments of every kind', '<!-- hidden --><!--[if mso]><p>mso</p><![endif]--><!----><![CDATA[x]]>'],
    ['an unclosed tag and a broken attribute', '<p title="x><script>alert(1)</script>'],
    ['a noscript raw-text trick', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'],
  ];
  for (const [name, notes] of hostile) {
    test(name, async () => {
      const out = await render(notes);
      assertOnlyAllowed(out.html);
      assert.doesNotMatch(out.html, /alert|evil|mso/);
      assert.doesNotMatch(out.text, /<|alert\(1\)[^)]|evil\.example\/x\.css/);
    });
  }

  test('a Markdown link or image to anything but http(s) or mailto stays text', async () => {
    const out = await html('[x](javascript:alert(1)) ![y](data:image/png;base64,AAAA) [z](docs/x.md)');
    assert.doesNotMatch(out, /<a |<img /);
    assert.match(out, /\[x\]\(javascript:alert\(1\)\)/);
  });

  test('what is allowed keeps its meaning: safe links, images, alignment, list start, spans', async () => {
    const out = await html(
      '<p align="center">Centred <a href="https://example.com/a?b=1&amp;c=2">link</a> <a href="mailto:team@contoso.example">mail</a></p>\n\n' +
        '<img src="https://example.com/i.png" alt="Logo" width="120" height="x" onload="alert(1)">\n\n' +
        '<ol start="3"><li>three</li></ol>\n\n<table><tr><td align="right" colspan="2">r</td></tr></table>',
    );
    assertOnlyAllowed(out);
    assert.match(
      out,
      /<p style="margin:0 0 12px 0;text-align:center;">Centred <a href="https:\/\/example\.com\/a\?b=1&amp;c=2"/,
    );
    assert.match(out, /<a href="mailto:team@contoso\.example" style="[^"]+">mail<\/a>/);
    assert.match(
      out,
      /<img src="https:\/\/example\.com\/i\.png" alt="Logo" width="120" style="max-width:100%;height:auto;border:0;" \/>/,
    );
    assert.match(out, /<ol start="3" style="[^"]+">/);
    assert.match(out, /<td colspan="2" style="[^"]*text-align:right;">r<\/td>/);
  });

  test('deep nesting is cut, not a crash', async () => {
    const deep = `${'<div>'.repeat(5000)}deep${'</div>'.repeat(5000)}`;
    const out = await render(deep);
    assert.match(out.html, /deep/);
    assert.equal(out.text, 'deep');
  });
});

describe('GitHub references', () => {
  test('mentions: logins and apps; not addresses, teams, code or links', async () => {
    const out = await html(
      'by @octo-cat and @dependabot[bot]; mail ops@contoso.example; team @octo-org/core; `@inline` [@link](https://example.com); @-no @a--b',
    );
    assert.match(out, /<a href="https:\/\/github\.com\/octo-cat"[^>]*>@octo-cat<\/a>/);
    assert.match(out, /<a href="https:\/\/github\.com\/apps\/dependabot"[^>]*>@dependabot\[bot\]<\/a>/);
    assert.equal([...out.matchAll(/<a /g)].length, 3, out);
  });

  test('#123 links the repository’s issue on the server the run is on; not in code, not after a word', async () => {
    const ghes = { serverUrl: 'https://github.contoso.example/', repository: 'platform/mailer' };
    const out = (await render('Fixes #123, see `#124` and a#125 and [#126](https://example.com)', ghes)).html;
    assert.match(
      out,
      /Fixes <a href="https:\/\/github\.contoso\.example\/platform\/mailer\/issues\/123"[^>]*>#123<\/a>/,
    );
    assert.equal([...out.matchAll(/<a /g)].length, 2, out);
    assert.doesNotMatch(
      (await render('#7', { serverUrl: 'https://github.com', repository: '' })).html,
      /<a /,
    );
  });

  test('only this repository’s pull, issue and compare links are shortened', async () => {
    const out = await html(
      'https://github.com/octo-org/octo-repo/pull/9 https://github.com/octo-org/octo-repo/issues/8 https://github.com/other/repo/pull/7 https://github.com/octo-org/octo-repo/pull/9#issuecomment-1',
    );
    assert.match(out, />#9<\/a> <a [^>]+>#8<\/a> <a [^>]+>https:\/\/github\.com\/other\/repo\/pull\/7<\/a>/);
    assert.match(out, />https:\/\/github\.com\/octo-org\/octo-repo\/pull\/9#issuecomment-1<\/a>/);
  });
});

describe('notes without raw HTML', () => {
  test('skip the sanitizer and render the same', async () => {
    const markdown =
      '## Changes\n\n- [x] done by @octocat in #1\n\n| a |\n|--:|\n| 1 |\n\n```\n<b>x</b>\n```';
    assert.equal(hasRawHtml(markdown), true, 'a tag in a code block counts: the sanitizer runs');
    assert.equal(hasRawHtml('## Changes\n\n- done by @octocat in #1 (a < b)'), false);
    const out = await render('## Changes\n\n- done by @octocat in #1 (a < b)');
    assert.match(
      out.html,
      /<li style="[^"]+">done by <a [^>]+>@octocat<\/a> in <a [^>]+>#1<\/a> \(a &lt; b\)<\/li>/,
    );
    assert.equal(
      out.text,
      'Changes\n-------\n\n- done by @octocat in https://github.com/octo-org/octo-repo/issues/1 (a < b)',
    );
  });

  test('empty notes render nothing', async () => {
    assert.deepEqual(await render('  \n'), { html: '', text: '' });
  });

  test('code blocks keep their text in both parts', async () => {
    const out = await render('```sh\nnpm ci && npm test\n```');
    assert.match(
      out.html,
      /<pre style="[^"]+"><code class="language-sh" style="font-family:[^"]+">npm ci &amp;&amp; npm test/,
    );
    assert.equal(out.text, '    npm ci && npm test');
    assert.equal(htmlToText('<ol><li>a</li><li><p>b</p><ul><li>c</li></ul></li></ol>'), '1. a\n2. b\n   - c');
  });
});
