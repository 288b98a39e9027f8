// The credential stage: turns the configured credential into what each token request sends. It runs
// before any network request, and checks everything that can be checked offline (the certificate in
// full, the runner's ID-token variables), so a misconfiguration fails with nothing contacted.
import type { AuthSettings } from '../config.js';
import type { Env } from '../config.js';
import { signCertificateAssertion } from './assertion.js';
import { loadCertificate, uploadHint, type LoadedCertificate } from './certificate.js';
import type { ClientCredential } from './client-credential.js';
import { createOidcCredential } from './oidc.js';

export type { ClientCredential };

export interface CredentialIo {
  readonly env: Env;
  readonly mask: (secret: string) => void;
  readonly debug: (message: string) => void;
  /** Problems that do not stop the run (a certificate about to expire); debug when not given. */
  readonly warn?: (message: string) => void;
  readonly now: () => number;
  /** GitHub OIDC: the runner's getIDToken (the runner port's). */
  readonly getIdToken: (audience: string) => Promise<string>;
}

export { idTokenAvailable } from './id-token.js';

/** Why auth: auto used GitHub OIDC, for every OIDC failure: most often a secret that did not arrive. */
const FALLBACK_NOTE = [
  "'client-secret' (and 'client-certificate') were empty, so auth: auto signed in with GitHub OIDC.",
  'If you meant to use a client secret: check that the name in client-secret: ${{ secrets.NAME }} is spelled',
  "as in the repository's (or organization's) secrets and that this run receives it: secrets are empty for",
  'pull requests from forks and for Dependabot, and environment secrets need environment: on the job.',
  'To use OIDC on purpose, set auth: oidc (this note then goes away).',
].join('\n');

export function loadCredential(auth: AuthSettings, io: CredentialIo): Promise<ClientCredential> {
  // The checks are synchronous; a failure still arrives as a rejected promise, like any later one.
  return Promise.resolve().then(() => load(auth, io));
}

function load(auth: AuthSettings, io: CredentialIo): ClientCredential {
  const credential = auth.credential;
  switch (credential.kind) {
    case 'client-secret':
      return { kind: 'secret', secret: credential.secret };
    case 'certificate': {
      const certificate = loadCertificate(credential.pem, credential.password, io.now(), auth.clientId);
      certificate.warnings.forEach((warning) => (io.warn ?? io.debug)(warning));
      return certificateCredential(certificate, auth.clientId, credential.sendX5c, io);
    }
    case 'oidc':
      return createOidcCredential(
        { clientId: auth.clientId, audience: credential.audience },
        { ...io, chosenBecause: credential.byFallback ? FALLBACK_NOTE : undefined },
      );
  }
}

function describeCertificate(certificate: LoadedCertificate): string {
  const until = certificate.notAfter.toISOString().slice(0, 10);
  return `certificate ${certificate.subject} (thumbprint ${certificate.thumbprintSha1}, SHA-256 ${certificate.thumbprintSha256}, valid until ${until})`;
}

function certificateCredential(
  certificate: LoadedCertificate,
  clientId: string,
  sendX5c: boolean,
  io: CredentialIo,
): ClientCredential {
  return {
    kind: 'assertion',
    description: describeCertificate(certificate),
    createAssertion: (tokenEndpoint) => {
      const assertion = signCertificateAssertion(certificate, {
        clientId,
        tokenEndpoint,
        nowMs: io.now(),
        sendX5c,
      });
      io.mask(assertion);
      return Promise.resolve(assertion);
    },
    explainRejection: (aadsts) =>
      aadsts === 700027
        ? [
            `The action signed with ${describeCertificate(certificate)}.`,
            'The app registration must list this certificate (same thumbprint), and the key in client-certificate must be its key.',
            uploadHint(clientId),
          ].join('\n')
        : undefined,
  };
}
