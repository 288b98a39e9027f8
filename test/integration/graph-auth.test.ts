// The bundled action (dist/index.js) signing in for the Microsoft Graph stand-in every way it signs in
// for SMTP: the same step with `transport: graph` and a client secret, a certificate or GitHub OIDC,
// and the least-privilege setup (an Exchange RBAC scope, no Entra Mail.Send). No token is ever printed.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  GRAPH_AUDIENCE,
  GRAPH_SCOPE,
  makeClientCertificate,
  startSandbox,
  type ClientCertificate,
  type Sandbox,
} from '../sandbox/index.js';
import { findLeaks } from '../support/leaks.js';
import { runAction, type ActionResult } from '../support/run-action.js';

const MESSAGE = { to: 'oncall@contoso.example', subject: 'Deployed', body: 'Version 2 is live.' };
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g;

function succeeded(result: ActionResult): void {
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.deepEqual(
    result.annotations.filter((a) => a.level === 'error'),
    [],
  );
}

/** Every JWT printed anywhere but in ::add-mask:: lines: none may be. */
function printedJwts(result: ActionResult): string[] {
  const places = [
    ...result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')),
    result.stderr,
    result.summary,
    ...Object.values(result.outputs),
  ];
  return places.flatMap((text) => text.match(JWT) ?? []);
}

describe('transport: graph signs in every way the SMTP transport does', () => {
  let sandbox: Sandbox;
  let cert: ClientCertificate;
  before(async () => {
    [sandbox, cert] = await Promise.all([startSandbox(), makeClientCertificate({ commonName: 'graph app' })]);
  });
  after(async () => {
    await sandbox.stop();
  });
  beforeEach(() => {
    sandbox.reset();
  });

  const noSecret = (): Record<string, string> => ({
    ...sandbox.graphInputs(),
    'client-secret': '',
    ...MESSAGE,
  });

  /** One Graph request, one message, one Graph token, and no SMTP at all. */
  function deliveredThroughGraph(result: ActionResult): void {
    succeeded(result);
    assert.deepEqual(result.annotations, [], 'no warning either');
    assert.equal(sandbox.connections.length, 0, 'no SMTP connection');
    assert.deepEqual(
      sandbox.tokenRequests.map((r) => [r.scope, r.status]),
      [[GRAPH_SCOPE, 200]],
    );
    const [request] = sandbox.graphRequests;
    assert.equal(sandbox.graphRequests.length, 1);
    assert.equal(request?.status, 202);
    assert.equal(request.method, 'POST');
    assert.equal(request.mailbox, sandbox.mailbox);
    assert.equal(request.contentType, 'text/plain');
    assert.equal(request.tokenAudience, GRAPH_AUDIENCE);
    assert.equal(sandbox.graphDelivered.length, 1);
    assert.deepEqual(sandbox.graphDelivered[0]?.to, ['oncall@contoso.example']);
    assert.equal(sandbox.metadataRequests, 0);
    const tokens = sandbox.issuedTokens();
    assert.deepEqual(findLeaks(result, [...tokens, ...tokens.map((t) => `Bearer ${t}`)]), []);
    assert.deepEqual(printedJwts(result), []);
  }

  test('client secret', async () => {
    const result = await runAction({
      inputs: { ...sandbox.graphInputs(), ...MESSAGE },
      caPath: sandbox.caPath,
    });
    deliveredThroughGraph(result);
    assert.equal(sandbox.tokenRequests[0]?.credential, 'secret');
    assert.deepEqual(findLeaks(result, [sandbox.clientSecret]), []);
  });

  test('certificate (encrypted key), with debug logging on', async () => {
    sandbox.configure({ entra: { certificates: [cert.certPem] } });
    const bundle = `${cert.encryptedKeyPem('graph-pass-1234')}${cert.certPem}`.trim();
    const result = await runAction({
      inputs: {
        ...noSecret(),
        'client-certificate': bundle,
        'client-certificate-password': 'graph-pass-1234',
        debug: 'true',
      },
      caPath: sandbox.caPath,
      env: { RUNNER_DEBUG: '1' },
    });
    deliveredThroughGraph(result);
    assert.equal(sandbox.tokenRequests[0]?.credential, 'certificate');
    assert.deepEqual(findLeaks(result, [bundle, cert.keyPem, 'graph-pass-1234']), []);
    // The protocol log names the request, never the token or the body.
    const request = sandbox.graphRequests[0];
    assert.match(
      result.stdout,
      new RegExp(
        `graph: POST ${sandbox.graphHost}/v1\\.0/users/alerts@contoso\\.example/sendMail \\(\\d+ bytes, client-request-id ${request?.clientRequestId ?? '-'}\\)`,
      ),
    );
    assert.match(result.stdout, new RegExp(`graph: 202 \\(request-id ${request?.requestId ?? '-'}, `));
  });

  test('GitHub OIDC, with no secret at all', async () => {
    const result = await runAction({ inputs: noSecret(), caPath: sandbox.caPath, env: sandbox.oidcEnv() });
    deliveredThroughGraph(result);
    assert.equal(sandbox.tokenRequests[0]?.credential, 'federated');
    assert.equal(sandbox.idTokenRequests.length, 1);
    assert.deepEqual(findLeaks(result, [sandbox.oidc.requestToken]), []);
  });

  test('least privilege: no Entra Mail.Send, an RBAC scope holding the mailbox', async () => {
    sandbox.configure({ entra: { graphRoles: [] }, graph: { scopedMailboxes: [sandbox.mailbox] } });
    const result = await runAction({
      inputs: { ...sandbox.graphInputs(), ...MESSAGE },
      caPath: sandbox.caPath,
    });
    deliveredThroughGraph(result);
    assert.deepEqual(sandbox.graphRequests[0]?.tokenRoles, []);
  });
});
