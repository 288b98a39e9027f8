// Whether the job may request a GitHub ID token (permissions: id-token: write). Kept apart from the
// credential loader so that checking it loads no HTTPS client: the input parser needs it on every run.
import type { Env } from '../config.js';

export function idTokenAvailable(env: Env): boolean {
  return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL) && Boolean(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}
