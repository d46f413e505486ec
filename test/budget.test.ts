import { budgetSubgraph } from '../subgraphs/budget/server';
import type { PrismaClient } from '../subgraphs/budget/generated/prisma/client';
import type { Identity } from '../kit/identity';
import { ENGINES } from './support/databases';
import { openTestSubgraph, type TestSubgraph } from './support/subgraph';

const N1_STAFF: Identity = { role: 'osm-staff', clusterCode: 'N1', subject: 'somchai' };
const N2_STAFF: Identity = { role: 'osm-staff', clusterCode: 'N2', subject: 'malee' };
const CREATE = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id nameTh nameEn fiscalYear amountBaht cluster { code } } }`;
const input = (overrides: Record<string, unknown> = {}) => ({
  clusterCode: 'N1',
  fiscalYear: 2569,
  nameTh: 'พัฒนาเส้นทางท่องเที่ยวเชิงวัฒนธรรมล้านนา',
  amountBaht: '12500000.10',
  ...overrides,
});

describe.each(ENGINES)('budget subgraph on %s', (engine) => {
  let subgraph: TestSubgraph<PrismaClient>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(budgetSubgraph, engine);
  });
  afterAll(() => subgraph?.close());

  describe('Project', () => {
    it('lets OSM staff record a project of their own cluster, keeping Thai text and the exact amount', async () => {
      const decomposed = 'โครงการพัฒนา\u0E4D\u0E32'; // sara am typed as nikhahit + sara aa
      const { data, errors } = await subgraph.execute(CREATE, {
        variables: { input: input({ nameTh: `  ${decomposed}  ` }) },
        identity: N1_STAFF,
      });
      expect(errors).toBeUndefined();
      expect(data?.createProject).toMatchObject({
        nameTh: decomposed.normalize('NFC'),
        fiscalYear: 2569,
        amountBaht: '12500000.10',
        cluster: { code: 'N1' },
      });
    });

    it('refuses the public with UNAUTHENTICATED and staff of another cluster with FORBIDDEN, writing nothing', async () => {
      const before = await subgraph.database.client.project.count();
      const anonymous = await subgraph.execute(CREATE, { variables: { input: input() } });
      expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const other = await subgraph.execute(CREATE, { variables: { input: input() }, identity: N2_STAFF });
      expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(other.errors?.[0].message).toContain('N2');
      expect(await subgraph.database.client.project.count()).toBe(before);
    });

    it.each([
      ['an amount in words', { amountBaht: 'twelve million' }, 'amountBaht'],
      ['a negative amount', { amountBaht: '-5' }, 'amountBaht'],
      ['fractions of a satang', { amountBaht: '1.005' }, 'amountBaht'],
      ['a Gregorian fiscal year', { fiscalYear: 2026 }, 'Did you mean 2569'],
      ['an unknown cluster', { clusterCode: 'X9' }, 'clusterCode must be one of'],
      ['a blank Thai name', { nameTh: '   ' }, 'nameTh must not be empty'],
      ['a Thai name of 301 characters', { nameTh: 'ก'.repeat(301) }, 'at most 300'],
    ])('refuses %s with BAD_USER_INPUT saying how to fix it, writing nothing', async (_label, bad, hint) => {
      const before = await subgraph.database.client.project.count();
      const { errors, data } = await subgraph.execute(CREATE, { variables: { input: input(bad) }, identity: { role: 'admin' } });
      expect(data).toEqual({ createProject: null });
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0].message).toContain(hint);
      expect(await subgraph.database.client.project.count()).toBe(before);
    });
  });

  describe('Cluster.budget', () => {
    it('sums amounts exactly, per fiscal year', async () => {
      for (const amount of ['0.10', '0.20']) {
        await subgraph.execute(CREATE, { variables: { input: input({ clusterCode: 'NE3', amountBaht: amount }) }, identity: { role: 'admin' } });
      }
      await subgraph.execute(CREATE, { variables: { input: input({ clusterCode: 'NE3', fiscalYear: 2570, amountBaht: '7' }) }, identity: { role: 'admin' } });
      const { data } = await subgraph.execute(
        `{ _entities(representations: [{ __typename: "Cluster", code: "NE3" }]) { ... on Cluster { budget(fiscalYear: 2569) { projectCount totalBaht } all: projects { fiscalYear } } } }`,
        { identity: { role: 'admin' } },
      );
      expect(data?._entities[0].budget).toEqual({ projectCount: 2, totalBaht: '0.30' });
      expect(data?._entities[0].all.map((p: any) => p.fiscalYear)).toEqual([2569, 2569, 2570]);
    });

    it('costs the same number of statements for 1 cluster as for 18', async () => {
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Cluster { budget(fiscalYear: 2569) { totalBaht } projects { nameTh } } } }`;
      const codes = ['N1', 'N2', 'N3', 'N4', 'C1', 'C2', 'C3', 'C4', 'E1', 'E2', 'NE1', 'NE2', 'NE3', 'NE4', 'NE5', 'S1', 'S2', 'S3'];
      const one = await subgraph.execute(query, { variables: { r: [{ __typename: 'Cluster', code: 'N1' }] } });
      const all = await subgraph.execute(query, { variables: { r: codes.map((code) => ({ __typename: 'Cluster', code })) } });
      expect(all.errors).toBeUndefined();
      expect(all.data?._entities).toHaveLength(18);
      expect(one.errors).toBeUndefined();
      expect(all.statements).toBe(one.statements);
    });
  });
});
