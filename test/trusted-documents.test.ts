import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { createGatewayServer } from '../gateway/server';
import { createTrustedDocuments, documentHash, readManifest, serializeManifest } from '../gateway/trusted-documents';
import { SUPERGRAPH_PATH } from '../hub';
import { loadApiSchema, registerOperations } from '../scripts/register-operations';
import { signToken, startTestGateway, startTestHub, type TestHub } from './support/hub';
import { ROOT } from './support/processes';

const EXAMPLES = path.join(ROOT, 'operations', 'examples.graphql');

/** A raw GraphQL-over-HTTP exchange: any body (hash only, hash and text, text only), the status and the JSON answer. */
async function send(
  url: string,
  body: { query?: string; sha256Hash?: string; variables?: Record<string, unknown> },
  options: { token?: string } = {},
): Promise<{ status: number; data?: any; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    body: JSON.stringify({
      query: body.query,
      variables: body.variables,
      extensions: body.sha256Hash ? { persistedQuery: { version: 1, sha256Hash: body.sha256Hash } } : undefined,
    }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

/** A GET request, as CDNs cache them: the hash (and optionally the text) in the query string. */
async function sendGet(url: string, params: { query?: string; sha256Hash?: string }) {
  const target = new URL(url);
  if (params.query) target.searchParams.set('query', params.query);
  if (params.sha256Hash) target.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: params.sha256Hash } }));
  // A GET needs a header that a browser form cannot send (Apollo's CSRF prevention).
  const response = await fetch(target, { headers: { 'apollo-require-preflight': 'true' } });
  return { status: response.status, ...((await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] }) };
}

