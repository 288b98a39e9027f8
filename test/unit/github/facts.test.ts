// readRunFacts over the sandbox's default scenario (GitHub's payload shapes, served in-process): which
// requests an alert makes, the step's own job left out, the previous and the last green run, and what
// happens when GitHub refuses, fails or is slow (never a throw; a problem per failed read).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GithubReadError } from '../../../src/github/errors.js';
import { readRunFacts, type AlertTarget, type Wanted } from '../../../src/github/facts.js';
import { conclusionOfJobs, duration, jobOutcome } from '../../../src/github/jobs.js';
import type { GithubReader, JobRecord } from '../../../src/github/port.js';
import { problemWarning } from '../../../src/github/problems.js';
import {
  buildRun,
  DEFAULT_RUN_ID,
  defaultScenario,
  HEAD_SHA,
  LAST_GREEN_SHA,
  CI_WORKFLOW_ID,
  type GithubScenario,
} from '../../sandbox/index.js';
import { scenarioReader } from '../../support/scenario-reader.js';
import { FakeClock } from '../delivery/fake-clock.js';

const ALL: Wanted = { jobs: true, annotations: true, history: true, changes: true };

const target: AlertTarget = {
  runId: String(DEFAULT_RUN_ID),
  attempt: '1',
  runNumber: 42,
  workflow: 'ci.yml',
  branch: 'main',
  headRepository: 'octo-org/octo-repo',
  headSha: HEAD_SHA,
  conclusion: '',
  ownRunner: 'GitHub Actions 12',
  ownJob: 'notify',
};

function read(reader: GithubReader, options: { target?: Partial<AlertTarget>; wanted?: Wanted } = {}) {
  const clock = new FakeClock();
  const logs: string[] = [];
  const facts = readRunFacts(reader, { ...target, ...options.target }, options.wanted ?? ALL, {
    clock,
    deadline: clock.now() + 20_000,
    maxAttempts: 3,
    log: (m) => logs.push(m),
  });
  return { facts, clock, logs };
}

