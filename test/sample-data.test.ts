import { readFileSync } from 'node:fs';
import path from 'node:path';
import clustersFile from '../prisma/strategy/seed/clusters.json';
import budgetSample from '../subgraphs/budget/sample.json';
import monitoringSample from '../subgraphs/monitoring/sample.json';
import participationSample from '../subgraphs/participation/sample.json';
import strategySample from '../subgraphs/strategy/sample.json';
import { openDatabase } from '../kit/database';
import { seedDatabase } from '../kit/seeding';
import { SUBGRAPHS } from '../subgraphs/registry';
import type { PrismaClient as StrategyClient } from '../subgraphs/strategy/generated/prisma/client';
import { createTestStorage, ENGINES } from './support/databases';
import { signToken, startTestHub, type TestHub } from './support/hub';

/** The README's cross-subgraph example: the ```graphql block that asks for cluster N1. */
const README_EXAMPLE = (() => {
  const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);
  const example = blocks.find((block) => block.includes('cluster(code: "N1")'));
  if (!example) throw new Error('README.md has no ```graphql example asking for cluster(code: "N1")');
  return example;
})();

/** Sample rows in each subgraph's own table, counted in its own database. */
async function sampleCounts(hub: TestHub): Promise<Record<string, number>> {
  const client = (name: string): any => hub.hub.subgraphs.find((subgraph) => subgraph.name === name)?.database.client;
  return {
    projects: await client('budget').project.count({ where: { isSample: true } }),
    alerts: await client('monitoring').alert.count({ where: { isSample: true } }),
    hearings: await client('participation').hearing.count({ where: { isSample: true } }),
    plans: await client('strategy').developmentPlan.count({ where: { isSample: true } }),
  };
}

const SAMPLE_COUNTS = {
  projects: budgetSample.projects.length,
  alerts: monitoringSample.alerts.length,
  hearings: participationSample.hearings.length,
  plans: strategySample.plans.length,
};

describe('the sample files', () => {
  const records = [...budgetSample.projects, ...monitoringSample.alerts, ...participationSample.hearings];
  const members = new Map(clustersFile.clusters.map((cluster) => [cluster.code, new Set(cluster.member_province_codes)]));

  it('set every record in a member province of its cluster', () => {
    for (const record of records) expect([record.id, members.get(record.clusterCode)?.has(record.provinceCode)]).toEqual([record.id, true]);
  });

  it('give every record its own fixed id', () => {
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
  });

  it('date alerts and hearings in fiscal year 2569 (1 Oct 2025 to 30 Sep 2026)', () => {
    const dates = [...monitoringSample.alerts.map((alert) => alert.raisedAt), ...participationSample.hearings.map((hearing) => hearing.heldOn)];
    for (const date of dates) expect(date >= '2025-10-01' && date < '2026-10-01').toBe(true);
  });
});

