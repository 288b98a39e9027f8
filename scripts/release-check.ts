// What scripts/release-notes.ts checks before a release: package.json, package-lock.json and the
// newest entry of CHANGELOG.md all name the version being released; that entry is the release notes.
//
// CHANGELOG.md follows Keep a Changelog: `## [Unreleased]` first, then `## [x.y.z] - YYYY-MM-DD`, newest
// first, and link definitions (`[x.y.z]: https://...`) at the bottom.
export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const HEADING = /^## \[([^\]]+)\](?:\s+-\s+(\S+))?\s*$/;
const LINK_DEFINITION = /^\[[^\]]+\]:\s*\S+/;

export interface ChangelogEntry {
  /** 'Unreleased' or x.y.z. */
  version: string;
  /** YYYY-MM-DD, or '' when the heading has none. */
  date: string;
  /** The lines under the heading up to the next `## `, link definitions left out, trimmed. */
  body: string;
}

export function changelogEntries(text: string): ChangelogEntry[] {
  const entries: ChangelogEntry[] = [];
  let current: { version: string; date: string; lines: string[] } | undefined;
  const close = (): void => {
    if (current === undefined) return;
    const body = current.lines.filter((line) => !LINK_DEFINITION.test(line)).join('\n');
    entries.push({ version: current.version, date: current.date, body: body.trim() });
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('## ')) {
      close();
      const match = HEADING.exec(line);
      current = { version: match?.[1] ?? line.slice(3).trim(), date: match?.[2] ?? '', lines: [] };
    } else current?.lines.push(line);
  }
  close();
  return entries;
}

export interface ReleaseFacts {
  version: string;
  packageVersion: unknown;
  /** package-lock.json's `version` and `packages[""].version`. */
  lockVersions: readonly unknown[];
  changelog: string;
}

export interface ReleaseCheck {
  problems: string[];
  warnings: string[];
  notes: string;
}

const isDate = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

export function checkRelease(facts: ReleaseFacts): ReleaseCheck {
  const { version } = facts;
  const problems: string[] = [];
  const warnings: string[] = [];
  if (!SEMVER.test(version)) problems.push(`'${version}' is not a version x.y.z (no leading v)`);
  if (facts.packageVersion !== version) {
    problems.push(`package.json says version ${String(facts.packageVersion)}, not ${version}`);
  }
  if (facts.lockVersions.some((v) => v !== version)) {
    problems.push(`package-lock.json says ${facts.lockVersions.map(String).join(' / ')}: run npm install`);
  }
  const entries = changelogEntries(facts.changelog);
  const unreleased = entries.find((e) => e.version.toLowerCase() === 'unreleased');
  if (unreleased !== undefined && unreleased.body !== '') {
    warnings.push('CHANGELOG.md has entries under [Unreleased]: they are not part of this release');
  }
  const newest = entries.find((e) => e !== unreleased);
  if (newest === undefined) {
    problems.push(`CHANGELOG.md has no '## [${version}] - YYYY-MM-DD' entry`);
    return { problems, warnings, notes: '' };
  }
  if (newest.version !== version) {
    problems.push(`the newest entry of CHANGELOG.md is [${newest.version}], not [${version}]`);
  }
  if (!isDate(newest.date)) {
    problems.push(`the heading of [${newest.version}] needs a date: '## [${newest.version}] - YYYY-MM-DD'`);
  }
  if (newest.body === '') problems.push(`the entry [${newest.version}] of CHANGELOG.md is empty`);
  return { problems, warnings, notes: `${newest.body}\n` };
}
