// The library floor of a bulk send: nodemailer alone, configured as the action configures it (one pooled
// connection, STARTTLS required, XOAUTH2 with a token fetched beforehand), sending the same batches
// all at once. What it leaves between transactions is what the chosen mailer costs; the action's own
// gap can then be read against it. Plain JavaScript run by plain `node`, like floor.mjs.
//
// Parameters (environment): the FLOOR_* variables of floor.mjs (token URL, client id and secret, SMTP
// host and port, mailbox, recipients, FLOOR_BATCH). TLS is verified (NODE_EXTRA_CA_CERTS).
// Exit 0 only when every batch was accepted.
import https from 'node:https';
import { setTimeout } from 'node:timers';
import { URL, URLSearchParams } from 'node:url';
import nodemailer from 'nodemailer';

const env = process.env;
const need = (name) => env[name] || fail(`${name} is not set`);

function fail(message) {
  process.stderr.write(`library floor: ${message}\n`);
  process.exit(1);
}

// A hard bound: a hung server must not hang the benchmark.
setTimeout(() => fail('timed out'), 30_000).unref();

function fetchToken() {
  const body = new URLSearchParams({
    client_id: need('FLOOR_CLIENT_ID'),
    client_secret: need('FLOOR_CLIENT_SECRET'),
    scope: env.FLOOR_SCOPE || 'https://outlook.office365.com/.default',
    grant_type: 'client_credentials',
  }).toString();
  return new Promise((resolve, reject) => {
    const request = https.request(
      new URL(need('FLOOR_TOKEN_URL')),
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          const token = response.statusCode === 200 ? JSON.parse(text).access_token : undefined;
          if (typeof token === 'string') resolve(token);
          else reject(new Error(`token endpoint answered ${response.statusCode}`));
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const token = await fetchToken();
const mailbox = need('FLOOR_MAILBOX');
const to = need('FLOOR_TO').split(',');
const size = Number(env.FLOOR_BATCH || to.length);
const batches = [];
for (let i = 0; i < to.length; i += size) batches.push(to.slice(i, i + size));

const transporter = nodemailer.createTransport({
  host: need('FLOOR_SMTP_HOST'),
  port: Number(need('FLOOR_SMTP_PORT')),
  secure: false,
  requireTLS: true,
  forceAuth: true,
  tls: { minVersion: 'TLSv1.2', rejectUnauthorized: true },
  auth: { type: 'OAuth2', user: mailbox, accessToken: token },
  pool: true,
  maxConnections: 1,
  maxMessages: Number.POSITIVE_INFINITY,
});
try {
  await Promise.all(
    batches.map((rcpts) =>
      transporter.sendMail({
        from: mailbox,
        to: rcpts.map((address) => ({ name: '', address })),
        subject: 'Library floor',
        text: 'Hello.',
        html: '<p>Hello.</p>',
        envelope: { from: mailbox, to: rcpts },
      }),
    ),
  );
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
} finally {
  transporter.close();
}
