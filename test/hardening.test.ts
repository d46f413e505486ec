import { readFileSync } from 'node:fs';
import { SUPERGRAPH_PATH } from '../hub';
import { createGatewayServer } from '../gateway/server';
import type { Listening } from '../kit/http';
import { postGraphQL, signToken, startTestGateway, startTestHub, type TestHub } from './support/hub';

/** What a client must never read in an answer. */
const INTERNALS = /\/work\/|node_modules|\.ts:\d+|PostgreSQL|22021|invalid byte sequence|prisma|127\.0\.0\.1:\d+/i;

// One graph for the file; the suite with introspection off puts its own gateway in front of it.
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub('pglite');
});
afterAll(() => hub?.close());

describe('a hub under misuse (PGlite)', () => {
  const subgraphUrl = (name: string) => hub.hub.subgraphs.find((subgraph) => subgraph.name === name)!.url;

  describe('a subgraph called directly', () => {
    it('masks a database failure as INTERNAL_SERVER_ERROR with the request id, and leaks no SQL or paths', async () => {
      const response = await fetch(subgraphUrl('strategy'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'direct-call-1' },
        body: JSON.stringify({
          query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Cluster { nameTh } } }',
          variables: { r: [{ __typename: 'Cluster', code: 'N1\u0000' }] },
        }),
      });
      const text = await response.text();
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get('x-request-id')).toBe('direct-call-1');
      const body = JSON.parse(text);
      expect(body.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'direct-call-1' });
      expect(text).not.toMatch(INTERNALS);
    });

    it('answers an unknown operationName with 400, not 500', async () => {
      const response = await fetch(subgraphUrl('budget'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
    });
  });

  describe('request ids', () => {
    it('returns the id a client sent, and makes one when the client sent none or a malformed one', async () => {
      const sent = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'agency-app-42' },
        body: JSON.stringify({ query: '{ agencies { code } }' }),
      });
      expect(sent.headers.get('x-request-id')).toBe('agency-app-42');
      const malformed = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'bad id with spaces' },
        body: JSON.stringify({ query: '{ agencies { code } }' }),
      });
      expect(malformed.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('a gateway whose internal secret differs from the subgraphs\'', () => {
    let gateway: Listening;
    beforeAll(async () => {
      const server = await createGatewayServer({
        ...hub.config,
        supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
        subgraphUrls: Object.fromEntries(hub.hub.subgraphs.map((subgraph) => [subgraph.name, subgraph.url])),
        internalSecret: new TextEncoder().encode('a-different-internal-secret-0123456789-abcdef'),
      });
      gateway = await server.listen(0, '127.0.0.1');
    });
    afterAll(() => gateway?.close());

    it('tells a signed-in client the subgraph is unavailable, never its internal URL', async () => {
      const token = await signToken({ role: 'admin' });
      const response = await postGraphQL(`${gateway.origin}/graphql`, '{ cluster(code: "N1") { nameTh } }', { token });
      expect(response.status).toBe(200);
      expect(response.data).toEqual({ cluster: null });
      expect(response.errors?.[0]).toMatchObject({
        path: ['cluster'],
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'strategy', reason: 'BAD_RESPONSE' },
      });
      expect(JSON.stringify(response)).not.toMatch(INTERNALS);
    });
  });
});

describe('a gateway with introspection off (as in production)', () => {
  let gateway: TestHub;
  beforeAll(async () => {
    gateway = await startTestGateway(hub, { INTROSPECTION: 'false' });
  });
  afterAll(() => gateway?.close());

  it('refuses introspection', async () => {
    const response = await gateway.query('{ __schema { queryType { name } } }');
    expect(response.status).toBe(400);
    expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('gives no "Did you mean" hints that would reveal the schema', async () => {
    const response = await gateway.query('{ clusters { nameT } }');
    expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0].message).toContain('nameT');
    expect(response.errors?.[0].message).not.toContain('Did you mean');
  });

  it('still answers ordinary queries', async () => {
    const response = await gateway.query('{ cluster(code: "N1") { nameTh } }');
    expect(response.data?.cluster.nameTh).toBe('กลุ่มจังหวัดภาคเหนือตอนบน 1');
  });
});
