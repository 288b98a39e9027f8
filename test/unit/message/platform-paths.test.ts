// The workspace rules under Windows and macOS path conventions, checked here on Linux: the path rules
// are chosen by the workspace's `platform`, so the runner's OS is a parameter, not a global.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ActionError } from '../../../src/errors.js';
import { parseMessage } from '../../../src/inputs/message.js';
import { globEscape, writtenPattern } from '../../../src/message/files/glob.js';
import { checkWrittenPath, isInside, type Workspace } from '../../../src/message/files/workspace.js';

/** A Windows runner's workspace: D:\a\<repo>\<repo>. */
const WINDOWS: Workspace = {
  shown: 'D:\\a\\octo-repo\\octo-repo',
  real: 'D:\\a\\octo-repo\\octo-repo',
  platform: 'win32',
};
/** macOS: a workspace under /tmp is really under /private/tmp. */
const MAC: Workspace = {
  shown: '/tmp/work/octo-repo',
  real: '/private/tmp/work/octo-repo',
  platform: 'darwin',
};

function refused(workspace: Workspace, written: string): ActionError {
  try {
    checkWrittenPath(workspace, written, 'attachments');
  } catch (err) {
    assert.ok(err instanceof ActionError, String(err));
    assert.match(err.message, /Invalid 'attachments'.*outside the workspace/s);
    return err;
  }
  assert.fail(`${written} was accepted`);
}

describe('Windows paths', () => {
  test('relative paths with either separator stay in the workspace', () => {
    assert.equal(
      checkWrittenPath(WINDOWS, 'logs\\build.log', 'attachments'),
      'D:\\a\\octo-repo\\octo-repo\\logs\\build.log',
    );
    assert.equal(
      checkWrittenPath(WINDOWS, 'logs/build.log', 'attachments'),
      'D:\\a\\octo-repo\\octo-repo\\logs\\build.log',
    );
    assert.equal(
      checkWrittenPath(WINDOWS, 'out\\..\\report.pdf', 'attachments'),
      'D:\\a\\octo-repo\\octo-repo\\report.pdf',
    );
  });

  test('an absolute path inside is accepted in any letter case, as Windows compares paths', () => {
    assert.equal(
      checkWrittenPath(WINDOWS, 'd:\\A\\octo-repo\\octo-repo\\dist\\app.zip', 'attachments'),
      'd:\\A\\octo-repo\\octo-repo\\dist\\app.zip',
    );
  });

  test('another drive, a UNC share, a drive-relative path and .. that climbs out are refused', () => {
    refused(WINDOWS, 'C:\\Windows\\win.ini');
    refused(WINDOWS, 'C:win.ini');
    refused(WINDOWS, '\\\\fileserver\\share\\secrets.txt');
    refused(WINDOWS, '..\\..\\other-repo\\.env');
    refused(WINDOWS, 'logs/../../../x.txt');
    refused(WINDOWS, 'D:\\a\\octo-repo\\octo-repo-evil\\x.txt');
  });

  test('isInside: the workspace itself and below, not a sibling with the same prefix', () => {
    assert.equal(isInside(WINDOWS, 'D:\\a\\octo-repo\\octo-repo'), true);
    assert.equal(isInside(WINDOWS, 'D:\\a\\octo-repo\\octo-repo\\x\\y'), true);
    assert.equal(isInside(WINDOWS, 'D:\\a\\octo-repo\\octo-repo2\\y'), false);
    assert.equal(isInside(WINDOWS, 'E:\\a\\octo-repo\\octo-repo\\y'), false);
  });

  test('patterns: the workspace is prefixed with backslashes kept, glob characters in it escaped', () => {
    const pattern = writtenPattern('logs\\*.log', WINDOWS);
    assert.equal(pattern.absolute, 'D:\\a\\octo-repo\\octo-repo\\logs\\*.log');
    assert.equal(pattern.literal, undefined);
    assert.equal(globEscape('D:\\a\\[x]\\b*?', 'win32'), 'D:\\a\\[[]x]\\b[*][?]');
    const literal = writtenPattern('reports\\summary.txt', WINDOWS);
    assert.equal(literal.literal, 'D:\\a\\octo-repo\\octo-repo\\reports\\summary.txt');
    assert.throws(() => writtenPattern('C:\\Users\\runneradmin\\*.txt', WINDOWS), /outside the workspace/);
  });
});

describe('macOS paths', () => {
  test('a path through /tmp or through its real place /private/tmp is the same workspace', () => {
    assert.equal(
      checkWrittenPath(MAC, 'logs/build.log', 'attachments'),
      '/tmp/work/octo-repo/logs/build.log',
    );
    assert.equal(
      checkWrittenPath(MAC, '/private/tmp/work/octo-repo/dist/app.zip', 'attachments'),
      '/private/tmp/work/octo-repo/dist/app.zip',
    );
    refused(MAC, '/private/tmp/work/other/x.txt');
    refused(MAC, '/Users/runner/.ssh/id_rsa');
    refused(MAC, '../other/x.txt');
  });

  test('a backslash is a file-name character there, escaped for the glob', () => {
    assert.equal(globEscape('/tmp/a\\b', 'darwin'), '/tmp/a\\\\b');
    assert.equal(writtenPattern('logs/*.log', MAC).absolute, '/tmp/work/octo-repo/logs/*.log');
  });
});

describe('template paths written the Windows way', () => {
  const parse = (template: string): Promise<unknown> =>
    parseMessage((name) => ({ from: 'a@contoso.com', to: 'b@contoso.com', template })[name] ?? '');

  test('backslashes become forward slashes; the file stays relative to the workspace', async () => {
    const message = (await parse('.github\\mail\\deploy.hbs')) as { template: unknown };
    assert.deepEqual(message.template, { kind: 'file', path: '.github/mail/deploy.hbs' });
  });

  for (const written of [
    'C:\\templates\\x.hbs',
    'c:/templates/x.hbs',
    '..\\outside.hbs',
    'mail\\..\\..\\x.hbs',
  ]) {
    test(`${written} is refused before anything is read`, async () => {
      await assert.rejects(parse(written), /Invalid 'template'.*no '\.\.', not absolute/s);
    });
  }
});
