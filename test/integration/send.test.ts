// The bundled action (dist/index.js), run as the runner runs it, against the loopback sandbox:
// what arrived, how it arrived, and what the step reported.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { findLeaks, xoauth2 } from '../support/leaks.js';
import { runAction } from '../support/run-action.js';
import { useSandbox } from '../support/use-sandbox.js';

describe('send through the sandbox', () => {
  const sandbox = useSandbox();

  const message = {
    from: 'CI Alerts <alerts@contoso.example>',
    to: 'oncall@contoso.example; "Doe, Jane" <jane@contoso.example>',
    cc: 'lead@contoso.example',
    bcc: 'audit@contoso.example',
    'reply-to': 'team@contoso.example',
    subject: 'Build <b>#42</b> &\nfailed',
    body: '## Failed\n\n- step **test**\n- <script>alert(1)</script>\n',
    priority: 'high',
  };

  test('delivers one message with XOAUTH2 after STARTTLS, with one token request', async () => {
    const result = await runAction({ inputs: { ...sandbox.inputs(), ...message }, caPath: sandbox.caPath });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.deepEqual(result.annotations, []);

    assert.equal(sandbox.tokenRequests.length, 1);
    assert.equal(sandbox.tokenRequests[0]?.credential, 'secret');
    assert.equal(sandbox.metadataRequests, 0, 'no discovery or OpenID metadata request');

    assert.equal(sandbox.delivered.length, 1);
    const [mail] = sandbox.delivered;
    assert.ok(mail);
    assert.equal(mail.authUser, 'alerts@contoso.example');
    assert.equal(mail.envelope.from, 'alerts@contoso.example');
    assert.deepEqual([...mail.envelope.to].sort(), [
      'audit@contoso.example',
      'jane@contoso.example',
      'lead@contoso.example',
      'oncall@contoso.example',
    ]);
    const connection = sandbox.connections.find((c) => c.id === mail.connectionId);
    assert.ok(connection);
    assert.equal(connection.secure, true);
    assert.equal(connection.authMethod, 'XOAUTH2');
    assert.match(connection.tlsProtocol ?? '', /^TLSv1\.[23]$/);

    const parsed = await simpleParser(mail.raw);
    assert.equal(parsed.subject, 'Build <b>#42</b> & failed');
    assert.equal(parsed.messageId, result.outputs['message-id']);
    assert.match(parsed.messageId ?? '', /^<gh-1658821493\.1\.[\w-]+@contoso\.example>$/);
    const rawHeaders = mail.raw.toString('utf8').split(/\r?\n\r?\n/)[0] ?? '';
    assert.match(rawHeaders, /^X-Priority: 1 \(Highest\)$/m);
    assert.match(rawHeaders, /^Importance: High$/m);
    assert.equal(parsed.headers.get('bcc'), undefined, 'Bcc never appears in the message');
    assert.match(
      String(parsed.text),
      /- <script>alert\(1\)<\/script>/,
      'the text part is the body as written',
    );
    assert.match(String(parsed.html), /<h2 style="[^"]+">Failed<\/h2>/);
    assert.match(
      String(parsed.html),
      /&lt;script&gt;alert\(1\)&lt;\/script&gt;/,
      'raw HTML in Markdown is escaped',
    );
    const replyTo = parsed.replyTo && !Array.isArray(parsed.replyTo) ? parsed.replyTo.text : '';
    assert.equal(replyTo, 'team@contoso.example');

    assert.equal(
      result.outputs.accepted,
      'oncall@contoso.example,jane@contoso.example,lead@contoso.example,audit@contoso.example',
    );
    assert.equal(result.outputs.rejected, '');
    assert.match(result.summary, /Build &lt;b&gt;#42&lt;\/b&gt; &amp; failed/);
    assert.match(result.summary, /1 hidden recipient/);
    assert.doesNotMatch(result.summary, /audit@contoso\.example/);
  });

  test('with RUNNER_DEBUG=1 no secret, token or XOAUTH2 string is printed unmasked', async () => {
    const result = await runAction({
      inputs: { ...sandbox.inputs(), ...message },
      caPath: sandbox.caPath,
      env: { RUNNER_DEBUG: '1' },
    });
    assert.equal(result.code, 0, result.stdout);
    const tokens = sandbox.issuedTokens();
    assert.equal(tokens.length, 1);
    const secrets = [sandbox.clientSecret, ...tokens, ...tokens.map((t) => xoauth2(sandbox.mailbox, t))];
    assert.deepEqual(findLeaks(result, secrets), []);
    assert.ok(result.masks.includes(sandbox.clientSecret), 'the client secret is masked');
    assert.ok(
      tokens.every((t) => result.masks.includes(t)),
      'the access token is masked',
    );
    assert.match(result.stdout, /::debug::/, 'debug output was on');
  });

  test('mailbox signs in while From is another address the app may send as', async () => {
    sandbox.configure({ exchange: { sendAs: ['releases@contoso.example'] } });
    const result = await runAction({
      inputs: {
        ...sandbox.inputs(),
        from: 'Releases <releases@contoso.example>',
        mailbox: sandbox.mailbox,
        to: 'all@contoso.example',
        subject: 's',
        body: 'b',
      },
      caPath: sandbox.caPath,
    });
    assert.equal(result.code, 0, result.stdout);
    const [mail] = sandbox.delivered;
    assert.ok(mail);
    assert.equal(mail.authUser, sandbox.mailbox);
    assert.equal(mail.envelope.from, sandbox.mailbox);
  });

  test('a dry run needs no credentials and makes no request at all', async () => {
    const result = await runAction({
      inputs: {
        from: 'alerts@contoso.example',
        to: 'a@contoso.example',
        subject: 'Preview',
        body: 'Hi',
        'dry-run': 'true',
        'authority-host': sandbox.authorityHost,
        'smtp-host': sandbox.smtpHost,
        'smtp-port': String(sandbox.smtpPort),
      },
      caPath: sandbox.caPath,
    });
    assert.equal(result.code, 0, result.stdout);
    assert.equal(sandbox.tokenRequests.length + sandbox.connections.length, 0);
    assert.match(result.summary, /dry run/);
    assert.match(result.outputs['message-id'] ?? '', /@contoso\.example>$/);
  });
});
