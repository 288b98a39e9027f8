// Inputs of the credential and token stages: which credential, which cloud, which endpoints.
import { CLOUD_NAMES, CLOUDS, type CloudName } from '../clouds.js';
import { OIDC_PERMISSION_HINT } from '../hints.js';
import type { AuthSettings, Credential } from '../config.js';
import { inputError } from '../errors.js';
import {
  readBoolean,
  readEnum,
  readHttpsOrigin,
  readRequired,
  readSingleLine,
  shorten,
  type Read,
} from './fields.js';

export type Mask = (secret: string) => void;

export const AUTH_INPUTS = [
  'auth',
  'cloud',
  'tenant-id',
  'client-id',
  'client-secret',
  'client-certificate',
  'client-certificate-password',
  'client-certificate-send-x5c',
  'oidc-audience',
  'authority-host',
  'scope',
] as const;

/** Inputs whose values are secrets: masked, in every form, before any input is checked. */
const SECRET_INPUTS = ['client-secret', 'client-certificate', 'client-certificate-password'] as const;

type AuthMode = 'auto' | 'client-secret' | 'certificate' | 'oidc';

export interface AuthEnvironment {
  /** The job can request a GitHub ID token (permissions: id-token: write). */
  readonly canRequestIdToken: boolean;
}

export function parseAuth(
  read: Read,
  mask: Mask,
  dryRun: boolean,
  environment: AuthEnvironment,
  readRaw: Read = read,
  /** The scope when the `scope` input is empty; the transport's choice (see inputs/transport.ts). */
  scopeFor: (cloud: CloudName) => string = (cloud) => CLOUDS[cloud].scope,
): AuthSettings | undefined {
  // Secrets are read and masked before anything else, so no later error can print them.
  for (const name of SECRET_INPUTS) mask(readRaw(name));
  const secret = read('client-secret');
  const certificate = read('client-certificate');
  const password = read('client-certificate-password');

  const mode = readEnum<AuthMode>(read, 'auth', ['auto', 'client-secret', 'certificate', 'oidc'], 'auto');
  const cloud = readEnum<CloudName>(read, 'cloud', CLOUD_NAMES, 'public');
  const preset = CLOUDS[cloud];
  const authorityHost = readHttpsOrigin(read, 'authority-host', preset.authorityHost);
  const fallbackScope = scopeFor(cloud);
  const scope = readSingleLine(read, 'scope') || fallbackScope;
  if (!/^https:\/\/[^\s/]+\/\.default$/.test(scope)) {
    throw inputError(
      'scope',
      `expected a resource followed by /.default, such as ${fallbackScope}, got '${shorten(scope)}'`,
      'App-only tokens use the .default scope; permissions such as SMTP.SendAsApp or Mail.Send are granted on the app registration (or by Exchange RBAC for Applications), not requested here.',
    );
  }
  const audience = readSingleLine(read, 'oidc-audience') || preset.oidcAudience;
  const sendX5c = readBoolean(read, 'client-certificate-send-x5c', false);

  const given = { secret, certificate, password, sendX5c, audience };
  if (dryRun) return dryRunAuth(read, mode, given, environment, { cloud, authorityHost, scope });

  const credential = chooseCredential(mode, given, environment);
  const why = 'to sign in (use dry-run: true to render without signing in)';
  const tenantId = tenantInput(readRequired(read, 'tenant-id', why));
  const clientId = guidInput(
    'client-id',
    readRequired(read, 'client-id', why),
    'the Application (client) ID',
  );
  return Object.freeze({
    cloud,
    tenantId,
    clientId,
    authorityHost,
    scope,
    credential: Object.freeze(credential),
  });
}

/**
 * A dry run signs in to nothing, so it needs no credential: a pull request from a fork (no secrets) must
 * still render. It checks what it can: the ids when they are given, the credential when one is given
 * (the certificate is checked offline later); it returns undefined when there is nothing to sign in with.
 */
function dryRunAuth(
  read: Read,
  mode: AuthMode,
  given: CredentialInputs,
  environment: AuthEnvironment,
  where: Pick<AuthSettings, 'cloud' | 'authorityHost' | 'scope'>,
): AuthSettings | undefined {
  const tenant = read('tenant-id');
  const client = read('client-id');
  const tenantId = tenant === '' ? '' : tenantInput(tenant);
  const clientId = client === '' ? '' : guidInput('client-id', client, 'the Application (client) ID');
  // A credential the run does not get (a fork's empty secret, no ID token) is no error in a dry run.
  const available: Record<AuthMode, boolean> = {
    'client-secret': given.secret !== '',
    certificate: given.certificate !== '',
    oidc: environment.canRequestIdToken,
    auto: given.secret !== '' || given.certificate !== '' || environment.canRequestIdToken,
  };
  if (!available[mode] || tenantId === '' || clientId === '') return undefined;
  const credential = chooseCredential(mode, given, environment);
  return Object.freeze({ ...where, tenantId, clientId, credential: Object.freeze(credential) });
}