describe('trusted documents', () => {
  let temp: string;
  let schema: GraphQLSchema;
  // A hub in the default mode (apq); safelist mode is a gateway of its own in front of the same subgraphs.
  let base: TestHub;
  beforeAll(async () => {
    temp = mkdtempSync(path.join(tmpdir(), 'osm-hub-trusted-'));
    schema = await loadApiSchema();
    base = await startTestHub('pglite');
  });
  afterAll(async () => {
    await base?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  describe('automatic persisted queries (the default apq mode)', () => {
    let hub: TestHub;
    beforeAll(() => {
      hub = base;
    });

    it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, learns it from hash and text, then runs the hash alone', async () => {
      expect(hub.config.trustedDocuments.mode).toBe('apq');
      const query = `query AgencyCodes { agencies { code } } # ${randomUUID()}`;
      const sha256Hash = documentHash(query);

      const unknown = await send(hub.url, { sha256Hash });
      // Apollo answers a miss with HTTP 200 on purpose: clients (Apollo Client, Relay) then retry with the text.
      expect(unknown.status).toBe(200);
      expect(unknown.data).toBeUndefined();
      expect(unknown.errors?.map((error) => error.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);

      const registering = await send(hub.url, { sha256Hash, query });
      expect(registering.status).toBe(200);
      expect(registering.errors).toBeUndefined();
      expect(registering.data.agencies.map((agency: { code: string }) => agency.code)).toContain('NESDC');

      const byHash = await send(hub.url, { sha256Hash });
      expect(byHash.status).toBe(200);
      expect(byHash.errors).toBeUndefined();
      expect(byHash.data).toEqual(registering.data);
    });

    it('refuses a hash that does not match the text with HTTP 400 BAD_REQUEST, and runs nothing', async () => {
      const token = await signToken({ role: 'osm-staff', cluster: 'N1' });
      const nameTh = `โครงการทดสอบแฮช ${randomUUID().slice(0, 8)}`;
      const mutation = `mutation($nameTh: String!) { createProject(input: { clusterCode: "N1", fiscalYear: 2569, nameTh: $nameTh, amountBaht: "1.00" }) { id } }`;
      const mismatched = await send(hub.url, { query: mutation, sha256Hash: documentHash(`${mutation} `), variables: { nameTh } }, { token });
      expect(mismatched.status).toBe(400);
      expect(mismatched.data).toBeUndefined();
      expect(mismatched.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_REQUEST']);
      expect(mismatched.errors?.[0].message).toBe('provided sha does not match query');

      const projects = `{ cluster(code: "N1") { projects { nameTh } } }`;
      // A new project is PROPOSED: its cluster's staff read it, the public does not yet.
      const after = await send(hub.url, { query: projects }, { token });
      expect(after.data.cluster.projects.map((project: { nameTh: string }) => project.nameTh)).not.toContain(nameTh);
      // The same mutation with its true hash does run: the refusal above was the hash, nothing else.
      const matching = await send(hub.url, { query: mutation, sha256Hash: documentHash(mutation), variables: { nameTh } }, { token });
      expect(matching.errors).toBeUndefined();
      const later = await send(hub.url, { query: projects }, { token });
      expect(later.data.cluster.projects.map((project: { nameTh: string }) => project.nameTh)).toContain(nameTh);
    });
  });

  describe('safelist mode', () => {
    let hub: TestHub;
    let manifestFile: string;
    let hashes: Record<string, string>;
    beforeAll(async () => {
      manifestFile = path.join(temp, 'safelist.json');
      const appDir = path.join(temp, 'budget-app');
      mkdirSync(appDir);
      // An operation whose fragment lives in another file: the registered document carries both.
      writeFileSync(path.join(appDir, 'fragments.graphql'), 'fragment AgencyNames on Agency { code nameTh nameEn }\n');
      writeFileSync(path.join(appDir, 'agencies.gql'), 'query AgencyNames { agencies { ...AgencyNames } }\n');
      const lines = [
        ...(await registerOperations({ app: 'readme-examples', paths: [EXAMPLES], manifestFile, schema })),
        ...(await registerOperations({ app: 'budget-bureau-portal', paths: [appDir], manifestFile, schema })),
      ];
      hashes = Object.fromEntries(lines.map((line) => [line.name, line.hash]));
      hub = await startTestGateway(base, { TRUSTED_DOCUMENTS: 'safelist', TRUSTED_DOCUMENTS_FILE: manifestFile });
    });
    afterAll(() => hub?.close());

    const registered = (name: string): string => readManifest(manifestFile).operations[hashes[name]].document;

    it('runs a registered README example sent by its hash alone', async () => {
      expect(hub.config.trustedDocuments).toEqual({ mode: 'safelist', manifestPath: manifestFile });
      const { status, data, errors } = await send(hub.url, { sha256Hash: hashes.StrategyOverview });
      expect(status).toBe(200);
      expect(errors).toBeUndefined();
      expect(data.clusters).toHaveLength(18);
      expect(data.province.nameEn).toBe('Chiang Mai');
    });

    it('runs a registered operation sent as its exact text, with or without its hash', async () => {
      const query = registered('ClusterOverview');
      const textOnly = await send(hub.url, { query });
      expect(textOnly.status).toBe(200);
      expect(textOnly.errors).toBeUndefined();
      expect(textOnly.data.cluster.code).toBe('N1');
      expect(textOnly.data.cluster.budget).toEqual(expect.objectContaining({ projectCount: expect.any(Number) }));
      const both = await send(hub.url, { query, sha256Hash: hashes.ClusterOverview });
      expect(both.errors).toBeUndefined();
      expect(both.data).toEqual(textOnly.data);
    });

    it('registers an operation with the fragments it uses from other files', async () => {
      expect(registered('AgencyNames')).toContain('fragment AgencyNames on Agency');
      const { status, data, errors } = await send(hub.url, { sha256Hash: hashes.AgencyNames });
      expect(status).toBe(200);
      expect(errors).toBeUndefined();
      expect(data.agencies[0]).toEqual({ code: expect.any(String), nameTh: expect.any(String), nameEn: expect.any(String) });
    });

    it('refuses an ad-hoc query with HTTP 400 PERSISTED_QUERY_NOT_ALLOWED, saying how to register it', async () => {
      const { status, data, errors } = await send(hub.url, { query: '{ agencies { code } }' });
      expect(status).toBe(400);
      expect(data).toBeUndefined();
      expect(errors).toHaveLength(1);
      expect(errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
      expect(errors?.[0].message).toContain('npm run operations:register -- --app');
    });

    it('refuses the README example sent in another layout than the registered text (the hash is of the exact text)', async () => {
      const { status, errors } = await send(hub.url, { query: registered('StrategyOverview').replace(/\s+/g, ' ') });
      expect(status).toBe(400);
      expect(errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    });

    it('refuses an unknown hash with HTTP 400 PERSISTED_QUERY_NOT_ALLOWED (not PERSISTED_QUERY_NOT_FOUND: retrying with the text cannot help)', async () => {
      const sha256Hash = documentHash(`{ agencies { code } } # ${randomUUID()}`);
      const { status, errors } = await send(hub.url, { sha256Hash });
      expect(status).toBe(400);
      expect(errors?.map((error) => error.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    });

    it('does not let a client register a document by sending it with its hash', async () => {
      const query = `{ agencies { code } } # ${randomUUID()}`;
      const sha256Hash = documentHash(query);
      const attempt = await send(hub.url, { query, sha256Hash });
      expect(attempt.status).toBe(400);
      expect(attempt.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
      const again = await send(hub.url, { sha256Hash });
      expect(again.status).toBe(400);
      expect(again.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    });

    it('judges a request by its text when both are sent: a registered hash does not smuggle in other text', async () => {
      const { status, errors } = await send(hub.url, { query: '{ agencies { code nameEn } }', sha256Hash: hashes.StrategyOverview });
      expect(status).toBe(400);
      expect(errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    });

    it('refuses before parsing: unregistered text that is not even GraphQL gets PERSISTED_QUERY_NOT_ALLOWED', async () => {
      const { status, errors } = await send(hub.url, { query: '{ agencies { code ((((' });
      expect(status).toBe(400);
      expect(errors?.map((error) => error.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    });

    it('applies the same rules to GET requests', async () => {
      const allowed = await sendGet(hub.url, { sha256Hash: hashes.StrategyOverview });
      expect(allowed.status).toBe(200);
      expect(allowed.data.clusters).toHaveLength(18);
      const refused = await sendGet(hub.url, { query: '{ agencies { code } }' });
      expect(refused.status).toBe(400);
      expect(refused.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    });

    it('serves the manifest read-only through the persisted-query cache', async () => {
      const { persistedQueries } = createTrustedDocuments({ mode: 'safelist', manifestPath: manifestFile });
      const cache = persistedQueries.cache!;
      expect(await cache.get(`apq:${hashes.ClusterOverview}`)).toBe(registered('ClusterOverview'));
      const query = '{ agencies { code } }';
      await cache.set(`apq:${documentHash(query)}`, query);
      expect(await cache.get(`apq:${documentHash(query)}`)).toBeUndefined();
    });

    it('refuses to start the gateway on a malformed manifest, naming the file and the problem', async () => {
      const malformed = path.join(temp, 'malformed.json');
      const manifest = readManifest(manifestFile);
      const [hash, entry] = Object.entries(manifest.operations)[0];
      const edited = { ...manifest, operations: { [hash]: { ...entry, document: `${entry.document} ` } } };
      writeFileSync(malformed, serializeManifest(edited));
      const start = startTestGateway(base, { TRUSTED_DOCUMENTS: 'safelist', TRUSTED_DOCUMENTS_FILE: malformed });
      await expect(start).rejects.toThrow(malformed);
      await expect(start).rejects.toThrow('edited by hand');

      writeFileSync(malformed, '{ "format": 1, "operations": ');
      await expect(gatewayWith(base, malformed)).rejects.toThrow(`Trusted documents manifest ${malformed}: is not valid JSON`);
    });

    it('refuses to start the gateway in safelist mode without a manifest, saying how to create one', async () => {
      const missing = path.join(temp, 'no-such-manifest.json');
      await expect(gatewayWith(base, missing)).rejects.toThrow(`Trusted documents manifest ${missing}: does not exist`);
      await expect(gatewayWith(base, missing)).rejects.toThrow('npm run operations:register');
    });
  });
});

/** Builds (without listening) a gateway with `hub`'s configuration, in safelist mode on `manifestPath`. */
function gatewayWith(hub: TestHub, manifestPath: string) {
  return createGatewayServer({
    ...hub.config,
    supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
    subgraphUrls: Object.fromEntries(hub.hub.subgraphs.map((subgraph) => [subgraph.name, subgraph.url])),
    trustedDocuments: { mode: 'safelist', manifestPath },
  });
}
