import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Config } from '../../src/config.js';
import { ActionError } from '../../src/errors.js';
import { INPUT_NAMES, parseInputs } from '../../src/inputs/index.js';

const GUID_T = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const GUID_C = '0b1c2d3e-4f5a-4b6c-8d7e-f9a0b1c2d3e4';
const SECRET = 'Q8~secret-value-that-is-long-enough';
const BASE: Record<string, string> = {
  'tenant-id': GUID_T,
  'client-id': GUID_C,
  'client-secret': SECRET,
  from: 'Build Bot <bot@contoso.com>',
  to: 'a@contoso.com',
  subject: 'Hello',
  body: 'Deployed.',
};

function parse(
  inputs: Record<string, string>,
  masked: string[] = [],
  canRequestIdToken = false,
): Promise<Readonly<Config>> {
  return parseInputs(
    (name) => {
      assert.ok((INPUT_NAMES as readonly string[]).includes(name), `parser read undeclared input ${name}`);
      return inputs[name] ?? '';
    },
    (s) => {
      if (s !== '') masked.push(s);
    },
    { canRequestIdToken },
  );
}

async function failure(inputs: Record<string, string>, canRequestIdToken = false): Promise<ActionError> {
  try {
    await parse(inputs, [], canRequestIdToken);
  } catch (err) {
    assert.ok(err instanceof ActionError, `expected an ActionError, got ${String(err)}`);
    assert.equal(err.stage, 'input');
    return err;
  }
  assert.fail('expected parseInputs to throw');
}

describe('parseInputs: defaults and derived values', () => {
  test('a minimal send config', async () => {
    const masked: string[] = [];
    const config = await parse(BASE, masked);
    assert.equal(config.dryRun, false);
    assert.deepEqual(config.auth, {
      cloud: 'public',
      tenantId: GUID_T,
      clientId: GUID_C,
      authorityHost: 'https://login.microsoftonline.com',
      scope: 'https://outlook.office365.com/.default',
      credential: { kind: 'client-secret', secret: SECRET },
    });
    assert.deepEqual(config.transport, {
      kind: 'smtp',
      host: 'smtp.office365.com',
      port: 587,
      mailbox: 'bot@contoso.com',
      proxy: undefined,
    });
    assert.deepEqual(config.delivery, {
      maxAttempts: 3,
      timeoutSeconds: 300,
      maxRecipients: 500,
      maxConnections: 1,
      rateLimit: 30,
      failOnRejected: true,
      debug: false,
    });
    const m = config.message;
    assert.equal(m.priority, 'normal');
    assert.deepEqual(m.template, { kind: 'builtin', name: 'plain' });
    assert.equal(m.footer, 'auto');
    assert.equal(m.status, undefined);
    assert.deepEqual(m.vars, {});
    assert.deepEqual(m.attachments, []);
    assert.equal(m.attachmentsIfMissing, 'error');
    assert.equal(m.maxSizeBytes, 35 * 1024 * 1024);
    assert.deepEqual(m.headers, {});
    assert.equal(m.inReplyTo, '');
    assert.deepEqual(masked, [SECRET]);
    assert.ok(
      Object.isFrozen(config) && Object.isFrozen(config.message) && Object.isFrozen(config.transport),
    );
  });

  test('mailbox overrides the From address for sign-in', async () => {
    assert.equal(
      (await parse({ ...BASE, mailbox: 'shared@contoso.com' })).transport.mailbox,
      'shared@contoso.com',
    );
  });

  test('subject line breaks collapse to spaces', async () => {
    assert.equal(
      (await parse({ ...BASE, subject: 'Build\r\nfailed\n on main' })).message.subject,
      'Build failed on main',
    );
  });

  test('overrides of hosts, port and scope', async () => {
    const config = await parse({
      ...BASE,
      'authority-host': 'https://login.microsoftonline.us/',
      'smtp-host': 'smtp.office365.us',
      'smtp-port': '25',
      scope: 'https://outlook.office365.us/.default',
    });
    const auth = config.auth;
    assert.ok(auth);
    assert.equal(auth.authorityHost, 'https://login.microsoftonline.us');
    assert.deepEqual(config.transport, {
      kind: 'smtp',
      host: 'smtp.office365.us',
      port: 25,
      mailbox: 'bot@contoso.com',
      proxy: undefined,
    });
    assert.equal(auth.scope, 'https://outlook.office365.us/.default');
  });

  test('a cloud preset sets every endpoint, and each stays overridable', async () => {
    const gov = await parse({ ...BASE, cloud: 'usgov' });
    assert.equal(gov.auth?.authorityHost, 'https://login.microsoftonline.us');
    assert.equal(gov.auth.scope, 'https://outlook.office365.us/.default');
    assert.equal(gov.transport.host, 'smtp.office365.us');
    const china = await parse(
      { ...BASE, cloud: 'china', 'smtp-host': 'smtp.example.cn', 'client-secret': '' },
      [],
      true,
    );
    assert.deepEqual(china.auth?.credential, {
      kind: 'oidc',
      audience: 'api://AzureADTokenExchangeChina',
      byFallback: true,
    });
    assert.equal(china.transport.host, 'smtp.example.cn');
    assert.equal(china.auth.authorityHost, 'https://login.partner.microsoftonline.cn');
  });

  test('a tenant domain is accepted as tenant-id', async () => {
    assert.equal(
      (await parse({ ...BASE, 'tenant-id': 'contoso.onmicrosoft.com' })).auth?.tenantId,
      'contoso.onmicrosoft.com',
    );
  });

  test('dry run needs no credentials', async () => {
    const config = await parse({
      from: 'bot@contoso.com',
      to: 'a@contoso.com',
      body: 'B',
      'dry-run': 'true',
    });
    assert.equal(config.dryRun, true);
    assert.equal(config.auth, undefined);
  });

  test('dry run still validates credentials that were given', async () => {
    assert.match((await failure({ ...BASE, 'dry-run': 'true', 'client-id': 'nope' })).message, /client-id/);
  });

  test('secrets are masked even when validation then fails', async () => {
    const masked: string[] = [];
    await assert.rejects(
      parse({ ...BASE, 'tenant-id': 'bad tenant', 'client-certificate-password': 'pw-1234' }, masked),
    );
    assert.deepEqual(masked, [SECRET, 'pw-1234']);
  });
});

