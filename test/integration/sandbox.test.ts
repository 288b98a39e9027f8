// Proves the sandbox behaves like Entra ID + Exchange Online before any action test relies on it.
// Talks to it directly (node:https, nodemailer, a raw SMTP probe); dist/ is not needed.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { exchangeReplies, makeClientCertificate, startSandbox } from '../sandbox/index.js';
import type { Sandbox } from '../sandbox/index.js';
import { JWT_BEARER, certificateAssertion, githubIdToken } from '../support/assertions.js';
import { asRecord, requestJson } from '../support/https-json.js';
import { accessToken, decodeJwtClaims, exchangeTransport, requestToken } from '../support/sandbox-clients.js';
import { SmtpProbe } from '../support/smtp-probe.js';

interface SendFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  message: string;
}

/** Awaits a send that must fail and returns nodemailer's error fields. */
async function failure(promise: Promise<unknown>): Promise<SendFailure> {
  try {
    await promise;
  } catch (err) {
    const e = asRecord(err);
    return {
      code: typeof e.code === 'string' ? e.code : undefined,
      responseCode: typeof e.responseCode === 'number' ? e.responseCode : undefined,
      response: typeof e.response === 'string' ? e.response : undefined,
      message: err instanceof Error ? err.message : String(err),
    };
  }
  assert.fail('expected the operation to fail');
}

const errorCodes = (body: Record<string, unknown>): unknown => body.error_codes;
const description = (body: Record<string, unknown>): string => String(body.error_description);

let sb: Sandbox;
before(async () => {
  sb = await startSandbox();
});
after(async () => {
  await sb.stop();
  assert.equal(existsSync(sb.dir), false, 'stop() removes the sandbox directory');
});
beforeEach(() => sb.reset());

