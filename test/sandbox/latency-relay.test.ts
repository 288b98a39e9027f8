// Proves the latency relay adds a network's round trips and nothing else, before a benchmark
// relies on it. Timings are checked against lower bounds only: the machine is shared, so anything
// may take longer, but the relay must never deliver early.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { startLatencyRelay } from './latency-relay.js';
import { Resources } from './lifecycle.js';
import { makeClientCertificate, startSandbox } from './index.js';
import type { Sandbox } from './index.js';
import { JWT_BEARER, certificateAssertion, githubIdToken } from '../support/assertions.js';
import { leftOpen } from '../support/open-handles.js';
import { requestToken } from '../support/sandbox-clients.js';
import { SmtpProbe } from '../support/smtp-probe.js';

const RTT_MS = 30;

/** An echo server: what a relay hands it comes straight back; a FIN is answered with a FIN. */
async function startEcho(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** Sends `payload`, half-closes, and collects everything until the other side's FIN. */
function roundTrip(port: number, payload: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.end(payload));
    socket.setTimeout(10_000, () => socket.destroy(new Error('round trip timed out')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('end', () => resolve(Buffer.concat(chunks)));
    socket.once('error', reject);
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

const sandboxes: Sandbox[] = [];
async function sandbox(latencyMs?: number): Promise<Sandbox> {
  const started = await startSandbox(latencyMs === undefined ? {} : { latencyMs });
  sandboxes.push(started);
  return started;
}
after(async () => {
  await Promise.all(sandboxes.map((s) => s.stop()));
  assert.deepEqual(await leftOpen(), [], 'close() and stop() leave no socket, server or timer');
});

describe('latency relay', () => {
  it('passes bytes unchanged with no latency: 1 MB round-trips byte-identical, FIN included', async () => {
    const echo = await startEcho();
    const resources = new Resources();
    const relay = await startLatencyRelay({ targetPort: echo.port, oneWayMs: 0, resources });
    const payload = randomBytes(1024 * 1024);
    const back = await roundTrip(relay.port, payload);
    await relay.close();
    await echo.close();
    assert.equal(back.length, payload.length);
    assert.ok(back.equals(payload), 'the echo differs from what was sent');
  });

  it('keeps order under latency: an echo costs the handshake and one round trip', async () => {
    const echo = await startEcho();
    const resources = new Resources();
    const relay = await startLatencyRelay({ targetPort: echo.port, oneWayMs: RTT_MS / 2, resources });
    const payload = randomBytes(256 * 1024);
    const { value: back, ms } = await timed(() => roundTrip(relay.port, payload));
    await relay.close();
    await echo.close();
    assert.ok(back.equals(payload));
    // Handshake (held back by the relay) + data there and back: 2 RTT at least.
    assert.ok(ms >= 2 * RTT_MS, `echo took ${ms.toFixed(1)} ms`);
  });

  it('delays an SMTP greeting by the handshake and the way back: 2 RTT after connect()', async () => {
    const slow = await sandbox(RTT_MS);
    const { value: probe, ms } = await timed(async () => {
      const connected = await SmtpProbe.connect(slow.smtpPort);
      assert.equal((await connected.reply()).code, 220);
      return connected;
    });
    probe.close();
    assert.ok(ms >= 2 * RTT_MS, `greeting after ${ms.toFixed(1)} ms`);
  });

  it('costs an HTTPS request (TCP, TLS, request) 3 RTT, at least one more than without the relay', async () => {
    const [fast, slow] = await Promise.all([sandbox(), sandbox(RTT_MS)]);
    let direct = Infinity;
    for (let i = 0; i < 3; i++) {
      const { value, ms } = await timed(() => requestToken(fast));
      assert.equal(value.status, 200);
      direct = Math.min(direct, ms);
    }
    const { value, ms: relayed } = await timed(() => requestToken(slow));
    assert.equal(value.status, 200, value.text);
    assert.ok(relayed >= 3 * RTT_MS, `relayed request took ${relayed.toFixed(1)} ms`);
    assert.ok(relayed - direct >= RTT_MS, `relayed ${relayed.toFixed(1)} ms, direct ${direct.toFixed(1)} ms`);
  });

  it('points every address the sandbox advertises at the relays', async () => {
    const slow = await sandbox(RTT_MS);
    const inputs = slow.inputs();
    const entraPort = Number(new URL(slow.authorityHost).port);
    assert.equal(Number(new URL(slow.tokenEndpoint).port), entraPort);
    assert.equal(inputs['authority-host'], slow.authorityHost);
    assert.equal(inputs['smtp-port'], String(slow.smtpPort));
    const { 'api.github.com:443': githubApi, ...routes } = slow.defaultHostRoutes();
    assert.deepEqual(routes, {
      'login.microsoftonline.com:443': entraPort,
      'smtp.office365.com:587': slow.smtpPort,
      'graph.microsoft.com:443': Number(new URL(slow.graphHost).port),
    });
    assert.equal(typeof githubApi, 'number');
    assert.equal(slow.oidcEnv().ACTIONS_ID_TOKEN_REQUEST_URL, slow.oidc.requestUrl);
    // The ID-token service is relayed too: a fresh HTTPS request costs the 3 RTT.
    const { ms } = await timed(() => githubIdToken(slow.oidc, slow.caPem));
    assert.ok(ms >= 3 * RTT_MS, `ID token after ${ms.toFixed(1)} ms`);
    // Entra checks a certificate assertion's audience against the endpoint it was reached at.
    const cert = await makeClientCertificate();
    slow.configure({ entra: { certificates: [cert.certPem] } });
    const assertion = certificateAssertion({ cert, clientId: slow.clientId, audience: slow.tokenEndpoint });
    const res = await requestToken(slow, {
      client_secret: undefined,
      client_assertion_type: JWT_BEARER,
      client_assertion: assertion,
    });
    assert.equal(res.status, 200, res.text);
  });

  it('close() ends relayed connections and stops listening', async () => {
    const echo = await startEcho();
    const resources = new Resources();
    const relay = await startLatencyRelay({ targetPort: echo.port, oneWayMs: 500, resources });
    const client = net.connect({ host: '127.0.0.1', port: relay.port });
    client.on('error', () => undefined);
    await new Promise((resolve) => client.once('connect', resolve));
    client.write('in flight when the relay closes');
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await relay.close();
    await closed;
    await echo.close();
    const refused = net.connect({ host: '127.0.0.1', port: relay.port });
    await assert.rejects(
      new Promise((resolve, reject) => refused.once('connect', resolve).once('error', reject)),
      { code: 'ECONNREFUSED' },
    );
    refused.destroy();
  });
});
