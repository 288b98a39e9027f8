// notify-committers: the people behind the commits since the last green run, filtered by domain, never
// a GitHub no-reply address or a bot, each once, and never someone already addressed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RunFacts } from '../../../src/github/facts.js';
import type { CommitRecord } from '../../../src/github/port.js';
import { addCommitters, MAX_COMMITTERS } from '../../../src/message/compose/committers.js';
import { HEAD_SHA, LAST_GREEN_SHA, defaultScenario } from '../../sandbox/index.js';
import { scenarioReader } from '../../support/scenario-reader.js';
import { settingsWith } from './support.js';

const settings = settingsWith({ to: [{ name: '', address: 'oncall@contoso.example' }] });
const on = { notifyCommitters: true, committerDomains: ['contoso.example'] };

function factsWith(commits: CommitRecord[]): RunFacts {
  return {
    jobsNotRead: 0,
    annotations: new Map(),
    problems: [],
    changes: { status: 'ahead', totalCommits: commits.length, commits, url: '' },
  };
}

function commit(author: [string, string, string], committer = author): CommitRecord {
  return {
    ...{ sha: 'a'.repeat(40), message: 'm', url: '' },
    ...{ authorName: author[0], authorEmail: author[1], authorLogin: author[2] },
    ...{ committerName: committer[0], committerEmail: committer[1], committerLogin: committer[2] },
  };
}

describe('notify-committers', () => {
  test("the default scenario's commits: Ana is added; Mona's no-reply address, the bot and GitHub are not", async () => {
    const changes = await scenarioReader(defaultScenario).compare(LAST_GREEN_SHA, HEAD_SHA);
    const choice = addCommitters(settings, on, factsWith([...changes.commits]));
    assert.ok(choice);
    assert.deepEqual(choice.added, [{ name: 'Ana Lima', address: 'ana.lima@contoso.example' }]);
    assert.deepEqual(
      choice.settings.to.map((a) => a.address),
      ['oncall@contoso.example', 'ana.lima@contoso.example'],
    );
    assert.deepEqual(choice.skipped, [
      { address: 'noreply@github.com', reason: 'a GitHub no-reply address' },
      {
        address: '41898282+github-actions[bot]@users.noreply.github.com',
        reason: 'a GitHub no-reply address',
      },
      { address: '583231+octocat@users.noreply.github.com', reason: 'a GitHub no-reply address' },
    ]);
  });

  test('domains, bots, duplicates, people already addressed, bad addresses', () => {
    const choice = addCommitters(
      settings,
      { notifyCommitters: true, committerDomains: ['contoso.example', 'eu.contoso.example'] },
      factsWith([
        commit(['Lee', 'Lee@EU.contoso.example', 'lee'], ['Kim', 'kim@partner.example', 'kim']),
        commit(['Lee again', 'lee@eu.contoso.example', 'lee']),
        commit(['Deploy Bot', 'deploy-bot@contoso.example', 'deploy-bot[bot]']),
        commit(['On Call', 'ONCALL@contoso.example', '']),
        commit(['Weird', 'weird"@contoso.example', '']),
        commit(['Nobody', '', '']),
      ]),
    );
    assert.ok(choice);
    assert.deepEqual(choice.added, [{ name: 'Lee', address: 'Lee@EU.contoso.example' }]);
    assert.deepEqual(choice.skipped, [
      { address: 'kim@partner.example', reason: 'partner.example is not in committer-domains' },
      { address: 'deploy-bot@contoso.example', reason: 'a bot' },
      { address: 'ONCALL@contoso.example', reason: 'already a recipient' },
      { address: 'weird"@contoso.example', reason: 'not a valid address' },
    ]);
  });

  test(`at most ${MAX_COMMITTERS} people are added`, () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      commit([`Dev ${i}`, `dev${i}@contoso.example`, `dev${i}`]),
    );
    const choice = addCommitters(settings, on, factsWith(many));
    assert.ok(choice);
    assert.equal(choice.added.length, MAX_COMMITTERS);
    assert.equal(choice.skipped.length, 5);
    assert.equal(choice.skipped[0]?.reason, `more than ${MAX_COMMITTERS} committers`);
  });

  test('off by default; without the commits it says why and adds nobody', () => {
    assert.equal(
      addCommitters(settings, { notifyCommitters: false, committerDomains: [] }, undefined),
      undefined,
    );
    assert.equal(addCommitters(settings, on, undefined)?.unknown, 'the run was not read from the GitHub API');
    const noGreen: RunFacts = { jobsNotRead: 0, annotations: new Map(), problems: [], lastSuccess: null };
    assert.equal(
      addCommitters(settings, on, noGreen)?.unknown,
      'there is no earlier successful run to compare with',
    );
  });
});
