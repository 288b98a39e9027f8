// `npm run demo`: sends the three built-in templates (plain, status, release) with the bundled action
// through the local sandbox (fake Entra ID + fake Exchange Online on 127.0.0.1) and shows what a real
// recipient's server would receive; each message is kept as .eml and .html.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { AddressObject } from 'mailparser';
import { startSandbox } from '../test/sandbox/index.js';
import type { Sandbox } from '../test/sandbox/index.js';
import { actionIsBuilt, runAction } from '../test/support/run-action.js';
import type { ActionResult } from '../test/support/run-action.js';
import { renderLog } from '../test/support/workflow-commands.js';

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

const indent = (text: string, prefix = '    '): string =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');

const heading = (title: string): void =>
  console.log(`\n=== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}`);

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  if (value === undefined) return '(none)';
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}

function printAction(result: ActionResult): void {
  heading(`action log as the runner shows it (exit code ${String(result.code)}, ${result.durationMs} ms)`);
  console.log(indent(renderLog(result.stdout, { debug: true }) || '(no output)'));
  if (result.stderr.trim()) {
    heading('action stderr');
    console.log(indent(result.stderr));
  }
  heading('outputs');
  const outputs = Object.entries(result.outputs);
  if (outputs.length === 0) console.log('    (none)');
  for (const [name, value] of outputs)
    console.log(`    ${name}: ${value.includes('\n') ? `\n${indent(value, '      ')}` : value}`);
}

async function printMessages(sb: Sandbox, scenario: string): Promise<string[]> {
  await mkdir(DEMO_DIR, { recursive: true });
  const files: string[] = [];
  for (const [i, msg] of sb.delivered.entries()) {
    const parsed = await simpleParser(msg.raw);
    const conn = sb.connections.find((c) => c.id === msg.connectionId);
    const kept = path.join(DEMO_DIR, `${scenario}${sb.delivered.length > 1 ? `-${i + 1}` : ''}.eml`);
    await copyFile(msg.emlPath, kept);
    if (typeof parsed.html === 'string') await writeFile(kept.replace(/\.eml$/, '.html'), parsed.html);
    files.push(kept);
    heading(`message ${i + 1} of ${sb.delivered.length} as received by the fake Exchange Online`);
    console.log(`    SMTP envelope: MAIL FROM:<${msg.envelope.from}>`);
    for (const to of msg.envelope.to) console.log(`                   RCPT TO:<${to}>`);
    console.log(`    Authenticated: ${msg.authUser || '(not authenticated)'} via ${conn?.authMethod ?? '?'}`);
    console.log(`    TLS:           ${conn?.tlsProtocol ?? 'none'}`);
    console.log(`    From:          ${addresses(parsed.from)}`);
    console.log(`    To:            ${addresses(parsed.to)}`);
    console.log(`    Cc:            ${addresses(parsed.cc)}`);
    console.log(`    Subject:       ${parsed.subject ?? '(none)'}`);
    console.log(`    Message-ID:    ${parsed.messageId ?? '(none)'}`);
    console.log(`    Date:          ${parsed.date?.toISOString() ?? '(none)'}`);
    console.log('    Text part:');
    console.log(indent(parsed.text ?? '(no text part)', '      | '));
    console.log(`    Saved as:      ${kept} (and .html)`);
  }
  if (sb.delivered.length === 0) {
    heading('messages');
    console.log('    Nothing was delivered.');
  }
  return files;
}

async function main(): Promise<number> {
  if (!actionIsBuilt()) {
    console.log('dist/index.js is missing: run npm run build');
    return 1;
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
          ...sb.inputs(),
          to: 'oncall@contoso.example, Dev Team <dev@contoso.example>',
          ...scenario.inputs,
        },
        caPath: sb.caPath,
        ...(event ? { event } : {}),
      });
      printAction(result);
      kept.push(...(await printMessages(sb, scenario.name)));
      code ||= result.code ?? 1;
      sb.reset();
    }
    heading('where to look');
    for (const file of kept) console.log(`    ${file}\n    ${file.replace(/\.eml$/, '.html')}`);
    console.log('\nOpen the .eml files with any mail client, or the .html files in a browser.');
    return code;
  } finally {
    await sb.stop();
  }
}

process.exitCode = await main();
