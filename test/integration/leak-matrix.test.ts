// The leak matrix: every failure mode, with RUNNER_DEBUG=1 and debug: true, and nothing secret in
// stdout, stderr, annotations, outputs or the job summary except inside ::add-mask:: lines that come
// before every other appearance.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  makeClientCertificate,
  startSandbox,
  type ClientCertificate,
  type Sandbox,
  type SandboxOptions,
} from '../sandbox/index.js';
import { findLeaks, xoauth2 } from '../support/leaks.js';
import { runAction } from '../support/run-action.js';

interface Case {
  readonly name: string;
  readonly sandbox?: SandboxOptions;
  readonly inputs?: Record<string, string>;
  readonly setup?: (sandbox: Sandbox) => void;
  readonly expectExit: 0 | 1;
}

const WRONG_SECRET = 'Q8~not-the-right-secret-value-0123456789';

const CASES: readonly Case[] = [
  { name: 'success', expectExit: 0 },
  { name: 'wrong secret', inputs: { 'client-secret': WRONG_SECRET }, expectExit: 1 },
  { name: 'expired secret', sandbox: { entra: { secretExpired: true } }, expectExit: 1 },
  {
    name: 'token renewed during a slow greeting',
    sandbox: {
      entra: { tokenLifetimeSeconds: 3 },
      exchange: { smtpFaults: [{ on: 'connect', delayMs: 3500 }] },
    },
    expectExit: 0,
  },
  { name: '535 5.7.3 (token without the role)', sandbox: { entra: { roles: [] } }, expectExit: 1 },
  {
    name: '535 5.7.139 (SMTP AUTH disabled)',
    sandbox: { exchange: { smtpAuthDisabled: true } },
    expectExit: 1,
  },
  { name: 'untrusted TLS certificate', sandbox: { tls: 'untrusted' }, expectExit: 1 },
  {
    name: 'token endpoint timeout',
    sandbox: { entra: { tokenFaults: [{ delayMs: 8000 }, { delayMs: 8000 }] } },
    inputs: { 'timeout-seconds': '10', 'max-attempts': '2' },
    expectExit: 1,
  },
  {
    name: 'token throttling then success',
    sandbox: { entra: { tokenFaults: [{ status: 429, retryAfterSeconds: 1 }] } },
    expectExit: 0,
  },
  {
    name: 'SMTP throttling until giving up',
    sandbox: {
      exchange: {
        smtpFaults: [
          { on: 'mail', reply: '451 4.7.500 Server busy' },
          { on: 'mail', reply: '451 4.7.500 Server busy' },
        ],
      },
    },
    inputs: { 'max-attempts': '2' },
    expectExit: 1,
  },
  {
    name: 'connection dropped after DATA',
    sandbox: { exchange: { smtpFaults: [{ on: 'afterData', disconnect: true }] } },
    expectExit: 0,
  },
  { name: 'SendAs denied', inputs: { from: 'ceo@contoso.example' }, expectExit: 1 },
  { name: 'bad input after the secret was read', inputs: { 'smtp-port': 'not-a-port' }, expectExit: 1 },
];

describe('leak matrix (RUNNER_DEBUG=1, debug: true)', () => {
  const sandboxes: Sandbox[] = [];
  after(async () => {
    await Promise.all(sandboxes.map((s) => s.stop()));
  });
  let shared: Sandbox;
  before(async () => {
    shared = await startSandbox();
    sandboxes.push(shared);
  });

  for (const c of CASES) {
    test(c.name, async () => {
      const sandbox = c.sandbox ? await startSandbox(c.sandbox) : shared;
      if (c.sandbox) sandboxes.push(sandbox);
      else sandbox.reset();
      const result = await runAction({
        inputs: {
          ...sandbox.inputs(),
          to: 'oncall@contoso.example',
          subject: 'Leak check',
          body: 'Body',
          debug: 'true',
          ...c.inputs,
        },
        caPath: sandbox.caPath,
        env: { RUNNER_DEBUG: '1' },
        timeoutMs: 40_000,
      });
      assert.equal(result.code, c.expectExit, result.stdout);
      const tokens = sandbox.issuedTokens();
      const users = [sandbox.mailbox, 'ceo@contoso.example'];
      const secrets = [
        sandbox.clientSecret,
        WRONG_SECRET,
        ...tokens,
        ...tokens.flatMap((t) => users.map((u) => xoauth2(u, t))),
      ];
      assert.deepEqual(findLeaks(result, secrets), []);
      // The masks were really issued for what was really used.
      assert.ok(result.masks.includes(c.inputs?.['client-secret'] ?? sandbox.clientSecret));
      for (const t of tokens)
        assert.ok(result.masks.includes(t), 'every access token that arrived is masked');
    });
  }
});

