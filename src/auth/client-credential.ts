// What each token request sends for the configured credential: the secret, or a fresh assertion
// (a certificate-signed JWT, or a GitHub ID token). Built by credential.ts, used by the msal adapter.

export type ClientCredential =
  | { readonly kind: 'secret'; readonly secret: string }
  | {
      readonly kind: 'assertion';
      /** Says which credential this is in the log, e.g. "certificate CN=app (thumbprint 3F2A…)" or "GitHub OIDC". */
      readonly description: string;
      /** A fresh, masked client assertion for one token request to `tokenEndpoint`. */
      readonly createAssertion: (tokenEndpoint: string) => Promise<string>;
      /** After Entra refused the assertion with AADSTS`aadsts`: what to fix, from what the assertion said. */
      readonly explainRejection?: (aadsts: number) => string | undefined;
      /** Added to every refusal's hint: why this credential was used (auth: auto's fallback to OIDC). */
      readonly note?: string | undefined;
    };
