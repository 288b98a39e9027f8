// `npm run preview`: renders a mail exactly as the action would send it, from an event fixture, with no
// environment set up by hand and no network. It runs the action's own run() as a dry run (the same
// inputs parser, context, templates, Markdown, sanitizer and MIME composer; the same order of stages),
// then writes the .eml, its HTML part and its text part, and PNGs when Chromium is installed.
//
//   npm run preview -- --template release --event test/fixtures/events/release-published.json \
//     [--event-name release] [--status failure] [--input name=value ...] [--name stem] [--out preview/] [--no-png]
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { simpleParser } from 'mailparser';
import { run } from '../src/main.js';
import { createRunner, type RunnerBackend } from '../src/runner/index.js';
import { actionInputDefaults } from '../test/support/action-defaults.js';
import { findChromium, screenshots, type Shot } from './lib/chromium.js';
import { eventNameOf, runnerEnvFor } from './lib/fixture-env.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The render worker's entry under tsx (what dist/index.js does in a worker thread). */
const RENDER_WORKER = new URL('../test/support/render-worker.mjs', import.meta.url);
const WIDTHS = [600, 375] as const;

export interface PreviewOptions {
  /** plain, status, release, or a template file relative to the working directory. */
  readonly template: string;
  readonly event: string;
  /** Default: worked out from the payload (release, push, pull_request, workflow_run, ...). */
  readonly eventName?: string;
  readonly status?: string;
  /** Action inputs, as a workflow's `with:` would set them. */
  readonly inputs?: Readonly<Record<string, string>>;
  readonly out: string;
  /** File names without extension; default `<template>-<event file>`. */
  readonly name?: string;
  /** false: no PNG even when Chromium is there. */
  readonly png?: boolean;
}

export interface PreviewResult {
  readonly subject: string;
  readonly files: readonly string[];
  readonly warnings: readonly string[];
  /** Why there is no PNG, when there is none. */
  readonly pngSkipped?: string;
}

export async function preview(options: PreviewOptions): Promise<PreviewResult> {
  const eventPath = path.resolve(options.event);
  const payload = JSON.parse(await readFile(eventPath, 'utf8')) as Record<string, unknown>;
  const eventName = options.eventName ?? eventNameOf(payload);
  if (!eventName) throw new Error(`cannot tell which event ${options.event} is: pass --event-name`);
  const temp = await mkdtemp(path.join(os.tmpdir(), 'm365-mail-preview-'));
  const env = {
    ...runnerEnvFor(eventPath, payload, eventName),
    GITHUB_WORKSPACE: process.cwd(),
    RUNNER_TEMP: temp,
  };
  const inputs: Record<string, string> = {
    ...(await actionInputDefaults(path.join(ROOT, 'action.yml'))),
    from: 'GitHub Actions <actions@contoso.example>',
    to: 'Team <team@contoso.example>',
    template: options.template,
    ...(options.status ? { status: options.status } : {}),
    ...options.inputs,
    // Always: a preview renders and validates, sends nothing, and needs no credential.
    'dry-run': 'true',
  };
  const { backend, outputs, warnings, errors } = recordingBackend(inputs);
  try {
    await run({ runner: createRunner(backend), env, renderWorker: RENDER_WORKER });
    if (errors.length > 0) throw new Error(errors.join('\n'));
    const eml = (outputs['eml-path'] ?? '').split(',')[0] ?? '';
    const parsed = await simpleParser(await readFile(eml));
    const stem = path.join(
      options.out,
      options.name ?? `${path.basename(options.template, '.hbs')}-${path.basename(eventPath, '.json')}`,
    );
    await mkdir(options.out, { recursive: true });
    await copyFile(eml, `${stem}.eml`);
    await writeFile(`${stem}.html`, typeof parsed.html === 'string' ? parsed.html : '');
    await writeFile(`${stem}.txt`, parsed.text ?? '');
    const files = [`${stem}.eml`, `${stem}.html`, `${stem}.txt`];
    const chromium = options.png === false ? undefined : findChromium();
    if (chromium && typeof parsed.html === 'string') {
      const shots: Shot[] = WIDTHS.flatMap((width) =>
        [false, true].map((dark) => ({
          html: `${stem}.html`,
          png: `${stem}-${width}-${dark ? 'dark' : 'light'}.png`,
          width,
          dark,
        })),
      );
      await screenshots(chromium, shots);
      files.push(...shots.map((s) => s.png));
    }
    const pngSkipped =
      options.png === false
        ? 'not asked for (--no-png)'
        : !chromium
          ? 'Chromium not found (apt-get install chromium, or set CHROMIUM=/path/to/chrome)'
          : typeof parsed.html !== 'string'
            ? 'the message has no HTML part'
            : undefined;
    return { subject: parsed.subject ?? '', files, warnings, ...(pngSkipped ? { pngSkipped } : {}) };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** The runner seam's backend, recording what the action would print, set and annotate. */
function recordingBackend(inputs: Readonly<Record<string, string>>) {
  const outputs: Record<string, string> = {};
  const warnings: string[] = [];
  const errors: string[] = [];
  const backend: RunnerBackend = {
    getInput: (name, opts) =>
      opts?.trimWhitespace === false ? (inputs[name] ?? '') : (inputs[name] ?? '').trim(),
    setSecret: () => undefined,
    isDebug: () => false,
    debug: () => undefined,
    info: () => undefined,
    warning: (message) => warnings.push(message),
    error: (message) => errors.push(message),
    startGroup: () => undefined,
    endGroup: () => undefined,
    setOutput: (name, value) => {
      outputs[name] = value;
    },
    appendSummary: () => Promise.resolve(false),
    markFailed: () => undefined,
    getIdToken: () => Promise.reject(new Error('a preview signs in to nothing')),
  };
  return { backend, outputs, warnings, errors };
}

function inputsOf(pairs: readonly string[]): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--input expects name=value, got '${pair}'`);
    inputs[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return inputs;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      template: { type: 'string', default: 'plain' },
      event: { type: 'string' },
      'event-name': { type: 'string' },
      status: { type: 'string' },
      input: { type: 'string', multiple: true, default: [] },
      name: { type: 'string' },
      out: { type: 'string', default: 'preview' },
      'no-png': { type: 'boolean', default: false },
    },
  });
  if (!values.event) {
    console.error(
      'usage: npm run preview -- --template release --event test/fixtures/events/release-published.json',
    );
    console.error(
      '       [--event-name NAME] [--status failure] [--input name=value ...] [--name STEM] [--out preview/] [--no-png]',
    );
    return 2;
  }
  const result = await preview({
    template: values.template,
    event: values.event,
    ...(values['event-name'] ? { eventName: values['event-name'] } : {}),
    ...(values.status ? { status: values.status } : {}),
    inputs: inputsOf(values.input),
    out: values.out,
    ...(values.name ? { name: values.name } : {}),
    png: !values['no-png'],
  });
  console.log(`Subject: ${result.subject}`);
  for (const warning of result.warnings) console.log(`Warning: ${warning}`);
  for (const file of result.files) console.log(`wrote ${path.relative(process.cwd(), file)}`);
  if (result.pngSkipped) console.log(`PNG skipped: ${result.pngSkipped}`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main().catch((err: unknown) => {
    console.error(`preview failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  });
}
