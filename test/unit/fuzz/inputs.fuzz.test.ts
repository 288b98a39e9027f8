// Bad-input fuzzing of the parser: whatever arrives, parseInputs either returns a config whose
// header-bound values are single-line and whose addresses are valid, or throws an input error that
// names an input. Never another kind of exception, never a crash.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Config } from '../../../src/config.js';
import { ActionError } from '../../../src/errors.js';
import { isValidAddress } from '../../../src/inputs/addresses.js';
import { INPUT_NAMES, parseInputs } from '../../../src/inputs/index.js';
import { NASTY, Random } from './random.js';

const FIELDS = [
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'mailbox',
  'subject',
  'body',
  'headers',
  'in-reply-to',
  'vars',
  'template',
  'attachments',
  'priority',
  'smtp-port',
  'smtp-host',
  'transport',
  'graph-host',
  'max-connections',
  'tenant-id',
  'status',
] as const;
const VALID: Record<string, string> = {
  'tenant-id': '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  'client-id': '0b1c2d3e-4f5a-4b6c-8d7e-f9a0b1c2d3e4',
  'client-secret': 'Q8~secret-secret-secret-secret',
  from: 'bot@contoso.com',
  to: 'a@contoso.com',
  body: 'Deployed.',
};
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const CASES = Number(process.env.FUZZ_CASES ?? 3000);

function checkInvariants(config: Readonly<Config>): void {
  const m = config.message;
  const addresses = [m.from, ...m.to, ...m.cc, ...m.bcc, ...m.replyTo];
  for (const a of addresses) {
    assert.ok(isValidAddress(a.address), `invalid address accepted: ${JSON.stringify(a.address)}`);
    assert.doesNotMatch(a.name, /[\r\n\0]/, 'a display name holds a line break');
  }
  assert.ok(isValidAddress(config.transport.mailbox));
  assert.doesNotMatch(m.subject, /[\r\n\0\u2028\u0085]/, 'the subject holds a line break');
  assert.doesNotMatch(m.inReplyTo, /[\r\n\s]/);
  for (const [name, value] of Object.entries(m.headers)) {
    assert.match(name, /^[!-9;-~]+$/);
    assert.doesNotMatch(value, /[\r\n]/, `header ${name} holds a line break`);
    assert.ok(!['bcc', 'to', 'cc', 'from', 'subject', 'message-id'].includes(name.toLowerCase()));
  }
  const t = config.transport;
  if (t.kind === 'smtp') {
    assert.ok(Number.isInteger(t.port) && t.port > 0 && t.port < 65536);
    assert.doesNotMatch(t.host, /[\s/:]/);
  } else {
    // An https origin: the mailbox goes into the path after it, nothing else may.
    assert.match(t.host, /^https:\/\/[^\s/?#@]+$/);
  }
  const limit = t.kind === 'graph' ? 4 : 3;
  assert.ok(config.delivery.maxConnections >= 1 && config.delivery.maxConnections <= limit);
}

test(`parseInputs survives ${CASES} random inputs (seed ${SEED})`, async () => {
  const random = new Random(SEED);
  let accepted = 0;
  let refused = 0;
  for (let i = 0; i < CASES; i++) {
    const inputs: Record<string, string> = { ...VALID, transport: random.pick(['smtp', 'graph']) };
    const fields = Array.from({ length: 1 + random.int(3) }, () => random.pick(FIELDS));
    for (const field of fields) {
      const value = random.string(NASTY, 12);
      inputs[field] = random.next() < 0.5 ? value : `${inputs[field] ?? ''}${value}`;
    }
    try {
      const config = await parseInputs(
        (name) => inputs[name] ?? '',
        () => undefined,
        { canRequestIdToken: false },
      );
      checkInvariants(config);
      accepted++;
    } catch (err) {
      if (err instanceof assert.AssertionError)
        throw new Error(`case ${i} (seed ${SEED}) ${JSON.stringify(inputs)}: ${err.message}`, { cause: err });
      assert.ok(err instanceof ActionError, `case ${i}: ${JSON.stringify(inputs)} threw ${String(err)}`);
      assert.equal(err.stage, 'input');
      assert.match(err.message, /^Invalid '([a-z-]+)': /);
      const named = /^Invalid '([a-z-]+)'/.exec(err.message)?.[1] ?? '';
      assert.ok((INPUT_NAMES as readonly string[]).includes(named), `error names an unknown input: ${named}`);
      refused++;
    }
  }
  // Both paths were exercised; a fuzzer that only ever hits one branch tests nothing.
  assert.ok(accepted > CASES / 20, `only ${accepted} accepted`);
  assert.ok(refused > CASES / 20, `only ${refused} refused`);
});
