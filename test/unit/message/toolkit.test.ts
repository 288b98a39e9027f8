// @actions/github's context as the source of the event payload and the run's identity: the same
// values as the runner variables, and today's behaviour when the event file is missing or broken (a
// warning, empty event fields, nothing printed around the runner seam, nothing thrown).
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runIdentity } from '../../../src/message/context/context.js';
import { readWorkflowRun } from '../../../src/message/context/toolkit.js';
import { envOf, fixture, FIXTURES, tempDir } from './support.js';

/** Runs `fn` with process.stdout.write recorded: the toolkit must not print around the runner. */
async function quietly<T>(fn: () => Promise<T>): Promise<{ value: T; printed: string }> {
  const original = process.stdout.write.bind(process.stdout);
  let printed = '';
  process.stdout.write = (chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  };
  try {
    return { value: await fn(), printed };
  } finally {
    process.stdout.write = original;
  }
}

describe("@actions/github's context as the source of the run", () => {
  test('payload and identity come from the toolkit, read from the given environment', async () => {
    const env = envOf(fixture('workflow-run-failure'), { GITHUB_SERVER_URL: 'https://ghe.contoso.example/' });
    const warnings: string[] = [];
    const run = await readWorkflowRun(env, (m) => warnings.push(m));
    const payload: unknown = JSON.parse(
      await readFile(path.join(FIXTURES, 'workflow-run-failure.json'), 'utf8'),
    );
    assert.deepEqual(run.payload, payload);
    assert.deepEqual(
      [run.eventName, run.runId, run.runNumber, run.runAttempt, run.workflow, run.job, run.action],
      ['workflow_run', '1658821493', '7', '1', 'Notify', 'mail', '__m365-mail'],
    );
    assert.deepEqual(run.repository, { owner: 'octo-org', name: 'octo-repo' });
    assert.equal(run.serverUrl, 'https://ghe.contoso.example');
    assert.equal(run.apiUrl, 'https://api.github.com', "the toolkit's default");
    assert.deepEqual(warnings, []);
    assert.equal(
      runIdentity(run)?.runUrl,
      'https://ghe.contoso.example/octo-org/octo-repo/actions/runs/1658821493',
    );
  });

  test('process.env is left as it was', async () => {
    const before = { ...process.env };
    await readWorkflowRun(envOf(fixture('push-multi')), () => undefined);
    assert.deepEqual({ ...process.env }, before);
  });

  test('a broken event file: one warning, empty payload, and the next read still works', async () => {
    const broken = path.join(await tempDir('toolkit-'), 'event.json');
    await writeFile(broken, '{ "after": ');
    const warnings: string[] = [];
    const { value: run, printed } = await quietly(() =>
      readWorkflowRun(envOf(fixture('push-multi'), { GITHUB_EVENT_PATH: broken }), (m) => warnings.push(m)),
    );
    assert.deepEqual(run.payload, {});
    assert.equal(run.runId, '1658821493', 'the identity does not need the event');
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0] ?? '',
      /^Could not read the event payload .*event\.json \(.*JSON.*\); event fields are empty$/,
    );
    assert.equal(printed, '');
    const good = await readWorkflowRun(envOf(fixture('push-multi')), () => undefined);
    assert.equal((good.payload as { after?: string }).after, '18bec3e8973b873ba66b5255ac692ba286d052f8');
  });

  test('a missing event file: a warning through the seam, nothing written to stdout', async () => {
    const missing = path.join(await tempDir('toolkit-'), 'nowhere.json');
    const warnings: string[] = [];
    const { value: run, printed } = await quietly(() =>
      readWorkflowRun(envOf(fixture('push-multi'), { GITHUB_EVENT_PATH: missing }), (m) => warnings.push(m)),
    );
    assert.deepEqual(run.payload, {});
    assert.match(warnings[0] ?? '', /Could not read the event payload .*nowhere\.json \(ENOENT/);
    assert.equal(printed, '', 'the toolkit reports a missing file with a bare stdout write');
  });

  test('without GITHUB_REPOSITORY the payload names the repository, as the toolkit does', async () => {
    const env = { ...envOf(fixture('push-multi')), GITHUB_REPOSITORY: '' };
    const run = await readWorkflowRun(env, () => undefined);
    assert.deepEqual(run.repository, { owner: 'octo-org', name: 'octo-repo' });
  });

  test('outside a run: empty strings, no repository, no identity', async () => {
    const run = await readWorkflowRun({}, () => undefined);
    assert.deepEqual([run.runId, run.runNumber, run.eventName, run.repository], ['', '', '', undefined]);
    assert.equal(runIdentity(run), undefined);
  });
});
