// The status mail with what the GitHub API said (the sandbox's default scenario, in GitHub's payload
// shapes): the failed jobs, their steps and annotations within the limits, the jobs still running,
// the changes since the last green run, the state change; golden files for a still-failing and a
// fixed run. Rewrite them with UPDATE_GOLDEN=1 and review the diff.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  annotation,
  DEFAULT_JOB_IDS,
  DEFAULT_RUN_ID,
  defaultScenario,
  findRun,
  manyAnnotations,
  type GithubScenario,
} from '../../sandbox/index.js';
import { runJson } from '../../sandbox/github-api-payloads.js';
import { scenarioReader } from '../../support/scenario-reader.js';
import { buildAlert } from './alert-support.js';
import { ROOT, tempDir } from './support.js';

const GOLDEN = path.join(ROOT, 'test', 'golden', 'alert');

async function golden(file: string, actual: string): Promise<void> {
  const target = path.join(GOLDEN, file);
  if (process.env.UPDATE_GOLDEN === '1') {
    await mkdir(GOLDEN, { recursive: true });
    await writeFile(target, actual);
    return;
  }
  assert.equal(
    actual,
    await readFile(target, 'utf8'),
    `test/golden/alert/${file} differs: review, then UPDATE_GOLDEN=1`,
  );
}

/** The default scenario after a fix: every job of run #42 but the notifier succeeded. */
function fixedScenario(): GithubScenario {
  const s = defaultScenario();
  const jobs = findRun(s, DEFAULT_RUN_ID)?.attempts[0] ?? [];
  for (const job of jobs) {
    if (job.name === 'notify') continue;
    job.conclusion = 'success';
    for (const step of job.steps) if (step.conclusion !== null) step.conclusion = 'success';
  }
  s.annotations = {};
  return s;
}

