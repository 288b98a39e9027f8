// parseInputs: the only code that reads action inputs. Pure apart from `mask`, which registers a
// secret with the runner the moment it is read, and the lazy load of the YAML parser.
import type { Config } from '../config.js';
import { ALERT_INPUTS, maskGithubToken, parseAlerts } from './alerts.js';
import { AUTH_INPUTS, parseAuth, type AuthEnvironment, type Mask } from './auth.js';
import { DELIVERY_INPUTS, parseDelivery } from './delivery.js';
import { proxySecrets } from '../net/proxy.js';
import { readBoolean, type Read } from './fields.js';
import { checkContent, MESSAGE_INPUTS, parseMessage } from './message.js';
import { TRANSPORT_INPUTS, defaultScope, parseTransport } from './transport.js';

export type { AuthEnvironment, Mask, Read };

/** Every input the action reads; a test checks this list against action.yml. */
export const INPUT_NAMES = [
  ...AUTH_INPUTS,
  ...MESSAGE_INPUTS,
  ...TRANSPORT_INPUTS,
  ...ALERT_INPUTS,
  ...DELIVERY_INPUTS,
  'dry-run',
] as const;

export type InputName = (typeof INPUT_NAMES)[number];

/**
 * `read` gives an input trimmed, `readRaw` as the runner passed it: secrets are masked in both forms
 * (a secret pasted with a trailing newline is printed that way by anything that echoes it).
 */
export async function parseInputs(
  read: (name: InputName) => string,
  mask: Mask,
  environment: AuthEnvironment,
  readRaw: (name: InputName) => string = read,
): Promise<Readonly<Config>> {
  const get = read as Read;
  // The proxy's password and the GitHub token are secrets too: masked before any input can fail and
  // quote anything.
  proxySecrets((readRaw as Read)('smtp-proxy')).forEach(mask);
  maskGithubToken(readRaw as Read, mask);
  const dryRun = readBoolean(get, 'dry-run', false);
  // Credentials first: their secrets are masked before any other input can fail and print anything.
  // The default scope follows the road: Exchange Online's for SMTP, Graph's for Graph.
  const auth = parseAuth(get, mask, dryRun, environment, readRaw as Read, (cloud) =>
    defaultScope(get, cloud),
  );
  const warnings: string[] = [];
  const message = await parseMessage(get, warnings);
  const transport = parseTransport(get, message.from, auth?.cloud ?? 'public', warnings);
  const delivery = parseDelivery(get, transport.kind);
  checkContent(message);
  const alerts = parseAlerts(get, message.from);
  const config: Config = { dryRun, warnings, auth, transport, delivery, message, alerts };
  return Object.freeze(config);
}
