// Inputs of failure alerts: the read-only GitHub token, when to send, and whether to add the committers.
import { NOTIFY_WHEN, type Address, type AlertSettings, type NotifyWhen } from '../config.js';
import { inputError } from '../errors.js';
import { readBoolean, shorten, type Read } from './fields.js';
import type { Mask } from './auth.js';

export const ALERT_INPUTS = [
  'github-token',
  'notify-when',
  'notify-committers',
  'committer-domains',
] as const;

/** The token is a secret: masked, in both forms, before any input is checked. */
export function maskGithubToken(readRaw: Read, mask: Mask): void {
  mask(readRaw('github-token'));
}

export function parseAlerts(read: Read, from: Address): AlertSettings {
  return Object.freeze({
    githubToken: read('github-token'),
    notifyWhen: Object.freeze(notifyWhenInput(read)),
    notifyCommitters: readBoolean(read, 'notify-committers', false),
    committerDomains: Object.freeze(domainsInput(read, from)),
  });
}

/** Items of a comma-separated input; newlines and spaces separate too (YAML block scalars). */
function items(raw: string): string[] {
  return raw
    .split(/[,\s]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function notifyWhenInput(read: Read): NotifyWhen[] {
  const given = items(read('notify-when'));
  if (given.length === 0) return ['always'];
  const chosen = new Set<NotifyWhen>();
  for (const item of given) {
    const known = NOTIFY_WHEN.find((value) => value === item.toLowerCase());
    if (known === undefined) {
      throw inputError(
        'notify-when',
        `expected a comma-separated list of ${NOTIFY_WHEN.join(', ')}, got '${shorten(item)}'`,
      );
    }
    chosen.add(known);
  }
  return [...chosen];
}

/** A DNS name: labels of letters, digits and hyphens (punycode for international names). */
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

function domainsInput(read: Read, from: Address): string[] {
  const given = items(read('committer-domains')).map((d) => d.toLowerCase().replace(/^@/, ''));
  if (given.length === 0) return [(from.address.split('@')[1] ?? '').toLowerCase()];
  for (const domain of given) {
    if (!DOMAIN.test(domain)) {
      throw inputError(
        'committer-domains',
        `expected comma-separated domains such as contoso.com, got '${shorten(domain)}'`,
      );
    }
  }
  return [...new Set(given)];
}