interface CredentialInputs {
  readonly secret: string;
  readonly certificate: string;
  readonly password: string;
  readonly sendX5c: boolean;
  readonly audience: string;
}

function chooseCredential(mode: AuthMode, given: CredentialInputs, environment: AuthEnvironment): Credential {
  const secret = (): Credential => ({ kind: 'client-secret', secret: given.secret });
  const certificate = (): Credential => ({
    kind: 'certificate',
    pem: given.certificate,
    password: given.password,
    sendX5c: given.sendX5c,
  });
  const oidc = (byFallback = false): Credential => ({ kind: 'oidc', audience: given.audience, byFallback });
  switch (mode) {
    case 'client-secret':
      if (given.secret === '') throw missingSecret('required with auth: client-secret');
      return secret();
    case 'certificate':
      if (given.certificate === '') {
        throw inputError(
          'client-certificate',
          'required with auth: certificate, but it is empty',
          'Pass a PEM with the private key and the certificate from a secret: client-certificate: ${{ secrets.M365_CLIENT_CERTIFICATE }}.',
        );
      }
      return certificate();
    case 'oidc':
      if (!environment.canRequestIdToken) {
        throw inputError(
          'auth',
          'oidc was chosen, but this job cannot request a GitHub ID token',
          OIDC_PERMISSION_HINT,
        );
      }
      return oidc();
    case 'auto':
      if (given.secret !== '' && given.certificate !== '') {
        throw inputError(
          'auth',
          "both 'client-secret' and 'client-certificate' are set; with auth: auto exactly one credential may be given",
          'Remove one of them, or choose explicitly with auth: client-secret or auth: certificate.',
        );
      }
      if (given.secret !== '') return secret();
      if (given.certificate !== '') return certificate();
      // A password with no certificate: the certificate's secret is missing or misnamed. Falling
      // through to GitHub OIDC would fail later with a far less useful federation error.
      if (given.password !== '') {
        throw inputError(
          'client-certificate',
          "empty, but 'client-certificate-password' is set",
          'Check that the secret passed to client-certificate exists and is available to this workflow run; its value is empty.',
        );
      }
      if (environment.canRequestIdToken) return oidc(true);
      throw inputError(
        'auth',
        'no credential: none of client-secret, client-certificate or a GitHub OIDC token is available',
        [
          'Give one of:',
          '  client-secret: ${{ secrets.M365_CLIENT_SECRET }}        (simplest; expires)',
          '  client-certificate: ${{ secrets.M365_CLIENT_CERTIFICATE }} (PEM key + certificate)',
          '  GitHub OIDC with no stored secret: add a federated credential to the app and',
          '    permissions:',
          '      id-token: write',
          'A secret is empty when it does not exist or is not passed to this workflow run (for example on a pull request from a fork).',
        ].join('\n'),
      );
  }
}

function missingSecret(why: string) {
  return inputError(
    'client-secret',
    `${why}, but it is empty`,
    'Pass the secret VALUE (not its ID) from a repository secret: client-secret: ${{ secrets.M365_CLIENT_SECRET }}. An empty value usually means the secret is not available to this workflow run.',
  );
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN =
  /^(?=.{4,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

function tenantInput(value: string): string {
  if (['common', 'organizations', 'consumers'].includes(value.toLowerCase())) {
    throw inputError(
      'tenant-id',
      `'${value}' is a multi-tenant alias; app-only tokens need your own tenant`,
      'Use the Directory (tenant) ID from the app registration overview, or your tenant domain such as contoso.onmicrosoft.com.',
    );
  }
  if (!GUID.test(value) && !DOMAIN.test(value)) {
    throw inputError(
      'tenant-id',
      `expected a Directory (tenant) ID (GUID) or a tenant domain such as contoso.onmicrosoft.com, got '${shorten(value)}'`,
    );
  }
  return value;
}

function guidInput(name: string, value: string, what: string): string {
  if (!GUID.test(value)) {
    throw inputError(
      name,
      `expected ${what}, a GUID like 00000000-0000-0000-0000-000000000000, got '${shorten(value)}'`,
    );
  }
  return value;
}
