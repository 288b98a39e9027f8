// Renders golden HTML parts to the PNGs in docs/images/ with headless Chromium, cropped to the content:
//
//   apt-get install -y chromium     (not a project dependency)
//   npx tsx test/golden/screenshots.ts
//
// Chromium is driven over --remote-debugging-pipe (NUL-separated JSON on fds 3 and 4), so no
// WebSocket client or browser-automation package is needed. The pictures show the golden files,
// which the golden tests keep equal to what the templates render.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../unit/message/support.js';

const SHOTS: readonly { readonly golden: string; readonly image: string }[] = [
  { golden: 'status/workflow-run-failure.html', image: 'status-failure.png' },
  { golden: 'status/push-multi.html', image: 'status-success.png' },
  { golden: 'release/release-published.html', image: 'release.png' },
  { golden: 'plain/push-multi.html', image: 'plain.png' },
  { golden: 'alert/still-failing.html', image: 'alert-failure.png' },
];
const WIDTH = 700;

interface Reply {
  id?: number;
  method?: string;
  sessionId?: string;
  result?: Record<string, unknown>;
  error?: { message: string };
}

class Cdp {
  private next = 1;
  private buffer = '';
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  private readonly listeners: ((reply: Reply) => void)[] = [];

  constructor(
    private readonly input: Writable,
    output: Readable,
  ) {
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end;
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const reply = JSON.parse(this.buffer.slice(0, end)) as Reply;
        this.buffer = this.buffer.slice(end + 1);
        if (reply.id !== undefined) this.waiting.get(reply.id)?.(reply);
        else this.listeners.forEach((listen) => listen(reply));
      }
    });
  }

  send(method: string, params: object = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.next++;
    this.input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (reply) => (reply.error ? reject(new Error(reply.error.message)) : resolve(reply.result ?? {})));
    });
  }

  event(method: string, sessionId: string): Promise<void> {
    return new Promise((resolve) => this.listeners.push((r) => r.method === method && r.sessionId === sessionId && resolve()));
  }
}

async function shoot(cdp: Cdp, file: string, out: string): Promise<void> {
  const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
  await cdp.send('Page.enable', {}, sessionId);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: WIDTH, height: 100, deviceScaleFactor: 1, mobile: false }, sessionId);
  const loaded = cdp.event('Page.loadEventFired', sessionId);
  await cdp.send('Page.navigate', { url: pathToFileURL(file).href }, sessionId);
  await loaded;
  const metrics = (await cdp.send('Page.getLayoutMetrics', {}, sessionId)) as { cssContentSize: { height: number } };
  const height = Math.ceil(metrics.cssContentSize.height);
  const shot = (await cdp.send(
    'Page.captureScreenshot',
    { format: 'png', captureBeyondViewport: true, clip: { x: 0, y: 0, width: WIDTH, height, scale: 1 } },
    sessionId,
  )) as { data: string };
  await writeFile(out, Buffer.from(shot.data, 'base64'));
  await cdp.send('Target.closeTarget', { targetId });
  console.log(`${path.relative(ROOT, out)}: ${WIDTH}x${height}`);
}

const profile = await mkdtemp(path.join(os.tmpdir(), 'chromium-profile-'));
const chromium = spawn(
  process.env.CHROMIUM ?? '/usr/bin/chromium',
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    `--user-data-dir=${profile}`,
    '--remote-debugging-pipe',
  ],
  { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
);
const [, , , toChromium, fromChromium] = chromium.stdio as unknown as [null, null, null, Writable, Readable];
const cdp = new Cdp(toChromium, fromChromium);
try {
  for (const { golden, image } of SHOTS) {
    await shoot(cdp, path.join(ROOT, 'test', 'golden', golden), path.join(ROOT, 'docs', 'images', image));
  }
} finally {
  const exited = new Promise((resolve) => chromium.once('exit', resolve));
  await cdp.send('Browser.close').catch(() => undefined);
  await exited;
  await rm(profile, { recursive: true, force: true });
}
