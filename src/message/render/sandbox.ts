// The render sandbox: the user's templates run in a worker thread with a deadline and a memory cap.
// Handlebars renders synchronously, so a template that expands without bound (nested each over @root,
// recursive partials) would otherwise hold the whole step until the runner kills it and the alert is
// lost. The worker can be stopped at any instant; it gets no environment variables, and its stdout and
// stderr go nowhere, so nothing a template does reaches the runner's log.
import { Worker } from 'node:worker_threads';
import { ActionError } from '../../errors.js';
import { renderBudgetError, type RenderedContent, type TemplateInput } from './content.js';
import type { RenderRequest, RenderWorkerData, WorkerReport } from './worker.js';

export interface SandboxOptions {
  /** The script the worker runs: the action's own entry (dist/index.js), which serves render requests. */
  readonly entry: URL;
  /** Milliseconds the rendering may take, start-up of the worker included. */
  readonly budgetMs: number;
  readonly warn: (message: string) => void;
  readonly debug: (message: string) => void;
}

/** Heap for the worker: room for the largest message twice over (UTF-16), and never below 256 MB. */
export function workerHeapMb(maxChars: number): number {
  return Math.max(256, Math.ceil((maxChars * 4) / (1024 * 1024)) + 128);
}

export function renderInSandbox(request: RenderRequest, options: SandboxOptions): Promise<RenderedContent> {
  return new Promise((resolve, reject) => {
    const data: RenderWorkerData = { role: 'render', request };
    const worker = new Worker(options.entry, {
      workerData: data,
      env: {},
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: workerHeapMb(request.maxChars) },
    });
    // Drained and dropped: the worker's console is not the runner's log.
    worker.stdout.resume();
    worker.stderr.resume();
    let running: TemplateInput = request.settings.template.kind === 'file' ? 'template' : 'subject';
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => {
      finish(() =>
        reject(renderBudgetError(running, `did not finish rendering within ${seconds(options.budgetMs)}`)),
      );
    }, options.budgetMs);
    worker.on('message', (report: WorkerReport) => {
      switch (report.type) {
        case 'part':
          running = report.input;
          return;
        case 'warn':
          options.warn(report.message);
          return;
        case 'debug':
          options.debug(report.message);
          return;
        case 'done':
          finish(() => resolve(report.result));
          return;
        case 'failed': {
          const { error } = report;
          finish(() =>
            reject(
              error.action
                ? new ActionError(error.message, error.action)
                : new Error(`Rendering the message failed: ${error.message}`),
            ),
          );
          return;
        }
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      finish(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? renderBudgetError(
                running,
                `used more than ${workerHeapMb(request.maxChars)} MB of memory while rendering`,
              )
            : new Error(`Rendering the message failed: ${err.message}`, { cause: err }),
        ),
      );
    });
    worker.on('exit', (code) => {
      finish(() => reject(new Error(`The render worker stopped (exit code ${code}) before it finished`)));
    });
  });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
