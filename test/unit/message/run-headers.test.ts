// Threading and mail-rule headers: three runs of one workflow on one branch land in one conversation
// (the same root in In-Reply-To/References, the same Thread-Topic and 22-byte Thread-Index header),
// another branch in another; X-GitHub-* and List-Id on every mail; `in-reply-to` wins; names from the
// run stay on one line.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import type { RunAbout } from '../../../src/message/context/about.js';
import { composeMessages } from '../../../src/message/compose/batches.js';
import {
  runHeaders,
  threadIndex,
  threadRootId,
  THREAD_ROOT_TIME_MS,
} from '../../../src/message/compose/run-headers.js';
import { buildMime } from '../../../src/message/index.js';
import type { MessageContent } from '../../../src/message/compose/types.js';
import { settingsWith } from './support.js';

const about = (overrides: Partial<RunAbout> = {}): RunAbout => ({
  repository: 'octo-org/octo-repo',
  serverUrl: 'https://github.com',
  workflow: 'CI',
  branch: 'main',
  runId: '1658821493',
  conclusion: 'failure',
  watched: false,
  ...overrides,
});

const settings = settingsWith({ thread: true });
const DAY = 86_400_000;
const NOV_27 = Date.UTC(2026, 10, 27, 15, 30);

function content(a: RunAbout, subject = '[octo-org/octo-repo] CI on main'): MessageContent {
  return { subject, text: 'text', html: '', attachments: [], about: a };
}

