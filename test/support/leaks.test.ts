import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findLeaks, xoauth2 } from './leaks.js';
import type { ActionResult } from './run-action.js';

const SECRET = 'Q8~abcdefghijklmnopqrstuvwxyz0123456789AB';

function result(parts: Partial<ActionResult>): ActionResult {
  return {
    code: 0,
    signal: null,
    timedOut: false,
    stdout: '',
    stderr: '',
    durationMs: 1,
    outputs: {},
    summary: '',
    annotations: [],
    masks: [],
    emlFiles: [],
    dirs: { root: '', runnerTemp: '', workspace: '' },
    ...parts,
  };
}

describe('xoauth2', () => {
  it("matches Microsoft's documented SASL XOAUTH2 example", () => {
    const encoded = Buffer.from(
      xoauth2('test@contoso.onmicrosoft.com', 'EwBAAl3BAAUFFpUAo7J3Ve0bjLBWZWCclRC3EoAA'),
    );
    assert.equal(
      encoded.toString('base64'),
      'dXNlcj10ZXN0QGNvbnRvc28ub25taWNyb3NvZnQuY29tAWF1dGg9QmVhcmVyIEV3QkFBbDNCQUFVRkZwVUFvN0ozVmUwYmpMQldaV0NjbFJDM0VvQUEBAQ==',
    );
  });
});

describe('findLeaks', () => {
  it('accepts a secret that is masked before it is printed', () => {
    const stdout = `::add-mask::${SECRET}\nusing ${SECRET}\n`;
    assert.deepEqual(findLeaks(result({ stdout }), [SECRET]), []);
  });

  it('reports a secret printed before its mask, without quoting it', () => {
    const stdout = `using ${SECRET}\n::add-mask::${SECRET}\n`;
    const problems = findLeaks(result({ stdout }), [SECRET]);
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /stdout line 1 before any ::add-mask::/);
    assert.equal(problems.join('\n').includes(SECRET), false);
  });

  it('reports secrets and their base64 in stderr, outputs and the summary even after a mask', () => {
    const b64 = Buffer.from(SECRET).toString('base64');
    const problems = findLeaks(
      result({
        stdout: `::add-mask::${SECRET}\n`,
        stderr: `debug ${b64}`,
        outputs: { token: SECRET },
        summary: `| secret | ${SECRET} |`,
      }),
      [SECRET],
    );
    assert.deepEqual(problems.sort(), [
      `base64 of secret[0] (${SECRET.length} chars) appears in stderr`,
      `secret[0] (${SECRET.length} chars) appears in output 'token'`,
      `secret[0] (${SECRET.length} chars) appears in the job summary`,
    ]);
  });

  it('finds the base64 XOAUTH2 blob of a token, which masking the token alone does not cover', () => {
    const token = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.payload.signature';
    const blob = Buffer.from(xoauth2('alerts@contoso.example', token)).toString('base64');
    const stdout = `::add-mask::${token}\nC: AUTH XOAUTH2 ${blob}\n`;
    const problems = findLeaks(result({ stdout }), [token, xoauth2('alerts@contoso.example', token)]);
    assert.deepEqual(problems.length, 1);
    assert.match(problems[0] ?? '', /^base64 of secret\[1\]/);
  });

  it('ignores empty and short values', () => {
    assert.deepEqual(findLeaks(result({ stdout: 'abc', outputs: { x: '' } }), ['', 'abc']), []);
  });
});