describe('parseInputs: credentials', () => {
  const CERT = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----';
  const withoutSecret = { ...BASE, 'client-secret': '' };

  test('auto takes the secret, else the certificate, else OIDC', async () => {
    assert.equal((await parse(BASE)).auth?.credential.kind, 'client-secret');
    assert.deepEqual(
      (
        await parse({
          ...withoutSecret,
          'client-certificate': CERT,
          'client-certificate-password': 'pw',
          'client-certificate-send-x5c': 'true',
        })
      ).auth?.credential,
      {
        kind: 'certificate',
        pem: CERT,
        password: 'pw',
        sendX5c: true,
      },
    );
    assert.deepEqual((await parse(withoutSecret, [], true)).auth?.credential, {
      kind: 'oidc',
      audience: 'api://AzureADTokenExchange',
      byFallback: true,
    });
    assert.deepEqual(
      (await parse({ ...withoutSecret, 'oidc-audience': 'api://custom' }, [], true)).auth?.credential,
      { kind: 'oidc', audience: 'api://custom', byFallback: true },
    );
  });

  test('auto with nothing available lists the three options', async () => {
    const err = await failure(withoutSecret);
    assert.match(err.message, /^Invalid 'auth': no credential/);
    assert.match(err.hint ?? '', /client-secret[\s\S]*client-certificate[\s\S]*id-token: write/);
  });

  test('auto with two credentials names both inputs', async () => {
    const err = await failure({ ...BASE, 'client-certificate': CERT });
    assert.match(err.message, /both 'client-secret' and 'client-certificate'/);
  });

  test('an explicit mode needs its credential', async () => {
    assert.match(
      (await failure({ ...withoutSecret, auth: 'client-secret' })).message,
      /^Invalid 'client-secret': required with auth: client-secret/,
    );
    assert.match(
      (await failure({ ...BASE, auth: 'certificate' })).message,
      /^Invalid 'client-certificate': required with auth: certificate/,
    );
    const oidc = await failure({ ...BASE, auth: 'oidc' });
    assert.match(
      oidc.message,
      /^Invalid 'auth': oidc was chosen, but this job cannot request a GitHub ID token/,
    );
    assert.match(oidc.hint ?? '', /permissions:\n {4}id-token: write/);
  });

  test('an explicit mode ignores the other credential', async () => {
    assert.equal(
      (await parse({ ...BASE, 'client-certificate': CERT, auth: 'certificate' })).auth?.credential.kind,
      'certificate',
    );
    assert.equal((await parse({ ...BASE, auth: 'oidc' }, [], true)).auth?.credential.kind, 'oidc');
  });

  test('the certificate and its password are masked when read', async () => {
    const masked: string[] = [];
    await parse(
      { ...withoutSecret, 'client-certificate': CERT, 'client-certificate-password': 'pw-123' },
      masked,
    );
    assert.ok(masked.includes(CERT) && masked.includes('pw-123'));
  });
});

