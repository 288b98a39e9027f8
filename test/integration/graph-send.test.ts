// The bundled action (dist/index.js) sending through the Microsoft Graph stand-in: Bcc recipients reach
// their mailbox and stay invisible; outputs and the job summary say what went out, and how; batches go
// out in parallel within max-connections; a message too large for one Graph request, and bad transport
// inputs, stop the step before anything is contacted.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { findLeaks } from '../support/leaks.js';
import { runAction, type ActionResult } from '../support/run-action.js';
import { useSandbox } from '../support/use-sandbox.js';

const MESSAGE = { to: 'oncall@contoso.example', subject: 'Deployed', body: 'Version 2 is live.' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function succeeded(result: ActionResult): void {
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.deepEqual(
    result.annotations.filter((a) => a.level === 'error'),
    [],
  );
}

describe('transport: graph delivers, hides Bcc, and reports', () => {
  const sandbox = useSandbox();
  const inputs = (extra: Record<string, string> = {}): Record<string, string> => ({
    ...sandbox.graphInputs(),
    from: 'CI Alerts <alerts@contoso.example>',
    to: 'oncall@contoso.example, "Doe, Jane" <jane@contoso.example>',
    cc: 'lead@contoso.example',
    bcc: 'audit@contoso.example',
    subject: 'Build #42 failed',
    body: 'See the run.',
    ...extra,
  });

  test('a Bcc recipient receives the message, and no other recipient sees the Bcc', async () => {
    const result = await runAction({ inputs: inputs(), caPath: sandbox.caPath });
    succeeded(result);
    const [mail] = sandbox.graphDelivered;
    assert.ok(mail);
    // Graph has no envelope: the Bcc recipient travels in the MIME handed to Graph, and only there.
    assert.deepEqual(mail.bcc, ['audit@contoso.example']);
    assert.match(mail.raw.toString('utf8'), /^Bcc: audit@contoso\.example\r$/m);
    assert.deepEqual(mail.copies.map((c) => c.recipient).sort(), [
      'audit@contoso.example',
      'jane@contoso.example',
      'lead@contoso.example',
      'oncall@contoso.example',
    ]);
    for (const copy of mail.copies) {
      const text = copy.raw.toString('utf8');
      assert.doesNotMatch(text, /^Bcc:/im, `${copy.recipient}'s copy shows no Bcc header`);
      assert.ok(
        !text.includes('audit@contoso.example'),
        `${copy.recipient}'s copy never names the Bcc recipient`,
      );
    }
    // Nor does anything the step writes that others can read, but the accepted output (as for SMTP).
    assert.ok(!result.summary.includes('audit@'), 'the summary shows Bcc recipients as a count');
    assert.match(result.summary, /1 hidden recipient/);
  });

  test('outputs: our Message-ID, every recipient accepted, none rejected; the summary names Graph', async () => {
    const result = await runAction({ inputs: inputs(), caPath: sandbox.caPath });
    succeeded(result);
    const parsed = await simpleParser(sandbox.graphDelivered[0]?.raw ?? Buffer.alloc(0));
    assert.match(result.outputs['message-id'] ?? '', /^<gh-1658821493\.1\.[\w-]+@contoso\.example>$/);
    assert.equal(result.outputs['message-id'], parsed.messageId);
    assert.deepEqual((result.outputs.accepted ?? '').split(',').sort(), [
      'audit@contoso.example',
      'jane@contoso.example',
      'lead@contoso.example',
      'oncall@contoso.example',
    ]);
    assert.equal(result.outputs.rejected, '');
    assert.equal(result.outputs['rejected-details'], '[]');
    const host = new URL(sandbox.graphHost).host;
    assert.match(
      result.summary,
      new RegExp(`<th align="left">Sent through</th><td>Microsoft Graph \\(${host}\\)</td>`),
    );
    assert.match(
      result.stdout,
      new RegExp(`through Microsoft Graph \\(${host}\\) as alerts@contoso\\.example`),
    );
  });

  test('batches go out in parallel, at most max-connections (4) at a time, each with its own client-request-id', async () => {
    const to = Array.from({ length: 8 }, (_, i) => `r${i}@contoso.example`).join(',');
    sandbox.setGraphFaults(Array.from({ length: 8 }, () => ({ delayMs: 700 })));
    const result = await runAction({
      inputs: inputs({ to, cc: '', bcc: '', 'max-recipients': '1', 'max-connections': '4' }),
      caPath: sandbox.caPath,
    });
    succeeded(result);
    const requests = sandbox.graphRequests;
    assert.deepEqual(
      requests.map((r) => r.status),
      Array.from({ length: 8 }, () => 202),
      "four in flight never meet the stand-in's concurrency limit (429)",
    );
    const start = requests[0]?.at ?? 0;
    const offsets = requests.map((r) => r.at - start);
    assert.ok(
      offsets.slice(0, 4).every((ms) => ms < 500),
      `the first four start together: ${offsets.join(', ')}`,
    );
    assert.ok(
      offsets.slice(4).every((ms) => ms >= 600),
      `the next four wait for a free slot: ${offsets.join(', ')}`,
    );
    assert.equal(sandbox.tokenRequests.length, 1, 'one token for every request');
    const ids = requests.map((r) => r.clientRequestId);
    assert.ok(requests.every((r) => r.clientRequestIdSent && UUID.test(r.clientRequestId)));
    assert.equal(new Set(ids).size, 8, 'a fresh client-request-id per request');
    assert.equal(result.outputs['message-id']?.split(',').length, 8);
  });

  test('a message over 4 MB in its Graph request fails before any request, naming both limits', async () => {
    const result = await runAction({
      inputs: inputs({ attachments: 'out/build.tar' }),
      caPath: sandbox.caPath,
      workspaceFiles: { 'out/build.tar': Buffer.alloc(2.6 * 1024 * 1024, 1) },
    });
    assert.equal(result.code, 1);
    const [error] = result.annotations.filter((a) => a.level === 'error');
    assert.equal(error?.properties.title, 'Could not build the message: nothing was sent');
    assert.match(
      error.message,
      /^The message would make a Microsoft Graph request of 4\.\d MB \([\d,]+ bytes: the 3\.\d MB message in base64\), over Graph's limit of 4 MB \(4,194,304 bytes\) per request\nSend it with transport: smtp, which takes messages up to max-size-mb \(35 MB here; 35 MB by default/,
    );
    assert.equal(sandbox.tokenRequests.length, 0, 'no token request');
    assert.equal(sandbox.graphRequests.length, 0, 'no Graph request');
  });
});

describe('transport input errors stop the step before anything is contacted', () => {
  const sandbox = useSandbox();
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      'an unknown transport',
      { transport: 'exchange' },
      /^Invalid 'transport': expected one of smtp, graph, got 'exchange'$/,
    ],
    [
      'graph-host over http',
      { 'graph-host': 'http://graph.microsoft.com' },
      /^Invalid 'graph-host': expected an https:\/\/ URL/,
    ],
    [
      'graph-host with a path',
      { 'graph-host': 'https://graph.microsoft.com/v1.0' },
      /^Invalid 'graph-host': expected only scheme and host/,
    ],
    [
      'max-connections 5 with Graph',
      { 'max-connections': '5' },
      /^Invalid 'max-connections': expected an integer 1-4 with transport: graph, got '5'\n.*transport: smtp takes 1-3.*transport: graph takes 1-4/,
    ],
  ];
  for (const [name, extra, expected] of cases) {
    test(name, async () => {
      const result = await runAction({
        inputs: { ...sandbox.graphInputs(), ...MESSAGE, ...extra },
        caPath: sandbox.caPath,
      });
      assert.equal(result.code, 1);
      const [error] = result.annotations.filter((a) => a.level === 'error');
      assert.equal(error?.properties.title, 'Invalid input: nothing was sent');
      assert.match(error.message, expected);
      assert.equal(
        sandbox.tokenRequests.length + sandbox.graphRequests.length + sandbox.connections.length,
        0,
      );
      assert.deepEqual(findLeaks(result, [sandbox.clientSecret]), []);
    });
  }
});
