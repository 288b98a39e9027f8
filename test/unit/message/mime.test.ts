// The MIME bytes, read back by an independent parser (mailparser), compared with what nodemailer's
// own Mail pipeline produces for the same fields, written to .eml, and measured for the size check.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { ActionError } from '../../../src/errors.js';
import { assertWithinSize, buildMime, writeDryRun, writeEml } from '../../../src/message/index.js';
import { composerOptions, emlFileName } from '../../../src/message/compose/mime.js';
import { measure } from '../../../src/message/compose/size.js';
import type { OutgoingMessage } from '../../../src/message/compose/types.js';
import { tempDir } from './support.js';

let dir: string;
let message: OutgoingMessage;
const pdf = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256));

before(async () => {
  dir = await tempDir('mime-');
  await writeFile(path.join(dir, 'report.pdf'), pdf);
  await writeFile(path.join(dir, 'build.log'), 'line 1\nline 2 é\n');
  message = {
    messageId: '<gh-1658821493.1.abc@contoso.example>',
    from: { name: 'CI Alerts', address: 'alerts@contoso.example' },
    replyTo: [{ name: '', address: 'team@contoso.example' }],
    to: [
      { name: 'Doe, Jane', address: 'jane@contoso.example' },
      { name: '', address: 'oncall@contoso.example' },
    ],
    cc: [{ name: '', address: 'lead@contoso.example' }],
    bcc: [{ name: '', address: 'audit@contoso.example' }],
    subject: 'Build #42 failed — main',
    text: 'Plain text part\n',
    html: '<p>HTML part</p>',
    attachments: [
      {
        filename: 'build.log',
        content: await readFile(path.join(dir, 'build.log')),
        contentType: 'text/plain',
        size: 17,
      },
      { filename: 'report.pdf', content: pdf, contentType: 'application/pdf', size: pdf.length },
    ],
    priority: 'high',
    headers: { 'X-Run': 'https://github.com/octo-org/octo-repo/actions/runs/1' },
    inReplyTo: '<gh-1.1.prev@contoso.example>',
  };
});

/** Date and multipart boundaries differ between two compositions of the same message. */
function normalise(raw: Buffer): string {
  return raw
    .toString('utf8')
    .replace(/^Date: .*$/m, 'Date: X')
    .replace(/--_NmP-[0-9a-f]+-Part_\d+/g, '--_NmP-B-Part')
    .replace(/"_NmP-[0-9a-f]+-Part_\d+"/g, '"_NmP-B-Part"');
}

describe('buildMime', () => {
  test('mailparser reads back every field; Bcc is not in the message', async () => {
    const raw = await buildMime(message);
    const parsed = await simpleParser(raw);
    assert.equal(parsed.subject, 'Build #42 failed — main');
    assert.equal(parsed.messageId, '<gh-1658821493.1.abc@contoso.example>');
    assert.equal(parsed.inReplyTo, '<gh-1.1.prev@contoso.example>');
    assert.equal(parsed.references, '<gh-1.1.prev@contoso.example>');
    const text = (v: typeof parsed.to): string => (v && !Array.isArray(v) ? v.text : '');
    assert.equal(text(parsed.from), '"CI Alerts" <alerts@contoso.example>');
    assert.equal(text(parsed.to), '"Doe, Jane" <jane@contoso.example>, oncall@contoso.example');
    assert.equal(text(parsed.cc), 'lead@contoso.example');
    assert.equal(text(parsed.replyTo), 'team@contoso.example');
    assert.equal(parsed.bcc, undefined);
    assert.doesNotMatch(raw.toString('utf8'), /audit@contoso\.example|^Bcc:/im);
    assert.equal(parsed.text, 'Plain text part\n');
    assert.equal(parsed.html, '<p>HTML part</p>');
    // mailparser folds X-Priority, X-MSMail-Priority and Importance into one `priority` header.
    assert.equal(parsed.headers.get('priority'), 'high');
    assert.match(
      raw.toString('utf8'),
      /^X-Priority: 1 \(Highest\)\r\nX-Msmail-Priority: High\r\nImportance: High\r$/m,
    );
    assert.equal(parsed.headers.get('x-run'), 'https://github.com/octo-org/octo-repo/actions/runs/1');
    assert.deepEqual(
      parsed.attachments.map((a) => [a.filename, a.contentType, a.size]),
      [
        ['build.log', 'text/plain', 17],
        ['report.pdf', 'application/pdf', pdf.length],
      ],
    );
    assert.ok(parsed.attachments[1]?.content.equals(pdf));
  });

  test('no HTML part when html is empty; no threading headers without in-reply-to', async () => {
    const parsed = await simpleParser(
      await buildMime({ ...message, html: '', inReplyTo: '', attachments: [] }),
    );
    assert.equal(parsed.html, false);
    assert.equal(parsed.inReplyTo, undefined);
    assert.equal(parsed.headers.get('references'), undefined);
  });

  test('the same bytes as nodemailer sends for these fields (apart from Date and boundaries)', async () => {
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
    const info = await transport.sendMail({
      ...composerOptions(message),
      envelope: { from: 'alerts@contoso.example', to: ['jane@contoso.example'] },
    });
    // The stream transport keeps the Bcc header (it is meant for sendmail); SMTP drops it, as we do.
    const sent = normalise(info.message as Buffer).replace(/^Bcc: .*\r\n/m, '');
    assert.equal(normalise(await buildMime(message)), sent);
  });
});

