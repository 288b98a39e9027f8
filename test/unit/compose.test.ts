import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { MessageSettings } from '../../src/config.js';
import { composeMessage } from '../../src/message/compose.js';
import { loadMarkdownRenderer, type MarkdownRenderer } from '../../src/message/markdown.js';
import { messageIdFor } from '../../src/message/message-id.js';

const settings: MessageSettings = {
  from: { name: 'Bot', address: 'bot@contoso.com' },
  replyTo: [],
  to: [{ name: '', address: 'a@contoso.com' }],
  cc: [],
  bcc: [],
  subject: 'Hi',
  body: '# Title\r\n\n- one\n- <b>two</b>\n\n[link](https://example.com) [bad](javascript:alert(1))',
  htmlBody: '',
  priority: 'normal',
};

describe('composeMessage', () => {
  let render: MarkdownRenderer;
  before(async () => {
    render = await loadMarkdownRenderer();
  });

  test('text part is the body as written, with normalised line endings', () => {
    const m = composeMessage(settings, render, '<id@contoso.com>');
    assert.equal(
      m.text,
      '# Title\n\n- one\n- <b>two</b>\n\n[link](https://example.com) [bad](javascript:alert(1))',
    );
  });

  test('HTML part is rendered Markdown with raw HTML escaped and unsafe links dropped', () => {
    const { html } = composeMessage(settings, render, '<id@contoso.com>');
    assert.match(html, /<h1>Title<\/h1>/);
    assert.match(html, /<li>&lt;b&gt;two&lt;\/b&gt;<\/li>/);
    assert.match(html, /<a href="https:\/\/example\.com">link<\/a>/);
    assert.doesNotMatch(html, /javascript:alert\(1\)"/);
    assert.doesNotMatch(html, /<b>/);
    assert.match(html, /^<!DOCTYPE html>/);
  });

  test('html-body replaces the rendered HTML', () => {
    assert.equal(
      composeMessage({ ...settings, htmlBody: '<p>custom</p>' }, render, '<x@y.z>').html,
      '<p>custom</p>',
    );
  });

  test('an empty body gives no HTML part', () => {
    assert.equal(composeMessage({ ...settings, body: '  ' }, render, '<x@y.z>').html, '');
  });
});

describe('messageIdFor', () => {
  const run = {
    repository: 'o/r',
    serverUrl: 'https://github.com',
    runId: '123',
    runAttempt: '1',
    job: 'build',
    step: 'mail',
    runUrl: '',
  };

  test('the same step and content give the same id; anything else changes it', () => {
    const a = messageIdFor(run, 'bot@Contoso.com', 0, 'content');
    assert.equal(a, messageIdFor(run, 'bot@contoso.com', 0, 'content'));
    assert.match(a, /^<gh-123\.1\.[A-Za-z0-9_-]{22}@contoso\.com>$/);
    assert.notEqual(a, messageIdFor(run, 'bot@contoso.com', 1, 'content'));
    assert.notEqual(a, messageIdFor({ ...run, runAttempt: '2' }, 'bot@contoso.com', 0, 'content'));
    assert.notEqual(a, messageIdFor({ ...run, step: 'other' }, 'bot@contoso.com', 0, 'content'));
    assert.notEqual(a, messageIdFor(run, 'bot@contoso.com', 0, 'other content'));
  });

  test('outside a workflow run the id is random', () => {
    const a = messageIdFor(undefined, 'bot@contoso.com', 0, 'c');
    assert.match(a, /^<[0-9a-f-]{36}@contoso\.com>$/);
    assert.notEqual(a, messageIdFor(undefined, 'bot@contoso.com', 0, 'c'));
  });
});
