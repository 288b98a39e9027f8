// The failure-alert part of `npm run demo`: the bundled action as a final `needs` + `if: always()`
// job of run #42 of the sandbox's default scenario (build, lint, test, e2e, notify), reading that run
// from the sandbox's GitHub REST API stand-in, so the mail names the failed jobs, steps and annotations.
import type { Sandbox } from '../test/sandbox/index.js';
import { runAction } from '../test/support/run-action.js';
import type { ActionResult } from '../test/support/run-action.js';

export function runAlertDemo(sb: Sandbox, sendInputs: Record<string, string>): Promise<ActionResult> {
  return runAction({
    inputs: {
      ...sendInputs,
      to: 'oncall@contoso.example',
      template: 'status',
      'github-token': sb.githubApi.token,
      'notify-when': 'failure, fixed',
    },
    env: sb.githubApiEnv(),
    caPath: sb.caPath,
  });
}

/** What the action asked GitHub, and the headers that thread the alert and let people write mail rules. */
export function describeAlert(sb: Sandbox, raw: Buffer | undefined): string[] {
  const head = (raw?.toString('utf8').split('\r\n\r\n')[0] ?? '').replace(/\r\n[ \t]+/g, ' ').split('\r\n');
  const wanted = /^(X-GitHub-[\w-]+|List-Id|Thread-Topic|Thread-Index|In-Reply-To|References):/i;
  return [
    `GitHub API requests (${sb.githubApi.requests.length}):`,
    ...sb.githubApi.requests.map((r) => `  ${r.status} ${r.endpoint ?? '?'} ${r.path}`),
    'Alert headers:',
    ...head.filter((line) => wanted.test(line)).map((line) => `  ${line}`),
  ];
}
