// Failure alerts end to end: dist/index.js, run as the runner runs it, reads the run from the sandbox's
// GitHub REST API stand-in (real payload shapes, pagination, 403 modes) and sends through the sandbox's
// Exchange. A failed run's mail names the failed jobs, steps and annotations; a second red run with
// `notify-when: first-failure, fixed` sends nothing and asks for no token; the green run after it sends
// a "fixed" mail into the same conversation. Missing permissions or API failures never stop the mail.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import {
  appendCommits,
  buildJob,
  buildRun,
  CI_WORKFLOW_ID,
  DEFAULT_RUN_ID,
  findRun,
  later,
  linearCommits,
  type GithubScenario,
} from '../sandbox/index.js';
import { runAction, type ActionResult, type RunActionOptions } from '../support/run-action.js';
import { useSandbox } from '../support/use-sandbox.js';

const entry = process.env.M365_ACTION_ENTRY;

describe('failure alerts against the GitHub API stand-in', () => {
  const sandbox = useSandbox();

  function run(
    inputs: Record<string, string>,
    options: Partial<RunActionOptions> = {},
  ): Promise<ActionResult> {
    return runAction({
      inputs: {
        ...sandbox.inputs(),
        to: 'oncall@contoso.example',
        template: 'status',
        'github-token': sandbox.githubApi.token,
        ...inputs,
      },
      env: { ...sandbox.githubApiEnv(), ...options.env },
      caPath: sandbox.caPath,
      ...(entry ? { entry } : {}),
      ...options,
    });
  }

  function ok(result: ActionResult): void {
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    assert.deepEqual(
      result.annotations.filter((a) => a.level === 'error'),
      [],
    );
  }

  async function mails(): Promise<ParsedMail[]> {
    return Promise.all(sandbox.delivered.map((d) => simpleParser(d.raw)));
  }

  const warnings = (result: ActionResult) => result.annotations.filter((a) => a.level === 'warning');

  test('a failed run: the mail names the failed jobs, steps and annotations, in six API calls', async () => {
    const result = await run({});
    ok(result);
    assert.deepEqual(warnings(result), []);
    const [mail] = await mails();
    assert.ok(mail);
    const text = String(mail.text);
    assert.equal(mail.subject, '[octo-org/octo-repo] CI on main');
    assert.match(text, /^CI #42 failed$/m);
    assert.match(text, /^Still failing\. Run #41 failed too\.$/m);
    assert.match(text, /^- test failed after 3m 27s$/m);
    assert.match(text, /^ {2}Step: Run npm test$/m);
    assert.match(text, /^ {2}\* test\/unit\/retry\.test\.ts:88 retry > stops after the time budget$/m);
    assert.match(text, /^- e2e timed out after 15m 4s$/m);
    assert.match(text, /^- lint was cancelled after 51s$/m);
    assert.match(text, /^ {2}a10867b Fix flaky retry test \(#118\) \(by Mona Octocat\)$/m);
    assert.match(String(mail.html), /What failed<\/h2>/);
    assert.deepEqual(
      [result.outputs.sent, result.outputs.conclusion, result.outputs['previous-conclusion']],
      ['true', 'failure', 'failure'],
    );
    const requests = sandbox.githubApi.requests;
    assert.equal(requests.length, 6);
    assert.ok(requests.every((r) => r.method === 'GET' && r.authScheme === 'token' && r.authMatched));
    for (const [name, value] of [
      ['x-github-repository', 'octo-org/octo-repo'],
      ['x-github-workflow', 'CI'],
      ['x-github-run-id', String(DEFAULT_RUN_ID)],
      ['x-github-conclusion', 'failure'],
    ]) {
      assert.equal(mail.headers.get(name ?? ''), value);
    }
    assert.equal(
      rawHeader(sandbox.delivered[0]?.raw, 'List-Id'),
      'octo-org/octo-repo <octo-repo.octo-org.github.com>',
    );
    assert.ok(result.masks.includes(sandbox.githubApi.token), 'the GitHub token is masked');
  });

  test('red, red, green with notify-when first-failure, fixed: a mail, nothing, a "fixed" mail in the same conversation', async () => {
    const s = sandbox.githubApi.scenario;
    // Make #41 green, so #42 is a first failure.
    const previous = s.runs.find((r) => r.runNumber === 41);
    assert.ok(previous);
    previous.conclusion = 'success';
    const inputs = { 'notify-when': 'first-failure, fixed' };

    const first = await run(inputs);
    ok(first);
    assert.equal(first.outputs.sent, 'true');
    assert.equal(sandbox.delivered.length, 1);

    finish(s, DEFAULT_RUN_ID, 'failure');
    addRun(s, 1658920001, 43, 'failure');
    const tokensBefore = sandbox.tokenRequests.length;
    const second = await run(inputs);
    ok(second);
    assert.deepEqual(
      [second.outputs.sent, second.outputs.conclusion, second.outputs['previous-conclusion']],
      ['false', 'failure', 'failure'],
    );
    assert.equal(sandbox.delivered.length, 1, 'nothing sent');
    assert.equal(sandbox.tokenRequests.length, tokensBefore, 'no token requested');
    assert.match(
      second.stdout,
      /notify-when: 'first-failure', 'fixed' does not hold \(this run: failure; previous run #42: failure\): nothing is sent/,
    );

    finish(s, 1658920001, 'failure');
    addRun(s, 1658930002, 44, 'success');
    const third = await run(inputs);
    ok(third);
    assert.deepEqual([third.outputs.sent, third.outputs.conclusion], ['true', 'success']);

    const [red, fixed] = await mails();
    assert.ok(red && fixed);
    assert.match(String(fixed.text), /^Fixed\. Run #43 failed; this one succeeded\.$/m);
    assert.equal(fixed.subject, red.subject, 'Gmail: the same subject');
    assert.equal(fixed.inReplyTo, red.inReplyTo, 'one root Message-ID');
    assert.equal(fixed.references, red.references);
    assert.match(String(red.inReplyTo), /^<gh-thread\.[\w-]{22}@contoso\.example>$/);
    assert.equal(fixed.headers.get('thread-topic'), red.headers.get('thread-topic'));
    const index = (i: number) => Buffer.from(rawHeader(sandbox.delivered[i]?.raw, 'Thread-Index'), 'base64');
    assert.equal(index(0).length, 27);
    assert.deepEqual(index(1).subarray(0, 22), index(0).subarray(0, 22), 'one Outlook conversation');
    assert.notEqual(fixed.messageId, red.messageId);
  });

  test('no permissions: the mail still goes out with the workflow context, and one warning says what to add', async () => {
    sandbox.githubApi.configure({
      modes: {
        listJobsForWorkflowRunAttempt: { fail: 'forbidden' },
        listWorkflowRuns: { fail: 'forbidden' },
        listAnnotations: { fail: 'forbidden' },
        compareCommits: { fail: 'forbidden' },
        getWorkflowRun: { fail: 'forbidden' },
      },
    });
    const result = await run({ status: 'failure' });
    ok(result);
    assert.equal(sandbox.delivered.length, 1);
    const list = warnings(result);
    assert.equal(list.length, 1);
    assert.match(list[0]?.message ?? '', /^Could not read the jobs and the earlier runs from the GitHub API/);
    assert.match(list[0]?.message ?? '', /permissions:\n {4}actions: read/);
    const [mail] = await mails();
    assert.match(String(mail?.text), /^Could not read the jobs, the earlier runs from GitHub/m);
  });

  test('GitHub does not answer: bounded by the time budget, and the mail goes out', async () => {
    sandbox.githubApi.configure({
      modes: { listJobsForWorkflowRunAttempt: { delayMs: 60_000 }, listWorkflowRuns: { delayMs: 60_000 } },
    });
    const result = await run({ status: 'failure', 'timeout-seconds': '10' });
    ok(result);
    assert.equal(sandbox.delivered.length, 1);
    assert.ok(result.durationMs < 9000, `took ${result.durationMs} ms`);
    assert.match(
      warnings(result)[0]?.message ?? '',
      /GitHub did not answer in time to list the jobs of run 1658821493/,
    );
  });

  test('5xx and secondary rate limits are retried; a GHES base works', async () => {
    sandbox.githubApi.configure({ pathPrefix: '/api/v3' });
    sandbox.githubApi.setFaults([
      { endpoint: 'listJobsForWorkflowRunAttempt', fail: 'server-error' },
      { endpoint: 'listWorkflowRuns', fail: 'secondary-rate-limit', retryAfterSeconds: 1 },
    ]);
    const result = await run({});
    ok(result);
    assert.deepEqual(warnings(result), []);
    assert.match(result.stdout, /Attempt 1 of 3 to read the jobs of the run failed: GitHub answered 500/);
    assert.equal(sandbox.githubApi.requests.length, 8);
    assert.match(String((await mails())[0]?.text), /^- test failed/m);
  });

  test('notify-committers: Ana is mailed, no-reply addresses and the bot are not; the summary says so', async () => {
    const result = await run({ 'notify-committers': 'true', 'committer-domains': 'contoso.example' });
    ok(result);
    assert.deepEqual(sandbox.delivered[0]?.envelope.to, [
      'oncall@contoso.example',
      'ana.lima@contoso.example',
    ]);
    assert.match(result.summary, /notify-committers added 1 person to To\./);
    assert.match(
      result.summary,
      /41898282\+github-actions\[bot\]@users\.noreply\.github\.com: a GitHub no-reply address/,
    );
  });
});

/** A header of a delivered message as it went over the wire, unfolded. */
function rawHeader(raw: Buffer | undefined, name: string): string {
  const head = (raw?.toString('utf8').split('\r\n\r\n')[0] ?? '').replace(/\r\n[ \t]+/g, ' ');
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim() ?? '';
}

/** A run's end: completed with `conclusion`, its notifier done too. */
function finish(s: GithubScenario, id: number, conclusion: 'success' | 'failure'): void {
  const r = findRun(s, id);
  assert.ok(r);
  Object.assign(r, { status: 'completed', conclusion });
  for (const job of r.attempts[0] ?? []) {
    if (job.status !== 'completed')
      Object.assign(job, { status: 'completed', conclusion: 'success', runnerName: 'GitHub Actions 3' });
  }
}

/** The next CI run on main, now running its notifier on "GitHub Actions 12" (the runner run-action names). */
function addRun(s: GithubScenario, id: number, runNumber: number, outcome: 'success' | 'failure'): void {
  const start = later('2026-11-27T15:21:19Z', (runNumber - 42) * 3600);
  const jobs = [
    buildJob({
      id: id * 10 + 1,
      name: 'build',
      conclusion: 'success',
      startedAt: start,
      durationSeconds: 120,
    }),
    buildJob({ id: id * 10 + 2, name: 'test', conclusion: outcome, startedAt: start, durationSeconds: 200 }),
    buildJob({
      id: id * 10 + 3,
      name: 'notify',
      conclusion: null,
      startedAt: later(start, 300),
      runnerName: 'GitHub Actions 12',
    }),
  ];
  const commits = linearCommits(1, { seed: `run-${runNumber}`, startDate: later(start, -60) });
  appendCommits(s, commits);
  s.runs.unshift(
    buildRun({
      ...{ id, runNumber, workflowId: CI_WORKFLOW_ID, headSha: commits[0]?.sha ?? '' },
      ...{ createdAt: later(start, -10), conclusion: null, jobs },
    }),
  );
  s.current.runId = id;
}
