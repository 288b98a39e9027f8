import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ActionError } from '../../src/errors.js';
import { INPUT_NAMES, parseInputs } from '../../src/inputs/index.js';

const GUID_T = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const GUID_C = '0b1c2d3e-4f5a-4b6c-8d7e-f9a0b1c2d3e4';
const BASE: Record<string, string> = {
  'tenant-id': GUID_T,
  'client-id': GUID_C,
  'client-secret': 'Q8~secret-value-that-is-long-enough',
  from: 'Build Bot <bot@contoso.com>',
  to: 'a@contoso.com',
  subject: 'Hello',
};

function parse(inputs: Record<string, string>, masked: string[] = []) {
  return parseInputs(
    (name) => {
      assert.ok((INPUT_NAMES as readonly string[]).includes(name), `parser read undeclared input ${name}`);
      return inputs[name] ?? '';
    },
    (s) => masked.push(s),
  );
}

function failure(inputs: Record<string, string>): ActionError {
  try {
    parse(inputs);
  } catch (err) {
    assert.ok(err instanceof ActionError, `expected an ActionError, got ${String(err)}`);
    assert.equal(err.stage, 'input');
    return err;
  }
  assert.fail('expected parseInputs to throw');
}

describe('parseInputs: defaults and derived values', () => {
  test('a minimal send config', () => {
    const masked: string[] = [];
    const config = parse(BASE, masked);
    assert.equal(config.dryRun, false);
    assert.deepEqual(config.auth, {
      tenantId: GUID_T,
      clientId: GUID_C,
      authorityHost: 'https://login.microsoftonline.com',
      scope: 'https://outlook.office365.com/.default',
      credential: { kind: 'client-secret', secret: BASE['client-secret'] },
    });
    assert.deepEqual(config.smtp, { host: 'smtp.office365.com', port: 587, mailbox: 'bot@contoso.com' });
    assert.equal(config.message.priority, 'normal');
    assert.deepEqual(masked, [BASE['client-secret']]);
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.message) && Object.isFrozen(config.smtp));
  });

  test('mailbox overrides the From address for sign-in', () => {
    assert.equal(parse({ ...BASE, mailbox: 'shared@contoso.com' }).smtp.mailbox, 'shared@contoso.com');
  });

  test('subject line breaks collapse to spaces', () => {
    assert.equal(
      parse({ ...BASE, subject: 'Build\r\nfailed\n on main' }).message.subject,
      'Build failed on main',
    );
  });

  test('overrides of hosts, port and scope', () => {
    const config = parse({
      ...BASE,
      'authority-host': 'https://login.microsoftonline.us/',
      'smtp-host': 'smtp.office365.us',
      'smtp-port': '25',
      scope: 'https://outlook.office365.us/.default',
    });
    const auth = config.auth;
    assert.ok(auth);
    assert.equal(auth.authorityHost, 'https://login.microsoftonline.us');
    assert.equal(config.smtp.host, 'smtp.office365.us');
    assert.equal(config.smtp.port, 25);
    assert.equal(auth.scope, 'https://outlook.office365.us/.default');
  });

  test('a tenant domain is accepted as tenant-id', () => {
    assert.equal(
      parse({ ...BASE, 'tenant-id': 'contoso.onmicrosoft.com' }).auth?.tenantId,
      'contoso.onmicrosoft.com',
    );
  });

  test('dry run needs no credentials', () => {
    const config = parse({ from: 'bot@contoso.com', to: 'a@contoso.com', 'dry-run': 'true' });
    assert.equal(config.dryRun, true);
    assert.equal(config.auth, undefined);
  });

  test('dry run still validates credentials that were given', () => {
    assert.match(failure({ ...BASE, 'dry-run': 'true', 'client-id': 'nope' }).message, /client-id/);
  });

  test('the secret is masked even when validation then fails', () => {
    const masked: string[] = [];
    assert.throws(() => parse({ ...BASE, 'tenant-id': 'bad tenant' }, masked));
    assert.deepEqual(masked, [BASE['client-secret']]);
  });
});

describe('parseInputs: each bad input names itself and the expected form', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['missing from', { ...BASE, from: '' }, /^Invalid 'from': required/],
    ['invalid from', { ...BASE, from: 'not an address' }, /^Invalid 'from': .*not a valid address/],
    [
      'CR/LF in from',
      { ...BASE, from: 'a@contoso.com\r\nBcc: x@evil.example' },
      /^Invalid 'from': .*line break/,
    ],
    ['no recipient', { ...BASE, to: '' }, /^Invalid 'to': no recipient/],
    ['invalid to', { ...BASE, to: 'a@contoso.com, bogus' }, /^Invalid 'to': 'bogus' is not a valid address/],
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
    ['missing secret', { ...BASE, 'client-secret': '' }, /^Invalid 'client-secret': required to sign in/],
  ];
  for (const [name, inputs, pattern] of cases) {
    test(name, () => assert.match(failure(inputs).message, pattern));
  }

  test('a missing secret explains where the value comes from', () => {
    assert.match(failure({ ...BASE, 'client-secret': '' }).hint ?? '', /secrets\./);
  });
});
