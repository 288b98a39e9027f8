// Proxies, run as the runner runs dist/index.js: a real CONNECT proxy on loopback that counts tunnels
// and the host:port each asked for, and maps the DEFAULT Microsoft host names to the sandbox. TLS to the
// real host name is verified through the tunnel (the sandbox certificate names those hosts).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startConnectProxy, type ConnectProxy } from '../sandbox/index.js';
import { failure } from '../support/hostile.js';
import { findLeaks } from '../support/leaks.js';
import { runAction, type ActionResult } from '../support/run-action.js';
import { useSandbox } from '../support/use-sandbox.js';

const TOKEN_HOST = 'login.microsoftonline.com:443';
const SMTP_HOST = 'smtp.office365.com:587';
const PASSWORD = 'pr0xy-Pa55word-9921';

describe('HTTPS_PROXY and smtp-proxy against a real CONNECT proxy', () => {
  const sandbox = useSandbox();
  let open: ConnectProxy;
  let guarded: ConnectProxy;
  let denying: ConnectProxy;
  before(async () => {
    const routes = sandbox.defaultHostRoutes();
    [open, guarded, denying] = await Promise.all([
      startConnectProxy({ routes }),
      startConnectProxy({ routes, credentials: { username: 'svc-mail', password: PASSWORD } }),
      startConnectProxy({ routes, deny: [SMTP_HOST, TOKEN_HOST] }),
    ]);
  });
  after(async () => {
    await Promise.all([open.close(), guarded.close(), denying.close()]);
  });
  beforeEach(() => {
    for (const proxy of [open, guarded, denying]) proxy.tunnels.length = 0;
  });

  /** Inputs with no endpoint overrides: the default Microsoft host names. */
  const defaults = (): Record<string, string> => {
    const { 'authority-host': _a, 'smtp-host': _h, 'smtp-port': _p, ...rest } = sandbox.inputs();
    return { ...rest, to: 'oncall@contoso.example', subject: 'Through the proxy', body: 'Body' };
  };
  const withCredentials = (proxy: ConnectProxy, password = PASSWORD): string =>
    proxy.url.replace('http://', `http://svc-mail:${encodeURIComponent(password)}@`);
  const run = (inputs: Record<string, string>, env: Record<string, string>): Promise<ActionResult> =>
    runAction({ inputs, env, caPath: sandbox.caPath });

  test('a send to the default host names: token through HTTPS_PROXY, SMTP through smtp-proxy', async () => {
    const result = await run(
      { ...defaults(), 'smtp-proxy': withCredentials(guarded) },
      { HTTPS_PROXY: withCredentials(guarded) },
    );
    assert.equal(result.code, 0, result.stdout);
    assert.equal(sandbox.delivered.length, 1);
    assert.deepEqual(guarded.tunnels.map((t) => t.target).sort(), [TOKEN_HOST, SMTP_HOST].sort());
    assert.ok(guarded.tunnels.every((t) => t.status === 200 && t.authenticated));
    assert.ok(result.masks.includes(PASSWORD), 'the proxy password is masked');
    assert.deepEqual(findLeaks(result, [PASSWORD, sandbox.clientSecret]), []);
  });

  test('lower-case https_proxy works the same; SMTP goes direct without smtp-proxy (never HTTPS_PROXY)', async () => {
    const result = await run(
      {
        ...sandbox.inputs(),
        'authority-host': 'https://login.microsoftonline.com',
        to: 'a@contoso.example',
        body: 'B',
      },
      { https_proxy: open.url },
    );
    assert.equal(result.code, 0, result.stdout);
    assert.deepEqual(
      open.tunnels.map((t) => t.target),
      [TOKEN_HOST],
      'only the token request was tunnelled',
    );
  });

  for (const [name, noProxy] of [
    ['the host itself', 'login.microsoftonline.com'],
    ['a domain suffix', '.microsoftonline.com'],
    ['host:port', 'example.org,login.microsoftonline.com:443'],
    ['*', '*'],
  ] as const) {
    test(`NO_PROXY (${name}) sends the token request direct`, async () => {
      // Direct, a default host name cannot resolve here (no internet): the proxy must not see it.
      const result = await run(defaults(), { HTTPS_PROXY: open.url, NO_PROXY: noProxy });
      assert.match(failure(result), /login\.microsoftonline\.com does not resolve|ENOTFOUND|EAI_AGAIN/);
      assert.deepEqual(open.tunnels, []);
      assert.equal(sandbox.tokenRequests.length, 0);
    });
  }

  test("a failure alert's GitHub API reads go to api.github.com through HTTPS_PROXY too", async () => {
    const result = await run(
      {
        ...defaults(),
        template: 'status',
        'github-token': sandbox.githubApi.token,
        'smtp-proxy': open.url,
      },
      { ...sandbox.githubApiEnv(), GITHUB_API_URL: 'https://api.github.com', HTTPS_PROXY: open.url },
    );
    assert.equal(result.code, 0, result.stdout);
    const targets = open.tunnels.map((t) => t.target);
    assert.ok(targets.includes('api.github.com:443'), `tunnels: ${targets.join(', ')}`);
    assert.deepEqual(
      [...new Set(targets)].sort(),
      ['api.github.com:443', SMTP_HOST, TOKEN_HOST].sort(),
      'every connection went through the proxy',
    );
    assert.ok(sandbox.githubApi.requests.length >= 4, 'the jobs, runs, annotations and commits were read');
    assert.equal(sandbox.delivered.length, 1);
    const mail = sandbox.delivered[0]?.raw.toString('utf8') ?? '';
    assert.match(mail, /What failed/, 'the mail names what failed, read through the proxy');
    assert.deepEqual(findLeaks(result, [sandbox.githubApi.token, sandbox.clientSecret]), []);
  });

  test('407: the error names the proxy and its answer, never the credentials', async () => {
    const result = await run(
      { ...defaults(), 'max-attempts': '1' },
      { HTTPS_PROXY: withCredentials(guarded, 'wrong-Pa55word-0001') },
    );
    const message = failure(result);
    assert.match(
      message,
      new RegExp(`the proxy ${guarded.url.replace(/[.]/g, '\\.')} asked for credentials`),
    );
    assert.match(message, /407 Proxy Authentication Required/);
    assert.doesNotMatch(message, /wrong-Pa55word|svc-mail/);
    assert.deepEqual(findLeaks(result, ['wrong-Pa55word-0001']), []);
    assert.equal(sandbox.tokenRequests.length, 0);
  });

  test('403 from smtp-proxy: named, with what to ask the proxy admins; nothing delivered', async () => {
    const result = await run(
      {
        ...sandbox.inputs(),
        to: 'a@contoso.example',
        body: 'Through a proxy that says no',
        'smtp-host': 'smtp.office365.com',
        'smtp-port': '587',
        'smtp-proxy': denying.url,
        'max-attempts': '1',
      },
      {},
    );
    const message = failure(result);
    assert.match(
      message,
      /the proxy http:\/\/127\.0\.0\.1:\d+ refused the tunnel to smtp\.office365\.com:587 \(403 Forbidden\)/,
    );
    assert.match(message, /allow CONNECT to smtp\.office365\.com:587/);
    assert.equal(sandbox.delivered.length, 0);
  });

  test('a proxy that is not there: connection refused, named', async () => {
    const result = await run({ ...defaults(), 'max-attempts': '1' }, { HTTPS_PROXY: 'http://127.0.0.1:1' });
    assert.match(failure(result), /the proxy http:\/\/127\.0\.0\.1:1 could not be reached .*ECONNREFUSED/);
  });

  test('smtp-proxy must be an http:// URL with a port; the error never quotes the password', async () => {
    for (const value of [
      'https://proxy.corp:3128',
      'http://proxy.corp',
      `socks5://u:${PASSWORD}@proxy.corp:1080`,
    ]) {
      const result = await run(
        { ...sandbox.inputs(), to: 'a@contoso.example', body: 'B', 'smtp-proxy': value },
        {},
      );
      assert.match(failure(result), /^Invalid 'smtp-proxy': expected http:\/\/host:port/);
      assert.ok(!result.stdout.replace(/^::add-mask::.*$/gm, '').includes(PASSWORD));
      assert.equal(sandbox.tokenRequests.length + sandbox.connections.length, 0);
    }
  });
});
