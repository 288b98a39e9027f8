// What a test file has left open after tearing down its servers: any socket, server or timer here
// would keep the test process from exiting by itself.
import { setImmediate as nextTurn } from 'node:timers/promises';

export async function leftOpen(): Promise<string[]> {
  // A destroyed socket's handle is released on the next turn of the event loop.
  await nextTurn();
  return process.getActiveResourcesInfo().filter((kind) => /TCP|TLS|Timeout/.test(kind));
}
