// Attachment patterns: @actions/glob's semantics on a real directory tree, and what happens when a
// pattern matches nothing under each attachments-if-missing mode.
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import type { IfMissing } from '../../../src/config.js';
import { ActionError } from '../../../src/errors.js';
import { resolveAttachments } from '../../../src/message/attachments.js';
import { tempDir } from './support.js';
import { contentTypeOf } from '../../../src/message/content-types.js';
import { findFiles } from '../../../src/message/glob.js';

let ws: string;
let outside: string;

before(async () => {
  ws = await tempDir('glob-ws-');
  outside = await tempDir('glob-out-');
  const files = [
    'report.pdf',
    'logs/build.log',
    'logs/test.log',
    'logs/deep/inner.log',
    'logs/.hidden.log',
    'dist/app.zip',
    'dist/app.zip.sha256',
    '.git/config.log',
    'node_modules/pkg/debug.log',
    'empty-dir/.keep',
  ];
  for (const file of files) {
    await mkdir(path.dirname(path.join(ws, file)), { recursive: true });
    await writeFile(path.join(ws, file), `content of ${file}\n`);
  }
  await writeFile(path.join(outside, 'coverage.xml'), '<coverage/>');
  await symlink(path.join(outside, 'coverage.xml'), path.join(ws, 'coverage-link.xml'));
  await symlink(ws, path.join(ws, 'logs', 'loop'));
});

async function names(patterns: string[]): Promise<string[]> {
  const { files } = await findFiles(patterns, { cwd: ws, maxEntries: 1000 });
  return files.map((f) => path.relative(ws, f));
}

describe('glob patterns', () => {
  test('relative patterns start at the workspace; * stays in one directory, ** crosses them', async () => {
    assert.deepEqual(await names(['logs/*.log']), ['logs/.hidden.log', 'logs/build.log', 'logs/test.log']);
    assert.deepEqual(await names(['**/inner.log']), ['logs/deep/inner.log']);
  });

  test('a literal path, an absolute path, and a symlinked file', async () => {
    assert.deepEqual(await names(['report.pdf', path.join(outside, 'coverage.xml'), 'coverage-link.xml']), [
      path.relative(ws, path.join(outside, 'coverage.xml')),
      'coverage-link.xml',
      'report.pdf',
    ]);
  });

  test('! excludes what earlier patterns matched; a later pattern includes again', async () => {
    assert.deepEqual(await names(['logs/**/*.log', '!**/test.log', '!logs/deep/**']), [
      'logs/.hidden.log',
      'logs/build.log',
    ]);
    assert.deepEqual(await names(['dist/*', '!dist/*.sha256', 'dist/app.zip.sha256']), [
      'dist/app.zip',
      'dist/app.zip.sha256',
    ]);
  });

  test('results are sorted and unique; directories never match', async () => {
    assert.deepEqual(await names(['dist/app.zip', 'dist/*.zip', 'dist', 'empty-dir']), ['dist/app.zip']);
  });

  test('.git and node_modules are skipped unless a pattern names them', async () => {
    const all = await names(['**/*.log']);
    assert.ok(!all.some((f) => f.startsWith('.git') || f.startsWith('node_modules')), all.join());
    assert.deepEqual(await names(['node_modules/**/*.log']), ['node_modules/pkg/debug.log']);
  });

  test('a symlink loop is walked once', async () => {
    const all = await names(['**/build.log']);
    assert.deepEqual(all, ['logs/build.log']);
  });

  test('too many entries: a clear error instead of a walk of the whole disk', async () => {
    await assert.rejects(findFiles(['**/*.nothing'], { cwd: ws, maxEntries: 5 }), (err: unknown) => {
      assert.ok(err instanceof ActionError);
      assert.equal(err.code, 'ATTACHMENTS_SCAN_LIMIT');
      assert.match(err.message, /more than 5 files and directories/);
      return true;
    });
  });

  test('unmatched include patterns are reported, directories as such', async () => {
    const { unmatched } = await findFiles(['report.pdf', 'missing/*.txt', 'dist', '!x'], {
      cwd: ws,
      maxEntries: 1000,
    });
    assert.deepEqual(unmatched, [
      { pattern: 'missing/*.txt', directory: false },
      { pattern: 'dist', directory: true },
    ]);
  });
});

