// run() with the GitHub API reads in their place: before any token request, deciding whether a mail
// goes out at all (notify-when), and never stopping the mail when GitHub refuses or is missing.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { TokenProviderFactory } from '../../src/auth/token.js';
import type { GithubReaderFactory, GithubReaderOptions } from '../../src/github/port.js';
import { run } from '../../src/main.js';
import type { OutgoingMessage } from '../../src/message/compose/types.js';
import { createRunner } from '../../src/runner/index.js';
import type { TransportFactory } from '../../src/transport/port.js';
import { DEFAULT_RUN_ID, defaultScenario, findRun, type GithubScenario } from '../sandbox/index.js';
import { recordingBackend } from '../support/recording-runner.js';
import { scenarioReader, type ScenarioReader } from '../support/scenario-reader.js';
import { fixedClock, scenarioEnv } from './message/alert-support.js';
import { RENDER_WORKER } from './message/support.js';

const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a';
const INPUTS: Record<string, string> = {
  'tenant-id': '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  'client-id': '0b1c2d3e-4f5a-4b6c-8d7e-f9a0b1c2d3e4',
  'client-secret': 'Q8~a-secret-value-0123456789',
  from: 'CI Alerts <alerts@contoso.example>',
  to: 'oncall@contoso.example',
  template: 'status',
  'github-token': TOKEN,
};

function harness(
  inputs: Record<string, string>,
  options: { scenario?: GithubScenario; fail?: Parameters<typeof scenarioReader>[1] } = {},
) {
  const scenario = options.scenario ?? defaultScenario();
  const env = { ...scenarioEnv(scenario), RUNNER_TEMP: mkdtempSync(path.join(os.tmpdir(), 'alerts-main-')) };
  const backend = recordingBackend({ ...INPUTS, ...inputs });
  const order: string[] = [];
  const sent: OutgoingMessage[] = [];
  const readers: { options: GithubReaderOptions; reader: ScenarioReader }[] = [];
  const github: GithubReaderFactory = (o) => {
    order.push('github');
    const reader = scenarioReader(() => scenario, options.fail);
    readers.push({ options: o, reader });
    return Promise.resolve(reader);
  };
  const tokenProvider: TokenProviderFactory = () => {
    order.push('token');
    return Promise.resolve({
      getToken: () =>
        Promise.resolve({ token: 'eyJ.x.y', expiresOnMs: Date.now() + 3_600_000, obtainedAtMs: Date.now() }),
    });
  };
  const transport: TransportFactory = () => {
    order.push('transport');
    return Promise.resolve({
      send: (message) => {
        sent.push(message);
        return Promise.resolve({
          messageId: message.messageId,
          accepted: ['oncall@contoso.example'],
          rejected: [],
          deferred: [],
          response: '250',
        });
      },
      signInAgain: () => undefined,
      close: () => undefined,
    });
  };
  const go = () =>
    run({
      runner: createRunner(backend),
      env,
      tokenProvider,
      transport,
      github,
      clock: { ...fixedClock, now: () => Date.now() },
      renderWorker: RENDER_WORKER,
    });
  const warnings = () => backend.lines.filter((l) => l.startsWith('::warning'));
  return { go, backend, order, sent, readers, warnings };
}

/** Run #42 green: every job but the notifier succeeded. */
function greenScenario(): GithubScenario {
  const s = defaultScenario();
  for (const job of findRun(s, DEFAULT_RUN_ID)?.attempts[0] ?? []) {
    if (job.name !== 'notify') job.conclusion = 'success';
  }
  return s;
}

