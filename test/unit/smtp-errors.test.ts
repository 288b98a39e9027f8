import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseReply, toSmtpError } from '../../src/smtp/errors.js';

function nodemailerError(
  code: string,
  response?: string,
  command?: string,
  extra: Record<string, unknown> = {},
) {
  const err = Object.assign(new Error(`failed${response ? `: ${response}` : ''}`), {
    code,
    command,
    ...extra,
  });
  if (response) Object.assign(err, { response, responseCode: Number(response.slice(0, 3)) });
  return err;
}

describe('toSmtpError: Exchange replies get their hint', () => {
  const cases: [string, string, boolean, RegExp, RegExp][] = [
    [
      'EAUTH',
      '535 5.7.3 Authentication unsuccessful [SN4PR0401CA0001.namprd04.prod.outlook.com]',
      false,
      /rejected the access token/,
      /New-ServicePrincipal[\s\S]*ENTERPRISE APPLICATION[\s\S]*Add-MailboxPermission/,
    ],
    [
      'EAUTH',
      '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox.',
      false,
      /refused SMTP sign-in/,
      /Set-CASMailbox .*-SmtpClientAuthenticationDisabled \$false/,
    ],
    [
      'EMESSAGE',
      '554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied',
      false,
      /SendAsDenied/,
      /Add-RecipientPermission/,
    ],
    [
      'EENVELOPE',
      '550 5.7.60 SMTP; Client does not have permissions to send as this sender',
      false,
      /may not send as/,
      /mailbox/,
    ],
    [
      'ECONNECTION',
      '432 4.3.2 Concurrent connections limit exceeded.',
      true,
      /concurrent connections/,
      /retries/,
    ],
    ['EENVELOPE', '451 4.7.500 Server busy. Please try again later.', true, /throttling or busy/, /retries/],
    ['EENVELOPE', '452 4.5.3 Too many recipients', false, /too many recipients/, /500 recipients/],
    ['EMESSAGE', '552 5.3.4 Message size exceeds fixed maximum message size', false, /too large/, /35 MB/],
    ['EAUTH', '530 5.7.57 Client not authenticated to send mail.', false, /unauthenticated/, /signs in/],
    ['EENVELOPE', '421 4.7.66 TLS 1.0 and 1.1 are not supported.', false, /TLS version/, /TLS 1\.2/],
    [
      'EENVELOPE',
      '550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.',
      false,
      /reputation/,
      /support/,
    ],
    ['EAUTH', '501 5.5.124 Invalid XOAUTH2 auth data', false, /XOAUTH2/, /bug/],
    [
      'EAUTH',
      '535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully.',
      false,
      /refused SMTP sign-in/,
      /Conditional Access/,
    ],
    [
      'EMESSAGE',
      '554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message',
      false,
      /daily recipient quota/,
      /24-hour/,
    ],
    [
      'EAUTH',
      '550 5.7.30 Basic authentication is not supported for Client Submission.',
      false,
      /basic authentication/,
      /XOAUTH2/,
    ],
    [
      'EENVELOPE',
      '550 5.7.705 Access denied, tenant has exceeded threshold.',
      false,
      /tenant is blocked/,
      /Microsoft support/,
    ],
  ];
  for (const [code, response, transient, what, fix] of cases) {
    test(response.slice(0, 12), () => {
      const err = toSmtpError(nodemailerError(code, response, 'MAIL FROM'), 'smtp.office365.com');
      assert.equal(err.stage, 'smtp');
      assert.equal(err.transient, transient);
      assert.match(err.message, what);
      assert.match(err.message, /Server reply: /);
      assert.match(err.hint ?? '', fix);
    });
  }

  test('an unknown 4xx is transient, an unknown 5xx permanent', () => {
    assert.equal(toSmtpError(nodemailerError('EENVELOPE', '450 4.2.0 Mailbox busy'), 'h').transient, true);
    assert.equal(toSmtpError(nodemailerError('EENVELOPE', '550 5.1.1 User unknown'), 'h').transient, false);
  });
});

describe('toSmtpError: connection failures', () => {
  test('refused connection keeps the system code', () => {
    const err = toSmtpError(
      nodemailerError('ESOCKET', undefined, 'CONN', { originalCode: 'ECONNREFUSED' }),
      '127.0.0.1',
    );
    assert.equal(err.code, 'ECONNREFUSED');
    assert.equal(err.transient, true);
    assert.match(err.message, /connection to 127\.0\.0\.1 failed \(ECONNREFUSED\)/);
  });
  test('an untrusted certificate fails closed with a hint', () => {
    const err = toSmtpError(
      nodemailerError('ESOCKET', undefined, 'CONN', { originalCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }),
      'smtp.office365.com',
    );
    assert.equal(err.transient, false);
    assert.match(err.message, /not trusted/);
  });
  test('a timeout is transient', () => {
    const err = toSmtpError(nodemailerError('ETIMEDOUT', undefined, 'CONN'), 'smtp.office365.com');
    assert.equal(err.transient, true);
  });
  test('a thrown string still becomes an ActionError', () => {
    assert.match(toSmtpError('weird', 'h').message, /weird/);
  });
});

test('parseReply reads the reply code and the enhanced status code', () => {
  assert.deepEqual(parseReply('535 5.7.139 Authentication unsuccessful'), { code: 535, enhanced: '5.7.139' });
  assert.deepEqual(parseReply('250 OK'), { code: 250, enhanced: undefined });
  assert.deepEqual(parseReply('garbage'), {});
});