describe('Entra token endpoint', () => {
  it('issues an Exchange access token for the right secret', async () => {
    const res = await requestToken(sb);
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.expires_in, 3600);
    const claims = decodeJwtClaims(String(res.body.access_token));
    assert.equal(claims.aud, 'https://outlook.office365.com');
    assert.equal(claims.iss, `https://sts.windows.net/${sb.tenantId}/`);
    assert.equal(claims.tid, sb.tenantId);
    assert.equal(claims.appid, sb.clientId);
    assert.equal(claims.idtyp, 'app');
    assert.deepEqual(claims.roles, ['SMTP.SendAsApp']);
    assert.equal(Number(claims.exp) - Number(claims.iat), 3600);
    assert.equal(typeof claims.uti, 'string');
    assert.deepEqual(sb.issuedTokens(), [res.body.access_token]);
    const rec = sb.tokenRequests[0];
    assert.deepEqual([rec?.credential, rec?.status], ['secret', 200]);
    assert.equal(sb.metadataRequests, 0);
  });

  it('answers a wrong secret like Entra: 401 invalid_client AADSTS7000215 with trace ids', async () => {
    const correlation = '3f1d9a52-7f0e-4a8c-9a51-5c1e1e0c2b7d';
    const res = await requestToken(sb, { client_secret: 'not-the-secret', 'client-request-id': correlation });
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_client');
    assert.deepEqual(errorCodes(res.body), [7000215]);
    assert.match(description(res.body), /^AADSTS7000215: Invalid client secret provided\./);
    assert.match(
      description(res.body),
      /\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: /,
    );
    assert.equal(res.body.correlation_id, correlation);
    assert.equal(res.body.error_uri, 'https://login.microsoftonline.com/error?code=7000215');
    assert.equal(sb.tokenRequests[0]?.errorCode, 7000215);
    assert.deepEqual(sb.issuedTokens(), []);
  });

  it('rejects unknown tenant, unknown client, bad scopes and a missing credential', async () => {
    const cases: Array<[Promise<{ status: number; body: Record<string, unknown> }>, number, string, number]> =
      [
        [requestToken(sb, {}, 'contoso-typo.onmicrosoft.com'), 400, 'invalid_request', 90002],
        [
          requestToken(sb, { client_id: '11111111-2222-3333-4444-555555555555' }),
          400,
          'unauthorized_client',
          700016,
        ],
        [
          requestToken(sb, { scope: 'https://outlook.office365.com/SMTP.SendAsApp' }),
          400,
          'invalid_scope',
          1002012,
        ],
        [
          // A national-cloud resource asked of the global authority: not in this tenant.
          requestToken(sb, { scope: 'https://graph.microsoft.us/.default' }),
          400,
          'invalid_resource',
          500011,
        ],
        [requestToken(sb, { client_secret: undefined }), 401, 'invalid_client', 7000218],
      ];
    for (const [call, status, error, code] of cases) {
      const res = await call;
      assert.deepEqual([res.status, res.body.error, errorCodes(res.body)], [status, error, [code]]);
    }
    assert.match(description((await requestToken(sb, {}, 'typo')).body), /Tenant 'typo' not found/);
  });

  it('reports an expired secret only when the secret is right', async () => {
    sb.configure({ entra: { secretExpired: true } });
    assert.deepEqual(errorCodes((await requestToken(sb)).body), [7000222]);
    assert.deepEqual(errorCodes((await requestToken(sb, { client_secret: 'wrong' })).body), [7000215]);
  });

  it('consumes token faults in order, with Retry-After on 429', async () => {
    sb.setTokenFaults([
      { status: 429, retryAfterSeconds: 1 },
      { status: 503, error: 'temporarily_unavailable', code: 90033 },
    ]);
    const first = await requestToken(sb);
    assert.equal(first.status, 429);
    assert.equal(first.headers['retry-after'], '1');
    assert.equal(first.body.error, 'temporarily_unavailable');
    const second = await requestToken(sb);
    assert.deepEqual([second.status, errorCodes(second.body)], [503, [90033]]);
    assert.equal((await requestToken(sb)).status, 200);
    assert.deepEqual(
      sb.tokenRequests.map((r) => r.status),
      [429, 503, 200],
    );
  });

  it('can delay a token response and drop the connection', async () => {
    sb.setTokenFaults([{ delayMs: 300 }, { dropConnection: true }]);
    const started = Date.now();
    assert.equal((await requestToken(sb)).status, 200);
    assert.ok(Date.now() - started >= 290, 'the first response was delayed');
    await assert.rejects(requestToken(sb), /socket hang up|ECONNRESET/);
    assert.equal(sb.tokenRequests[1]?.status, 0);
  });

  it('accepts a PS256 certificate assertion and rejects bad signatures, unknown and expired keys', async () => {
    const [cert, other, expired] = await Promise.all([
      makeClientCertificate(),
      makeClientCertificate(),
      makeClientCertificate({ notAfter: new Date(Date.now() - 60_000) }),
    ]);
    sb.configure({ entra: { certificates: [cert.certPem, expired.certPem] } });
    const assertion = (o: Partial<Parameters<typeof certificateAssertion>[0]> = {}) => ({
      client_secret: undefined,
      client_assertion_type: JWT_BEARER,
      client_assertion: certificateAssertion({
        cert,
        clientId: sb.clientId,
        audience: sb.tokenEndpoint,
        ...o,
      }),
    });
    const ok = await requestToken(sb, assertion({ x5c: true }));
    assert.equal(ok.status, 200, ok.text);
    assert.equal(decodeJwtClaims(String(ok.body.access_token)).appidacr, '2');
    const rec = sb.tokenRequests[0];
    assert.deepEqual(
      [rec?.credential, rec?.assertion?.alg, rec?.assertion?.x5c],
      ['certificate', 'PS256', true],
    );
    assert.equal(rec?.assertion?.thumbprint, cert.thumbprintSha256Hex);
    assert.equal((await requestToken(sb, assertion({ alg: 'RS256' }))).status, 200);
    assert.equal(sb.tokenRequests[1]?.assertion?.alg, 'RS256');

    const forged = await requestToken(sb, assertion({ signingKeyPem: other.keyPem }));
    assert.deepEqual(
      [forged.status, forged.body.error, errorCodes(forged.body)],
      [401, 'invalid_client', [700027]],
    );
    assert.match(description(forged.body), /invalid signature/);
    assert.ok(description(forged.body).includes(cert.thumbprintSha256Hex.toUpperCase()));
    const unknown = await requestToken(sb, assertion({ cert: other }));
    assert.match(description(unknown.body), /^AADSTS700027: .*The key was not found\./);
    const old = await requestToken(sb, assertion({ cert: expired }));
    assert.match(description(old.body), /The key used is expired/);
    const late = await requestToken(sb, assertion({ lifetimeSeconds: -5 }));
    assert.deepEqual(errorCodes(late.body), [700024]);
  });

  it('accepts a GitHub OIDC token that matches a federated credential, and lists the subject when none does', async () => {
    const unauthorized = await requestJson({ url: sb.oidc.requestUrl, ca: sb.caPem });
    assert.equal(unauthorized.status, 401);
    const federated = async () => ({
      client_secret: undefined,
      client_assertion_type: JWT_BEARER,
      client_assertion: await githubIdToken(sb.oidc, sb.caPem, 'api://AzureADTokenExchange'),
    });
    const ok = await requestToken(sb, await federated());
    assert.equal(ok.status, 200, ok.text);
    assert.equal(sb.tokenRequests[0]?.credential, 'federated');
    assert.deepEqual(sb.idTokenRequests[0]?.audience, 'api://AzureADTokenExchange');

    sb.configure({ oidc: { subject: 'repo:octo-org/octo-repo:pull_request' } });
    const res = await requestToken(sb, await federated());
    assert.deepEqual([res.status, res.body.error, errorCodes(res.body)], [400, 'invalid_request', [70021]]);
    assert.ok(description(res.body).includes("Assertion Subject: 'repo:octo-org/octo-repo:pull_request'"));
  });

  it('serves discovery documents but counts them as metadata requests', async () => {
    const url = `${sb.authorityHost}/${sb.tenantId}/v2.0/.well-known/openid-configuration`;
    const res = await requestJson({ url, ca: sb.caPem });
    assert.equal(asRecord(res.json).token_endpoint, sb.tokenEndpoint);
    assert.equal(sb.metadataRequests, 1);
  });
});

