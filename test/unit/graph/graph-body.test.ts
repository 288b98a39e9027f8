// The Graph request body: the composer's MIME with the Bcc header kept, in base64 lines of 76
// characters; the size check counts exactly those bytes against Graph's 4 MB per request.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { ActionError } from '../../../src/errors.js';
import {
  base64Lines,
  base64LinesLength,
  GRAPH_REQUEST_LIMIT_BYTES,
  graphRequestBody,
} from '../../../src/message/compose/graph-body.js';
import { measure } from '../../../src/message/compose/size.js';
import type { OutgoingMessage } from '../../../src/message/compose/types.js';
import { assertWithinSize, buildMime } from '../../../src/message/index.js';

const message: OutgoingMessage = {
  messageId: '<gh-1.1.abc@contoso.example>',
  from: { name: 'CI', address: 'alerts@contoso.example' },
  replyTo: [],
  to: [{ name: '', address: 'oncall@contoso.example' }],
  cc: [],
  bcc: [{ name: 'Audit', address: 'audit@contoso.example' }],
  subject: 'Hello',
  text: 'Text\n',
  html: '',
  attachments: [],
  priority: 'normal',
  headers: {},
  inReplyTo: '',
};

function withAttachment(bytes: number): OutgoingMessage {
  const content = Buffer.alloc(bytes, 7);
  return {
    ...message,
    attachments: [{ filename: 'a.bin', content, contentType: 'application/octet-stream', size: bytes }],
  };
}

describe('the Graph request body', () => {
  test('is the same MIME as SMTP sends, plus the Bcc header, in base64 lines of 76', async () => {
    const body = await graphRequestBody(message);
    const lines = body.split('\r\n');
    assert.equal(lines.pop(), '', 'every line ends in CRLF');
    assert.ok(lines.slice(0, -1).every((l) => l.length === 76));
    assert.match(body, /^[A-Za-z0-9+/=\r\n]+$/);
    const mime = Buffer.from(body.replace(/\r\n/g, ''), 'base64');
    const parsed = await simpleParser(mime);
    assert.equal(parsed.messageId, message.messageId);
    assert.match(mime.toString('utf8'), /^Bcc: Audit <audit@contoso\.example>\r$/m);
    // The SMTP form leaves the header out: the envelope carries the Bcc recipient there.
    assert.doesNotMatch((await buildMime(message)).toString('utf8'), /^Bcc:/m);
  });

  test('its length is counted exactly, whatever the size', () => {
    for (const n of [0, 1, 2, 3, 56, 57, 58, 1000, 3 * 1024 * 1024 + 1]) {
      assert.equal(base64LinesLength(n), base64Lines(Buffer.alloc(n, 1)).length, `for ${n} bytes`);
    }
  });
});

describe('the 4 MB pre-check (transport: graph)', () => {
  test('a message just within the limit passes; Bcc headers are counted', async () => {
    const size = await measure(message, [], { keepBcc: true });
    assert.ok(size > (await buildMime(message)).length);
    await assertWithinSize([message], 35 * 1024 * 1024, 'graph');
  });

  test('over it: the request size, the 4 MB limit and the SMTP alternative', async () => {
    const large = withAttachment(2.5 * 1024 * 1024);
    // SMTP takes it (35 MB by default); Graph's request would be over 4 MB.
    await assertWithinSize([large], 35 * 1024 * 1024, 'smtp');
    await assert.rejects(assertWithinSize([large], 35 * 1024 * 1024, 'graph'), (err: unknown) => {
      assert.ok(err instanceof ActionError);
      assert.equal(err.code, 'GRAPH_REQUEST_TOO_LARGE');
      assert.equal(err.stage, 'message');
      assert.match(
        err.message,
        /^The message would make a Microsoft Graph request of 4\.7 MB \(4,909,698 bytes: the 3\.4 MB message in base64\), over Graph's limit of 4 MB \(4,194,304 bytes\) per request$/,
      );
      assert.match(
        err.hint ?? '',
        /transport: smtp, which takes messages up to max-size-mb \(35 MB here; 35 MB by default/,
      );
      return true;
    });
  });

  test('the limit is the exact byte count of the body', async () => {
    // Find a message whose body lands just over the limit, then one byte of MIME less.
    const base = await measure(withAttachment(0), [], { keepBcc: true });
    const rawLimit = Math.floor((GRAPH_REQUEST_LIMIT_BYTES / (4 + 2 / 19)) * 3);
    // Attachments are base64 in the MIME too: 78 bytes (76 + CRLF) per 57; start a little below.
    let attachment = Math.floor(((rawLimit - base) * 57) / 78) - 2000;
    while (
      base64LinesLength(await measure(withAttachment(attachment), [], { keepBcc: true })) <=
      GRAPH_REQUEST_LIMIT_BYTES
    )
      attachment += 57;
    const over = withAttachment(attachment);
    const body = base64LinesLength(await measure(over, [], { keepBcc: true }));
    assert.ok(body > GRAPH_REQUEST_LIMIT_BYTES && body < GRAPH_REQUEST_LIMIT_BYTES + 200);
    await assert.rejects(assertWithinSize([over], 35 * 1024 * 1024, 'graph'), /GRAPH|Graph/);
    assert.equal((await graphRequestBody(over)).length, body, 'the sender sends what was counted');
  });
});
