// GitHub OIDC subjects in both forms, and the hint printed when Entra finds no federated credential.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  explainFederationRejection,
  federatedCredentialCommand,
  subjectFor,
  toClassicSubject,
  toImmutableSubject,
  type IdTokenClaims,
} from '../../../src/auth/federation.js';
import { decodeClaims } from '../../../src/auth/oidc.js';

const IDS = { ownerId: '90014863', repoId: '582779453' };
const CLIENT_ID = '0b1c2d3e-4f5a-4b6c-8d7e-f9a0b1c2d3e4';

describe('subject forms', () => {
  const cases: [string, Parameters<typeof subjectFor>[1], string, string][] = [
    [
      'branch',
      { branch: 'main' },
      'repo:Octo-Org/octo-repo:ref:refs/heads/main',
      'repo:Octo-Org@90014863/octo-repo@582779453:ref:refs/heads/main',
    ],
    [
      'branch with slashes',
      { branch: 'release/v2' },
      'repo:Octo-Org/octo-repo:ref:refs/heads/release/v2',
      'repo:Octo-Org@90014863/octo-repo@582779453:ref:refs/heads/release/v2',
    ],
    [
      'tag',
      { tag: 'v1.2.3' },
      'repo:Octo-Org/octo-repo:ref:refs/tags/v1.2.3',
      'repo:Octo-Org@90014863/octo-repo@582779453:ref:refs/tags/v1.2.3',
    ],
    [
      'environment',
      { environment: 'Production' },
      'repo:Octo-Org/octo-repo:environment:Production',
      'repo:Octo-Org@90014863/octo-repo@582779453:environment:Production',
    ],
    [
      'pull_request',
      { pullRequest: true },
      'repo:Octo-Org/octo-repo:pull_request',
      'repo:Octo-Org@90014863/octo-repo@582779453:pull_request',
    ],
  ];
  for (const [name, context, classic, immutable] of cases) {
    test(name, () => {
      assert.deepEqual(subjectFor('Octo-Org/octo-repo', context, IDS), { classic, immutable });
      assert.equal(toImmutableSubject(classic, IDS), immutable);
      assert.equal(toClassicSubject(immutable), classic);
      // Each conversion is the identity on its own form, and the round trip is lossless.
      assert.equal(toClassicSubject(classic), classic);
      assert.equal(toImmutableSubject(immutable, undefined), immutable);
      assert.equal(toImmutableSubject(toClassicSubject(immutable) ?? '', IDS), immutable);
    });
  }

  test('no ids, non-numeric ids or a customized subject: no conversion', () => {
    assert.equal(toImmutableSubject('repo:o/r:pull_request', undefined), undefined);
    assert.equal(toImmutableSubject('repo:o/r:pull_request', { ownerId: 'x', repoId: '1' }), undefined);
    assert.equal(toClassicSubject('repository_owner_id:90014863:environment:prod'), undefined);
    assert.equal(toImmutableSubject('repository_owner_id:90014863:environment:prod', IDS), undefined);
    assert.equal(subjectFor('o/r', { branch: 'main' }).immutable, undefined);
  });
});

describe('explainFederationRejection', () => {
  const claims: IdTokenClaims = {
    iss: 'https://token.actions.githubusercontent.com',
    sub: 'repo:octo-org/octo-repo:environment:production',
    aud: 'api://AzureADTokenExchange',
    repository: 'octo-org/octo-repo',
    repository_id: '582779453',
    repository_owner: 'octo-org',
    repository_owner_id: '90014863',
  };

  test('shows the decoded claims, the credential to add, and the subject in both forms', () => {
    const text = explainFederationRejection(claims, {
      clientId: CLIENT_ID,
      audience: 'api://AzureADTokenExchange',
      aadsts: 700213,
    });
    assert.match(text, /^ {2}iss: https:\/\/token\.actions\.githubusercontent\.com$/m);
    assert.match(text, /^ {2}sub: repo:octo-org\/octo-repo:environment:production$/m);
    assert.match(text, /^ {2}aud: api:\/\/AzureADTokenExchange$/m);
    assert.match(text, /the subject differs/);
    assert.match(text, /carries the classic form/);
    assert.match(text, /^ {2}classic: {3}repo:octo-org\/octo-repo:environment:production$/m);
    assert.match(
      text,
      /^ {2}immutable: repo:octo-org@90014863\/octo-repo@582779453:environment:production$/m,
    );
    assert.match(text, /after 2026-07-15/);
    assert.match(
      text,
      new RegExp(`az ad app federated-credential create --id ${CLIENT_ID} --parameters '\\{`),
    );
  });

  test('an immutable subject is named as such; the issuer of the token is the one to configure', () => {
    const sub = 'repo:octo-org@90014863/octo-repo@582779453:ref:refs/heads/main';
    const iss = 'https://token.actions.githubusercontent.com/octo-enterprise';
    const text = explainFederationRejection(
      { ...claims, sub, iss },
      { clientId: CLIENT_ID, audience: 'api://AzureADTokenExchange' },
    );
    assert.match(text, /carries the immutable form/);
    assert.match(text, /^ {2}classic: {3}repo:octo-org\/octo-repo:ref:refs\/heads\/main$/m);
    assert.match(text, /^ {2}issuer: {3}https:\/\/token\.actions\.githubusercontent\.com\/octo-enterprise$/m);
    assert.match(text, /"issuer":"https:\/\/token\.actions\.githubusercontent\.com\/octo-enterprise"/);
  });

  test('the az command is valid JSON inside safe single quotes', () => {
    const command = federatedCredentialCommand(
      CLIENT_ID,
      "repo:o/r:ref:refs/heads/it's",
      'api://AzureADTokenExchange',
    );
    const quoted = /--parameters '(.*)'$/s.exec(command)?.[1] ?? '';
    const json = JSON.parse(quoted.replace(/'\\''/g, "'")) as Record<string, unknown>;
    assert.deepEqual(json, {
      name: 'github-o-r-ref-refs-heads-it-s',
      issuer: 'https://token.actions.githubusercontent.com',
      subject: "repo:o/r:ref:refs/heads/it's",
      audiences: ['api://AzureADTokenExchange'],
    });
  });

  test('decodeClaims reads a JWT payload without the signature, and refuses non-JWTs', () => {
    const payload = Buffer.from(
      JSON.stringify({ ...claims, repository_id: 582779453, aud: ['a', 'b'] }),
    ).toString('base64url');
    const decoded = decodeClaims(`eyJhbGciOiJSUzI1NiJ9.${payload}.c2ln`);
    assert.equal(decoded?.sub, claims.sub);
    assert.equal(decoded?.repository_id, '582779453');
    assert.deepEqual(decoded.aud, ['a', 'b']);
    assert.equal(decodeClaims('not-a-jwt'), undefined);
    assert.equal(decodeClaims('a.!!!.c'), undefined);
  });
});
