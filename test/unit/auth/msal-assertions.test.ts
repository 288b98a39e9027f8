// The credential behind the real msal adapter, against the sandbox's Entra and GitHub ID-token
// stand-ins: one assertion (and, for GitHub OIDC, one ID token request) per token request, also when
// the action asks for a fresh token; failures of the assertion callback arrive as they were thrown.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import type { AuthSettings, Credential } from '../../../src/config.js';
import { makeClientCertificate } from '../../sandbox/index.js';
import type { ProbeResult } from './msal-probe.js';
import { useSandbox } from '../../support/use-sandbox.js';

const PROBE = fileURLToPath(new URL('./msal-probe.ts', import.meta.url));
const run = promisify(execFile);

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

describe('credentials through MsalTokenProvider against the sandbox', () => {
  const sandbox = useSandbox();

  async function probe(
    credential: Credential,
    calls: number,
    env: Record<string, string> = {},
  ): Promise<ProbeResult> {
    const auth: AuthSettings = {
      cloud: 'public',
      tenantId: sandbox.tenantId,
      clientId: sandbox.clientId,
      authorityHost: sandbox.authorityHost,
      scope: 'https://outlook.office365.com/.default',
      credential,
    };
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', PROBE, JSON.stringify({ auth, calls })],
      {
        env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: sandbox.caPath, ...env },
      },
    );
    // @actions/core prints its own lines (::debug::, ::add-mask::) before the probe's JSON line.
    return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ProbeResult;
  }

  test('GitHub OIDC: one fresh ID token per token request', async () => {
    const result = await probe(
      { kind: 'oidc', audience: 'api://AzureADTokenExchange', byFallback: false },
      2,
      sandbox.oidcEnv(),
    );
    assert.equal(result.ok, true, JSON.stringify(result.error));
    assert.equal(sandbox.tokenRequests.length, 2);
    assert.equal(sandbox.idTokenRequests.length, 2, 'exactly one ID token request per token request');
    assert.deepEqual(
      sandbox.idTokenRequests.map((r) => r.audience),
      ['api://AzureADTokenExchange', 'api://AzureADTokenExchange'],
    );
    assert.deepEqual(
      sandbox.tokenRequests.map((r) => [r.credential, r.status]),
      [
        ['federated', 200],
        ['federated', 200],
      ],
    );
    // Each token request presented a different ID token, and each ID token was masked.
    const presented = sandbox.tokenRequests.map((r) => r.assertion?.claims.jti);
    assert.equal(new Set(presented).size, 2);
    const maskedJtis = result.masked.filter((m) => m.split('.').length === 3).map((m) => claimsOf(m).jti);
    for (const jti of presented) assert.ok(maskedJtis.includes(jti), 'the ID token was masked');
    for (const token of result.tokens)
      assert.ok(result.masked.includes(token), 'the access token was masked');
    assert.equal(sandbox.metadataRequests, 0);
  });

  test('certificate: a new PS256 assertion per token request, masked, naming the certificate', async () => {
    const cert = await makeClientCertificate();
    sandbox.configure({ entra: { certificates: [cert.certPem] } });
    const pem = cert.encryptedKeyPem('pw-probe-123') + cert.certPem;
    const result = await probe({ kind: 'certificate', pem, password: 'pw-probe-123', sendX5c: true }, 2);
    assert.equal(result.ok, true, JSON.stringify(result.error));
    assert.equal(sandbox.tokenRequests.length, 2);
    for (const request of sandbox.tokenRequests) {
      assert.equal(request.status, 200);
      assert.equal(request.credential, 'certificate');
      assert.ok(request.assertion);
      assert.equal(request.assertion.alg, 'PS256');
      assert.equal(request.assertion.x5c, true);
      assert.equal(request.assertion.thumbprint, cert.thumbprintSha256Hex);
      assert.equal(request.assertion.claims.aud, sandbox.tokenEndpoint);
    }
    const jtis = sandbox.tokenRequests.map((r) => r.assertion?.claims.jti);
    assert.equal(new Set(jtis).size, 2);
    const maskedJtis = result.masked.filter((m) => m.split('.').length === 3).map((m) => claimsOf(m).jti);
    for (const jti of jtis) assert.ok(maskedJtis.includes(jti), 'the assertion was masked');
  });

  test('an ID-token request that fails arrives as its own credential error, with no token request', async () => {
    const env = { ...sandbox.oidcEnv(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-request-token' };
    const result = await probe(
      { kind: 'oidc', audience: 'api://AzureADTokenExchange', byFallback: false },
      1,
      env,
    );
    assert.equal(result.ok, false);
    assert.equal(result.error?.code, 'OIDC_REQUEST_FAILED');
    assert.equal(result.error.stage, 'credential');
    assert.match(result.error.message, /Could not get a GitHub ID token from 127\.0\.0\.1:\d+: .*401/);
    assert.match(result.error.hint ?? '', /id-token: write/);
    assert.equal(sandbox.tokenRequests.length, 0);
  });

  test('no matching federated credential: the hint is built from the token that was presented', async () => {
    sandbox.configure({ oidc: { subject: 'repo:octo-org/octo-repo:environment:Production' } });
    const result = await probe(
      { kind: 'oidc', audience: 'api://AzureADTokenExchange', byFallback: false },
      1,
      sandbox.oidcEnv(),
    );
    assert.equal(result.error?.code, 'AADSTS70021');
    assert.match(result.error.hint ?? '', /sub: repo:octo-org\/octo-repo:environment:Production/);
    assert.match(
      result.error.hint ?? '',
      /immutable: repo:octo-org@90014863\/octo-repo@582779453:environment:Production/,
    );
  });

  test('a certificate Entra does not know: AADSTS700027 with the thumbprint the action used', async () => {
    const cert = await makeClientCertificate();
    const result = await probe(
      { kind: 'certificate', pem: cert.keyPem + cert.certPem, password: '', sendX5c: false },
      1,
    );
    assert.equal(result.error?.code, 'AADSTS700027');
    assert.match(result.error.hint ?? '', new RegExp(cert.thumbprintSha1Hex.toUpperCase()));
    assert.match(result.error.hint ?? '', /Upload certificate/);
  });
});
