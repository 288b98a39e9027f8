// The render worker's side: runs the user's templates (renderContent) in a worker thread that the main
// thread can stop at any moment, with no environment and no stdout of its own. It reports which input's
// template it is running, so a render that overruns its budget can be named, and sends back the result,
// the warnings, or the error.
import type { MessagePort } from 'node:worker_threads';
import { ActionError, type Stage } from '../../errors.js';
import { loadMarkdownRenderer, type MarkdownRenderer } from './markdown.js';
import { renderContent, type RenderedContent, type RenderInput, type TemplateInput } from './content.js';

/** What the main thread hands the worker: the plain data renderContent needs. */
export type RenderRequest = Pick<RenderInput, 'settings' | 'context' | 'file' | 'maxChars'>;

export interface SerializedError {
  readonly message: string;
  readonly action?: { readonly code: string; readonly stage: Stage; readonly hint: string | undefined };
}

export type WorkerReport =
  | { readonly type: 'part'; readonly input: TemplateInput }
  | { readonly type: 'warn' | 'debug'; readonly message: string }
  | { readonly type: 'done'; readonly result: RenderedContent }
  | { readonly type: 'failed'; readonly error: SerializedError };

export interface RenderWorkerData {
  readonly role: 'render';
  readonly request: RenderRequest;
}

export function isRenderWorkerData(data: unknown): data is RenderWorkerData {
  return typeof data === 'object' && data !== null && (data as { role?: unknown }).role === 'render';
}

/** Runs in the worker: `port` is its parentPort. */
export async function serveRenderRequest(data: RenderWorkerData, port: MessagePort): Promise<void> {
  const report = (message: WorkerReport): void => port.postMessage(message);
  let markdown: Promise<MarkdownRenderer> | undefined;
  try {
    const result = await renderContent({
      ...data.request,
      markdown: () => (markdown ??= loadMarkdownRenderer()),
      warn: (message) => report({ type: 'warn', message }),
      debug: (message) => report({ type: 'debug', message }),
      onPart: (input) => report({ type: 'part', input }),
    });
    report({ type: 'done', result });
  } catch (err) {
    report({ type: 'failed', error: serialize(err) });
  }
}

function serialize(err: unknown): SerializedError {
  if (err instanceof ActionError) {
    return { message: err.message, action: { code: err.code, stage: err.stage, hint: err.hint } };
  }
  return { message: err instanceof Error ? err.message : String(err) };
}
