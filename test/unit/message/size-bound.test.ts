// The size check skips building a message only when a bound proves it small: the bound must never be
// below the real encoded size, whatever the content (non-ASCII, long lines, attachments, many names).
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { buildMime } from '../../../src/message/index.js';
import { sizeUpperBound } from '../../../src/message/compose/size.js';
import type { OutgoingMessage } from '../../../src/message/compose/types.js';
import { NASTY, Random } from '../fuzz/random.js';
import { tempDir } from './support.js';

test('sizeUpperBound is never below the real size (120 random messages)', async () => {
  const dir = await tempDir('size-bound-');
  const random = new Random(77);
  const pieces = [
    ...NASTY.filter((p) => !/[\r\0]/.test(p)),
    'ü'.repeat(40),
    '日本語'.repeat(30),
    'word '.repeat(50),
    '\n',
  ];
  for (let i = 0; i < 120; i++) {
    const files = Array.from({ length: random.int(3) }, (_, k) => ({
      name: `f${i}-${k}.bin`,
      size: random.int(20_000),
    }));
    for (const f of files) await writeFile(path.join(dir, f.name), Buffer.alloc(f.size, random.int(256)));
    const names = Array.from({ length: random.int(30) }, (_, k) => ({
      name: random.string(pieces, 3),
      address: `r${k}@contoso.example`,
    }));
    const m: OutgoingMessage = {
      messageId: `<m${i}@contoso.example>`,
      from: { name: random.string(pieces, 4), address: 'bot@contoso.example' },
      replyTo: [],
      to: names,
      cc: [],
      bcc: [],
      subject: random.string(pieces, 20).replace(/\n/g, ' '),
      text: random.string(pieces, 200),
      html: random.next() < 0.5 ? '' : `<p>${random.string(pieces, 200)}</p>`,
      attachments: files.map((f) => ({
        filename: f.name,
        content: Buffer.alloc(f.size, 7),
        contentType: 'application/octet-stream',
        size: f.size,
      })),
      priority: 'normal',
      headers: random.next() < 0.5 ? {} : { 'X-Note': random.string(pieces, 10).replace(/\n/g, ' ') },
      inReplyTo: '',
    };
    const real = (await buildMime(m)).length;
    assert.ok(sizeUpperBound(m) >= real, `message ${i}: bound ${sizeUpperBound(m)} < real ${real}`);
  }
});