describe.each(ENGINES)('sample data on %s', (engine) => {
  it('answers the README cross-subgraph example with data from all four subgraphs, marked isSample, once however often the hub starts', async () => {
    const first = await startTestHub(engine, undefined, { SEED_SAMPLE_DATA: 'true' });
    let userProjectId: string;
    try {
      const { data, errors } = await first.query(README_EXAMPLE);
      expect(errors).toBeUndefined();
      const cluster = data?.cluster;
      expect(cluster.nameTh).toBe('กลุ่มจังหวัดภาคเหนือตอนบน 1'); // strategy
      expect(cluster.budget).toEqual({ projectCount: 3, totalBaht: '36570500.50' }); // budget
      expect(cluster.projects.length).toBeGreaterThan(0);
      expect(cluster.alerts.length).toBeGreaterThan(0); // monitoring
      expect(cluster.hearings.length).toBeGreaterThan(0); // participation
      for (const record of [...cluster.projects, ...cluster.alerts, ...cluster.hearings]) expect(record.isSample).toBe(true);
      expect(cluster.alerts[0]).toMatchObject({ severity: 'CRITICAL', raisedAt: '2026-04-03T03:30:00.000Z' });
      expect(cluster.hearings[0]).toMatchObject({ heldOn: '2025-11-20', venueTh: 'ห้องประชุมศาลากลางจังหวัดเชียงใหม่' });
      expect(await sampleCounts(first)).toEqual(SAMPLE_COUNTS);

      const created = await first.query(
        'mutation($input: CreateProjectInput!) { createProject(input: $input) { id isSample } }',
        {
          token: await signToken({ role: 'osm-staff', cluster: 'N1' }),
          variables: { input: { clusterCode: 'N1', fiscalYear: 2569, nameTh: 'โครงการของผู้ใช้', amountBaht: '1.00' } },
        },
      );
      expect(created.errors).toBeUndefined();
      expect(created.data?.createProject.isSample).toBe(false);
      userProjectId = created.data?.createProject.id;
    } finally {
      await first.stop();
    }

    const second = await startTestHub(engine, first.storage, { SEED_SAMPLE_DATA: 'true' });
    try {
      expect(await sampleCounts(second)).toEqual(SAMPLE_COUNTS);
      // The user's project is PROPOSED: its cluster's staff read it, the public does not yet.
      const { data } = await second.query('{ cluster(code: "N1") { budget(fiscalYear: 2569) { projectCount totalBaht } projects { id isSample } } }', {
        token: await signToken({ role: 'osm-staff', cluster: 'N1' }),
      });
      expect(data?.cluster.budget).toEqual({ projectCount: 4, totalBaht: '36570501.50' });
      expect(data?.cluster.projects.filter((project: any) => !project.isSample)).toEqual([{ id: userProjectId, isSample: false }]);
    } finally {
      await second.close();
    }
  });

  it('starts with no sample records when SEED_SAMPLE_DATA=false', async () => {
    const hub = await startTestHub(engine, undefined, { SEED_SAMPLE_DATA: 'false' });
    try {
      expect(await sampleCounts(hub)).toEqual({ projects: 0, alerts: 0, hearings: 0, plans: 0 });
      const { data, errors } = await hub.query(README_EXAMPLE);
      expect(errors).toBeUndefined();
      expect(data?.cluster).toMatchObject({ nameTh: 'กลุ่มจังหวัดภาคเหนือตอนบน 1', projects: [], alerts: [], hearings: [] });
    } finally {
      await hub.close();
    }
  });

  it('loads each seed once for the same code and data: a restart skips it, a changed digest or db:seed loads it again', async () => {
    const storage = await createTestStorage(engine, { subgraphs: ['strategy'] });
    const database = await openDatabase({ name: 'strategy', dataDir: storage.dataDir, databaseUrl: storage.databaseUrls.strategy }, (adapter) =>
      SUBGRAPHS.strategy.createClient(adapter),
    );
    const client = database.client as StrategyClient;
    try {
      // The template's reference data was loaded (and recorded) as a first start loads it; the samples were not.
      expect(await seedDatabase(SUBGRAPHS.strategy, database, { sample: true })).toEqual({ reference: 'up to date', sample: 'seeded' });
      expect(await client.developmentPlan.count({ where: { isSample: true } })).toBe(strategySample.plans.length);

      // A restart: one read of hub_seed_state, no seed statement.
      const before = database.statementCount();
      expect(await seedDatabase(SUBGRAPHS.strategy, database, { sample: true })).toEqual({ reference: 'up to date', sample: 'up to date' });
      expect(database.statementCount() - before).toBe(1);

      // Seeds add only what is missing, so skipping them loses nothing but a row deleted by hand…
      await client.sdgGoal.delete({ where: { number: 17 } });
      await seedDatabase(SUBGRAPHS.strategy, database, { sample: false });
      expect(await client.sdgGoal.count()).toBe(16);
      // …which db:seed (force) brings back,
      expect(await seedDatabase(SUBGRAPHS.strategy, database, { sample: false, force: true })).toEqual({ reference: 'seeded' });
      expect(await client.sdgGoal.count()).toBe(17);
      // as does a start after the code or data changed (a digest of other files).
      await client.$executeRawUnsafe(`UPDATE hub_seed_state SET digest = 'before-an-upgrade'`);
      await client.sdgGoal.delete({ where: { number: 17 } });
      expect(await seedDatabase(SUBGRAPHS.strategy, database, { sample: true })).toEqual({ reference: 'seeded', sample: 'seeded' });
      expect(await client.sdgGoal.count()).toBe(17);
      expect(await client.developmentPlan.count({ where: { isSample: true } })).toBe(strategySample.plans.length);
    } finally {
      await database.close();
      await storage.remove();
    }
  });
});
