import { strategySubgraph } from '../subgraphs/strategy/server';
import { seedReferenceData } from '../subgraphs/strategy/seed';
import { ENGINES } from './support/databases';
import { openTestSubgraph, type TestSubgraph } from './support/subgraph';
import type { PrismaClient } from '../subgraphs/strategy/generated/prisma/client';

describe.each(ENGINES)('strategy subgraph on %s', (engine) => {
  let subgraph: TestSubgraph<PrismaClient>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(strategySubgraph, engine);
  });
  afterAll(() => subgraph?.close());

  describe('Cluster', () => {
    it('lists all 18 clusters with Thai and English names and their member provinces', async () => {
      const { data, errors } = await subgraph.execute('{ clusters { code nameTh nameEn nameEnVerified provinces { code } } }');
      expect(errors).toBeUndefined();
      expect(data?.clusters).toHaveLength(18);
      const members = data?.clusters.flatMap((cluster: any) => cluster.provinces.map((p: any) => p.code));
      expect(members).toHaveLength(76);
      expect(new Set(members).size).toBe(76);
      expect(members).not.toContain('10');
      const n1 = data?.clusters.find((cluster: any) => cluster.code === 'N1');
      expect(n1).toEqual({
        code: 'N1',
        nameTh: 'กลุ่มจังหวัดภาคเหนือตอนบน 1',
        nameEn: 'Upper Northern Provincial Cluster 1',
        nameEnVerified: false,
        provinces: [{ code: '50' }, { code: '51' }, { code: '52' }, { code: '58' }],
      });
    });

    it('gives a lead province only where the sources confirm it, and shows the evidence otherwise', async () => {
      const { data } = await subgraph.execute(
        '{ clusters { code leadProvince { code } leadProvinceClaim { status verified basis province { code } } } }',
      );
      const byCode = Object.fromEntries(data?.clusters.map((cluster: any) => [cluster.code, cluster]));
      const confirmed = data?.clusters.filter((cluster: any) => cluster.leadProvince !== null).map((cluster: any) => cluster.code);
      expect(confirmed.sort()).toEqual(['C1', 'C2', 'N2', 'NE1', 'NE2', 'NE5']);
      expect(byCode.N2.leadProvince).toEqual({ code: '57' });
      expect(byCode.N1.leadProvince).toBeNull();
      expect(byCode.N1.leadProvinceClaim).toMatchObject({ status: 'CANDIDATE_NOT_CONFIRMED', verified: false, province: { code: '50' } });
      expect(byCode.C3.leadProvinceClaim).toMatchObject({ status: 'NOT_FOUND', verified: false, province: null });
      expect(byCode.C3.leadProvinceClaim.basis.length).toBeGreaterThan(0);
    });

    it('resolves cluster references from other subgraphs in one statement, however many', async () => {
      const entities = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Cluster { code nameTh provinces { code } } } }`;
      const one = await subgraph.execute(entities, { variables: { representations: [{ __typename: 'Cluster', code: 'N1' }] } });
      const codes = ['N1', 'N2', 'N3', 'N4', 'C1', 'C2', 'C3', 'C4', 'E1', 'E2', 'NE1', 'NE2', 'NE3', 'NE4', 'NE5', 'S1', 'S2', 'S3'];
      const all = await subgraph.execute(entities, {
        variables: { representations: codes.map((code) => ({ __typename: 'Cluster', code })) },
      });
      expect(all.errors).toBeUndefined();
      expect(all.data?._entities.map((cluster: any) => cluster.code)).toEqual(codes);
      expect(one.statements).toBe(2);
      expect(all.statements).toBe(one.statements);
    });
  });

  describe('Province', () => {
    it('lists all 77 provinces, Bangkok without a cluster', async () => {
      const { data } = await subgraph.execute('{ provinces { code nameTh nameEn cluster { code } } }');
      expect(data?.provinces).toHaveLength(77);
      expect(data?.provinces.find((p: any) => p.code === '10')).toEqual({ code: '10', nameTh: 'กรุงเทพมหานคร', nameEn: 'Bangkok', cluster: null });
    });

    it('finds Chiang Mai by code with its cluster, and answers null for a code no province has', async () => {
      const { data, errors } = await subgraph.execute('{ cm: province(code: "50") { nameTh nameEn cluster { code nameTh } } none: province(code: "99") { code } }');
      expect(errors).toBeUndefined();
      expect(data).toEqual({
        cm: { nameTh: 'เชียงใหม่', nameEn: 'Chiang Mai', cluster: { code: 'N1', nameTh: 'กลุ่มจังหวัดภาคเหนือตอนบน 1' } },
        none: null,
      });
    });

    it('refuses a malformed province code with BAD_USER_INPUT and says what a code looks like', async () => {
      const { errors } = await subgraph.execute('{ province(code: "Chiang Mai") { code } }');
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0].message).toContain('two-digit');
    });

    it('marks provinces placed in their cluster by elimination as unverified members', async () => {
      const { data } = await subgraph.execute('{ provinces(clusterCode: "S3") { code clusterMembershipVerified } }');
      expect(data?.provinces).toEqual([
        { code: '94', clusterMembershipVerified: false },
        { code: '95', clusterMembershipVerified: false },
        { code: '96', clusterMembershipVerified: false },
      ]);
    });
  });

  describe('Agency', () => {
    it('lists the national agencies with the fields the sources do not confirm', async () => {
      const { data } = await subgraph.execute('{ agencies { code nameTh nameEn unverifiedFields parent { code } } }');
      expect(data?.agencies.map((agency: any) => agency.code)).toEqual(['BB', 'NESDC', 'OCSC', 'OPDC', 'OPM', 'OPS-MOI']);
      const bb = data?.agencies.find((agency: any) => agency.code === 'BB');
      expect(bb.unverifiedFields).toEqual(['abbreviationTh', 'abbreviationEn']);
      expect(data?.agencies.find((agency: any) => agency.code === 'NESDC').parent).toEqual({ code: 'OPM' });
    });
  });

  describe('national plans', () => {
    it('has the six national strategies and the 13 milestones, flagged as from secondary sources', async () => {
      const { data } = await subgraph.execute('{ nationalStrategies { number nameTh } planMilestones { number verified } }');
      expect(data?.nationalStrategies.map((s: any) => s.number)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(data?.nationalStrategies[0].nameTh).toBe('ยุทธศาสตร์ชาติด้านความมั่นคง');
      expect(data?.planMilestones).toHaveLength(13);
      expect(data?.planMilestones.every((m: any) => m.verified === false)).toBe(true);
    });
  });

  describe('seeding', () => {
    it('is idempotent: seeding again adds nothing and keeps edits', async () => {
      await subgraph.database.client.cluster.update({ where: { code: 'N1' }, data: { nameEn: 'Edited name' } });
      await seedReferenceData(subgraph.database.client);
      expect(await subgraph.database.client.cluster.count()).toBe(18);
      expect(await subgraph.database.client.province.count()).toBe(77);
      const { data } = await subgraph.execute('{ cluster(code: "N1") { nameEn } }');
      expect(data?.cluster.nameEn).toBe('Edited name');
    });
  });
});
