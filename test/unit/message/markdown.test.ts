// Markdown for mail: raw HTML shown as text, unsafe links dropped, inline styles for clients that
// ignore <style>.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  loadMarkdownRenderer,
  plainTextToHtml,
  type MarkdownRenderer,
} from '../../../src/message/render/markdown.js';
import { escapeHtml } from '../../../src/text.js';

let render: MarkdownRenderer;
before(async () => {
  render = await loadMarkdownRenderer();
});

describe('Markdown', () => {
  test('raw HTML is text, never markup', () => {
    const html = render('<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)> <b>bold</b>');
    assert.doesNotMatch(html, /<script|<img|<b>/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  test('links are kept; javascript:, data: and vbscript: links are not', () => {
    const html = render(
      '[ok](https://example.com/a) [x](javascript:alert(1)) [y](data:text/html,hi) [z](vbscript:x) https://github.com/o/r',
    );
    assert.match(html, /<a href="https:\/\/example\.com\/a" style="[^"]+">ok<\/a>/);
    assert.match(
      html,
      /<a href="https:\/\/github\.com\/o\/r" style="[^"]+">https:\/\/github\.com\/o\/r<\/a>/,
    );
    assert.doesNotMatch(html, /href="(javascript|data|vbscript):/);
  });

  test('a bare address stays text', () => {
    assert.doesNotMatch(render('Bcc: attacker@evil.example'), /mailto:/);
  });

  test('code blocks, inline code, lists, quotes and tables carry inline styles', () => {
    const html = render(
      '- a `x`\n\n1. one\n\n> q\n\n```js\nlet a = 1 < 2;\n```\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n',
    );
    assert.match(html, /<ul style="margin:0 0 12px 0;padding-left:24px;">/);
    assert.match(html, /<ol style="[^"]+">/);
    assert.match(html, /<code style="font-family:[^"]+background-color:#eff1f3;[^"]+">x<\/code>/);
    assert.match(
      html,
      /<pre style="[^"]*white-space:pre-wrap;[^"]*"><code class="language-js" style="font-family:[^"]+">let a = 1 &lt; 2;/,
    );
    assert.match(html, /<blockquote style="[^"]+border-left:4px solid #d0d7de;[^"]*">/);
    assert.match(html, /<th style="border:1px solid #d0d7de;[^"]*text-align:left">a<\/th>/);
    assert.match(html, /<td style="border:1px solid #d0d7de;padding:6px 10px;text-align:right">2<\/td>/);
  });

  test('headings, task lists and relative links', () => {
    assert.match(
      render('## Failed'),
      /^<h2 style="margin:[^"]*font-size:19px;[^"]*font-weight:600;[^"]*">Failed<\/h2>\n$/,
    );
    const tasks = render('- [x] done\n- [ ] todo\n- [y] not a task');
    assert.match(
      tasks,
      /<li style="[^"]*list-style-type:none;">\u2611 done<\/li>\n<li style="[^"]*list-style-type:none;">\u2610 todo/,
    );
    assert.match(tasks, /<li style="margin:0 0 4px 0;">\[y\] not a task<\/li>/);
    assert.doesNotMatch(tasks, /data-task/);
    assert.doesNotMatch(render('[docs](docs/x.md) [top](#top)'), /<a /);
  });

  test('plain prose skips markdown-it with exactly its output; anything Markdown-like falls back', () => {
    for (const text of [
      'Deploy done.',
      'Line one\nline two\n\n\nSecond "paragraph", 100% (ok)!',
      'Build 42. Done',
    ]) {
      assert.equal(plainTextToHtml(text), render(text), text);
    }
    for (const text of [
      '- item',
      '1. one',
      '2) two',
      'a *b*',
      'x  \ny',
      '    code',
      'see https://x.example',
      'a\n-',
      '<b>',
      'a & b',
    ]) {
      assert.equal(plainTextToHtml(text), undefined, text);
    }
  });

  test('the plain-prose shortcut agrees with markdown-it on generated inputs', () => {
    const pieces = [
      'Build',
      'done',
      'v1',
      'é',
      '日本',
      ' ',
      '  ',
      '\n',
      '\n\n',
      '.',
      ',',
      ':',
      '!',
      '?',
      "'",
      '"',
      '(',
      ')',
    ];
    pieces.push(
      '/',
      '%',
      '@',
      '-',
      '1',
      '2',
      '–',
      '#',
      '*',
      '_',
      '`',
      '[',
      ']',
      '<',
      '>',
      '&',
      '\\',
      '~',
      '|',
      '=',
      '+',
    );
    pieces.push('\t', 'http', '://', 'mailto:');
    // mulberry32: a small seeded generator, so a failure reproduces.
    let seed = 42;
    const next = (n: number): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n;
    };
    let compared = 0;
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      for (let n = Math.floor(next(20)); n > 0; n--) text += pieces[Math.floor(next(pieces.length))] ?? '';
      const fast = plainTextToHtml(text);
      if (fast === undefined || text.trim() === '') continue;
      compared++;
      assert.equal(fast, render(text), JSON.stringify(text));
    }
    assert.ok(compared > 1000, `only ${compared} inputs took the shortcut`);
  });

  test('escapeHtml', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