describe('parseInputs: message extras', () => {
  test('templates, status, vars, headers, in-reply-to, attachments', async () => {
    const m = (
      await parse({
        ...BASE,
        template: 'status',
        status: 'Failure',
        vars: 'team: platform\nlinks:\n  - a\n  - b\n',
        headers: '{"X-Run-Id": 42, "X-Flag": true}',
        'in-reply-to': 'abc123@contoso.com',
        attachments: '# reports\nreports/*.html\n\n  dist/**/*.zip  \n',
        'attachments-if-missing': 'warn',
        'max-size-mb': '10',
      })
    ).message;
    assert.deepEqual(m.template, { kind: 'builtin', name: 'status' });
    assert.equal(m.status, 'failure');
    assert.deepEqual(m.vars, { team: 'platform', links: ['a', 'b'] });
    assert.deepEqual(m.headers, { 'X-Run-Id': '42', 'X-Flag': 'true' });
    assert.equal(m.inReplyTo, '<abc123@contoso.com>');
    assert.deepEqual(m.attachments, ['reports/*.html', 'dist/**/*.zip']);
    assert.equal(m.attachmentsIfMissing, 'warn');
    assert.equal(m.maxSizeBytes, 10 * 1024 * 1024);
  });

  test('a template path is relative to the workspace', async () => {
    assert.deepEqual((await parse({ ...BASE, template: '.github/mail/alert.hbs' })).message.template, {
      kind: 'file',
      path: '.github/mail/alert.hbs',
    });
  });
});

describe('status: every conclusion GitHub reports, in any case; anything else warns and still sends', () => {
  for (const status of [
    'success',
    'failure',
    'cancelled',
    'skipped',
    'timed_out',
    'action_required',
    'neutral',
    'stale',
    'startup_failure',
  ]) {
    test(status, async () => {
      const config = await parse({ ...BASE, status: status.toUpperCase() });
      assert.equal(config.message.status, status);
      assert.deepEqual(config.warnings, []);
    });
  }
  test('an unknown value is a warning, not a failure', async () => {
    const config = await parse({ ...BASE, status: 'Broken' });
    assert.equal(config.message.status, undefined);
    assert.equal(config.warnings.length, 1);
    assert.match(config.warnings[0] ?? '', /'status' is 'Broken', which is not a conclusion GitHub reports/);
  });
});

describe('smtp-proxy', () => {
  test('http://user:password@host:port: parsed, the password masked first and never shown', async () => {
    const masked: string[] = [];
    const config = await parse({ ...BASE, 'smtp-proxy': 'http://svc:p%40ss-w0rd@proxy.corp:3128' }, masked);
    const transport = config.transport;
    assert.ok(transport.kind === 'smtp');
    assert.deepEqual(transport.proxy, {
      shown: 'http://proxy.corp:3128',
      host: 'proxy.corp',
      port: 3128,
      authorization: `Basic ${Buffer.from('svc:p@ss-w0rd').toString('base64')}`,
    });
    assert.equal(masked[0], 'p@ss-w0rd');
  });
  for (const value of [
    'https://proxy.corp:3128',
    'http://proxy.corp',
    'proxy.corp:3128',
    'http://proxy.corp:3128/path',
  ]) {
    test(`refused: ${value}`, async () => {
      assert.match(
        (await failure({ ...BASE, 'smtp-proxy': value })).message,
        /^Invalid 'smtp-proxy': expected http:\/\/host:port/,
      );
    });
  }
});

