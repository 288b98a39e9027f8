// `notify-committers`: the authors and committers of the commits since the last green run, added to
// `to`. Only real people in the organisation's own domains: GitHub's no-reply addresses, bots and
// every address outside `committer-domains` are skipped, with the reason, so a contributor outside
// the company is never mailed by accident. Addresses come from git (`commit.author.email`), never
// guessed from a login. Pure.
import type { Address, AlertSettings, MessageSettings } from '../../config.js';
import type { RunFacts } from '../../github/facts.js';
import { isValidAddress } from '../../inputs/addresses.js';
import { oneLine } from '../../text.js';

/** More than this many people is a merge of a long-lived branch, not a list of culprits. */
export const MAX_COMMITTERS = 20;

export interface SkippedCommitter {
  readonly address: string;
  readonly reason: string;
}

export interface CommitterChoice {
  /** The message settings with the committers added to `to`. */
  readonly settings: MessageSettings;
  readonly added: readonly Address[];
  readonly skipped: readonly SkippedCommitter[];
  /** Why nobody could be looked at ('' when the commits were read). */
  readonly unknown: string;
}

interface Person {
  readonly name: string;
  readonly email: string;
  readonly login: string;
}

export function addCommitters(
  settings: MessageSettings,
  alerts: Pick<AlertSettings, 'notifyCommitters' | 'committerDomains'>,
  facts: RunFacts | undefined,
): CommitterChoice | undefined {
  if (!alerts.notifyCommitters) return undefined;
  const commits = facts?.changes?.commits;
  if (commits === undefined) {
    const unknown = !facts
      ? 'the run was not read from the GitHub API'
      : facts.lastSuccess === null
        ? 'there is no earlier successful run to compare with'
        : 'the commits since the last successful run could not be read';
    return { settings, added: [], skipped: [], unknown };
  }
  const people: Person[] = commits.flatMap((c) => [
    { name: c.authorName, email: c.authorEmail, login: c.authorLogin },
    { name: c.committerName, email: c.committerEmail, login: c.committerLogin },
  ]);
  const taken = new Set(
    [...settings.to, ...settings.cc, ...settings.bcc].map((a) => a.address.toLowerCase()),
  );
  const seen = new Set<string>();
  const added: Address[] = [];
  const skipped: SkippedCommitter[] = [];
  for (const person of people) {
    const address = person.email.trim();
    const key = address.toLowerCase();
    if (address === '' || seen.has(key)) continue;
    seen.add(key);
    const reason = skipReason(person, key, alerts.committerDomains, taken, added.length);
    if (reason) skipped.push({ address: oneLine(address), reason });
    else added.push({ name: displayName(person.name), address });
  }
  return { settings: { ...settings, to: [...settings.to, ...added] }, added, skipped, unknown: '' };
}

function skipReason(
  person: Person,
  key: string,
  domains: readonly string[],
  taken: ReadonlySet<string>,
  addedSoFar: number,
): string | undefined {
  const domain = key.slice(key.lastIndexOf('@') + 1);
  if (domain === 'users.noreply.github.com' || key === 'noreply@github.com')
    return 'a GitHub no-reply address';
  if (/\[bot\]/i.test(key) || /\[bot\]$/i.test(person.login) || /\[bot\]$/i.test(person.name)) return 'a bot';
  if (!isValidAddress(key)) return 'not a valid address';
  if (!domains.includes(domain)) return `${domain} is not in committer-domains`;
  if (taken.has(key)) return 'already a recipient';
  if (addedSoFar >= MAX_COMMITTERS) return `more than ${MAX_COMMITTERS} committers`;
  return undefined;
}

/** A git name as a display name: one line, no quotes games, never a second address. */
function displayName(name: string): string {
  const clean = oneLine(name).replace(/[<>"@\\]/g, '');
  return Array.from(clean).slice(0, 64).join('').trim();
}
