// The entry: in the main thread it runs the action; in a render worker (src/message/render/sandbox.ts
// starts this same script) it serves the one render request it was given. Nothing else happens here,
// and the main thread's modules are not loaded into a worker.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

if (isMainThread) {
  const { run } = await import('./main.js');
  await run({ renderWorker: new URL(import.meta.url) });
} else if (parentPort) {
  const { isRenderWorkerData, serveRenderRequest } = await import('./message/render/worker.js');
  if (isRenderWorkerData(workerData)) await serveRenderRequest(workerData, parentPort);
}
