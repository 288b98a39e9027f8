// Regenerates the README's pictures (docs/images/*.png) with `npm run preview`: what the action sends for
// the README's own examples, from realistic fixtures. Needs Chromium (apt-get install chromium; the
// pictures use fonts-noto-color-emoji for GitHub's emoji headings).
//
//   npx tsx scripts/readme-images.ts
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, screenshots } from './lib/chromium.js';
import { preview } from './preview.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const EVENTS = path.join(ROOT, 'test', 'fixtures', 'events');

/** The deploy note of the README's "A plain step". */
const PLAIN_EXAMPLE = {
  subject: 'Deployed {{ repository.name }} to production',
  body: `**{{ repository.full_name }}** is live in production.

- commit: {{ commit.short_sha }} {{ commit.title }}
- deployed by: {{ actor }}
- checks: 214 unit and 38 integration tests passed
`,
};

const IMAGES: readonly {
  image: string;
  template: string;
  event: string;
  status?: string;
  inputs?: Record<string, string>;
  /** Which of the preview's pictures: width and scheme. */
  shot?: string;
}[] = [
  { image: 'plain.png', template: 'plain', event: 'push-multi', inputs: PLAIN_EXAMPLE },
  { image: 'status-failure.png', template: 'status', event: 'workflow-run-failure', status: 'failure' },
  { image: 'status-success.png', template: 'status', event: 'push-multi', status: 'success' },
  { image: 'release.png', template: 'release', event: 'release-generated-notes' },
  { image: 'release-dark-375.png', template: 'release', event: 'release-generated-notes', shot: '375-dark' },
];

async function main(): Promise<number> {
  const chromium = findChromium();
  if (!chromium) {
    console.error('Chromium not found: apt-get install chromium (or set CHROMIUM=/path/to/chrome)');
    return 1;
  }
  const out = await mkdtemp(path.join(os.tmpdir(), 'readme-images-'));
  try {
    for (const { image, template, event, status, inputs, shot } of IMAGES) {
      const name = path.basename(image, '.png');
      await preview({
        template,
        event: path.join(EVENTS, `${event}.json`),
        ...(status ? { status } : {}),
        inputs: inputs ?? {},
        out,
        name,
      });
      const picture = path.join(out, `${name}-${shot ?? '600-light'}.png`);
      await copyFile(picture, path.join(ROOT, 'docs', 'images', image));
      console.log(`docs/images/${image}`);
    }
    // The failure alert needs the GitHub API, which a preview does not read: its picture is the golden
    // file the unit tests render from the sandbox's API payloads (test/unit/message/alert.test.ts).
    await screenshots(chromium, [
      {
        html: path.join(ROOT, 'test', 'golden', 'alert', 'still-failing.html'),
        png: path.join(ROOT, 'docs', 'images', 'alert-failure.png'),
        width: 600,
        dark: false,
      },
    ]);
    console.log('docs/images/alert-failure.png');
    return 0;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

process.exitCode = await main();