describe('run() with failure alerts', () => {
  test('notify-when does not hold: nothing sent, no token asked, outputs and a log line say why', async () => {
    const h = harness({ 'notify-when': 'first-failure, fixed' });
    await h.go();
    assert.equal(h.backend.failed(), false);
    assert.deepEqual(h.order, ['github']);
    assert.equal(h.sent.length, 0);
    assert.deepEqual(
      [h.backend.outputs.sent, h.backend.outputs.conclusion, h.backend.outputs['previous-conclusion']],
      ['false', 'failure', 'failure'],
    );
    assert.ok(
      h.backend.lines.includes(
        "notify-when: 'first-failure', 'fixed' does not hold (this run: failure; previous run #41: failure): nothing is sent",
      ),
    );
    assert.match(h.backend.summary.join(''), /<h3>No mail sent<\/h3>/);
    assert.deepEqual(h.warnings(), []);
  });

  test('notify-when holds (fixed): the API is read first, then the token, then the mail', async () => {
    const h = harness({ 'notify-when': 'first-failure, fixed' }, { scenario: greenScenario() });
    await h.go();
    assert.deepEqual(h.order, ['github', 'token', 'transport']);
    assert.equal(h.sent.length, 1);
    assert.deepEqual(
      [h.backend.outputs.sent, h.backend.outputs.conclusion, h.backend.outputs['previous-conclusion']],
      ['true', 'success', 'failure'],
    );
    const [mail] = h.sent;
    assert.ok(mail);
    assert.match(mail.text, /^Fixed\. Run #41 failed; this one succeeded\.$/m);
    assert.equal(mail.headers['X-GitHub-Conclusion'], 'success');
    assert.match(mail.inReplyTo, /^<gh-thread\./);
  });

  test('the reader gets the token, the API base of the run, the repository and a bounded timeout', async () => {
    const h = harness({});
    await h.go();
    const o = h.readers[0]?.options;
    assert.deepEqual(
      [o?.token, o?.apiUrl, o?.owner, o?.repo],
      [TOKEN, 'https://api.github.com', 'octo-org', 'octo-repo'],
    );
    assert.ok((o?.requestTimeoutMs ?? 0) <= 10_000);
    assert.ok(h.backend.lines.includes(`::add-mask::${TOKEN}`));
  });

  test('no status input: the conclusion is computed from the other jobs', async () => {
    const h = harness({ 'notify-when': 'failure' });
    await h.go();
    assert.equal(h.sent.length, 1);
    assert.equal(h.backend.outputs.conclusion, 'failure');
    assert.match(h.sent[0]?.text ?? '', /^CI #42 failed$/m);
  });

  test('GitHub refuses everything: the mail still goes out, with one warning naming the permissions', async () => {
    const h = harness(
      { 'notify-when': 'failure' },
      {
        fail: {
          listJobsForWorkflowRunAttempt: 'forbidden',
          listWorkflowRuns: 'forbidden',
          compareCommits: 'forbidden',
        },
      },
    );
    await h.go();
    assert.equal(h.sent.length, 1, 'failure cannot be told, so the alert goes out');
    assert.deepEqual(h.warnings().length, 1, h.warnings().join('\n'));
    assert.match(h.warnings()[0] ?? '', /The token lacks actions: read\..*permissions:/);
    assert.ok(h.backend.lines.some((l) => /cannot tell whether 'failure' holds/.test(l)));
  });

  test('no github-token: one warning, the mail from the workflow context alone, no API call', async () => {
    const h = harness({ 'github-token': '', status: 'failure' });
    await h.go();
    assert.deepEqual(h.order, ['token', 'transport']);
    assert.equal(h.sent.length, 1);
    assert.equal(h.warnings().length, 1);
    assert.match(h.warnings()[0] ?? '', /github-token is empty/);
  });

  test('the plain template with the defaults never calls the API', async () => {
    const h = harness({ template: 'plain', subject: 'Hello', body: 'Body' });
    await h.go();
    assert.deepEqual(h.order, ['token', 'transport']);
    assert.deepEqual(h.warnings(), []);
    const [mail] = h.sent;
    assert.ok(mail);
    assert.equal(mail.headers['X-GitHub-Run-Id'], String(DEFAULT_RUN_ID), 'the mail-rule headers still');
    assert.equal(mail.inReplyTo, '', 'no thread for plain');
  });

  test('a dry run reads the API and previews; no token', async () => {
    const h = harness({ 'dry-run': 'true' });
    await h.go();
    assert.deepEqual(h.order, ['github']);
    assert.equal(h.backend.outputs.sent, 'false');
    assert.equal(h.backend.outputs.conclusion, 'failure');
    assert.match(h.backend.summary.join(''), /What failed:/);
  });

  test('notify-committers: Ana is added to To, the summary says who was skipped and why', async () => {
    const h = harness({ 'notify-committers': 'true' });
    await h.go();
    assert.deepEqual(
      h.sent[0]?.to.map((a) => a.address),
      ['oncall@contoso.example', 'ana.lima@contoso.example'],
    );
    const summary = h.backend.summary.join('');
    assert.match(summary, /notify-committers added 1 person to To\./);
    assert.match(summary, /583231\+octocat@users\.noreply\.github\.com: a GitHub no-reply address/);
  });
});
