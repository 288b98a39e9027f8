// notify-when: each value on both sides of its condition, the outputs it sets, and the rule that a
// condition the facts cannot tell sends the mail (an alert is never lost to a missing permission).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NotifyWhen } from '../../src/config.js';
import { decide, resolveConclusion } from '../../src/gate.js';
import type { AlertTarget, RunFacts } from '../../src/github/facts.js';
import type { JobRecord, RunRecord } from '../../src/github/port.js';

function run(conclusion: string, runNumber = 41): RunRecord {
  return {
    ...{ id: 1658790112, runNumber, workflowId: 94810217, headBranch: 'main', headSha: 'c'.repeat(40) },
    headRepository: 'octo-org/octo-repo',
    ...{ status: 'completed', conclusion, createdAt: '2026-11-27T15:02:40Z', url: '' },
  };
}

/** [condition, this run, previous run ('none': no earlier run), sends] */
const CASES: [NotifyWhen, string, string, boolean][] = [
  ['always', 'success', 'success', true],
  ['always', 'cancelled', 'none', true],
  ['success', 'success', 'failure', true],
  ['success', 'failure', 'success', false],
  ['failure', 'failure', 'failure', true],
  ['failure', 'timed_out', 'success', true],
  ['failure', 'success', 'failure', false],
  ['cancelled', 'cancelled', 'success', true],
  ['cancelled', 'failure', 'success', false],
  ['first-failure', 'failure', 'success', true],
  ['first-failure', 'failure', 'none', true],
  ['first-failure', 'failure', 'failure', false],
  ['first-failure', 'success', 'success', false],
  ['still-failing', 'failure', 'failure', true],
  ['still-failing', 'startup_failure', 'timed_out', true],
  ['still-failing', 'failure', 'success', false],
  ['still-failing', 'failure', 'none', false],
  ['fixed', 'success', 'failure', true],
  ['fixed', 'success', 'success', false],
  ['fixed', 'success', 'none', false],
  ['fixed', 'failure', 'failure', false],
  ['changed', 'success', 'failure', true],
  ['changed', 'failure', 'success', true],
  ['changed', 'cancelled', 'success', true],
  ['changed', 'success', 'none', true],
  ['changed', 'success', 'success', false],
  ['changed', 'timed_out', 'failure', false],
];

describe('notify-when', () => {
  for (const [condition, now, before, sends] of CASES) {
    test(`${condition}: ${now} after ${before} -> ${sends ? 'sends' : 'sends nothing'}`, () => {
      const verdict = decide([condition], now, before === 'none' ? null : run(before));
      assert.equal(verdict.send, sends);
      assert.equal(verdict.conclusion, now);
      assert.equal(verdict.previousConclusion, before === 'none' ? '' : before);
    });
  }

  test('any condition in the list is enough; the log says which held, or why nothing is sent', () => {
    const yes = decide(['first-failure', 'fixed'], 'success', run('failure'));
    assert.equal(yes.send, true);
    assert.equal(
      yes.reason,
      "notify-when: 'fixed' holds (this run: success; previous run #41: failure): sending",
    );
    const no = decide(['first-failure', 'fixed'], 'failure', run('failure'));
    assert.equal(no.send, false);
    assert.equal(
      no.reason,
      "notify-when: 'first-failure', 'fixed' does not hold (this run: failure; previous run #41: failure): nothing is sent",
    );
    assert.equal(decide(['always'], 'failure', undefined).reason, '', 'always needs no explanation');
  });

  test('facts missing: a condition that cannot be told sends, and says so', () => {
    const noPrevious = decide(['fixed'], 'success', undefined);
    assert.equal(noPrevious.send, true);
    assert.match(
      noPrevious.reason,
      /cannot tell whether 'fixed' holds \(this run: success; the previous run: unknown\): sending, so that no alert is lost/,
    );
    // What is known still decides: a success is never a first failure.
    assert.equal(decide(['first-failure'], 'success', undefined).send, false);
    const noConclusion = decide(['failure'], '', null);
    assert.equal(noConclusion.send, true);
    assert.equal(noConclusion.conclusion, '');
  });

  test('the change the mail tells', () => {
    assert.equal(decide(['always'], 'failure', run('success')).change, 'first-failure');
    assert.equal(decide(['always'], 'failure', null).change, 'first-failure');
    assert.equal(decide(['always'], 'timed_out', run('failure')).change, 'still-failing');
    assert.equal(decide(['always'], 'success', run('startup_failure')).change, 'fixed');
    assert.equal(decide(['always'], 'success', run('success')).change, '');
    assert.equal(decide(['always'], 'failure', undefined).change, '');
  });
});

describe('the conclusion reported', () => {
  const target: AlertTarget = {
    ...{ runId: '1', attempt: '1', runNumber: 42, workflow: 'ci.yml', branch: 'main', headSha: '' },
    headRepository: 'octo-org/octo-repo',
    ...{ conclusion: '', ownRunner: '', ownJob: '' },
  };
  const job = (conclusion: string): JobRecord => ({
    ...{ id: 1, name: 'test', status: 'completed', conclusion, startedAt: '', completedAt: '', url: '' },
    ...{ runnerName: '', checkRunId: 1, steps: [] },
  });
  const facts = (conclusions: string[]): RunFacts => ({
    jobs: conclusions.map(job),
    jobsNotRead: 0,
    annotations: new Map(),
    problems: [],
  });

  test('the status input, else the watched run, else the other jobs', () => {
    assert.equal(
      resolveConclusion('cancelled', { ...target, conclusion: 'failure' }, facts(['failure'])),
      'cancelled',
    );
    assert.equal(
      resolveConclusion(undefined, { ...target, conclusion: 'failure' }, facts(['success'])),
      'failure',
    );
    assert.equal(resolveConclusion(undefined, target, facts(['success', 'cancelled'])), 'cancelled');
    assert.equal(resolveConclusion(undefined, target, undefined), '');
  });
});