describe('the status mail with the GitHub API report', () => {
  test('still failing: golden files', async () => {
    const { content, verdict, warnings } = await buildAlert();
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      [verdict.conclusion, verdict.previousConclusion, verdict.change],
      ['failure', 'failure', 'still-failing'],
    );
    await golden('still-failing.subject.txt', `${content.subject}\n`);
    await golden('still-failing.text.txt', content.text);
    await golden('still-failing.html', content.html);
    for (const href of content.html.match(/href="[^"]*"/g) ?? []) assert.match(href, /^href="https:\/\//);
    for (const table of content.html.match(/<table\b[^>]*>/g) ?? [])
      assert.match(table, /role="presentation"/);
  });

  test('fixed: golden files', async () => {
    const { content, verdict } = await buildAlert({ scenario: fixedScenario() });
    assert.deepEqual([verdict.conclusion, verdict.change], ['success', 'fixed']);
    assert.match(content.text, /^Fixed\. Run #41 failed; this one succeeded\.$/m);
    await golden('fixed.subject.txt', `${content.subject}\n`);
    await golden('fixed.text.txt', content.text);
    await golden('fixed.html', content.html);
  });

  test('what failed: jobs, labels, durations, links, steps; the notifier itself is not listed', async () => {
    const { content } = await buildAlert();
    const text = content.text;
    assert.match(text, /^- lint was cancelled after 51s$/m);
    assert.match(text, /^- test failed after 3m 27s$/m);
    assert.match(text, /^- e2e timed out after 15m 4s$/m, 'a cancelled job that hit timeout-minutes');
    assert.match(text, /^ {2}Step: Run npm test$/m);
    assert.match(text, /^ {2}\* test\/unit\/inputs\.test\.ts:42 parseInputs > smtp-port > accepts 587$/m);
    assert.match(text, /^ {2}\(2 more error annotations not shown: see the job\)$/m);
    assert.match(text, /^1 other job succeeded\.$/m);
    assert.doesNotMatch(text, /^- notify/m);
    assert.match(
      content.html,
      /href="https:\/\/github\.com\/octo-org\/octo-repo\/actions\/runs\/1658821493\/job\/4839201781"/,
    );
  });

  test('at most 10 error annotations a job and 30 in all; warnings are not errors', async () => {
    const s = defaultScenario();
    for (const id of [DEFAULT_JOB_IDS.lint, DEFAULT_JOB_IDS.test, DEFAULT_JOB_IDS.e2e]) {
      s.annotations[id] = [...manyAnnotations(3, 'warning'), ...manyAnnotations(12)];
    }
    findRun(s, DEFAULT_RUN_ID)?.attempts[0]?.forEach((j) => {
      if (j.name === 'build') j.conclusion = 'failure';
    });
    s.annotations[DEFAULT_JOB_IDS.build] = manyAnnotations(12);
    const { content } = await buildAlert({ scenario: s });
    const shown = content.text.match(/^ {2}\* /gm) ?? [];
    assert.equal(shown.length, 30);
    assert.deepEqual(
      content.text.match(/more error annotations? not shown/g)?.length,
      4,
      'each job says how many it left out',
    );
    assert.match(
      content.text,
      /^ {2}\(12 more error annotations not shown: see the job\)$/m,
      'the fourth job had no room left',
    );
  });

  test('annotation text is data: escaped in HTML, a few lines at most', async () => {
    const s = defaultScenario();
    s.annotations[DEFAULT_JOB_IDS.test] = [
      annotation(
        'failure',
        'src/x.ts:1',
        `<img src=x onerror=alert(1)>\n${'line\n'.repeat(20)}`,
        '<b>title</b>',
      ),
    ];
    const { content } = await buildAlert({ scenario: s });
    assert.match(content.html, /&lt;img src&#x3D;x onerror&#x3D;alert\(1\)&gt;/);
    assert.match(content.html, /&lt;b&gt;title&lt;\/b&gt;/);
    assert.doesNotMatch(content.html, /<img|<b>title/);
    assert.equal((content.text.match(/^ {6}line$/gm) ?? []).length, 5);
  });

  test('jobs still running are listed as such', async () => {
    const s = defaultScenario();
    const build = findRun(s, DEFAULT_RUN_ID)?.attempts[0]?.find((j) => j.name === 'build');
    assert.ok(build);
    Object.assign(build, { status: 'in_progress', conclusion: null, completedAt: null });
    const { content } = await buildAlert({ scenario: s });
    assert.match(content.text, /^Still running: build\.$/m);
  });

  test('when GitHub refuses the jobs the mail says so and still shows the rest', async () => {
    const scenario = defaultScenario();
    const reader = scenarioReader(() => scenario, { listJobsForWorkflowRunAttempt: 'forbidden' });
    const { content, verdict } = await buildAlert({ scenario, reader });
    assert.equal(verdict.conclusion, '', 'nothing to compute it from');
    assert.match(content.text, /^Could not read the jobs from GitHub: the run's page has the details\.$/m);
    assert.match(content.text, /^Changes since the last successful run \(#38\):$/m);
  });

  test('a workflow_run listener reports on the run it watches: its jobs, its conclusion', async () => {
    const s = defaultScenario();
    const watched = findRun(s, DEFAULT_RUN_ID);
    assert.ok(watched);
    Object.assign(watched, { status: 'completed', conclusion: 'failure' });
    const notify = watched.attempts[0]?.find((j) => j.name === 'notify');
    assert.ok(notify);
    Object.assign(notify, {
      status: 'completed',
      conclusion: 'skipped',
      steps: [],
      completedAt: notify.startedAt,
    });
    const file = path.join(await tempDir('alert-'), 'event.json');
    const payload = {
      action: 'completed',
      workflow_run: runJson(s, watched, { api: 'https://api.github.com', web: 'https://github.com' }),
    };
    await writeFile(file, JSON.stringify(payload));
    const { content, verdict, reader } = await buildAlert({
      scenario: s,
      env: {
        GITHUB_EVENT_NAME: 'workflow_run',
        GITHUB_EVENT_PATH: file,
        GITHUB_RUN_ID: '1658999999',
        GITHUB_RUN_NUMBER: '12',
        GITHUB_WORKFLOW: 'Alerts',
        GITHUB_WORKFLOW_REF: 'octo-org/octo-repo/.github/workflows/alerts.yml@refs/heads/main',
      },
    });
    assert.equal(verdict.conclusion, 'failure', "the watched run's");
    assert.equal(content.subject, '[octo-org/octo-repo] CI on main', "the watched workflow's conversation");
    assert.match(content.text, /^- test failed after 3m 27s$/m);
    assert.match(content.text, /^1 other job succeeded, 1 was skipped\.$/m);
    assert.equal(reader.calls[0], 'listJobsForWorkflowRunAttempt');
    assert.equal(content.about?.runId, String(DEFAULT_RUN_ID));
  });

  test('the threaded subject is the conversation topic; unthreaded, the run', async () => {
    assert.equal((await buildAlert()).content.subject, '[octo-org/octo-repo] CI on main');
    const unthreaded = await buildAlert({ settings: { thread: false } });
    assert.equal(unthreaded.content.subject, '[octo-org/octo-repo] CI #42 failed on main (a10867b)');
    assert.equal(unthreaded.content.about?.conclusion, 'failure');
  });
});