describe('attachments-if-missing', () => {
  const resolve = (patterns: string[], ifMissing: IfMissing) => {
    const log = { warn: [] as string[], debug: [] as string[] };
    const run = resolveAttachments({
      patterns,
      ifMissing,
      workspace: ws,
      warn: (m) => log.warn.push(m),
      debug: (m) => log.debug.push(m),
    });
    return { run, log };
  };

  test('found: name, path, size and content type', async () => {
    const { run } = resolve(['report.pdf', 'logs/build.log'], 'error');
    assert.deepEqual(await run, [
      {
        filename: 'build.log',
        path: path.join(ws, 'logs/build.log'),
        contentType: 'text/plain',
        size: 'content of logs/build.log\n'.length,
      },
      {
        filename: 'report.pdf',
        path: path.join(ws, 'report.pdf'),
        contentType: 'application/pdf',
        size: 'content of report.pdf\n'.length,
      },
    ]);
  });

  test('error (the default): the step fails before anything is sent', async () => {
    await assert.rejects(resolve(['report.pdf', 'reports/*.pdf'], 'error').run, (err: unknown) => {
      assert.ok(err instanceof ActionError);
      assert.equal(err.code, 'ATTACHMENT_NOT_FOUND');
      assert.equal(err.stage, 'message');
      assert.match(err.message, /Attachment pattern 'reports\/\*\.pdf' matched no file/);
      assert.match(err.hint ?? '', /attachments-if-missing: warn/);
      return true;
    });
  });

  test('error: a directory says how to attach its files', async () => {
    await assert.rejects(resolve(['logs'], 'error').run, /names a directory, not files: use 'logs\/\*\*'/);
  });

  test('warn: a warning, and the files that were found', async () => {
    const { run, log } = resolve(['report.pdf', 'reports/*.pdf'], 'warn');
    assert.deepEqual(
      (await run).map((a) => a.filename),
      ['report.pdf'],
    );
    assert.equal(log.warn.length, 1);
    assert.match(log.warn[0] ?? '', /'reports\/\*\.pdf' matched no file/);
  });

  test('ignore: not silent either, a debug line', async () => {
    const { run, log } = resolve(['reports/*.pdf'], 'ignore');
    assert.deepEqual(await run, []);
    assert.deepEqual(log.warn, []);
    assert.ok(log.debug.some((d) => /'reports\/\*\.pdf' matched no file/.test(d)));
  });

  test('two files with one name: a warning', async () => {
    const { run, log } = resolve(
      ['logs/build.log', 'logs/deep/inner.log', '**/build.log', 'logs/test.log'],
      'error',
    );
    await run;
    assert.deepEqual(log.warn, []);
    await writeFile(path.join(ws, 'logs/deep/build.log'), 'x');
    const again = resolve(['**/build.log'], 'error');
    await again.run;
    assert.match(again.log.warn[0] ?? '', /same name \(build\.log\)/);
  });
});

test('content types from the file name', () => {
  const cases: [string, string][] = [
    ['a.txt', 'text/plain'],
    ['build.LOG', 'text/plain'],
    ['r.csv', 'text/csv'],
    ['r.json', 'application/json'],
    ['r.pdf', 'application/pdf'],
    ['s.png', 'image/png'],
    ['s.JPG', 'image/jpeg'],
    ['d.zip', 'application/zip'],
    ['d.tar.gz', 'application/gzip'],
    ['d.tgz', 'application/gzip'],
    ['x.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['m.eml', 'message/rfc822'],
    ['Makefile', 'application/octet-stream'],
    ['.env', 'application/octet-stream'],
    ['a.unknown', 'application/octet-stream'],
  ];
  for (const [name, type] of cases) assert.equal(contentTypeOf(name), type, name);
});