/** RFC 2047 Q-encoded words back to text (mailparser leaves unknown headers encoded). */
function decodeWords(value: unknown): string {
  return String(value).replace(/=\?UTF-8\?Q\?([^?]*)\?=\s*/g, (_, word: string) =>
    Buffer.from(
      word
        .replace(/_/g, ' ')
        .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8'),
  );
}

/** Thread-Index as bytes: 22-byte header, then 5 bytes per reply. */
function index(value: string | undefined): Buffer {
  return Buffer.from(value ?? '', 'base64');
}

describe('thread headers', () => {
  test('three runs of CI on main: one root, one topic, one Thread-Index header', async () => {
    const runs = [
      { id: '1658821493', conclusion: 'failure', at: NOV_27 },
      { id: '1658911111', conclusion: 'failure', at: NOV_27 + DAY },
      { id: '1659022222', conclusion: 'success', at: NOV_27 + 2 * DAY },
    ];
    const mails = await Promise.all(
      runs.map(async (r) => {
        const [message] = composeMessages(
          settings,
          content(about({ runId: r.id, conclusion: r.conclusion })),
          undefined,
          500,
          r.at,
        );
        assert.ok(message);
        return simpleParser(await buildMime(message));
      }),
    );
    const root = threadRootId(about(), 'alerts@contoso.example');
    assert.match(root, /^<gh-thread\.[A-Za-z0-9_-]{22}@contoso\.example>$/);
    for (const mail of mails) {
      assert.equal(mail.inReplyTo, root);
      assert.equal(mail.references, root);
      assert.equal(mail.subject, '[octo-org/octo-repo] CI on main', 'Gmail threads only the same subject');
      assert.equal(mail.headers.get('thread-topic'), '[octo-org/octo-repo] CI on main');
    }
    const indexes = mails.map((m) => index(m.headers.get('thread-index') as string));
    for (const i of indexes) {
      assert.equal(i.length, 27);
      assert.equal(i[0], 0x01);
      assert.deepEqual(i.subarray(0, 22), indexes[0]?.subarray(0, 22), 'the header block is the same');
    }
    assert.notDeepEqual(indexes[0]?.subarray(22), indexes[1]?.subarray(22), 'each mail its own reply block');
    assert.deepEqual(
      mails.map((m) => m.headers.get('x-github-conclusion')),
      ['failure', 'failure', 'success'],
    );
    assert.deepEqual(
      mails.map((m) => m.headers.get('x-github-run-id')),
      runs.map((r) => r.id),
    );
  });

  test('another branch, workflow or repository is another conversation', () => {
    const base = threadRootId(about(), 'a@contoso.example');
    for (const other of [{ branch: 'release' }, { workflow: 'Nightly' }, { repository: 'octo-org/other' }]) {
      assert.notEqual(threadRootId(about(other), 'a@contoso.example'), base, JSON.stringify(other));
      assert.notDeepEqual(
        threadIndex(about(other), NOV_27, '<x@y>').subarray(6, 22),
        threadIndex(about(), NOV_27, '<x@y>').subarray(6, 22),
      );
    }
  });

  test('Thread-Index: the header is 0x01, the fixed root time, a GUID; the reply block holds the time since', () => {
    const i = threadIndex(about(), NOV_27, '<m@contoso.example>');
    const rootFiletime = (BigInt(THREAD_ROOT_TIME_MS) + 11_644_473_600_000n) * 10_000n;
    assert.equal(BigInt(i.readUIntBE(1, 5)), rootFiletime >> 24n);
    assert.equal((i[12] ?? 0) >> 4, 8, 'an RFC 9562 version 8 GUID');
    const level = i.readUInt32BE(22);
    assert.equal(level >>> 31, 1, 'more than 1.8 years after the root: the wide delta code');
    const delta = BigInt(level & 0x7fff_ffff) << 23n;
    const since = (BigInt(NOV_27) + 11_644_473_600_000n) * 10_000n - ((rootFiletime >> 24n) << 24n);
    assert.ok(since - delta >= 0n && since - delta < 1n << 23n, 'the delta within its resolution');
    const soon = threadIndex(about(), THREAD_ROOT_TIME_MS + DAY, '<m@contoso.example>');
    assert.equal(soon.readUInt32BE(22) >>> 31, 0, 'within 1.8 years: the fine delta code');
  });

  test('the in-reply-to input wins: threaded under that message, no Thread-* headers', () => {
    const headers = runHeaders(
      about(),
      { ...settings, inReplyTo: '<alert-1@contoso.example>' },
      NOV_27,
      '<m@x>',
    );
    assert.equal(headers.inReplyTo, '<alert-1@contoso.example>');
    assert.equal(headers.references, '<alert-1@contoso.example>');
    assert.equal(headers.headers['Thread-Index'], undefined);
    assert.equal(headers.headers['X-GitHub-Repository'], 'octo-org/octo-repo');
  });

  test('thread: false: no threading headers, the mail-rule headers stay', () => {
    const headers = runHeaders(about(), { ...settings, thread: false }, NOV_27, '<m@x>');
    assert.deepEqual([headers.inReplyTo, headers.references], ['', '']);
    assert.deepEqual(Object.keys(headers.headers), [
      'X-GitHub-Repository',
      'X-GitHub-Workflow',
      'X-GitHub-Run-Id',
      'X-GitHub-Conclusion',
      'List-Id',
    ]);
    assert.equal(headers.headers['List-Id'], 'octo-org/octo-repo <octo-repo.octo-org.github.com>');
  });

  test('unknown conclusion and GHES: no X-GitHub-Conclusion, the List-Id names the server', () => {
    const headers = runHeaders(
      about({ conclusion: '', serverUrl: 'https://ghe.contoso.example', repository: 'Platform/.github' }),
      settings,
      NOV_27,
      '<m@x>',
    ).headers;
    assert.equal(headers['X-GitHub-Conclusion'], undefined);
    assert.equal(headers['List-Id'], 'Platform/.github <github.platform.ghe.contoso.example>');
  });

  test('outside a run: none of them', () => {
    assert.deepEqual(runHeaders(about({ repository: '' }), settings, NOV_27, '<m@x>'), {
      headers: {},
      inReplyTo: '',
      references: '',
    });
  });

  test('a workflow name with a line break and a Bcc stays one header line; non-ASCII is encoded', async () => {
    const hostile = about({ workflow: 'CI\r\nBcc: attacker@evil.example', branch: 'fix/ü' });
    const [message] = composeMessages(settings, content(hostile, 'Alert'), undefined, 500, NOV_27);
    assert.ok(message);
    const raw = (await buildMime(message)).toString('utf8');
    const head = (raw.split('\r\n\r\n')[0] ?? '').replace(/\r\n[ \t]/g, ' ');
    assert.doesNotMatch(head, /^Bcc:/im);
    const parsed = await simpleParser(raw);
    assert.equal(parsed.headers.get('x-github-workflow'), 'CI Bcc: attacker@evil.example');
    assert.equal(
      decodeWords(parsed.headers.get('thread-topic')),
      '[octo-org/octo-repo] CI Bcc: attacker@evil.example on fix/ü',
    );
    assert.equal(parsed.bcc, undefined);
  });
});
