// `npm run demo`: sends the three built-in templates (plain, status, release) with the bundled action
// through the local sandbox (fake Entra ID + fake Exchange Online on 127.0.0.1) and shows what a real
// recipient's server would receive; each message is kept as .eml and .html.
// `npm run demo -- --transport graph` sends them through the sandbox's Microsoft Graph stand-in instead.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '../test/sandbox/index.js';
import { actionIsBuilt, runAction } from '../test/support/run-action.js';
import { describeAlert, runAlertDemo } from './demo-alert.js';
import { heading, printAction, printMessages } from './lib/demo-print.js';

const DEMO_DIR = path.join(os.tmpdir(), 'm365-mail-demo');

const BODY = `## Build #42 passed

All checks are green on \`main\`:

- unit tests: 214 passed
- integration tests: 38 passed
- bundle size: 1.4 MB

[Open the workflow run](https://github.com/octo-org/octo-repo/actions/runs/1658821493)
`;

const EVENTS = path.join(import.meta.dirname, '..', 'test', 'fixtures', 'events');

/** One send per built-in template, each from the event it is made for. */
const SCENARIOS: readonly { name: string; inputs: Record<string, string>; event?: [string, string] }[] = [
  { name: 'plain', inputs: { subject: 'Demo: build #42 passed', body: BODY } },
  {
    name: 'status',
    inputs: { template: 'status', status: 'failure', priority: 'high' },
    event: ['workflow_run', 'workflow-run-failure'],
  },
  { name: 'release', inputs: { template: 'release' }, event: ['release', 'release-generated-notes'] },
];

async function main(): Promise<number> {
  if (!actionIsBuilt()) {
    console.log('dist/index.js is missing: run npm run build');
    return 1;
  }
  const at = process.argv.indexOf('--transport');
  const transport = at >= 0 ? process.argv[at + 1] : 'smtp';
  if (transport !== 'smtp' && transport !== 'graph') {
    console.log(`--transport takes smtp or graph, not ${String(transport)}`);
    return 2;
  }
  const sb = await startSandbox();
  try {
    let code = 0;
    const kept: string[] = [];
    for (const scenario of SCENARIOS) {
      heading(`template: ${scenario.name}`);
      const event = scenario.event && {
        name: scenario.event[0],
        payload: JSON.parse(await readFile(path.join(EVENTS, `${scenario.event[1]}.json`), 'utf8')) as object,
      };
      const result = await runAction({
        inputs: {
          ...(transport === 'graph' ? sb.graphInputs() : sb.inputs()),
          to: 'oncall@contoso.example, Dev Team <dev@contoso.example>',
          ...scenario.inputs,
        },
        caPath: sb.caPath,
        ...(event ? { event } : {}),
      });
      printAction(result);
      kept.push(...(await printMessages(sb, DEMO_DIR, scenario.name)));
      code ||= result.code ?? 1;
      sb.reset();
    }
    // A failure alert read from the sandbox's GitHub API stand-in (scripts/demo-alert.ts).
    heading('template: status, as a failure alert');
    const alert = await runAlertDemo(sb, transport === 'graph' ? sb.graphInputs() : sb.inputs());
    printAction(alert);
    kept.push(...(await printMessages(sb, DEMO_DIR, 'alert')));
    const raw = sb.delivered[0]?.raw ?? sb.graphDelivered[0]?.raw;
    heading('the failure alert: GitHub API and headers');
    console.log(describeAlert(sb, raw).join('\n'));
    code ||= alert.code ?? 1;
    heading('where to look');
    for (const file of kept) console.log(`    ${file}\n    ${file.replace(/\.eml$/, '.html')}`);
    console.log('\nOpen the .eml files with any mail client, or the .html files in a browser.');
    return code;
  } finally {
    await sb.stop();
  }
}

process.exitCode = await main();
