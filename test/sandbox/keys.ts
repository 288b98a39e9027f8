// RSA signing keys for the sandbox's token issuers. Generating a 2048-bit key takes 150-600 ms on a
// small runner, so each purpose gets one key per process, shared by every sandbox started in it.
// Harmless for isolation: the SMTP stand-in accepts only tokens its own Entra stand-in issued.
import { generateKeyPair } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

export interface RsaKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const generateRsa = promisify(generateKeyPair);
const cache = new Map<string, Promise<RsaKeyPair>>();

export function signingKey(purpose: 'entra' | 'github'): Promise<RsaKeyPair> {
  let pair = cache.get(purpose);
  if (!pair) {
    pair = generateRsa('rsa', { modulusLength: 2048 });
    cache.set(purpose, pair);
  }
  return pair;
}
