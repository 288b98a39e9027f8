// Template rules: escaping per part, precedence of the user's inputs, inline templates that fail
// (sent as written), workspace template files that fail (file:line), helpers and prototype access.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { MessageSettings } from '../../../src/config.js';
import { ActionError } from '../../../src/errors.js';
import { buildContent } from '../../../src/message/index.js';
import { envOf, fixture, recordingIo, settingsWith, tempDir } from './support.js';

async function render(
  overrides: Partial<MessageSettings>,
  file = 'push-multi',
  env: Record<string, string> = {},
) {
  const io = recordingIo(envOf(fixture(file), env));
  const content = await buildContent(settingsWith(overrides), io);
  return { ...content, warnings: io.warnings, debugs: io.debugs };
}

async function workspaceWith(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('ws-');
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

describe('inline subject, body and html-body', () => {
  test('without {{ they are plain text and the compiler is not loaded', async () => {
    const out = await render({ subject: 'Deploy done', body: 'All *good*: 100% & <ok>' });
    assert.equal(out.subject, 'Deploy done');
    assert.match(out.text, /^All \*good\*: 100% & <ok>\n/);
    assert.match(out.html, /All <em>good<\/em>: 100% &amp; &lt;ok&gt;/);
    assert.ok(out.debugs.some((d) => /Handlebars compiler not needed/.test(d)));
  });

  test('the subject renders without HTML escaping and on one line', async () => {
    const out = await render(
      { subject: '{{pull_request.title}} & {{repository.name}}' },
      'pull-request-fork',
    );
    assert.equal(out.subject, 'Fix <img src=x onerror=alert(1)> and Bcc: attacker@evil.example & octo-repo');
  });

  test('the body is Markdown: the text part shows it as written, the HTML part escapes it', async () => {
    const out = await render({ body: 'PR: {{pull_request.title}}' }, 'pull-request-fork');
    assert.match(out.text, /^PR: Fix <img src=x onerror=alert\(1\)> and\r?\nBcc: attacker@evil\.example\n/);
    assert.match(out.html, /PR: Fix &lt;img src=x onerror=alert\(1\)&gt; and\nBcc: attacker@evil\.example/);
    assert.doesNotMatch(out.html, /<img/);
  });

  test('html-body escapes what it prints and is the whole HTML part', async () => {
    const out = await render(
      { htmlBody: '<p>{{pull_request.title}}</p>', body: 'text' },
      'pull-request-fork',
    );
    assert.equal(
      out.html,
      '<p>Fix &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; and\r\nBcc: attacker@evil.example</p>',
    );
    assert.match(out.text, /^text\n/);
  });

  test('an inline template that does not compile is sent as written, with a warning', async () => {
    for (const subject of ['Alert {{#if x}} unclosed', 'Alert {{nope 1}}', 'Alert {{#each}}{{/each}}']) {
      const out = await render({ subject, template: { kind: 'builtin', name: 'status' }, status: 'failure' });
      assert.equal(out.subject, subject);
      assert.equal(out.warnings.length, 1, subject);
      assert.match(
        out.warnings[0] ?? '',
        /The 'subject' input is not a valid template \(subject(:1)?: .+\); it is sent as written/,
      );
    }
  });

  test('an unknown helper is named with its line', async () => {
    const out = await render({ body: 'line one\n{{shout repository.name}}' });
    assert.match(out.warnings[0] ?? '', /body:2: unknown helper 'shout'/);
  });

  test('prototype members and missing fields render empty', async () => {
    const out = await render({
      subject:
        '[{{constructor}}][{{__proto__}}][{{event.constructor.name}}][{{lookup repository "constructor"}}][{{no.such.field}}]',
    });
    assert.equal(out.subject, '[][][][][]');
  });
});

describe('helpers', () => {
  const cases: [string, string][] = [
    ['{{short_sha sha}}', '18bec3e'],
    ['{{first_line commit.message}}', 'Add retry to send step'],
    [
      '{{one_line commit.message}}',
      'Add retry to send step Retries transient SMTP 4xx errors up to 3 times.',
    ],
    ['{{truncate commit.title 10}}', 'Add retry…'],
    ['{{bytes 2483921}} {{bytes 196}} {{bytes 1536}}', '2.4 MB 196 B 1.5 KB'],
    ['{{date "2024-05-14T08:05:00Z"}} {{date "soon"}}', '2024-05-14 08:05 UTC soon'],
    ['{{plural push.commits.length "commit"}} {{plural 1 "commit"}}', '3 commits 1 commit'],
    ['{{#if (eq event_name "push")}}yes{{/if}}{{#if (ne actor "octocat")}}no{{/if}}', 'yes'],
    ['{{#if (and status (or vars.x event_name))}}a{{/if}}{{#if (not status)}}b{{/if}}', 'b'],
    ['{{default vars.env "production"}}', 'production'],
    ['{{json vars}}', '{}'],
  ];
  for (const [template, expected] of cases) {
    test(template, async () => {
      assert.equal((await render({ subject: template })).subject, expected);
    });
  }

  test('markdown renders safe HTML in html-body and leaves text parts as written', async () => {
    const out = await render({ htmlBody: '{{markdown commit.message}}', body: '{{markdown "**x**"}}' });
    assert.match(out.html, /^<p style="[^"]+">Add retry to send step\nRetries/);
    assert.match(out.text, /^\*\*x\*\*\n/);
  });
});

describe('built-in layouts and the user inputs', () => {
  test('status: a user subject wins, a user body is a note inside the layout', async () => {
    const out = await render(
      {
        template: { kind: 'builtin', name: 'status' },
        status: 'failure',
        subject: 'Nightly broke',
        body: 'Ping **@oncall**',
      },
      'workflow-run-failure',
    );
    assert.equal(out.subject, 'Nightly broke');
    assert.match(out.html, /<title>Nightly broke<\/title>/);
    assert.match(out.html, /Ping <strong>@oncall<\/strong>/);
    assert.match(out.text, /^CI #42 failed\n[^]*Ping \*\*@oncall\*\*\n[^]*Conclusion: +failure/);
  });

  test('status without a status input reports the watched run of a workflow_run event', async () => {
    const out = await render({ template: { kind: 'builtin', name: 'status' } }, 'workflow-run-failure');
    assert.equal(out.subject, '[octo-org/octo-repo] CI #42 failed on main (18bec3e)');
    assert.deepEqual(out.warnings, []);
  });

  test('status without any status says "finished" and warns', async () => {
    const out = await render({ template: { kind: 'builtin', name: 'status' } });
    assert.match(out.subject, /CI #42 finished on main/);
    assert.match(out.warnings[0] ?? '', /set status: \$\{\{ job\.status \}\}/);
  });

  test('release on a tag push names the tag; on a branch it warns', async () => {
    const tag = await render({ template: { kind: 'builtin', name: 'release' } }, 'push-multi', {
      GITHUB_REF: 'refs/tags/v2.0.0',
      GITHUB_REF_NAME: 'v2.0.0',
    });
    assert.equal(tag.subject, '[octo-org/octo-repo] Release v2.0.0');
    assert.match(tag.html, /href="https:\/\/github\.com\/octo-org\/octo-repo\/releases\/tag\/v2\.0\.0"/);
    assert.deepEqual(tag.warnings, []);
    const branch = await render({ template: { kind: 'builtin', name: 'release' } }, 'push-multi');
    assert.match(branch.warnings[0] ?? '', /template: release on a 'push' event without a release or a tag/);
  });

  test('plain without subject or body: a default subject, a footer linking the run', async () => {
    const out = await render({});
    assert.equal(out.subject, 'octo-org/octo-repo: CI #42');
    assert.equal(
      out.text,
      '-- \nSent by CI #42 in octo-org/octo-repo\nhttps://github.com/octo-org/octo-repo/actions/runs/1658821493\n',
    );
  });
});

describe('footer', () => {
  const RUN = 'https://github.com/octo-org/octo-repo/actions/runs/1658821493';
  const RELEASE = 'https://github.com/octo-org/octo-repo/releases/tag/v1.4.0';

  test('auto: plain and status link the run that sent the mail', async () => {
    for (const name of ['plain', 'status'] as const) {
      const out = await render({ template: { kind: 'builtin', name }, body: 'Done.', status: 'success' });
      assert.ok(out.text.endsWith(`\n-- \nSent by CI #42 in octo-org/octo-repo\n${RUN}\n`), name);
      assert.match(out.html, /Sent by <a href="([^"]+)"[^>]*>CI #42<\/a> in octo-org\/octo-repo/, name);
      assert.equal(/Sent by <a href="([^"]+)"/.exec(out.html)?.[1], RUN, name);
    }
  });

  test('auto: release links the release page and never the run', async () => {
    const out = await render({ template: { kind: 'builtin', name: 'release' } }, 'release-published');
    assert.ok(out.text.endsWith(`\n-- \nRelease v1.4.0 of octo-org/octo-repo\n${RELEASE}\n`));
    assert.ok(out.html.includes(`<a href="${RELEASE}"`));
    assert.match(out.html, /">Release v1\.4\.0<\/a> of octo-org\/octo-repo/);
    for (const part of [out.text, out.html]) assert.doesNotMatch(part, /actions\/runs|Sent by/);
  });

  test('auto: a release without a page to link has no footer', async () => {
    const out = await render({ template: { kind: 'builtin', name: 'release' } }, 'push-multi');
    assert.doesNotMatch(out.text, /^-- $/m);
    assert.doesNotMatch(out.html, /actions\/runs/);
  });

  test('none: no footer in any built-in template', async () => {
    for (const name of ['plain', 'status', 'release'] as const) {
      const out = await render(
        { template: { kind: 'builtin', name }, footer: 'none', body: 'Done.', status: 'failure' },
        'release-published',
      );
      assert.doesNotMatch(out.text, /^-- $/m, name);
      assert.doesNotMatch(out.html, /Sent by|> of octo-org/, name);
      if (name !== 'status') assert.doesNotMatch(out.html, /actions\/runs/, name);
    }
  });
});

describe('workspace template files', () => {
  test('the file is the HTML part; .text.hbs and .subject.hbs siblings give the other parts', async () => {
    const workspace = await workspaceWith({
      '.github/mail/deploy.html.hbs': '<h1>{{repository.name}} to {{vars.env}}</h1>{{{body_html}}}',
      '.github/mail/deploy.text.hbs': 'Deployed {{repository.name}} to {{vars.env}}\n\n{{body}}',
      '.github/mail/deploy.subject.hbs': 'Deployed {{repository.name}}\nto {{vars.env}}',
    });
    const out = await render(
      {
        template: { kind: 'file', path: '.github/mail/deploy.html.hbs' },
        vars: { env: '<prod>' },
        body: 'Hi *all*',
      },
      'push-multi',
      { GITHUB_WORKSPACE: workspace },
    );
    assert.equal(out.subject, 'Deployed octo-repo to <prod>');
    assert.equal(out.text, 'Deployed octo-repo to <prod>\n\nHi *all*\n');
    assert.match(out.html, /^<h1>octo-repo to &lt;prod&gt;<\/h1><p style="[^"]+">Hi <em>all<\/em><\/p>/);
  });

  test('without siblings the subject and text come from the plain template', async () => {
    const workspace = await workspaceWith({ 'mail.hbs': '<p>{{actor}}</p>' });
    const out = await render({ template: { kind: 'file', path: 'mail.hbs' }, body: 'b' }, 'push-multi', {
      GITHUB_WORKSPACE: workspace,
    });
    assert.equal(out.subject, 'octo-org/octo-repo: CI #42');
    assert.match(out.text, /^b\n\n-- \nSent by CI #42/);
    assert.equal(out.html, '<p>octocat</p>');
  });

  const failures: [string, string, RegExp][] = [
    ['parse error', '<p>\n\n{{#if actor}}\n</p>', /^Template bad\.html\.hbs:4: parse error near .*Expecting/],
    ['unknown helper', '<p>\n{{upper actor}}</p>', /^Template bad\.html\.hbs:2: unknown helper 'upper'/],
    ['unknown partial', '{{> header}}', /^Template bad\.html\.hbs:1: unknown partial 'header'/],
    ['mismatched block', '{{#if a}}\n{{/each}}', /^Template bad\.html\.hbs:1: if doesn't match each/],
  ];
  for (const [what, source, message] of failures) {
    test(`a file with a ${what} fails with the file and line`, async () => {
      const workspace = await workspaceWith({ 'bad.html.hbs': source });
      await assert.rejects(
        render({ template: { kind: 'file', path: 'bad.html.hbs' } }, 'push-multi', {
          GITHUB_WORKSPACE: workspace,
        }),
        (err: unknown) => {
          assert.ok(err instanceof ActionError);
          assert.equal(err.code, 'TEMPLATE_ERROR');
          assert.equal(err.stage, 'message');
          assert.match(err.message, message);
          assert.match(err.hint ?? '', /Fix bad\.html\.hbs/);
          return true;
        },
      );
    });
  }

  test('a missing template file names the path and the workspace', async () => {
    const workspace = await workspaceWith({});
    await assert.rejects(
      render({ template: { kind: 'file', path: 'nope.hbs' } }, 'push-multi', { GITHUB_WORKSPACE: workspace }),
      (err: unknown) =>
        err instanceof ActionError &&
        err.code === 'TEMPLATE_NOT_FOUND' &&
        /actions\/checkout/.test(err.hint ?? ''),
    );
  });
});
