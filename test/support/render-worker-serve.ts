// The render worker's entry under the test runner (tsx): what dist/index.js does in a worker thread.
import { parentPort, workerData } from 'node:worker_threads';
import { isRenderWorkerData, serveRenderRequest } from '../../src/message/render/worker.js';

if (parentPort && isRenderWorkerData(workerData)) await serveRenderRequest(workerData, parentPort);
