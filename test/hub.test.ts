import { IDENTITY_HEADER } from '../kit/identity';
import { ENGINES } from './support/databases';
import { postGraphQL, signToken, startTestHub, type TestHub } from './support/hub';

const README_QUERY = `{ clusters { code nameTh nameEn leadProvince { code nameTh } provinces { code nameTh nameEn } }
  province(code: "50") { nameTh nameEn cluster { code nameTh } }
  agencies { code nameTh nameEn } }`;

const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id nameTh amountBaht cluster { code nameTh } } }`;

describe.each(ENGINES)('the hub through the gateway on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(engine);
  });
  afterAll(() => hub?.close());

  describe('reference data', () => {
    it('answers the README query with all 18 clusters, 76 member provinces, Chiang Mai and the agencies', async () => {
      const { status, data, errors } = await hub.query(README_QUERY);
      expect(status).toBe(200);
      expect(errors).toBeUndefined();
      expect(data?.clusters).toHaveLength(18);
      expect(data?.clusters.flatMap((cluster: any) => cluster.provinces)).toHaveLength(76);
      expect(data?.province).toEqual({ nameTh: 'เชียงใหม่', nameEn: 'Chiang Mai', cluster: { code: 'N1', nameTh: 'กลุ่มจังหวัดภาคเหนือตอนบน 1' } });
      expect(data?.agencies.map((agency: any) => agency.code)).toContain('NESDC');
      const ne2 = data?.clusters.find((cluster: any) => cluster.code === 'NE2');
      expect(ne2.leadProvince).toEqual({ code: '47', nameTh: 'สกลนคร' });
    });

    it('lists all 77 provinces in Thai and English', async () => {
      const { data } = await hub.query('{ provinces { code nameTh nameEn } }');
      expect(data?.provinces).toHaveLength(77);
      expect(data?.provinces.every((p: any) => p.nameTh && p.nameEn)).toBe(true);
    });

    it('answers null for an unknown province code', async () => {
      const { data, errors } = await hub.query('{ province(code: "99") { nameTh } }');
      expect(errors).toBeUndefined();
      expect(data).toEqual({ province: null });
    });
  });

  describe('federation', () => {
    it('composes one cluster from all four subgraphs, with records written through each', async () => {
      const token = await signToken({ role: 'osm-staff', cluster: 'N1' });
      const project = await hub.query(CREATE_PROJECT, {
        token,
        variables: { input: { clusterCode: 'N1', fiscalYear: 2569, nameTh: 'ถนนเชื่อมโยงการท่องเที่ยวล้านนา', amountBaht: '1500000' } },
      });
      expect(project.errors).toBeUndefined();
      expect(project.data?.createProject.cluster).toEqual({ code: 'N1', nameTh: 'กลุ่มจังหวัดภาคเหนือตอนบน 1' });
      const alert = await hub.query(
        `mutation { raiseAlert(input: { clusterCode: "N1", severity: CRITICAL, titleTh: "เบิกจ่ายล่าช้า" }) { id } }`,
        { token },
      );
      expect(alert.errors).toBeUndefined();
      const hearing = await hub.query(
        `mutation { scheduleHearing(input: { clusterCode: "N1", titleTh: "รับฟังความเห็นแผนพัฒนากลุ่มจังหวัด", heldOn: "2026-12-15" }) { id } }`,
        { token },
      );
      expect(hearing.errors).toBeUndefined();

      const { data, errors } = await hub.query(`{
        cluster(code: "N1") {
          nameTh
          leadProvinceClaim { status province { nameTh } }
          budget(fiscalYear: 2569) { projectCount totalBaht }
          alerts { severity titleTh }
          hearings { titleTh heldOn }
        }
      }`);
      expect(errors).toBeUndefined();
      expect(data?.cluster).toEqual({
        nameTh: 'กลุ่มจังหวัดภาคเหนือตอนบน 1',
        leadProvinceClaim: { status: 'CANDIDATE_NOT_CONFIRMED', province: { nameTh: 'เชียงใหม่' } },
        budget: { projectCount: 1, totalBaht: '1500000.00' },
        alerts: [{ severity: 'CRITICAL', titleTh: 'เบิกจ่ายล่าช้า' }],
        hearings: [{ titleTh: 'รับฟังความเห็นแผนพัฒนากลุ่มจังหวัด', heldOn: '2026-12-15' }],
      });
    });

    it('reaches the strategy subgraph from a project for its cluster and provinces', async () => {
      // The project recorded above is PROPOSED: its cluster's staff read it, the public does not yet.
      const token = await signToken({ role: 'osm-staff', cluster: 'N1' });
      const { data, errors } = await hub.query('{ projects(filter: { clusterCode: "N1" }) { edges { node { nameTh cluster { provinces { nameTh } } } } } }', { token });
      expect(errors).toBeUndefined();
      expect(data?.projects.edges[0].node.cluster.provinces.map((p: any) => p.nameTh)).toEqual(['เชียงใหม่', 'ลำพูน', 'ลำปาง', 'แม่ฮ่องสอน']);
    });
  });

  describe('identity', () => {
    const input = { clusterCode: 'S1', fiscalYear: 2569, nameTh: 'โครงการทดสอบ', amountBaht: '1' };

    it('refuses a mutation without a token with UNAUTHENTICATED', async () => {
      const { errors } = await hub.query(CREATE_PROJECT, { variables: { input } });
      expect(errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('refuses a token of another cluster with FORBIDDEN', async () => {
      const token = await signToken({ role: 'osm-staff', cluster: 'N1' });
      const { errors } = await hub.query(CREATE_PROJECT, { variables: { input }, token });
      expect(errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it.each([
      ['an expired token', () => signToken({ role: 'admin' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 }), 'expired'],
      ['a token signed with another secret', () => signToken({ role: 'admin' }, { secret: 'x'.repeat(40) }), 'could not be verified'],
      ['a token with an unknown role', () => signToken({ role: 'mayor' }), 'role'],
      ['OSM staff without a cluster', () => signToken({ role: 'osm-staff' }), 'cluster'],
      ['a bearer token that is not a JWT', async () => 'not-a-jwt', 'could not be verified'],
    ])('refuses %s with 401 UNAUTHENTICATED', async (_label, makeToken, hint) => {
      const response = await hub.query('{ clusters { code } }', { token: await makeToken() });
      expect(response.status).toBe(401);
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(response.errors?.[0].message).toContain(hint);
    });

    it.each([
      ['Basic credentials', 'Basic dXNlcjpwYXNz'],
      ['a bare token without the Bearer scheme', 'not-a-jwt'],
      ['the Bearer scheme without a token', 'Bearer'],
    ])('refuses an Authorization header that is not a bearer token (%s) with 401 UNAUTHENTICATED, saying what it must be', async (_label, authorization) => {
      const response = await hub.query('{ clusters { code } }', { headers: { authorization } });
      expect(response.status).toBe(401);
      expect(response.data).toBeUndefined();
      expect(response.errors).toHaveLength(1);
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(response.errors?.[0].message).toBe('The Authorization header must be "Bearer <token>".');
    });

    it('does not let a client smuggle an identity header through the gateway', async () => {
      const { errors } = await hub.query(CREATE_PROJECT, { variables: { input }, headers: { [IDENTITY_HEADER]: 'forged' } });
      expect(errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(errors?.[0].message).toContain('Authorization');
    });

    it('makes a subgraph called directly refuse a forged identity', async () => {
      const budget = hub.hub.subgraphs.find((subgraph) => subgraph.name === 'budget');
      const forged = await signToken({ role: 'admin' });
      const response = await postGraphQL(budget!.url, CREATE_PROJECT, { variables: { input }, headers: { [IDENTITY_HEADER]: forged } });
      expect(response.status).toBe(401);
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(await hub.query('{ projects(filter: { clusterCode: "S1" }) { totalCount } }', { token: await signToken({ role: 'admin' }) }).then((r) => r.data?.projects.totalCount)).toBe(0);
    });
  });

  describe('bad requests', () => {
    it('answers a malformed query with GRAPHQL_PARSE_FAILED', async () => {
      const response = await hub.query('{ clusters { code ');
      expect(response.status).toBe(400);
      expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    });

    it('answers a body that is not JSON with a JSON BAD_REQUEST error, not an HTML page', async () => {
      const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ clusters' });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(body.errors[0].message).toContain('not valid JSON');
    });

    it('answers an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
      const response = await hub.query('{ clusters { code population } }');
      expect(response.status).toBe(400);
      expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('answers a bad argument from a subgraph with its BAD_USER_INPUT', async () => {
      const { errors } = await hub.query('{ cluster(code: "N1") { budget(fiscalYear: 2026) { totalBaht } } }');
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0].message).toContain('2569');
    });
  });

  describe('the IDE and health', () => {
    it('serves GraphiQL from the hub itself to a browser, with its scripts', async () => {
      const page = await fetch(hub.url, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('GraphiQL');
      expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
      for (const asset of html.match(/\/graphiql\/[\w.-]+/g) ?? []) {
        const response = await fetch(new URL(asset, hub.url));
        expect(response.status).toBe(200);
        expect((await response.text()).length).toBeGreaterThan(1000);
      }
      expect(html.match(/\/graphiql\/[\w.-]+/g)).toHaveLength(4);
    });

    it('reports every subgraph healthy', async () => {
      const response = await fetch(new URL('/health', hub.url));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        status: 'ok',
        checks: { strategy: 'ok', budget: 'ok', monitoring: 'ok', participation: 'ok' },
      });
    });
  });
});

describe.each(ENGINES)('a hub restarted on %s', (engine) => {
  it('keeps the data written before the restart', async () => {
    const first = await startTestHub(engine);
    const token = await signToken({ role: 'osm-staff', cluster: 'E1' });
    try {
      const created = await first.query(CREATE_PROJECT, {
        token,
        variables: { input: { clusterCode: 'E1', fiscalYear: 2570, nameTh: 'ท่าเรือแหลมฉบัง ระยะที่ 3', amountBaht: '99.99' } },
      });
      expect(created.errors).toBeUndefined();
    } finally {
      await first.stop();
    }
    const second = await startTestHub(engine, first.storage);
    try {
      const { data } = await second.query('{ cluster(code: "E1") { budget(fiscalYear: 2570) { totalBaht } provinces { code } } }');
      expect(data?.cluster.budget.totalBaht).toBe('99.99');
      expect(data?.cluster.provinces).toHaveLength(3);
      expect(second.hub.subgraphs.every((subgraph) => subgraph.database.appliedMigrations.length === 0)).toBe(true);
    } finally {
      await second.close();
    }
  });
});
