// Attachment patterns through @actions/glob on a real directory tree, the workspace rules (nothing
// outside it, only regular files, sizes as read), and each attachments-if-missing mode.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import type { IfMissing } from '../../../src/config.js';
import { ActionError } from '../../../src/errors.js';
import { resolveAttachments } from '../../../src/message/files/attachments.js';
import { contentTypeOf } from '../../../src/message/files/content-types.js';
import { expandPatterns } from '../../../src/message/files/glob.js';
import { openWorkspace, type Workspace } from '../../../src/message/files/workspace.js';
import { tempDir } from './support.js';

let ws: Workspace;
let outside: string;

before(async () => {
  const dir = await tempDir('glob-ws-');
  outside = await tempDir('glob-out-');
  const files = [
    'report.pdf',
    'logs/build.log',
    'logs/test.log',
    'logs/deep/inner.log',
    'logs/.hidden.log',
    'dist/app.zip',
    'dist/app.zip.sha256',
    'empty-dir/.keep',
  ];
  for (const file of files) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), `content of ${file}\n`);
  }
  await writeFile(path.join(outside, 'coverage.xml'), '<coverage/>');
  await mkdir(path.join(outside, 'secrets'));
  await writeFile(path.join(outside, 'secrets', 'token.txt'), 'secret');
  await symlink(path.join(dir, 'report.pdf'), path.join(dir, 'report-link.pdf'));
  await symlink(dir, path.join(dir, 'logs', 'loop'));
  ws = await openWorkspace(dir);
});

async function names(patterns: string[]): Promise<string[]> {
  const { files } = await expandPatterns(patterns, ws, 1000);
  return files.map((f) => path.relative(ws.shown, f));
}

describe('glob patterns (@actions/glob)', () => {
  test('relative patterns start at the workspace; * stays in one directory, ** crosses them', async () => {
    assert.deepEqual(await names(['logs/*.log']), ['logs/.hidden.log', 'logs/build.log', 'logs/test.log']);
    assert.deepEqual(await names(['**/inner.log']), ['logs/deep/inner.log']);
  });

  test('! excludes what earlier patterns matched; a later pattern includes again', async () => {
    assert.deepEqual(await names(['logs/**/*.log', '!**/test.log', '!logs/deep/**']), [
      'logs/.hidden.log',
      'logs/build.log',
    ]);
    assert.deepEqual(await names(['logs/*.log', '!logs/*.log', 'logs/test.log']), ['logs/test.log']);
  });

  test('directories never match, and a directory symlink is never walked (no loop, no escape)', async () => {
    assert.deepEqual(await names(['logs/**']), [
      'logs/.hidden.log',
      'logs/build.log',
      'logs/deep/inner.log',
      'logs/loop',
      'logs/test.log',
    ]);
  });

  test('unmatched include patterns are reported with the path a literal names', async () => {
    const { unmatched } = await expandPatterns(['report.pdf', 'missing/*.txt', 'dist', '!x'], ws, 1000);
    assert.deepEqual(unmatched, [
      { pattern: 'missing/*.txt', literal: undefined },
      { pattern: 'dist', literal: path.join(ws.shown, 'dist') },
    ]);
  });

  test('a workspace path with glob characters is matched literally', async () => {
    const dir = await tempDir('glob-[ws]*?-');
    await writeFile(path.join(dir, 'a.txt'), 'a');
    const odd = await openWorkspace(dir);
    const { files } = await expandPatterns(['*.txt'], odd, 10);
    assert.deepEqual(files, [path.join(dir, 'a.txt')]);
  });

  test('more matches than allowed: a clear error instead of an attachment storm', async () => {
    await assert.rejects(expandPatterns(['**/*'], ws, 3), (err: unknown) => {
      assert.ok(err instanceof ActionError);
      assert.equal(err.code, 'ATTACHMENTS_TOO_MANY');
      return true;
    });
  });
});

