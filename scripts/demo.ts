// `npm run demo`: sends one message with the bundled action through the local sandbox (fake Entra
// ID + fake Exchange Online on 127.0.0.1) and shows what a real recipient's server would receive.
import { copyFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { AddressObject } from 'mailparser';
import { startSandbox } from '../test/sandbox/index.js';
import type { Sandbox } from '../test/sandbox/index.js';
import { actionIsBuilt, runAction } from '../test/support/run-action.js';
import type { ActionResult } from '../test/support/run-action.js';
import { renderLog } from '../test/support/workflow-commands.js';
import { describeAlert, runAlertDemo } from './demo-alert.js';

const DEMO_DIR = path.join(os.tmpdir(), 'm365-mail-demo');

const BODY = `## Build #42 passed

All checks are green on \`main\`:

- unit tests: 214 passed
- integration tests: 38 passed
- bundle size: 1.4 MB

[Open the workflow run](https://github.com/octo-org/octo-repo/actions/runs/1658821493)
`;

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

async function printMessages(sb: Sandbox): Promise<void> {
  await mkdir(DEMO_DIR, { recursive: true });
  for (const [i, msg] of sb.delivered.entries()) {
    const parsed = await simpleParser(msg.raw);
    const conn = sb.connections.find((c) => c.id === msg.connectionId);
    const kept = path.join(DEMO_DIR, `${Date.now()}-${i + 1}.eml`);
    await copyFile(msg.emlPath, kept);
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
    console.log(`    Saved as:      ${kept}`);
  }
  if (sb.delivered.length === 0) {
    heading('messages');
    console.log('    Nothing was delivered.');
  } else console.log(`\nOpen the .eml files in ${DEMO_DIR} with any mail client.`);
}

async function main(): Promise<number> {
  if (!actionIsBuilt()) {
    console.log('dist/index.js is missing: run npm run build');
    return 1;
  }
  const sb = await startSandbox();
  try {
    const result = await runAction({
      inputs: {
        ...sb.inputs(),
        to: 'oncall@contoso.example, Dev Team <dev@contoso.example>',
        subject: 'Demo: build #42 passed',
        body: BODY,
      },
      caPath: sb.caPath,
    });
    printAction(result);
    await printMessages(sb);
    // A failure alert read from the sandbox's GitHub API stand-in (scripts/demo-alert.ts).
    sb.reset();
    const alert = await runAlertDemo(sb);
    printAction(alert);
    await printMessages(sb);
    heading('the failure alert: GitHub API and headers');
    console.log(describeAlert(sb, sb.delivered[0]?.raw).join('\n'));
    return result.code || alert.code || 0;
  } finally {
    await sb.stop();
  }
}

process.exitCode = await main();
