// The release workflow's gate (scripts/release-check.ts): version, lockfile and changelog must agree,
// and the newest changelog entry becomes the release notes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { changelogEntries, checkRelease } from '../../scripts/release-check.js';
import type { ReleaseFacts } from '../../scripts/release-check.js';

const CHANGELOG = `# Changelog

All notable changes to this project are documented in this file.

## [Unreleased]

## [1.1.0] - 2027-01-15

### Fixed

- Retries stop at the step's time budget.

## [1.0.0] - 2026-12-20

### Added

- First release.

[Unreleased]: https://github.com/octo-org/m365-mail-action/compare/v1.1.0...HEAD
[1.1.0]: https://github.com/octo-org/m365-mail-action/compare/v1.0.0...v1.1.0
[1.0.0]: https://github.com/octo-org/m365-mail-action/releases/tag/v1.0.0
`;

const facts = (changes: Partial<ReleaseFacts> = {}): ReleaseFacts => ({
  version: '1.1.0',
  packageVersion: '1.1.0',
  lockVersions: ['1.1.0', '1.1.0'],
  changelog: CHANGELOG,
  ...changes,
});

describe('changelogEntries', () => {
  test('splits at ## headings, keeps dates, drops link definitions', () => {
    assert.deepEqual(changelogEntries(CHANGELOG), [
      { version: 'Unreleased', date: '', body: '' },
      {
        version: '1.1.0',
        date: '2027-01-15',
        body: "### Fixed\n\n- Retries stop at the step's time budget.",
      },
      { version: '1.0.0', date: '2026-12-20', body: '### Added\n\n- First release.' },
    ]);
  });
});

describe('checkRelease', () => {
  test('agreement: no problem, and the newest entry is the notes', () => {
    assert.deepEqual(checkRelease(facts()), {
      problems: [],
      warnings: [],
      notes: "### Fixed\n\n- Retries stop at the step's time budget.\n",
    });
  });

  test('names each disagreement', () => {
    const result = checkRelease(facts({ version: '1.2.0' }));
    assert.deepEqual(result.problems, [
      'package.json says version 1.1.0, not 1.2.0',
      'package-lock.json says 1.1.0 / 1.1.0: run npm install',
      'the newest entry of CHANGELOG.md is [1.1.0], not [1.2.0]',
    ]);
  });

  test('refuses a tag-like or partial version', () => {
    for (const version of ['v1.1.0', '1.1', '01.1.0', '1.1.0-rc.1']) {
      assert.match(checkRelease(facts({ version })).problems[0] ?? '', /is not a version x\.y\.z/);
    }
  });

  test('an entry without a date or without text, or no entry at all', () => {
    const undated = CHANGELOG.replace('## [1.1.0] - 2027-01-15', '## [1.1.0]');
    assert.deepEqual(checkRelease(facts({ changelog: undated })).problems, [
      "the heading of [1.1.0] needs a date: '## [1.1.0] - YYYY-MM-DD'",
    ]);
    const empty = '## [Unreleased]\n\n## [1.1.0] - 2027-01-15\n\n[1.1.0]: https://example.test\n';
    assert.deepEqual(checkRelease(facts({ changelog: empty })).problems, [
      'the entry [1.1.0] of CHANGELOG.md is empty',
    ]);
    assert.deepEqual(
      checkRelease(facts({ changelog: '# Changelog\n\n## [Unreleased]\n\n- Soon.\n' })).problems,
      ["CHANGELOG.md has no '## [1.1.0] - YYYY-MM-DD' entry"],
    );
  });

  test('warns, without failing, when [Unreleased] still has entries', () => {
    const pending = CHANGELOG.replace('## [Unreleased]\n', '## [Unreleased]\n\n- Not released yet.\n');
    const result = checkRelease(facts({ changelog: pending }));
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.warnings, [
      'CHANGELOG.md has entries under [Unreleased]: they are not part of this release',
    ]);
  });
});
