// One sandbox per describe block: started before its tests, reset before each, stopped after.
// Returns a stand-in that forwards to the running sandbox, so tests read `sandbox.delivered` as usual.
import { after, before, beforeEach } from 'node:test';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/index.js';

export function useSandbox(options: SandboxOptions = {}): Sandbox {
  let current: Sandbox | undefined;
  before(async () => {
    current = await startSandbox(options);
  });
  after(async () => {
    await current?.stop();
  });
  beforeEach(() => {
    current?.reset();
  });
  return new Proxy({} as Sandbox, {
    get(_target, key) {
      if (!current)
        throw new Error('the sandbox is used outside a test of the describe block that set it up');
      const value: unknown = Reflect.get(current, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
  });
}