describe('readRunFacts', () => {
  test('the default scenario: six requests, the notifier left out, the previous and the last green run', async () => {
    const reader = scenarioReader(defaultScenario);
    const facts = await read(reader).facts;
    assert.deepEqual(reader.calls, [
      'listJobsForWorkflowRunAttempt',
      'listWorkflowRuns',
      'listAnnotations',
      'listAnnotations',
      'listAnnotations',
      'compareCommits',
    ]);
    assert.deepEqual(
      facts.jobs?.map((j) => j.name),
      ['build', 'lint', 'test', 'e2e'],
    );
    assert.deepEqual([facts.previous?.runNumber, facts.previous?.conclusion], [41, 'failure']);
    assert.deepEqual([facts.lastSuccess?.runNumber, facts.lastSuccess?.headSha], [38, LAST_GREEN_SHA]);
    assert.equal(facts.changes?.totalCommits, 4);
    assert.deepEqual([...facts.annotations.keys()].length, 3);
    assert.deepEqual(facts.problems, []);
    assert.equal(conclusionOfJobs(facts.jobs ?? [], facts.annotations), 'failure');
  });

  test('a typical failure (one failed job) costs four requests', async () => {
    const s = defaultScenario();
    const jobs = s.runs[0]?.attempts[0] ?? [];
    for (const j of jobs) if (j.name === 'lint' || j.name === 'e2e') j.conclusion = 'success';
    const reader = scenarioReader(() => s);
    await read(reader).facts;
    assert.equal(reader.calls.length, 4);
  });

  test('only what is wanted is read: a conclusion for notify-when needs the jobs alone', async () => {
    const reader = scenarioReader(defaultScenario);
    const facts = await read(reader, {
      wanted: { jobs: true, annotations: false, history: false, changes: false },
    }).facts;
    assert.deepEqual(reader.calls, ['listJobsForWorkflowRunAttempt']);
    assert.equal(facts.previous, undefined, 'not read: unknown, not "none"');
  });

  test('the own job: by runner name, else by its id when that is unique; a watched run keeps all', async () => {
    const byName = await read(scenarioReader(defaultScenario), { target: { ownRunner: 'GitHub Actions 99' } })
      .facts;
    assert.ok(!byName.jobs?.some((j) => j.name === 'notify'));
    const watched = await read(scenarioReader(defaultScenario), { target: { ownRunner: '', ownJob: '' } })
      .facts;
    assert.ok(watched.jobs?.some((j) => j.name === 'notify' && j.status === 'in_progress'));
  });

  test('without the workflow file the run says which workflow it is (one more request)', async () => {
    const reader = scenarioReader(defaultScenario);
    const facts = await read(reader, { target: { workflow: '', runNumber: 0 } }).facts;
    assert.deepEqual(reader.calls.slice(0, 3).sort(), [
      'getWorkflowRun',
      'listJobsForWorkflowRunAttempt',
      'listWorkflowRuns',
    ]);
    assert.equal(facts.previous?.runNumber, 41);
    assert.equal(reader.calls.length, 7);
  });

  test('"earlier" is an older run number: a newer run that finished first is passed over', async () => {
    const s: GithubScenario = defaultScenario();
    s.runs.push(
      buildRun({
        ...{ id: 1658900000, runNumber: 43, workflowId: CI_WORKFLOW_ID, headSha: HEAD_SHA },
        ...{ createdAt: '2026-11-27T15:30:00Z', conclusion: 'success' },
      }),
    );
    const facts = await read(scenarioReader(() => s)).facts;
    assert.equal(facts.previous?.runNumber, 41);
  });

  test("a fork's branch of the same name is not this branch: its runs are passed over", async () => {
    const inner = scenarioReader(defaultScenario);
    const withFork: GithubReader = {
      ...inner,
      completedRuns: async (...args) => {
        const runs = await inner.completedRuns(...args);
        const [first, ...rest] = runs;
        return first
          ? [{ ...first, conclusion: 'success', headRepository: 'evil-fork/octo-repo' }, ...rest]
          : runs;
      },
    };
    const facts = await read(withFork).facts;
    assert.deepEqual([facts.previous?.runNumber, facts.previous?.conclusion], [38, 'success']);
  });

  test('no earlier run with a result: previous is null ("none"), and no comparison is made', async () => {
    const s = defaultScenario();
    s.runs = s.runs.filter((r) => r.id === DEFAULT_RUN_ID || r.conclusion === 'cancelled');
    const reader = scenarioReader(() => s);
    const facts = await read(reader).facts;
    assert.equal(facts.previous, null);
    assert.equal(facts.lastSuccess, null);
    assert.ok(!reader.calls.includes('compareCommits'));
  });

  test('403 on the jobs: the rest is read, one problem, and the warning names the permissions', async () => {
    const reader = scenarioReader(defaultScenario, { listJobsForWorkflowRunAttempt: 'forbidden' });
    const facts = await read(reader).facts;
    assert.equal(facts.jobs, undefined);
    assert.equal(facts.previous?.runNumber, 41);
    assert.deepEqual(
      facts.problems.map((p) => [p.read, p.error.failure]),
      [['jobs', 'forbidden']],
    );
    const warning = problemWarning(facts.problems) ?? '';
    assert.match(
      warning,
      /^Could not read the jobs from the GitHub API: the mail shows what the workflow context holds\./,
    );
    assert.match(warning, /The token lacks actions: read\./);
    assert.match(warning, /permissions:\n {4}actions: read.*\n {4}checks: read.*\n {4}contents: read/);
  });

  test('transient failures are retried with backoff, within the attempts', async () => {
    const s = defaultScenario();
    const inner = scenarioReader(() => s);
    let failures = 2;
    const flaky: GithubReader = {
      ...inner,
      jobs: (...args) => {
        if (failures-- > 0)
          return Promise.reject(
            new GithubReadError('GitHub answered 502', 'unavailable', 502, { transient: true }),
          );
        return inner.jobs(...args);
      },
    };
    const { facts, clock, logs } = read(flaky);
    assert.equal((await facts).jobs?.length, 4);
    // Equal jitter at random 0.5: three quarters of 1 s, then of 2 s.
    assert.deepEqual(clock.sleeps, [750, 1500]);
    assert.match(
      logs[0] ?? '',
      /^Attempt 1 of 3 to read the jobs of the run failed: GitHub answered 502\. Retrying in 0\.8 s\.$/,
    );
  });

  test('a secondary rate limit longer than the budget is not waited for', async () => {
    const inner = scenarioReader(defaultScenario);
    const limited: GithubReader = {
      ...inner,
      completedRuns: () =>
        Promise.reject(
          new GithubReadError('GitHub answered 403 (a secondary rate limit)', 'rate-limited', 403, {
            transient: true,
            retryAfterMs: 60_000,
          }),
        ),
    };
    const { facts, clock } = read(limited);
    const result = await facts;
    assert.deepEqual(clock.sleeps, []);
    assert.deepEqual(
      result.problems.map((p) => p.read),
      ['runs'],
    );
    assert.match(result.problems[0]?.error.message ?? '', /would pass timeout-seconds/);
  });

  test('past the deadline nothing more is asked', async () => {
    const reader = scenarioReader(defaultScenario);
    const clock = new FakeClock();
    const facts = await readRunFacts(reader, target, ALL, {
      clock,
      deadline: clock.now() - 1,
      maxAttempts: 3,
      log: () => undefined,
    });
    assert.deepEqual(reader.calls, []);
    assert.deepEqual(
      facts.problems.map((p) => p.error.failure),
      ['timeout', 'timeout'],
    );
  });
});