describe('Exchange SMTP', () => {
  it('delivers over STARTTLS + XOAUTH2 with an issued token', async () => {
    const token = await accessToken(sb);
    const info = await exchangeTransport(sb, { accessToken: token }).sendMail({
      from: `Alerts <${sb.mailbox}>`,
      to: ['oncall@contoso.example', 'Dev Team <dev@contoso.example>'],
      subject: 'Sandbox hello',
      text: 'It works.',
    });
    assert.match(info.response, /^250 2\.0\.0 OK </);
    const [msg] = sb.delivered;
    assert.ok(msg);
    assert.deepEqual(msg.envelope, {
      from: sb.mailbox,
      to: ['oncall@contoso.example', 'dev@contoso.example'],
    });
    assert.equal(msg.authUser, sb.mailbox);
    assert.equal(msg.acknowledged, true);
    assert.ok(msg.raw.toString().includes('Subject: Sandbox hello'));
    assert.deepEqual(readFileSync(msg.emlPath), msg.raw);
    const conn = sb.connections.find((c) => c.id === msg.connectionId);
    assert.deepEqual([conn?.secure, conn?.authMethod], [true, 'XOAUTH2']);
    assert.match(conn?.tlsProtocol ?? '', /^TLSv1\.[23]$/);
  });

  it('offers AUTH only after STARTTLS and refuses mail before authentication', async () => {
    const probe = await SmtpProbe.connect(sb.smtpPort);
    try {
      assert.match((await probe.reply()).text, /^220 .*Microsoft ESMTP MAIL Service ready/);
      const plain = await probe.ehlo();
      assert.ok(plain.extensions.includes('STARTTLS'));
      assert.ok(plain.extensions.some((e) => e.startsWith('SIZE ')));
      assert.equal(plain.extensions.filter((e) => e.startsWith('AUTH')).length, 0);
      assert.equal((await probe.command(`MAIL FROM:<${sb.mailbox}>`)).text, exchangeReplies.notAuthenticated);
      await probe.startTls(sb.caPem);
      const secure = await probe.ehlo();
      assert.ok(secure.extensions.includes('AUTH XOAUTH2'));
      assert.equal(secure.extensions.includes('STARTTLS'), false);
      assert.equal((await probe.command(`MAIL FROM:<${sb.mailbox}>`)).code, 530);
    } finally {
      probe.close();
    }
  });

  it('answers 535 5.7.3 for a wrong user, an expired token, a missing role and a wrong audience', async () => {
    const good = await accessToken(sb);
    sb.configure({ entra: { tokenLifetimeSeconds: 1 } });
    const shortLived = await accessToken(sb);
    sb.configure({ entra: { tokenLifetimeSeconds: 3600, roles: [] } });
    const noRole = await accessToken(sb);
    sb.configure({ entra: { roles: ['SMTP.SendAsApp'], tokenAudience: 'https://graph.microsoft.com' } });
    const graph = await accessToken(sb);
    await sleep(1_200);
    const attempts: Array<[string, string]> = [
      ['someone.else@contoso.example', good],
      [sb.mailbox, shortLived],
      [sb.mailbox, noRole],
      [sb.mailbox, graph],
      [sb.mailbox, 'eyJ.not-issued.by-the-sandbox'],
    ];
    for (const [user, token] of attempts) {
      const err = await failure(exchangeTransport(sb, { user, accessToken: token }).verify());
      assert.equal(err.code, 'EAUTH');
      assert.equal(err.responseCode, 535);
      assert.ok(err.response?.startsWith('535 5.7.3 Authentication unsuccessful'), err.response);
    }
    assert.ok(sb.authAttempts.every((a) => a.result.startsWith('535 5.7.3')));
    assert.equal(sb.delivered.length, 0);
  });

  it('answers 535 5.7.139 when SMTP AUTH is disabled for the mailbox', async () => {
    sb.configure({ exchange: { smtpAuthDisabled: true } });
    const err = await failure(exchangeTransport(sb, { accessToken: await accessToken(sb) }).verify());
    assert.equal(err.response, exchangeReplies.smtpAuthDisabled);
  });

  it('refuses a From the mailbox may not send as, with 554 5.2.0 SendAsDenied', async () => {
    const transport = exchangeTransport(sb, { accessToken: await accessToken(sb) });
    const mail = {
      from: 'CEO <ceo@contoso.example>',
      sender: sb.mailbox,
      to: 'x@contoso.example',
      text: 'x',
    };
    const err = await failure(
      transport.sendMail({ ...mail, envelope: { from: sb.mailbox, to: 'x@contoso.example' } }),
    );
    assert.equal(err.responseCode, 554);
    assert.match(err.response ?? '', /SendAsDeniedException/);
    assert.equal(sb.delivered.length, 0);
    sb.configure({ exchange: { sendAs: ['CEO@contoso.example'] } });
    await transport.sendMail(mail);
    assert.equal(sb.delivered.length, 1);
  });

  it('caps recipients with 452 4.5.3 and rejects unknown recipients with 550 5.1.10', async () => {
    sb.configure({ exchange: { maxRecipientsPerMessage: 2, rejectRecipients: ['ghost@contoso.example'] } });
    const transport = exchangeTransport(sb, { accessToken: await accessToken(sb) });
    const to = ['a@contoso.example', 'ghost@contoso.example', 'b@contoso.example', 'c@contoso.example'];
    const info = await transport.sendMail({ from: sb.mailbox, to, subject: 'many', text: 'x' });
    assert.deepEqual(info.accepted, ['a@contoso.example', 'b@contoso.example']);
    assert.deepEqual(info.rejected, ['ghost@contoso.example', 'c@contoso.example']);
    assert.deepEqual(
      sb.rejectedRcpts.map((r) => r.reply),
      [exchangeReplies.recipientNotFound('ghost@contoso.example'), exchangeReplies.tooManyRecipients],
    );
    assert.deepEqual(sb.delivered[0]?.envelope.to, ['a@contoso.example', 'b@contoso.example']);
  });

  it('refuses a 4th concurrent connection with 432 4.3.2', async () => {
    const probes = await Promise.all([1, 2, 3].map(() => SmtpProbe.connect(sb.smtpPort)));
    try {
      for (const p of probes) assert.equal((await p.reply()).code, 220);
      const fourth = await SmtpProbe.connect(sb.smtpPort);
      probes.push(fourth);
      const reply = await fourth.reply();
      assert.equal(reply.text, exchangeReplies.concurrentConnections);
      await sleep(50);
      assert.equal(fourth.isClosed, true);
    } finally {
      probes.forEach((p) => p.close());
    }
  });

  it('applies SMTP faults: 451 on MAIL FROM, then success on retry', async () => {
    const busy = '451 4.7.500 Server busy. Please try again later. [SANDBOX]';
    sb.setSmtpFaults([{ on: 'mail', reply: busy }]);
    const transport = exchangeTransport(sb, { accessToken: await accessToken(sb) });
    const mail = { from: sb.mailbox, to: 'x@contoso.example', subject: 'retry', text: 'x' };
    const err = await failure(transport.sendMail(mail));
    assert.deepEqual([err.responseCode, err.response], [451, busy]);
    await transport.sendMail(mail);
    assert.equal(sb.delivered.length, 1);
  });

  it('records a message whose acknowledgement was lost (afterData disconnect)', async () => {
    sb.setSmtpFaults([{ on: 'afterData', disconnect: true }]);
    const transport = exchangeTransport(sb, { accessToken: await accessToken(sb) });
    await failure(
      transport.sendMail({ from: sb.mailbox, to: 'x@contoso.example', subject: 'lost ack', text: 'x' }),
    );
    const [msg] = sb.delivered;
    assert.deepEqual([sb.delivered.length, msg?.acknowledged], [1, false]);
    assert.ok(msg && existsSync(msg.emlPath), 'the message was stored even though its 250 never came');
  });

  it('can refuse a session at connect time and delay the greeting', async () => {
    sb.setSmtpFaults([
      { on: 'connect', reply: '421 4.3.2 Service not available', disconnect: true },
      { on: 'connect', delayMs: 300 },
    ]);
    const refused = await SmtpProbe.connect(sb.smtpPort);
    assert.equal((await refused.reply()).text, '421 4.3.2 Service not available');
    refused.close();
    const slow = await SmtpProbe.connect(sb.smtpPort);
    const started = Date.now();
    assert.equal((await slow.reply()).code, 220);
    assert.ok(Date.now() - started >= 250, 'greeting was delayed');
    slow.close();
  });

  it('offerAuth:false advertises no AUTH, so only a client that forces AUTH refuses to send', async () => {
    sb.configure({ exchange: { offerAuth: false } });
    const probe = await SmtpProbe.connect(sb.smtpPort);
    await probe.reply();
    await probe.ehlo();
    await probe.startTls(sb.caPem);
    const { extensions } = await probe.ehlo();
    probe.close();
    assert.equal(extensions.filter((e) => e.startsWith('AUTH')).length, 0);
    const token = await accessToken(sb);
    const mail = { from: sb.mailbox, to: 'x@contoso.example', subject: 'unauthenticated', text: 'x' };
    await failure(exchangeTransport(sb, { accessToken: token }).sendMail(mail));
    assert.equal(sb.delivered.length, 0, 'forceAuth: nothing sent');
    await exchangeTransport(sb, { accessToken: token, forceAuth: false }).sendMail(mail);
    assert.deepEqual(
      sb.delivered.map((d) => d.authUser),
      [''],
    );
  });
});

describe('TLS modes', () => {
  for (const [mode, pattern] of [
    ['untrusted', /UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify|self.signed/i],
    ['wrong-name', /ERR_TLS_CERT_ALTNAME_INVALID|altnames|does not match/i],
  ] as const) {
    it(`a ${mode} certificate fails verification on both endpoints for a client trusting only the CA`, async () => {
      const bad = await startSandbox({ tls: mode });
      try {
        await assert.rejects(requestToken(bad), pattern);
        const err = await failure(exchangeTransport(bad, { accessToken: 'unused' }).verify());
        assert.match(`${err.code ?? ''} ${err.message}`, pattern);
        assert.equal(bad.tokenRequests.length, 0);
      } finally {
        await bad.stop();
      }
    });
  }
});
