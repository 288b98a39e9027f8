// What `npm run demo` prints: the action's log as the runner shows it, its outputs, and each message
// as the fake Exchange Online or the fake Microsoft Graph received it (also kept as .eml and .html).
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { AddressObject, ParsedMail } from 'mailparser';
import type { Sandbox } from '../../test/sandbox/index.js';
import type { ActionResult } from '../../test/support/run-action.js';
import { renderLog } from '../../test/support/workflow-commands.js';

export const indent = (text: string, prefix = '    '): string =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');

export const heading = (title: string): void =>
  console.log(`\n=== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}`);

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  if (value === undefined) return '(none)';
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}

export function printAction(result: ActionResult): void {
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

/** Keeps the message as .eml (and its HTML part as .html) in `dir`; returns the .eml's path. */
async function keep(dir: string, name: string, emlPath: string, parsed: ParsedMail): Promise<string> {
  await mkdir(dir, { recursive: true });
  const kept = path.join(dir, `${name}.eml`);
  await copyFile(emlPath, kept);
  if (typeof parsed.html === 'string') await writeFile(kept.replace(/\.eml$/, '.html'), parsed.html);
  return kept;
}

function printContent(parsed: ParsedMail, kept: string): void {
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

/** Every message the sandbox took in, by SMTP or by Graph; returns the .eml files kept in `dir`. */
export async function printMessages(sb: Sandbox, dir: string, scenario: string): Promise<string[]> {
  const files: string[] = [];
  const count = sb.delivered.length + sb.graphDelivered.length;
  const name = (i: number): string => `${scenario}${count > 1 ? `-${i + 1}` : ''}`;
  for (const [i, msg] of sb.delivered.entries()) {
    const parsed = await simpleParser(msg.raw);
    const conn = sb.connections.find((c) => c.id === msg.connectionId);
    const kept = await keep(dir, name(i), msg.emlPath, parsed);
    files.push(kept);
    heading(`message ${i + 1} of ${count} as received by the fake Exchange Online`);
    console.log(`    SMTP envelope: MAIL FROM:<${msg.envelope.from}>`);
    for (const to of msg.envelope.to) console.log(`                   RCPT TO:<${to}>`);
    console.log(`    Authenticated: ${msg.authUser || '(not authenticated)'} via ${conn?.authMethod ?? '?'}`);
    console.log(`    TLS:           ${conn?.tlsProtocol ?? 'none'}`);
    printContent(parsed, kept);
  }
  for (const [i, msg] of sb.graphDelivered.entries()) {
    const parsed = await simpleParser(msg.raw);
    const request = sb.graphRequests.find((r) => r.requestId === msg.requestId);
    const kept = await keep(dir, name(sb.delivered.length + i), msg.emlPath, parsed);
    files.push(kept);
    heading(`message ${i + 1} of ${count} as accepted by the fake Microsoft Graph`);
    console.log(`    Request:       POST ${request?.path ?? '?'} (${request?.contentType ?? '?'})`);
    console.log(
      `    Ids:           request-id ${msg.requestId}, client-request-id ${request?.clientRequestId ?? '?'}`,
    );
    console.log(
      `    Token:         aud ${request?.tokenAudience ?? '?'}, roles ${JSON.stringify(request?.tokenRoles ?? [])}`,
    );
    console.log(`    Recipients:    ${msg.copies.map((c) => c.recipient).join(', ')} (from the headers)`);
    printContent(parsed, kept);
  }
  if (count === 0) {
    heading('messages');
    console.log('    Nothing was delivered.');
  }
  return files;
}
