// GitHub OIDC checks that need no network: the job's permission is checked when the credential is
// loaded, and the assertion callback fails the same clear way if the variables vanish later.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { idTokenAvailable, loadCredential } from '../../../src/auth/credential.js';
import type { AuthSettings } from '../../../src/config.js';
import type { Env } from '../../../src/config.js';

const AUTH: AuthSettings = {
  cloud: 'public',
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '0b1c2d3e-4f5a-4b6c-8d7e-f9a0b1c2d3e4',
  authorityHost: 'https://login.microsoftonline.com',
  scope: 'https://outlook.office365.com/.default',
  credential: { kind: 'oidc', audience: 'api://AzureADTokenExchange', byFallback: false },
};

const io = (env: Env) => ({
  env,
  mask: () => undefined,
  debug: () => undefined,
  now: () => Date.now(),
  getIdToken: () => Promise.reject(new Error('no request expected')),
});

describe('GitHub OIDC credential, offline', () => {
  test('idTokenAvailable needs both runner variables', () => {
    assert.equal(
      idTokenAvailable({ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x/', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }),
      true,
    );
    assert.equal(idTokenAvailable({ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x/' }), false);
    assert.equal(idTokenAvailable({ ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }), false);
  });

  test('without the permission: an error that shows the YAML to add', async () => {
    await assert.rejects(
      loadCredential(AUTH, io({})),
      (err: Error & { code?: string; hint?: string; stage?: string }) => {
        assert.equal(err.code, 'OIDC_NO_PERMISSION');
        assert.equal(err.stage, 'credential');
        assert.match(err.hint ?? '', /permissions:\n {4}id-token: write/);
        return true;
      },
    );
  });

  test('the variables gone at assertion time: the same error, no request', async () => {
    const env: Record<string, string | undefined> = {
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://127.0.0.1:1/idtoken?api-version=2.0',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
    };
    const credential = await loadCredential(AUTH, io(env));
    assert.ok(credential.kind === 'assertion');
    assert.equal(credential.description, 'GitHub OIDC (audience api://AzureADTokenExchange)');
    delete env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    await assert.rejects(
      credential.createAssertion('https://login.microsoftonline.com/t/oauth2/v2.0/token'),
      { code: 'OIDC_NO_PERMISSION' },
    );
    assert.equal(
      credential.explainRejection?.(70021),
      undefined,
      'nothing to explain before a token was presented',
    );
  });

  test('an http ID-token URL is refused before any request', async () => {
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1/idtoken',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
    };
    await assert.rejects(loadCredential(AUTH, io(env)), { code: 'OIDC_BAD_URL' });
  });
});
