// The failure-alert inputs: github-token (a secret, masked first), notify-when, notify-committers,
// committer-domains and thread, and the headers the action now owns.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Config } from '../../src/config.js';
import { ActionError } from '../../src/errors.js';
import { INPUT_NAMES, parseInputs } from '../../src/inputs/index.js';

const BASE: Record<string, string> = {
  from: 'CI Alerts <ci-alerts@Contoso.com>',
  to: 'oncall@contoso.com',
  body: 'The build',
  'dry-run': 'true',
};

function parse(inputs: Record<string, string>, masked: string[] = []): Promise<Readonly<Config>> {
  return parseInputs(
    (name) => {
      assert.ok((INPUT_NAMES as readonly string[]).includes(name), `parser read undeclared input ${name}`);
      return (inputs[name] ?? '').trim();
    },
    (s) => {
      if (s !== '') masked.push(s);
    },
    { canRequestIdToken: false },
    (name) => inputs[name] ?? '',
  );
}

async function failure(inputs: Record<string, string>, masked: string[] = []): Promise<ActionError> {
  const err: unknown = await parse(inputs, masked).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof ActionError, String(err));
  return err;
}

describe('failure-alert inputs', () => {
  test('defaults: always, no committers, the domain of from, no token', async () => {
    const { alerts, message } = await parse(BASE);
    assert.deepEqual(alerts, {
      githubToken: '',
      notifyWhen: ['always'],
      notifyCommitters: false,
      committerDomains: ['contoso.com'],
    });
    assert.equal(message.thread, false, 'plain template: no thread');
  });

  test('thread: true by default for the status template, and switchable', async () => {
    assert.equal((await parse({ ...BASE, template: 'status' })).message.thread, true);
    assert.equal((await parse({ ...BASE, template: 'STATUS', thread: 'false' })).message.thread, false);
    assert.equal((await parse({ ...BASE, template: 'release', thread: 'true' })).message.thread, true);
    assert.match(
      (await failure({ ...BASE, thread: 'yes' })).message,
      /^Invalid 'thread': expected true or false, got 'yes'$/,
    );
  });

  test('the GitHub token is masked as the runner passed it (the runner seam masks every form) before any input is checked', async () => {
    const token = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a';
    const masked: string[] = [];
    await failure({ ...BASE, 'github-token': `${token}\n`, to: 'not an address' }, masked);
    assert.equal(masked[0], `${token}\n`);
    assert.equal((await parse({ ...BASE, 'github-token': token })).alerts.githubToken, token);
  });

  test('notify-when: a comma-separated list, any case, duplicates once', async () => {
    const { alerts } = await parse({ ...BASE, 'notify-when': 'first-failure, Fixed,fixed\n still-failing' });
    assert.deepEqual(alerts.notifyWhen, ['first-failure', 'fixed', 'still-failing']);
    for (const value of ['always', 'success', 'failure', 'cancelled', 'changed']) {
      assert.deepEqual((await parse({ ...BASE, 'notify-when': value })).alerts.notifyWhen, [value]);
    }
  });

  test('notify-when: an unknown value names the input and the values allowed', async () => {
    const err = await failure({ ...BASE, 'notify-when': 'failure, broken' });
    assert.equal(
      err.message,
      "Invalid 'notify-when': expected a comma-separated list of always, success, failure, cancelled, first-failure, still-failing, fixed, changed, got 'broken'",
    );
  });

  test('notify-committers and committer-domains', async () => {
    const { alerts } = await parse({
      ...BASE,
      'notify-committers': 'true',
      'committer-domains': '@Contoso.com, eu.contoso.com,contoso.com',
    });
    assert.equal(alerts.notifyCommitters, true);
    assert.deepEqual(alerts.committerDomains, ['contoso.com', 'eu.contoso.com']);
    const err = await failure({ ...BASE, 'committer-domains': 'contoso.com, *.evil' });
    assert.match(
      err.message,
      /^Invalid 'committer-domains': expected comma-separated domains such as contoso\.com, got '\*\.evil'$/,
    );
    assert.match((await failure({ ...BASE, 'notify-committers': 'maybe' })).message, /'notify-committers'/);
  });

  test('headers: the run and thread headers the action sets cannot be replaced', async () => {
    for (const name of [
      'X-GitHub-Run-Id',
      'x-github-conclusion',
      'List-Id',
      'Thread-Index',
      'Thread-Topic',
      'References',
    ]) {
      const err = await failure({ ...BASE, headers: `${name}: x` });
      assert.match(err.message, /is set by the action and cannot be replaced/, name);
    }
  });
});
