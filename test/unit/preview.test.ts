// `npm run preview`: every built-in template from a fixture, with no environment set up by hand; the
// files it writes are the message a dry run of the action writes; PNGs when Chromium is installed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { findChromium } from '../../scripts/lib/chromium.js';
import { eventNameOf, runnerEnvFor } from '../../scripts/lib/fixture-env.js';
import { preview } from '../../scripts/preview.js';
import { FIXTURE_LIST, FIXTURES, ROOT, tempDir } from './message/support.js';

const event = (file: string): string => path.join(FIXTURES, `${file}.json`);

describe('npm run preview', () => {
  test('every built-in template renders from a fixture: .eml, HTML part, text part', async () => {
    const out = await tempDir('preview-');
    const cases: { template: string; file: string; inputs: Record<string, string>; subject: RegExp }[] = [
      {
        template: 'plain',
        file: 'push-multi',
        inputs: { body: 'Deployed **v1.5.0**.' },
        subject: /^octo-org\/octo-repo: CI #42$/,
      },
      {
        template: 'status',
        file: 'workflow-run-failure',
        inputs: {},
        // The status template threads by default: one stable subject per workflow and branch.
        subject: /^\[octo-org\/octo-repo\] CI on main$/,
      },
      {
        template: 'release',
        file: 'release-generated-notes',
        inputs: {},
        subject: /Release v1\.5\.0 – Graph fallback$/,
      },
    ];
    for (const c of cases) {
      const result = await preview({
        template: c.template,
        event: event(c.file),
        inputs: c.inputs,
        out,
        png: false,
      });
      assert.match(result.subject, c.subject);
      const stem = path.join(out, `${c.template}-${c.file}`);
      assert.deepEqual(result.files, [`${stem}.eml`, `${stem}.html`, `${stem}.txt`]);
      assert.equal(result.pngSkipped, 'not asked for (--no-png)');
      const mail = await simpleParser(await readFile(`${stem}.eml`));
      assert.equal(await readFile(`${stem}.html`, 'utf8'), mail.html, 'the HTML file is the HTML part');
      assert.equal(await readFile(`${stem}.txt`, 'utf8'), mail.text, 'the text file is the text part');
      assert.equal(mail.subject, result.subject);
      assert.match(mail.messageId ?? '', /^<gh-1658821493\.1\.[\w-]+@contoso\.example>$/);
    }
    const release = await readFile(path.join(out, 'release-release-generated-notes.html'), 'utf8');
    assert.match(release, /Breaking changes \(2\)/);
    assert.doesNotMatch(release, /<script|actions\/runs/);
  });

  test('inputs, status and the file stem are the caller’s; errors are the action’s own', async () => {
    const out = await tempDir('preview-');
    const result = await preview({
      template: 'status',
      event: event('push-multi'),
      status: 'success',
      inputs: { subject: 'Nightly {{ repository.name }}', footer: 'none' },
      out,
      name: 'nightly',
      png: false,
    });
    assert.equal(result.subject, 'Nightly octo-repo');
    const text = await readFile(path.join(out, 'nightly.txt'), 'utf8');
    assert.match(text, /^Status: +Succeeded$/m);
    assert.doesNotMatch(text, /^-- $/m);
    await assert.rejects(
      preview({ template: 'plain', event: event('push-multi'), out, png: false }),
      /Invalid 'body': template 'plain' sends the body, but 'body' and 'html-body' are both empty/,
    );
  });

  test('the command line, end to end', async () => {
    const out = await tempDir('preview-');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(ROOT, 'scripts', 'preview.ts'),
        '--template',
        'release',
        '--event',
        event('release-published'),
        '--input',
        'footer=none',
        '--out',
        out,
        '--no-png',
      ],
      { cwd: ROOT },
    );
    assert.match(stdout, /^Subject: \[octo-org\/octo-repo\] Release v1\.4\.0 – Faster sends$/m);
    assert.match(stdout, /^wrote .*release-release-published\.eml$/m);
    assert.match(stdout, /^PNG skipped: not asked for \(--no-png\)$/m);
  });

  const chromium = findChromium();
  test(
    'PNGs at 600 and 375 px, light and dark',
    { skip: chromium ? false : 'Chromium is not installed (apt-get install chromium, or set CHROMIUM)' },
    async () => {
      const out = await tempDir('preview-');
      const result = await preview({ template: 'status', event: event('workflow-run-failure'), out });
      const pngs = result.files.filter((f) => f.endsWith('.png'));
      assert.deepEqual(
        pngs.map((f) => path.basename(f)),
        ['600-light', '600-dark', '375-light', '375-dark'].map((s) => `status-workflow-run-failure-${s}.png`),
      );
      for (const png of pngs) {
        const bytes = await readFile(png);
        assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
        assert.equal(bytes.readUInt32BE(16), png.includes('-375-') ? 375 : 600, 'width');
        assert.ok((await stat(png)).size > 5000);
      }
      // Dark mode changes the picture: the page background is GitHub's dark canvas.
      assert.notDeepEqual(await readFile(pngs[0] ?? ''), await readFile(pngs[1] ?? ''));
    },
  );
});

describe('the runner environment derived from a fixture', () => {
  test('event names and refs as GitHub sets them', async () => {
    for (const f of FIXTURE_LIST) {
      const payload = JSON.parse(await readFile(event(f.file), 'utf8')) as Record<string, unknown>;
      assert.equal(eventNameOf(payload), f.event, f.file);
    }
    const release = JSON.parse(await readFile(event('release-published'), 'utf8')) as Record<string, unknown>;
    const env = runnerEnvFor('/e.json', release, 'release');
    assert.equal(env.GITHUB_REF, 'refs/tags/v1.4.0');
    assert.equal(env.GITHUB_REF_NAME, 'v1.4.0');
    assert.equal(env.GITHUB_REPOSITORY, 'octo-org/octo-repo');
    assert.equal(env.GITHUB_SERVER_URL, 'https://github.com');
    const pr = JSON.parse(await readFile(event('pull-request-fork'), 'utf8')) as Record<string, unknown>;
    const prEnv = runnerEnvFor('/e.json', pr, 'pull_request');
    assert.deepEqual(
      [prEnv.GITHUB_REF, prEnv.GITHUB_HEAD_REF, prEnv.GITHUB_BASE_REF],
      ['refs/pull/1347/merge', 'patch-1', 'main'],
    );
  });
});
