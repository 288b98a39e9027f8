// Messages built from the workflow, end to end: the bundled action run as the runner runs it, with real
// event payloads, against the loopback sandbox. Built-in templates need nothing but the recipients; an
// injection in a fork PR's title changes no header or recipient; a dry run opens no socket at all.
//
// M365_ACTION_ENTRY runs another build than dist/index.js (e.g. one built to a scratch directory).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { runAction, REPO_ROOT, type ActionResult, type RunActionOptions } from '../support/run-action.js';
import { useSandbox } from '../support/use-sandbox.js';

const entry = process.env.M365_ACTION_ENTRY;
const run = (options: RunActionOptions): Promise<ActionResult> =>
  runAction(entry ? { ...options, entry } : options);

async function event(file: string, name: string): Promise<{ name: string; payload: object }> {
  const text = await readFile(path.join(REPO_ROOT, 'test', 'fixtures', 'events', `${file}.json`), 'utf8');
  return { name, payload: JSON.parse(text) as object };
}

function ok(result: ActionResult): void {
  assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
  assert.deepEqual(
    result.annotations.filter((a) => a.level === 'error'),
    [],
  );
}

describe('messages from the workflow context', () => {
  const sandbox = useSandbox();

  async function delivered(): Promise<{ parsed: ParsedMail; raw: string }> {
    assert.equal(sandbox.delivered.length, 1);
    const raw = sandbox.delivered[0]?.raw ?? Buffer.alloc(0);
    return { parsed: await simpleParser(raw), raw: raw.toString('utf8') };
  }

  test('template status, status failure, workflow_run: a complete alert from the recipients alone', async () => {
    const result = await run({
      inputs: { ...sandbox.inputs(), to: 'oncall@contoso.example', template: 'status', status: 'failure' },
      event: await event('workflow-run-failure', 'workflow_run'),
      caPath: sandbox.caPath,
    });
    ok(result);
    const { parsed } = await delivered();
    // Threaded by default: the watched workflow's conversation on its branch.
    assert.equal(parsed.subject, '[octo-org/octo-repo] CI on main');
    assert.equal(parsed.headers.get('x-github-run-id'), '9079123456');
    const html = String(parsed.html);
    assert.match(html, /CI #42 failed<\/h1>/);
    assert.match(html, /href="https:\/\/github\.com\/octo-org\/octo-repo\/actions\/runs\/9079123456"/);
    assert.match(html, /Add retry to send step/);
    assert.match(String(parsed.text), /^Conclusion: +failure$/m);
    assert.match(String(parsed.text), /^Commit: +18bec3e Add retry to send step \(by The Octocat\)$/m);
  });

  test('status: timed_out (as workflow_run reports it) is an alert, not an input error', async () => {
    const result = await run({
      inputs: {
        ...sandbox.inputs(),
        to: 'oncall@contoso.example',
        template: 'status',
        status: 'TIMED_OUT',
        thread: 'false',
      },
      event: await event('workflow-run-failure', 'workflow_run'),
      caPath: sandbox.caPath,
    });
    ok(result);
    const { parsed } = await delivered();
    assert.match(parsed.subject ?? '', /timed out/);
  });

  test('status: an unknown value warns and the mail still goes out', async () => {
    const result = await run({
      inputs: { ...sandbox.inputs(), to: 'oncall@contoso.example', template: 'status', status: 'exploded' },
      caPath: sandbox.caPath,
    });
    ok(result);
    assert.ok(
      result.annotations.some((a) => a.level === 'warning' && /'status' is 'exploded'/.test(a.message)),
    );
    assert.equal(sandbox.delivered.length, 1);
  });

  test('template status, status failure, push', async () => {
    const result = await run({
      inputs: {
        ...sandbox.inputs(),
        to: 'oncall@contoso.example',
        template: 'status',
        status: 'failure',
        thread: 'false',
      },
      event: await event('push-multi', 'push'),
      caPath: sandbox.caPath,
    });
    ok(result);
    const { parsed } = await delivered();
    assert.equal(parsed.subject, '[octo-org/octo-repo] CI #42 failed on main (18bec3e)');
    assert.match(String(parsed.text), /^Job: +build$/m);
    assert.match(
      String(parsed.html),
      /href="https:\/\/github\.com\/octo-org\/octo-repo\/actions\/runs\/1658821493"/,
    );
  });

  test('template release, release published: notes, link and assets', async () => {
    const result = await run({
      inputs: { ...sandbox.inputs(), to: 'all@contoso.example', template: 'release' },
      event: await event('release-published', 'release'),
      caPath: sandbox.caPath,
    });
    ok(result);
    const { parsed } = await delivered();
    assert.equal(parsed.subject, '[octo-org/octo-repo] Release v1.4.0 – Faster sends');
    const html = String(parsed.html);
    assert.match(html, /<h2 style="[^"]+">What's changed<\/h2>/);
    assert.doesNotMatch(html, /<script|alert\(/, 'the sanitizer drops the script with its content');
    assert.match(html, />octo-repo-v1\.4\.0-linux-x64\.tar\.gz<\/a>[^]*?2\.4 MB/);
    assert.match(String(parsed.text), /^- SHA256SUMS\.txt \(196 B\)$/m);
  });

  test("template release with GitHub's generated notes: allowlisted HTML, linked references, a text part without tags", async () => {
    const result = await run({
      inputs: { ...sandbox.inputs(), to: 'all@contoso.example', template: 'release' },
      event: await event('release-generated-notes', 'release'),
      caPath: sandbox.caPath,
    });
    ok(result);
    const { parsed } = await delivered();
    const html = String(parsed.html);
    assert.match(html, /<p style="margin:0 0 8px 0;font-weight:600;">Breaking changes \(2\)<\/p>/);
    assert.match(html, /<kbd style="[^"]+">Ctrl<\/kbd>/);
    assert.match(html, /<a href="https:\/\/github\.com\/octo-org\/octo-repo\/pull\/131"[^>]*>#131<\/a>/);
    assert.doesNotMatch(
      html,
      /Release notes generated|tracker\.example|alert|javascript:|data:text|onerror|position:fixed/,
    );
    const text = String(parsed.text);
    assert.doesNotMatch(text, /<\/?[a-z]+[ >]|<!--/);
    assert.match(text, /^Breaking changes \(2\)$/m);
    assert.match(
      text,
      /^- @monalisa made their first contribution in https:\/\/github\.com\/octo-org\/octo-repo\/pull\/131$/m,
    );
    assert.match(
      text,
      /^-- \nRelease v1\.5\.0 of octo-org\/octo-repo\nhttps:\/\/github\.com\/octo-org\/octo-repo\/releases\/tag\/v1\.5\.0$/m,
    );
    assert.doesNotMatch(text + html, /actions\/runs/, 'a release mail never links the CI run');
  });

  test('a fork PR title with HTML and a Bcc line: one escaped title, no extra header or recipient', async () => {
    const result = await run({
      inputs: {
        ...sandbox.inputs(),
        to: 'oncall@contoso.example',
        template: 'status',
        status: 'failure',
        subject: 'Check failed: {{pull_request.title}}',
        body: 'Title as sent: {{pull_request.title}}',
      },
      event: await event('pull-request-fork', 'pull_request'),
      caPath: sandbox.caPath,
    });
    ok(result);
    const { parsed, raw } = await delivered();
    assert.deepEqual(sandbox.delivered[0]?.envelope.to, ['oncall@contoso.example']);
    const headers = (raw.split('\r\n\r\n')[0] ?? '').replace(/\r\n[ \t]/g, ' ').split('\r\n');
    assert.ok(!headers.some((h) => /^Bcc:/i.test(h)));
    assert.deepEqual(
      headers.filter((h) => h.includes('attacker')).map((h) => h.split(':')[0]),
      ['Subject'],
      'the address is only text inside the Subject',
    );
    assert.equal(
      parsed.subject,
      'Check failed: Fix <img src=x onerror=alert(1)> and Bcc: attacker@evil.example',
    );
    const html = String(parsed.html);
    assert.doesNotMatch(html, /<img|<script/i);
    assert.match(html, /Fix &lt;img src&#x3D;x onerror&#x3D;alert\(1\)&gt; and/);
  });

  test('an inline subject that is not a valid template is sent as written, with a warning', async () => {
    const result = await run({
      inputs: { ...sandbox.inputs(), to: 'oncall@contoso.example', subject: 'Broke {{#if}}', body: 'b' },
      caPath: sandbox.caPath,
    });
    ok(result);
    assert.equal((await delivered()).parsed.subject, 'Broke {{#if}}');
    assert.ok(
      result.annotations.some((a) => a.level === 'warning' && /not a valid template/.test(a.message)),
    );
  });

  test('template plain without body or html-body: an input error naming both; nothing is sent', async () => {
    const result = await run({
      inputs: { ...sandbox.inputs(), to: 'oncall@contoso.example', subject: 'Deployed' },
      caPath: sandbox.caPath,
    });
    assert.equal(result.code, 1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    assert.equal(errors.length, 1);
    assert.match(
      errors[0]?.message ?? '',
      /Invalid 'body': template 'plain' sends the body, but 'body' and 'html-body' are both empty/,
    );
    assert.match(errors[0]?.message ?? '', /or choose template: status or template: release/);
    assert.equal(sandbox.tokenRequests.length + sandbox.connections.length, 0);
    assert.equal(sandbox.delivered.length, 0);
  });

  test('a missing attachment fails before any request', async () => {
    const result = await run({
      inputs: {
        ...sandbox.inputs(),
        to: 'oncall@contoso.example',
        subject: 's',
        body: 'b',
        attachments: 'reports/*.pdf',
      },
      caPath: sandbox.caPath,
    });
    assert.equal(result.code, 1);
    assert.match(
      result.annotations.find((a) => a.level === 'error')?.message ?? '',
      /'reports\/\*\.pdf' matched no file/,
    );
    assert.equal(sandbox.tokenRequests.length + sandbox.connections.length, 0);
  });

  describe('dry run', () => {
    // What an earlier step of the job left in the workspace.
    const files = {
      'out/build.log': 'step 1 ok\nstep 2 failed\n',
      'out/report.pdf': Buffer.alloc(1500, 1),
      'out/huge.bin': Buffer.alloc(1024 * 1024, 2),
    };

    const offline = (): Record<string, string> => ({
      from: 'alerts@contoso.example',
      to: 'oncall@contoso.example',
      'dry-run': 'true',
      // Pointed at the sandbox so that any request would be seen; a dry run must make none.
      'authority-host': sandbox.authorityHost,
      'smtp-host': sandbox.smtpHost,
      'smtp-port': String(sandbox.smtpPort),
    });

    test('renders, validates and writes the exact .eml; no credential, no socket', async () => {
      const result = await run({
        inputs: {
          ...offline(),
          template: 'status',
          status: 'failure',
          thread: 'false',
          attachments: 'out/*.log\nout/report.pdf',
        },
        event: await event('workflow-run-failure', 'workflow_run'),
        caPath: sandbox.caPath,
        workspaceFiles: files,
      });
      ok(result);
      assert.equal(sandbox.connections.length, 0);
      assert.equal(sandbox.tokenRequests.length, 0);
      assert.equal(result.emlFiles.length, 1);
      const eml = result.emlFiles[0] ?? '';
      assert.equal(result.outputs['eml-path'], eml);
      assert.ok(eml.startsWith(result.dirs.runnerTemp));
      const parsed = await simpleParser(await readFile(eml));
      assert.equal(parsed.subject, '[octo-org/octo-repo] CI #42 failed on main (18bec3e)');
      assert.equal(parsed.messageId, result.outputs['message-id']);
      assert.deepEqual(
        parsed.attachments.map((a) => [a.filename, a.contentType, a.size]),
        [
          ['build.log', 'text/plain', 24],
          ['report.pdf', 'application/pdf', 1500],
        ],
      );
      assert.match(result.summary, /CI #42 failed on main/);
      assert.match(result.summary, /build\.log/);
      assert.match(result.summary, /report\.pdf/);
      assert.match(result.summary, /Conclusion: +failure/, 'the preview shows the rendered text part');
    });

    test('a fork pull request: the ids set, the secret empty: the dry run still renders and succeeds', async () => {
      const result = await run({
        inputs: {
          ...offline(),
          subject: 'Preview',
          body: 'Body',
          'tenant-id': sandbox.tenantId,
          'client-id': sandbox.clientId,
          'client-secret': '',
        },
        caPath: sandbox.caPath,
      });
      ok(result);
      assert.equal(result.emlFiles.length, 1);
      assert.equal(sandbox.connections.length + sandbox.tokenRequests.length, 0);
    });

    test('a dry run still checks a certificate it is given, offline', async () => {
      const result = await run({
        inputs: {
          ...offline(),
          subject: 'Preview',
          body: 'Body',
          'tenant-id': sandbox.tenantId,
          'client-id': sandbox.clientId,
          'client-certificate': '-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----',
        },
        caPath: sandbox.caPath,
      });
      assert.equal(result.code, 1);
      assert.match(result.annotations.find((a) => a.level === 'error')?.message ?? '', /client-certificate/);
      assert.deepEqual(result.emlFiles, []);
    });

    test('a message over max-size-mb fails before connecting, saying the size and the limit', async () => {
      const result = await run({
        inputs: {
          ...offline(),
          subject: 'Big',
          body: 'b',
          'max-size-mb': '1',
          attachments: 'out/huge.bin',
        },
        caPath: sandbox.caPath,
        workspaceFiles: files,
      });
      assert.equal(result.code, 1);
      const error = result.annotations.find((a) => a.level === 'error')?.message ?? '';
      assert.match(
        error,
        /The message is 1\.4 MB once encoded for sending, over the limit of 1 MB \(max-size-mb\)/,
      );
      assert.match(error, /fewer or smaller files/);
      assert.equal(sandbox.connections.length + sandbox.tokenRequests.length, 0);
      assert.deepEqual(result.emlFiles, []);
    });
  });
});