describe('writeEml', () => {
  test('writes the complete message under the directory, named after the Message-ID', async () => {
    const out = await tempDir('eml-');
    const file = await writeEml(message, path.join(out, 'nested'));
    assert.equal(file, path.join(out, 'nested', 'gh-1658821493.1.abc.eml'));
    const raw = await readFile(file);
    assert.equal(normalise(raw), normalise(await buildMime(message)));
    assert.equal((await simpleParser(raw)).attachments.length, 2);
  });

  test('writeDryRun: one .eml per message in RUNNER_TEMP, and what the job summary shows', async () => {
    const temp = await tempDir('dry-');
    const second = {
      ...message,
      messageId: '<gh-1658821493.1.def@contoso.example>',
      text: 'x'.repeat(25_000),
    };
    const previews = await writeDryRun([message, second], { RUNNER_TEMP: temp });
    assert.deepEqual(
      previews.map((p) => p.emlPath),
      [path.join(temp, 'gh-1658821493.1.abc.eml'), path.join(temp, 'gh-1658821493.1.def.eml')],
    );
    const [first, long] = previews;
    assert.ok(first && long);
    assert.equal(first.subject, 'Build #42 failed — main');
    assert.deepEqual(first.to, message.to);
    assert.equal(first.bccCount, 1);
    assert.ok(!JSON.stringify(first).includes('audit@contoso.example'), 'no Bcc address in the preview');
    assert.equal(first.text, 'Plain text part\n');
    assert.deepEqual(first.attachments, [
      { name: 'build.log', size: 17, sizeText: '17 B' },
      { name: 'report.pdf', size: 3000, sizeText: '2.9 KB' },
    ]);
    assert.deepEqual([long.text.length, long.textTruncated], [20_000, true]);
  });

  test('file names are safe whatever the Message-ID holds', () => {
    assert.equal(emlFileName('<a/b\\c:d*e@x>'), 'a_b_c_d_e.eml');
    assert.equal(emlFileName('<@x>'), 'message.eml');
  });
});

describe('assertWithinSize', () => {
  test('measures the encoded size exactly, for every batch', async () => {
    const other = {
      ...message,
      to: [{ name: '', address: 'a-much-longer-address-than-before@contoso.example' }],
      cc: [],
    };
    for (const m of [message, other]) {
      assert.equal(await measure(m), (await buildMime(m)).length);
    }
    assert.equal(
      await measure(message, [other]),
      Math.max((await buildMime(message)).length, (await buildMime(other)).length),
    );
  });

  test('passes under the limit; over it, says the size, the limit and what to do', async () => {
    const size = (await buildMime(message)).length;
    await assertWithinSize([message], size);
    await assert.rejects(assertWithinSize([message], size - 1), (err: unknown) => {
      assert.ok(err instanceof ActionError);
      assert.equal(err.code, 'MESSAGE_TOO_LARGE');
      assert.equal(err.stage, 'message');
      assert.match(
        err.message,
        /^The message is [\d.]+ MB once encoded for sending, over the limit of [\d.]+ MB \(max-size-mb\); its 2 attachments take/,
      );
      assert.match(err.hint ?? '', /fewer or smaller files[^]*max-size-mb/);
      return true;
    });
  });

  test('a large attachment: base64 makes it about a third larger, and nothing is held whole', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const large = {
      ...message,
      attachments: [
        { filename: 'big.bin', content: big, contentType: 'application/octet-stream', size: big.length },
      ],
    };
    await assert.rejects(assertWithinSize([large], 4 * 1024 * 1024), /The message is 4\.1 MB once encoded/);
    await assertWithinSize([large], 5 * 1024 * 1024);
  });
});