describe('leak matrix for the other credentials (RUNNER_DEBUG=1, debug: true)', () => {
  const PASSWORD = 'pw-Leak-Matrix-7781';
  let sandbox: Sandbox;
  let cert: ClientCertificate;
  before(async () => {
    [sandbox, cert] = await Promise.all([
      startSandbox(),
      makeClientCertificate({ commonName: 'leak matrix' }),
    ]);
  });
  after(async () => {
    await sandbox.stop();
  });

  const base = (): Record<string, string> => ({
    ...sandbox.inputs(),
    'client-secret': '',
    to: 'oncall@contoso.example',
    subject: 'Leak check',
    body: 'Body',
    debug: 'true',
  });
  const certificateInputs = (): Record<string, string> => ({
    'client-certificate': `${cert.encryptedKeyPem(PASSWORD)}\n${cert.certPem}`.trim(),
    'client-certificate-password': PASSWORD,
    'client-certificate-send-x5c': 'true',
  });

  const cases: {
    name: string;
    registered: boolean;
    subject?: string;
    inputs: () => Record<string, string>;
    env: () => Record<string, string>;
    exit: 0 | 1;
  }[] = [
    { name: 'certificate, success', registered: true, inputs: certificateInputs, env: () => ({}), exit: 0 },
    {
      name: 'certificate not uploaded to the app (AADSTS700027)',
      registered: false,
      inputs: certificateInputs,
      env: () => ({}),
      exit: 1,
    },
    {
      name: 'GitHub OIDC, success',
      registered: true,
      inputs: () => ({ auth: 'oidc' }),
      env: () => sandbox.oidcEnv(),
      exit: 0,
    },
    {
      name: 'GitHub OIDC, subject not federated (AADSTS70021)',
      registered: true,
      subject: 'repo:octo-org/octo-repo:ref:refs/heads/feature',
      inputs: () => ({ auth: 'oidc' }),
      env: () => sandbox.oidcEnv(),
      exit: 1,
    },
  ];

  for (const c of cases) {
    test(c.name, async () => {
      sandbox.reset();
      sandbox.configure({
        entra: { certificates: c.registered ? [cert.certPem] : [] },
        ...(c.subject ? { oidc: { subject: c.subject } } : {}),
      });
      const result = await runAction({
        inputs: { ...base(), ...c.inputs() },
        caPath: sandbox.caPath,
        env: { RUNNER_DEBUG: '1', ...c.env() },
      });
      assert.equal(result.code, c.exit, result.stdout);
      const tokens = sandbox.issuedTokens();
      const assertions = sandbox.receivedAssertions();
      assert.ok(assertions.length > 0, 'an assertion was sent');
      const key = cert.encryptedKeyPem(PASSWORD).trim();
      const secrets = [
        PASSWORD,
        key,
        cert.keyPem.trim(),
        ...assertions,
        ...sandbox.issuedIdTokens(),
        sandbox.oidc.requestToken,
        ...tokens,
        ...tokens.map((t) => xoauth2(sandbox.mailbox, t)),
      ];
      assert.deepEqual(findLeaks(result, secrets), []);
    });
  }
});