describe('parseInputs: each bad input names itself and the expected form', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['missing from', { ...BASE, from: '' }, /^Invalid 'from': required/],
    [
      'invalid from',
      { ...BASE, from: 'not an address' },
      /^Invalid 'from': 'not an address' is not one valid address/,
    ],
    [
      'CR/LF in from',
      { ...BASE, from: 'a@contoso.com\r\nBcc: x@evil.example' },
      /^Invalid 'from': .*'Bcc: x@evil\.example'/,
    ],
    [
      'two addresses in one from',
      { ...BASE, from: 'Ops <ops@example.com> <other@example.net>' },
      /^Invalid 'from': 'Ops <ops@example\.com> <other@example\.net>' is not one valid address/,
    ],
    ['no recipient', { ...BASE, to: '' }, /^Invalid 'to': no recipient/],
    [
      'invalid to',
      { ...BASE, to: 'a@contoso.com, bogus' },
      /^Invalid 'to': 'bogus' is not one valid address/,
    ],
    [
      'a guessed recipient in to',
      { ...BASE, to: 'Ops <ops@example.com> <other@example.net>' },
      /^Invalid 'to': 'Ops <ops@example\.com> <other@example\.net>' is not one valid address/,
    ],
    ['invalid cc', { ...BASE, cc: 'x@' }, /^Invalid 'cc'/],
    ['invalid bcc', { ...BASE, bcc: '@x.com' }, /^Invalid 'bcc'/],
    ['invalid reply-to', { ...BASE, 'reply-to': 'nope' }, /^Invalid 'reply-to'/],
    ['invalid mailbox', { ...BASE, mailbox: 'mailbox' }, /^Invalid 'mailbox'/],
    [
      'port not a number',
      { ...BASE, 'smtp-port': 'abc' },
      /^Invalid 'smtp-port': expected an integer 1-65535, got 'abc'$/,
    ],
    [
      'port out of range',
      { ...BASE, 'smtp-port': '70000' },
      /^Invalid 'smtp-port': expected an integer 1-65535, got '70000'$/,
    ],
    ['port 465', { ...BASE, 'smtp-port': '465' }, /^Invalid 'smtp-port': port 465 is implicit TLS/],
    [
      'bad priority',
      { ...BASE, priority: 'urgent' },
      /^Invalid 'priority': expected one of high, normal, low, got 'urgent'$/,
    ],
    ['bad boolean', { ...BASE, 'dry-run': 'yes' }, /^Invalid 'dry-run': expected true or false, got 'yes'$/],
    [
      'bad auth mode',
      { ...BASE, auth: 'password' },
      /^Invalid 'auth': expected one of auto, client-secret, certificate, oidc/,
    ],
    [
      'bad cloud',
      { ...BASE, cloud: 'azure' },
      /^Invalid 'cloud': expected one of public, usgov, usgov-dod, china/,
    ],
    [
      'http authority',
      { ...BASE, 'authority-host': 'http://login.microsoftonline.com' },
      /^Invalid 'authority-host': expected an https:\/\/ URL/,
    ],
    [
      'authority with path',
      { ...BASE, 'authority-host': 'https://login.microsoftonline.com/tenant' },
      /^Invalid 'authority-host': expected only scheme and host/,
    ],
    [
      'smtp host with scheme',
      { ...BASE, 'smtp-host': 'smtp://smtp.office365.com' },
      /^Invalid 'smtp-host': expected a host name/,
    ],
    [
      'scope without .default',
      { ...BASE, scope: 'https://outlook.office365.com/SMTP.SendAsApp' },
      /^Invalid 'scope': expected a resource followed by \/\.default/,
    ],
    ['missing tenant', { ...BASE, 'tenant-id': '' }, /^Invalid 'tenant-id': required to sign in/],
    [
      'multi-tenant alias',
      { ...BASE, 'tenant-id': 'common' },
      /^Invalid 'tenant-id': 'common' is a multi-tenant alias/,
    ],
    [
      'tenant garbage',
      { ...BASE, 'tenant-id': 'not a tenant' },
      /^Invalid 'tenant-id': expected a Directory \(tenant\) ID/,
    ],
    [
      'client id not a GUID',
      { ...BASE, 'client-id': 'my-app' },
      /^Invalid 'client-id': expected the Application \(client\) ID, a GUID/,
    ],
    [
      'max-attempts 0',
      { ...BASE, 'max-attempts': '0' },
      /^Invalid 'max-attempts': expected an integer 1-10, got '0'$/,
    ],
    [
      'timeout too short',
      { ...BASE, 'timeout-seconds': '5' },
      /^Invalid 'timeout-seconds': expected an integer 10-3600/,
    ],
    [
      'max-recipients over Exchange maximum',
      { ...BASE, 'max-recipients': '1001' },
      /^Invalid 'max-recipients': expected an integer 1-1000/,
    ],
    [
      'max-connections over 3',
      { ...BASE, 'max-connections': '4' },
      /^Invalid 'max-connections': expected an integer 1-3/,
    ],
    [
      'rate-limit over 30',
      { ...BASE, 'rate-limit': '60' },
      /^Invalid 'rate-limit': expected an integer 1-30/,
    ],
    [
      'bad fail-on-rejected',
      { ...BASE, 'fail-on-rejected': 'no' },
      /^Invalid 'fail-on-rejected': expected true or false/,
    ],
    [
      'template escaping the workspace',
      { ...BASE, template: '../secrets.hbs' },
      /^Invalid 'template': expected plain, status, release or a file path relative to the workspace/,
    ],
    ['absolute template path', { ...BASE, template: '/etc/passwd' }, /^Invalid 'template'/],
    ['vars not a mapping', { ...BASE, vars: '- a\n- b' }, /^Invalid 'vars': expected a mapping/],
    [
      'vars not parseable',
      { ...BASE, vars: 'a: [1, 2' },
      /^Invalid 'vars': expected a YAML or JSON mapping, but it does not parse/,
    ],
    [
      'owned header',
      { ...BASE, headers: 'Bcc: spy@evil.example' },
      /^Invalid 'headers': 'Bcc' is set by the action/,
    ],
    [
      'header with a line break',
      { ...BASE, headers: '{"X-A": "1\\r\\nBcc: spy@evil.example"}' },
      /^Invalid 'headers': the value of 'X-A' contains a line break/,
    ],
    [
      'bad header name',
      { ...BASE, headers: '{"X A": "1"}' },
      /^Invalid 'headers': 'X A' is not a valid header name/,
    ],
    [
      'nested header value',
      { ...BASE, headers: 'X-A:\n  b: 1' },
      /^Invalid 'headers': the value of 'X-A' must be a string/,
    ],
    [
      'bad in-reply-to',
      { ...BASE, 'in-reply-to': 'not a message id' },
      /^Invalid 'in-reply-to': expected one Message-ID/,
    ],
    [
      'a control character (NEL) in in-reply-to',
      { ...BASE, 'in-reply-to': '<abc\u0085@contoso.com>' },
      /^Invalid 'in-reply-to': expected one Message-ID .*got '<abc\\u0085@contoso\.com>'/,
    ],
    [
      'a line separator in in-reply-to',
      { ...BASE, 'in-reply-to': '<abc@contoso.com>\u2028References: <x@y>' },
      /^Invalid 'in-reply-to'/,
    ],
    ['non-ASCII in in-reply-to', { ...BASE, 'in-reply-to': '<abç@contoso.com>' }, /^Invalid 'in-reply-to'/],
    [
      'a NEL in a header value',
      { ...BASE, headers: '{"X-A": "1\u0085Bcc: spy@evil.example"}' },
      /^Invalid 'headers': the value of 'X-A' contains a line break or a control character/,
    ],
    [
      'a line separator in a header value',
      { ...BASE, headers: '{"X-A": "1\u2028Bcc: spy@evil.example"}' },
      /^Invalid 'headers': the value of 'X-A' contains a line break/,
    ],
    [
      'bad attachments mode',
      { ...BASE, 'attachments-if-missing': 'skip' },
      /^Invalid 'attachments-if-missing': expected one of error, warn, ignore/,
    ],
    ['bad footer', { ...BASE, footer: 'run' }, /^Invalid 'footer': expected one of auto, none, got 'run'/],
    [
      'max-size-mb too large',
      { ...BASE, 'max-size-mb': '151' },
      /^Invalid 'max-size-mb': expected an integer 1-150/,
    ],
  ];
  for (const [name, inputs, pattern] of cases) {
    test(name, async () => {
      assert.match((await failure(inputs)).message, pattern);
    });
  }

  test('a plain mail with neither body nor html-body names both and the fix', async () => {
    const err = await failure({ ...BASE, body: '' });
    assert.match(
      err.message,
      /^Invalid 'body': template 'plain' sends the body, but 'body' and 'html-body' are both empty$/,
    );
    assert.match(err.hint ?? '', /Set 'body' \(Markdown\) or 'html-body', or choose template: status/);
    // Any one of them is content; status and release need neither.
    await parse({ ...BASE, body: '', 'html-body': '<p>Deployed</p>' });
    for (const template of ['status', 'release', 'PLAIN.hbs']) await parse({ ...BASE, body: '', template });
    // A bad input of its own is reported first: it is the one to fix.
    assert.match((await failure({ ...BASE, body: '', 'smtp-port': '0' })).message, /^Invalid 'smtp-port'/);
  });

  test('a missing secret explains where the value comes from', async () => {
    assert.match(
      (await failure({ ...BASE, 'client-secret': '', auth: 'client-secret' })).hint ?? '',
      /secrets\./,
    );
  });
});
