import type { Identity } from '../kit/identity';
import { monitoringSubgraph } from '../subgraphs/monitoring/server';
import type { PrismaClient as MonitoringClient } from '../subgraphs/monitoring/generated/prisma/client';
import { participationSubgraph } from '../subgraphs/participation/server';
import type { PrismaClient as ParticipationClient } from '../subgraphs/participation/generated/prisma/client';
import { ENGINES } from './support/databases';
import { openTestSubgraph, type TestSubgraph } from './support/subgraph';

const S2_STAFF: Identity = { role: 'osm-staff', clusterCode: 'S2', subject: 'anong' };
const ALL_CODES = ['N1', 'N2', 'N3', 'N4', 'C1', 'C2', 'C3', 'C4', 'E1', 'E2', 'NE1', 'NE2', 'NE3', 'NE4', 'NE5', 'S1', 'S2', 'S3'];

describe.each(ENGINES)('monitoring subgraph on %s', (engine) => {
  let subgraph: TestSubgraph<MonitoringClient>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(monitoringSubgraph, engine);
  });
  afterAll(() => subgraph?.close());

  const RAISE = `mutation($input: RaiseAlertInput!) { raiseAlert(input: $input) { id sequence severity titleTh cluster { code } } }`;

  it('stores alerts raised by OSM staff and lists the newest first, limited per cluster', async () => {
    for (const title of ['ฝนตกหนัก', 'น้ำท่วมขัง', 'ถนนขาด']) {
      const { errors } = await subgraph.execute(RAISE, {
        variables: { input: { clusterCode: 'S2', severity: 'WARNING', titleTh: title } },
        identity: S2_STAFF,
      });
      expect(errors).toBeUndefined();
    }
    const { data } = await subgraph.execute(
      `{ _entities(representations: [{ __typename: "Cluster", code: "S2" }, { __typename: "Cluster", code: "N1" }]) { ... on Cluster { code alerts(limit: 2) { titleTh } } } }`,
    );
    expect(data?._entities).toEqual([
      { code: 'S2', alerts: [{ titleTh: 'ถนนขาด' }, { titleTh: 'น้ำท่วมขัง' }] },
      { code: 'N1', alerts: [] },
    ]);
  });

  it('refuses an alert on another cluster with FORBIDDEN and an out-of-range limit with BAD_USER_INPUT', async () => {
    const forbidden = await subgraph.execute(RAISE, {
      variables: { input: { clusterCode: 'N1', severity: 'CRITICAL', titleTh: 'ทดสอบ' } },
      identity: S2_STAFF,
    });
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const badLimit = await subgraph.execute('{ alerts(clusterCode: "S2", limit: 1000) { id } }');
    expect(badLimit.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await subgraph.database.client.alert.count({ where: { clusterCode: 'N1' } })).toBe(0);
  });

  it('reads the alerts of 18 clusters in as many statements as of one', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Cluster { alerts { id } } } }`;
    const one = await subgraph.execute(query, { variables: { r: [{ __typename: 'Cluster', code: 'S2' }] } });
    const all = await subgraph.execute(query, { variables: { r: ALL_CODES.map((code) => ({ __typename: 'Cluster', code })) } });
    expect(all.data?._entities).toHaveLength(18);
    expect(one.statements).toBe(1);
    expect(all.statements).toBe(1);
  });
});

describe.each(ENGINES)('participation subgraph on %s', (engine) => {
  let subgraph: TestSubgraph<ParticipationClient>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(participationSubgraph, engine);
  });
  afterAll(() => subgraph?.close());

  const SCHEDULE = `mutation($input: ScheduleHearingInput!) { scheduleHearing(input: $input) { id titleTh heldOn venueTh cluster { code } } }`;

  it('schedules a hearing and lists the cluster hearings by date', async () => {
    for (const [titleTh, heldOn] of [
      ['รับฟังความคิดเห็นแผนพัฒนากลุ่มจังหวัด', '2027-01-20'],
      ['ประชาคมโครงการท่องเที่ยวอันดามัน', '2026-12-15'],
    ]) {
      const { errors } = await subgraph.execute(SCHEDULE, {
        variables: { input: { clusterCode: 'S2', titleTh, heldOn, venueTh: 'ศาลากลางจังหวัดภูเก็ต' } },
        identity: S2_STAFF,
      });
      expect(errors).toBeUndefined();
    }
    const { data } = await subgraph.execute(`{ hearings(clusterCode: "S2", order: BY_START_TIME) { totalCount edges { node { heldOn titleTh } } } }`);
    expect(data?.hearings.edges.map((edge: any) => edge.node.heldOn)).toEqual(['2026-12-15', '2027-01-20']);
  });

  it.each([
    ['an impossible date', '2026-02-30', 'YYYY-MM-DD'],
    ['a Buddhist Era year', '2569-12-15', 'Buddhist Era'],
    ['a Thai-style date', '15/12/2569', 'YYYY-MM-DD'],
  ])('refuses %s with BAD_USER_INPUT, writing nothing', async (_label, heldOn, hint) => {
    const before = await subgraph.database.client.hearing.count();
    const { errors } = await subgraph.execute(SCHEDULE, {
      variables: { input: { clusterCode: 'S2', titleTh: 'ทดสอบ', heldOn } },
      identity: S2_STAFF,
    });
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0].message).toContain(hint);
    expect(await subgraph.database.client.hearing.count()).toBe(before);
  });

  it('reads the hearings of 18 clusters in as many statements as of one', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Cluster { hearings { id } } } }`;
    const one = await subgraph.execute(query, { variables: { r: [{ __typename: 'Cluster', code: 'S2' }] } });
    const all = await subgraph.execute(query, { variables: { r: ALL_CODES.map((code) => ({ __typename: 'Cluster', code })) } });
    expect(all.data?._entities).toHaveLength(18);
    expect(one.statements).toBe(1);
    expect(all.statements).toBe(1);
  });
});
