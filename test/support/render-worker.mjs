// The render worker's entry under the test runner: what dist/index.js does in a worker thread, with
// the TypeScript loader registered first (a worker does not inherit the main thread's loader hooks).
import { register } from 'tsx/esm/api';

register();
await import('./render-worker-serve.ts');