describe('what the jobs say', () => {
  const job = (conclusion: string, status = 'completed'): JobRecord => ({
    ...{ id: 1, name: 'j', status, conclusion, startedAt: '', completedAt: '', url: '', runnerName: '' },
    ...{ checkRunId: 1, steps: [] },
  });
  const none = new Map();
  const cases: [string[], string][] = [
    [['success', 'failure', 'cancelled'], 'failure'],
    [['success', 'timed_out'], 'failure'],
    [['success', 'cancelled', 'skipped'], 'cancelled'],
    [['success', 'skipped', 'neutral'], 'success'],
    [[], ''],
  ];
  for (const [conclusions, expected] of cases) {
    test(`[${conclusions.join(', ')}] -> '${expected}'`, () => {
      assert.equal(
        conclusionOfJobs(
          conclusions.map((c) => job(c)),
          none,
        ),
        expected,
      );
    });
  }

  test('jobs still running count for nothing', () => {
    assert.equal(conclusionOfJobs([job('', 'in_progress'), job('', 'queued')], none), '');
    assert.equal(conclusionOfJobs([job('success'), job('', 'in_progress')], none), 'success');
  });

  test('a cancelled job that hit timeout-minutes is timed out, and fails the run', () => {
    const timedOut = job('cancelled');
    const annotations = new Map([
      [
        1,
        [
          {
            path: '.github',
            startLine: 1,
            level: 'failure',
            title: '',
            message: 'The job has exceeded the maximum execution time of 15m0s',
          },
        ],
      ],
    ]);
    assert.equal(jobOutcome(timedOut, annotations.get(1)), 'timed_out');
    assert.equal(conclusionOfJobs([timedOut], annotations), 'failure');
    assert.equal(conclusionOfJobs([timedOut], none), 'cancelled');
  });

  test('durations', () => {
    assert.equal(duration('2026-11-27T15:21:19Z', '2026-11-27T15:24:46Z'), '3m 27s');
    assert.equal(duration('2026-11-27T15:21:19Z', '2026-11-27T15:21:40Z'), '21s');
    assert.equal(duration('2026-11-27T15:00:00Z', '2026-11-27T16:02:00Z'), '1h 2m');
    assert.equal(duration('2026-11-27T15:21:19Z', ''), '');
  });
});
