// Runs the credential and the msal token provider in a child process, because the sandbox CA can
// only be trusted through NODE_EXTRA_CA_CERTS, which Node reads at start-up. Prints one JSON line.
// Usage: node --import tsx msal-probe.ts '<json: { auth: AuthSettings, calls: number }>'
import * as core from '@actions/core';
import { loadCredential } from '../../../src/auth/credential.js';
import { MsalTokenProvider } from '../../../src/auth/msal.js';
import type { AuthSettings } from '../../../src/config.js';
import { ActionError } from '../../../src/errors.js';

export interface ProbeResult {
  ok: boolean;
  /** Access tokens, one per getToken call. */
  tokens: string[];
  /** Everything the code under test asked to mask, in order. */
  masked: string[];
  error?: { code: string; stage: string; message: string; hint: string | undefined };
}

const input = JSON.parse(process.argv[2] ?? '{}') as { auth: AuthSettings; calls: number };
const result: ProbeResult = { ok: false, tokens: [], masked: [] };
const mask = (secret: string): void => {
  result.masked.push(secret);
};
const common = { mask, debug: () => undefined, now: () => Date.now(), requestTimeoutMs: 5000 };
// The runner's getIDToken, reading ACTIONS_ID_TOKEN_REQUEST_* from this process's environment.
const getIdToken = (audience: string): Promise<string> => core.getIDToken(audience);
try {
  const credential = await loadCredential(input.auth, { ...common, env: process.env, getIdToken });
  const provider = new MsalTokenProvider(input.auth, credential, common);
  for (let i = 0; i < input.calls; i++) result.tokens.push((await provider.getToken()).token);
  result.ok = true;
} catch (err) {
  result.error =
    err instanceof ActionError
      ? { code: err.code, stage: err.stage, message: err.message, hint: err.hint }
      : { code: 'NOT_AN_ACTION_ERROR', stage: '', message: String(err), hint: undefined };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