describe('nothing outside the workspace', () => {
  const refused = async (patterns: string[], pattern: RegExp) => {
    await assert.rejects(
      resolveAttachments({
        patterns,
        ifMissing: 'error',
        workspace: ws,
        maxBytes: 1e6,
        warn: () => undefined,
        debug: () => undefined,
      }),
      (err: unknown) => {
        assert.ok(err instanceof ActionError, String(err));
        assert.match(err.message, /^Invalid 'attachments': /);
        assert.match(err.message, pattern);
        return true;
      },
    );
  };

  test('an absolute path outside it', () =>
    refused(['/proc/self/environ'], /'\/proc\/self\/environ' is outside the workspace/));
  test('an absolute pattern outside it', () => refused([`${outside}/*.xml`], /is outside the workspace/));
  test('.. that leaves it', () => refused(['../x/*.txt'], /'\.\.\/x\/\*\.txt' is outside the workspace/));
  test('.. hidden behind a wildcard', () =>
    refused(['logs/**/../../../etc/passwd'], /outside the workspace/));
  test('an excluded pattern outside it is refused too', () => refused(['report.pdf', '!/etc/*'], /outside/));

  test('a file symlink whose target leaves it', async () => {
    const dir = await tempDir('glob-link-');
    await symlink(path.join(outside, 'coverage.xml'), path.join(dir, 'coverage.xml'));
    await symlink('/proc/self/environ', path.join(dir, 'environ.txt'));
    const linked = await openWorkspace(dir);
    for (const pattern of ['coverage.xml', '*.txt']) {
      await assert.rejects(
        resolveAttachments({
          patterns: [pattern],
          ifMissing: 'error',
          workspace: linked,
          maxBytes: 1e6,
          warn: () => undefined,
          debug: () => undefined,
        }),
        /leads outside the workspace .*through a symbolic link/,
      );
    }
  });

  test('a directory symlink is not walked out of it', async () => {
    const dir = await tempDir('glob-dirlink-');
    await symlink(path.join(outside, 'secrets'), path.join(dir, 'secrets'));
    const linked = await openWorkspace(dir);
    // The link itself may match `secrets/**`; what lies behind it is never listed.
    const { files } = await expandPatterns(['**/*.txt', 'secrets/**'], linked, 10);
    assert.deepEqual(files, [path.join(dir, 'secrets')]);
    await assert.rejects(
      resolveAttachments({
        patterns: ['secrets/**'],
        ifMissing: 'error',
        workspace: linked,
        maxBytes: 1e6,
        warn: () => undefined,
        debug: () => undefined,
      }),
      /'.*secrets' leads outside the workspace/,
    );
  });

  test('a named pipe is refused, never read (a read would hang)', async () => {
    const dir = await tempDir('glob-fifo-');
    execFileSync('mkfifo', [path.join(dir, 'pipe.log')]);
    const piped = await openWorkspace(dir);
    await assert.rejects(
      resolveAttachments({
        patterns: ['*.log'],
        ifMissing: 'error',
        workspace: piped,
        maxBytes: 1e6,
        warn: () => undefined,
        debug: () => undefined,
      }),
      /'.*pipe\.log' is not a regular file/,
    );
  });
});

describe('attachments-if-missing and what is read', () => {
  const resolve = (patterns: string[], ifMissing: IfMissing, maxBytes = 1e6) => {
    const log = { warn: [] as string[], debug: [] as string[] };
    const run = resolveAttachments({
      patterns,
      ifMissing,
      workspace: ws,
      maxBytes,
      warn: (m) => log.warn.push(m),
      debug: (m) => log.debug.push(m),
    });
    return { run, log };
  };

  test('found: name, content as read, size and content type; a link inside the workspace is fine', async () => {
    const found = await resolve(['report-link.pdf', 'logs/build.log'], 'error').run;
    assert.deepEqual(
      found.map((a) => [a.filename, a.content.toString(), a.contentType, a.size]),
      [
        ['build.log', 'content of logs/build.log\n', 'text/plain', 26],
        ['report-link.pdf', 'content of report.pdf\n', 'application/pdf', 22],
      ],
    );
  });

  test('the size is what was read, and the total is capped', async () => {
    await assert.rejects(resolve(['logs/*.log'], 'error', 40).run, /more than 0\.0 MB .*max-size-mb/);
  });

  test('error (the default): the step fails before anything is sent', async () => {
    await assert.rejects(resolve(['report.pdf', 'reports/*.pdf'], 'error').run, (err: unknown) => {
      assert.ok(err instanceof ActionError);
      assert.equal(err.code, 'ATTACHMENT_NOT_FOUND');
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
    const once = resolve(['logs/build.log', 'logs/deep/inner.log'], 'error');
    await once.run;
    assert.deepEqual(once.log.warn, []);
    await writeFile(path.join(ws.shown, 'logs/deep/build.log'), 'x');
    const again = resolve(['logs/**/build.log'], 'error');
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
