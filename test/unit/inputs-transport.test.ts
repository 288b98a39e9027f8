// The `transport` input and what follows from it: the Graph host per cloud, the default scope, the
// max-connections limit of each road, and an error that names the input for every bad value.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CLOUDS } from '../../src/clouds.js';
import type { Config } from '../../src/config.js';
import { ActionError } from '../../src/errors.js';
import { parseInputs } from '../../src/inputs/index.js';

const BASE: Record<string, string> = {
  'tenant-id': '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  'client-id': '0b1c2d3e-4f5a-4b6c-8d7e-f9a0b1c2d3e4',
  'client-secret': 'Q8~secret-value-that-is-long-enough',
  from: 'Build Bot <bot@contoso.com>',
  to: 'a@contoso.com',
  body: 'Body',
};
const GRAPH = { ...BASE, transport: 'graph' };

const parse = (inputs: Record<string, string>): Promise<Readonly<Config>> =>
  parseInputs(
    (name) => inputs[name] ?? '',
    () => undefined,
    { canRequestIdToken: false },
  );

async function failure(inputs: Record<string, string>): Promise<ActionError> {
  try {
    await parse(inputs);
  } catch (err) {
    assert.ok(err instanceof ActionError);
    assert.equal(err.stage, 'input');
    return err;
  }
  assert.fail('expected an input error');
}

describe('transport: graph', () => {
  test('the public cloud: Graph host, Graph scope, the From address as the mailbox', async () => {
    const config = await parse(GRAPH);
    assert.deepEqual(config.transport, {
      kind: 'graph',
      host: 'https://graph.microsoft.com',
      mailbox: 'bot@contoso.com',
    });
    assert.equal(config.auth?.scope, 'https://graph.microsoft.com/.default');
    assert.deepEqual(config.warnings, []);
  });

  for (const [cloud, host] of [
    ['public', 'https://graph.microsoft.com'],
    ['usgov', 'https://graph.microsoft.us'],
    ['usgov-dod', 'https://dod-graph.microsoft.us'],
    ['china', 'https://microsoftgraph.chinacloudapi.cn'],
  ] as const) {
    test(`${cloud}: ${host}, scope ${host}/.default, and the cloud's authority`, async () => {
      const config = await parse({ ...GRAPH, cloud });
      assert.equal(config.transport.host, host);
      assert.equal(config.auth?.scope, `${host}/.default`);
      assert.equal(config.auth.authorityHost, CLOUDS[cloud].authorityHost);
    });
  }

  test('graph-host, scope and mailbox stay overridable; the scope follows graph-host', async () => {
    const config = await parse({
      ...GRAPH,
      'graph-host': 'https://graph.example.com/',
      mailbox: 'Shared <shared@contoso.com>',
    });
    assert.deepEqual(config.transport, {
      kind: 'graph',
      host: 'https://graph.example.com',
      mailbox: 'shared@contoso.com',
    });
    assert.equal(config.auth?.scope, 'https://graph.example.com/.default');
    const own = await parse({
      ...GRAPH,
      scope: 'https://graph.microsoft.com/.default',
      'graph-host': 'https://127.0.0.1:8443',
    });
    assert.equal(own.auth?.scope, 'https://graph.microsoft.com/.default');
    assert.equal(own.transport.host, 'https://127.0.0.1:8443');
  });

  test('the value is case-insensitive; smtp stays the default', async () => {
    assert.equal((await parse({ ...BASE, transport: 'Graph' })).transport.kind, 'graph');
    const smtp = await parse(BASE);
    assert.equal(smtp.transport.kind, 'smtp');
    assert.equal(smtp.auth?.scope, 'https://outlook.office365.com/.default');
  });

  test("the other road's endpoint is ignored; a graph-host without transport: graph warns", async () => {
    const graph = await parse({ ...GRAPH, 'smtp-host': 'smtp.office365.us' });
    assert.deepEqual(graph.warnings, []);
    assert.equal(graph.transport.host, 'https://graph.microsoft.com');
    assert.deepEqual((await parse({ ...BASE, 'graph-host': 'https://graph.microsoft.us' })).warnings, [
      'graph-host is ignored with transport: smtp; set transport: graph to send through Microsoft Graph',
    ]);
  });

  test('max-connections: up to 4 with Graph, 3 with SMTP', async () => {
    assert.equal((await parse({ ...GRAPH, 'max-connections': '4' })).delivery.maxConnections, 4);
    assert.equal((await parse({ ...BASE, 'max-connections': '3' })).delivery.maxConnections, 3);
  });

  test('a dry run without credentials still takes the Graph road (for the 4 MB check)', async () => {
    const config = await parse({
      from: 'bot@contoso.com',
      to: 'a@contoso.com',
      body: 'Body',
      transport: 'graph',
      'dry-run': 'true',
    });
    assert.equal(config.auth, undefined);
    assert.equal(config.transport.kind, 'graph');
  });
});

describe('transport input errors name the input and the expected form', () => {
  const bad: [string, Record<string, string>, RegExp, RegExp?][] = [
    [
      'unknown transport',
      { ...BASE, transport: 'ews' },
      /^Invalid 'transport': expected one of smtp, graph, got 'ews'$/,
    ],
    [
      'graph-host over http',
      { ...GRAPH, 'graph-host': 'http://graph.microsoft.com' },
      /^Invalid 'graph-host': expected an https:\/\/ URL, got 'http:\/\/graph\.microsoft\.com'$/,
    ],
    [
      'graph-host with a path',
      { ...GRAPH, 'graph-host': 'https://graph.microsoft.com/v1.0' },
      /^Invalid 'graph-host': expected only scheme and host \(no path, query or credentials\)/,
    ],
    [
      'graph-host that is no URL',
      { ...GRAPH, 'graph-host': 'graph.microsoft.com' },
      /^Invalid 'graph-host': expected an https URL such as https:\/\/graph\.microsoft\.com, got 'graph\.microsoft\.com'$/,
    ],
    [
      'max-connections 5 with Graph',
      { ...GRAPH, 'max-connections': '5' },
      /^Invalid 'max-connections': expected an integer 1-4 with transport: graph, got '5'$/,
      /transport: smtp takes 1-3 \(Exchange Online allows 3 SMTP connections per mailbox\), transport: graph takes 1-4/,
    ],
    [
      'max-connections 4 with SMTP',
      { ...BASE, 'max-connections': '4' },
      /^Invalid 'max-connections': expected an integer 1-3 with transport: smtp, got '4'$/,
      /transport: graph takes 1-4/,
    ],
    [
      'max-connections 0',
      { ...GRAPH, 'max-connections': '0' },
      /^Invalid 'max-connections': expected an integer 1-4/,
    ],
    [
      'a scope that is not .default names the Graph default',
      { ...GRAPH, scope: 'https://graph.microsoft.com/Mail.Send' },
      /^Invalid 'scope': expected a resource followed by \/\.default, such as https:\/\/graph\.microsoft\.com\/\.default/,
      /Mail\.Send are granted on the app registration \(or by Exchange RBAC for Applications\)/,
    ],
  ];
  for (const [name, inputs, message, hint] of bad) {
    test(name, async () => {
      const err = await failure(inputs);
      assert.match(err.message, message);
      if (hint) assert.match(err.hint ?? '', hint);
    });
  }
});
