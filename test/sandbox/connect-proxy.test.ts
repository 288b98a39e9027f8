// Proves the CONNECT proxy stand-in behaves like a real one before any proxy test of the action
// relies on it: tunnels to the sandbox by the default Microsoft host names with TLS verified end to
// end, 407/403/502/405 refusals, and records that never hold credentials.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startConnectProxy } from './connect-proxy.js';
import type { ConnectProxy } from './connect-proxy.js';
import { startSandbox } from './index.js';
import type { Sandbox } from './index.js';
import { asRecord, requestJson } from '../support/https-json.js';
import { leftOpen } from '../support/open-handles.js';
import { openTunnel, tlsOverTunnel } from '../support/proxy-tunnel.js';
import { EXCHANGE_SCOPE } from '../support/sandbox-clients.js';

const ENTRA = 'login.microsoftonline.com:443';
const SMTP = 'smtp.office365.com:587';
const basic = (user: string, password: string) => ({
  'Proxy-Authorization': `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

/** The first bytes a server sends through a tunnel, as text. */
function firstData(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1')));
    socket.once('error', reject);
  });
}

let sb: Sandbox;
const proxies: ConnectProxy[] = [];
async function proxy(options: Parameters<typeof startConnectProxy>[0] = {}): Promise<ConnectProxy> {
  const started = await startConnectProxy({ routes: sb.defaultHostRoutes(), ...options });
  proxies.push(started);
  return started;
}
before(async () => {
  sb = await startSandbox();
});
after(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await sb.stop();
  assert.deepEqual(await leftOpen(), [], 'close() and stop() leave no socket, server or timer');
});

describe('CONNECT proxy', () => {
  it('tunnels to the Entra stand-in by its public name, TLS verified end to end', async () => {
    const p = await proxy();
    const tunnel = await openTunnel(p.url, 'Login.MicrosoftOnline.com:443');
    assert.equal(tunnel.status, 200);
    const secure = await tlsOverTunnel(tunnel.socket, 'login.microsoftonline.com', sb.caPem);
    assert.equal(secure.authorized, true);
    assert.match(secure.getPeerCertificate().subjectaltname ?? '', /DNS:login\.microsoftonline\.com/);
    const res = await requestJson({
      url: `https://login.microsoftonline.com/${sb.tenantId}/oauth2/v2.0/token`,
      ca: sb.caPem,
      connection: secure,
      form: {
        client_id: sb.clientId,
        scope: EXCHANGE_SCOPE,
        grant_type: 'client_credentials',
        client_secret: sb.clientSecret,
      },
    });
    secure.destroy();
    assert.equal(res.status, 200, res.text);
    assert.equal(asRecord(res.json).token_type, 'Bearer');
    assert.equal(sb.tokenRequests.at(-1)?.status, 200);
    assert.deepEqual(p.tunnels, [{ target: ENTRA, status: 200, authenticated: false }]);
  });

  it('tunnels to the Exchange stand-in by its public name, and 127.0.0.1 straight through', async () => {
    const p = await proxy();
    for (const target of [SMTP, `127.0.0.1:${sb.smtpPort}`]) {
      const tunnel = await openTunnel(p.url, target);
      assert.equal(tunnel.status, 200);
      assert.match(await firstData(tunnel.socket), /^220 /);
      tunnel.socket.destroy();
    }
    assert.deepEqual(
      p.tunnels.map((t) => [t.target, t.status]),
      [
        [SMTP, 200],
        [`127.0.0.1:${sb.smtpPort}`, 200],
      ],
    );
  });

  it('never lets a client skip verification: another name than the certificate fails TLS', async () => {
    const p = await proxy();
    const tunnel = await openTunnel(p.url, ENTRA);
    await assert.rejects(tlsOverTunnel(tunnel.socket, 'login.microsoftonline.de', sb.caPem), {
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });

  it('answers 407 without or with wrong credentials and 200 with the right ones', async () => {
    const password = 'pr0xy:pass';
    const p = await proxy({ credentials: { username: 'octo', password } });
    const none = await openTunnel(p.url, ENTRA);
    assert.equal(none.status, 407);
    assert.equal(none.headers['proxy-authenticate'], 'Basic realm="sandbox"');
    const wrong = await openTunnel(p.url, ENTRA, basic('octo', 'guess'));
    assert.equal(wrong.status, 407);
    const right = await openTunnel(p.url, ENTRA, basic('octo', password));
    assert.equal(right.status, 200);
    for (const t of [none, wrong, right]) t.socket.destroy();
    assert.deepEqual(p.tunnels, [
      { target: ENTRA, status: 407, authenticated: false },
      { target: ENTRA, status: 407, authenticated: false },
      { target: ENTRA, status: 200, authenticated: true },
    ]);
    assert.ok(!JSON.stringify(p.tunnels).includes(password), 'records never hold credentials');
  });

  it('answers 403 for a denied target, 502 for an unknown one or a route to nothing', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port: deadPort } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const p = await proxy({
      deny: ['SMTP.office365.com:587'],
      routes: { ...sb.defaultHostRoutes(), 'graph.microsoft.com:443': deadPort },
    });
    const targets = [SMTP, 'smtp.gmail.com:587', 'graph.microsoft.com:443', ENTRA];
    const statuses: number[] = [];
    for (const target of targets) {
      const tunnel = await openTunnel(p.url, target);
      statuses.push(tunnel.status);
      tunnel.socket.destroy();
    }
    assert.deepEqual(statuses, [403, 502, 502, 200]);
    assert.deepEqual(
      p.tunnels.map((t) => [t.target, t.status]),
      targets.map((t, i) => [t, statuses[i]]),
    );
  });

  it('answers 405 to anything but CONNECT', async () => {
    const p = await proxy();
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.get(`${p.url}/`, { agent: false }, resolve);
      req.once('error', reject);
    });
    res.resume();
    assert.equal(res.statusCode, 405);
    assert.equal(res.headers.allow, 'CONNECT');
    assert.deepEqual(p.tunnels, []);
  });

  it('waits connectDelayMs before answering', async () => {
    const p = await proxy({ connectDelayMs: 60 });
    const started = performance.now();
    const tunnel = await openTunnel(p.url, ENTRA);
    const elapsed = performance.now() - started;
    tunnel.socket.destroy();
    assert.equal(tunnel.status, 200);
    assert.ok(elapsed >= 59, `answered after ${elapsed.toFixed(1)} ms`);
  });

  it('close() ends open tunnels and stops listening', async () => {
    const p = await proxy();
    const tunnel = await openTunnel(p.url, ENTRA);
    const secure = await tlsOverTunnel(tunnel.socket, 'login.microsoftonline.com', sb.caPem);
    const ended = new Promise<void>((resolve) => secure.once('close', () => resolve()));
    await p.close();
    await ended;
    const refused = net.connect({ host: '127.0.0.1', port: p.port });
    await assert.rejects(
      new Promise((resolve, reject) => refused.once('connect', resolve).once('error', reject)),
      { code: 'ECONNREFUSED' },
    );
    refused.destroy();
  });
});
