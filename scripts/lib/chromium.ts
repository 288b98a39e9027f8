// Screenshots of HTML files with headless Chromium (Debian's `chromium` package; not a project
// dependency). Chromium is driven over --remote-debugging-pipe (NUL-separated JSON on fds 3 and 4), so no
// WebSocket client or browser-automation package is needed. It runs with a fresh profile and every
// background network feature off: the pages are local files and nothing is fetched.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

export interface Shot {
  readonly html: string;
  readonly png: string;
  /** CSS pixels; 375 is a small phone. */
  readonly width: number;
  /** Emulates prefers-color-scheme: dark. */
  readonly dark: boolean;
}

/** $CHROMIUM, else `chromium` (or chromium-browser) on PATH; undefined when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.CHROMIUM
    ? [env.CHROMIUM]
    : (env.PATH ?? '')
        .split(path.delimiter)
        .flatMap((dir) => ['chromium', 'chromium-browser'].map((name) => path.join(dir, name)));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

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
        else
          this.listeners.forEach((listen) => {
            listen(reply);
          });
      }
    });
  }

  send(method: string, params: object = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.next++;
    this.input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (reply) => {
        if (reply.error) reject(new Error(reply.error.message));
        else resolve(reply.result ?? {});
      });
    });
  }

  event(method: string, sessionId: string): Promise<void> {
    return new Promise((resolve) =>
      this.listeners.push((r) => {
        if (r.method === method && r.sessionId === sessionId) resolve();
      }),
    );
  }
}

async function shoot(cdp: Cdp, shot: Shot): Promise<{ height: number }> {
  const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: true })) as {
    sessionId: string;
  };
  await cdp.send('Page.enable', {}, sessionId);
  const mobile = shot.width < 500;
  await cdp.send(
    'Emulation.setDeviceMetricsOverride',
    { width: shot.width, height: 100, deviceScaleFactor: 1, mobile },
    sessionId,
  );
  await cdp.send(
    'Emulation.setEmulatedMedia',
    { features: [{ name: 'prefers-color-scheme', value: shot.dark ? 'dark' : 'light' }] },
    sessionId,
  );
  const loaded = cdp.event('Page.loadEventFired', sessionId);
  await cdp.send('Page.navigate', { url: pathToFileURL(shot.html).href }, sessionId);
  await loaded;
  const metrics = (await cdp.send('Page.getLayoutMetrics', {}, sessionId)) as {
    cssContentSize: { height: number };
  };
  const height = Math.ceil(metrics.cssContentSize.height);
  const image = (await cdp.send(
    'Page.captureScreenshot',
    {
      format: 'png',
      captureBeyondViewport: true,
      clip: { x: 0, y: 0, width: shot.width, height, scale: 1 },
    },
    sessionId,
  )) as { data: string };
  await writeFile(shot.png, Buffer.from(image.data, 'base64'));
  await cdp.send('Target.closeTarget', { targetId });
  return { height };
}

/** Takes every screenshot with one Chromium process; returns each PNG's height. */
export async function screenshots(chromium: string, shots: readonly Shot[]): Promise<number[]> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'chromium-profile-'));
  const child: ChildProcess = spawn(
    chromium,
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
  const [, , , toChromium, fromChromium] = child.stdio as unknown as [null, null, null, Writable, Readable];
  const cdp = new Cdp(toChromium, fromChromium);
  let done = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A Chromium that cannot start (or hangs) fails the shots instead of leaving them waiting.
  const failed = new Promise<never>((_, reject) => {
    const timer = setTimeout(() => reject(new Error('Chromium took more than 60 s')), 60_000);
    void exited.then(() => {
      clearTimeout(timer);
      if (!done) reject(new Error(`${chromium} exited before the screenshots were taken`));
    });
  });
  failed.catch(() => undefined);
  try {
    const heights: number[] = [];
    for (const shot of shots) heights.push((await Promise.race([shoot(cdp, shot), failed])).height);
    return heights;
  } finally {
    done = true;
    await Promise.race([cdp.send('Browser.close').catch(() => undefined), exited]);
    if (child.exitCode === null) child.kill();
    await exited;
    await rm(profile, { recursive: true, force: true });
  }
}
