import officeFile from '../prisma/strategy/seed/osm-office.json';
import type { PrismaClient } from '../subgraphs/strategy/generated/prisma/client';
import { ENGINES } from './support/databases';
import { signToken, startTestHub, type TestHub } from './support/hub';

const OFFICE = `query($cluster: String!) { cluster(code: $cluster) { office {
  nameTh nameEn reportsToTh reportsToEn parentAgency { code }
  units { code nameTh nameEn dutiesTh dutiesEn }
  orders { number date dateBe subjectTh }
  staffingFramework { maxTotal civilServants governmentEmployees ruleTh ruleEn }
  pilotCount wasPilot
  positions { id kind titleTh unit holderName }
} } }`;
const ADD = 'mutation($input: AddOfficePositionInput!) { addOfficePosition(input: $input) { id kind titleTh unit holderName } }';
const REMOVE = 'mutation($input: RemoveOfficePositionInput!) { removeOfficePosition(input: $input) { id kind } }';

describe.each(ENGINES)('the OSM office through the gateway on %s', (engine) => {
  let hub: TestHub;
  let client: PrismaClient;
  const tokens: Record<string, string> = {};

  const call = (query: string, variables: Record<string, unknown> = {}, who?: string) => hub.query(query, { variables, token: who ? tokens[who] : undefined });
  const add = (input: Record<string, unknown>, who?: string) => call(ADD, { input }, who);
  const written = async (clusterCode: string) => ({
    positions: await client.osmPosition.count({ where: { clusterCode } }),
    history: await client.historyEntry.count({ where: { clusterCode } }),
  });

  beforeAll(async () => {
    hub = await startTestHub(engine, undefined, { SEED_SAMPLE_DATA: 'true' });
    client = hub.hub.subgraphs.find((subgraph) => subgraph.name === 'strategy')?.database.client as PrismaClient;
    Object.assign(tokens, {
      s1: await signToken({ role: 'osm-staff', cluster: 'S1' }, { subject: 'suda' }),
      n1: await signToken({ role: 'osm-staff', cluster: 'N1' }),
      officer: await signToken({ role: 'province-officer', province: '50' }),
      agency: await signToken({ role: 'agency', agency: 'OPDC' }),
      admin: await signToken({ role: 'admin' }),
    });
  });
  afterAll(() => hub?.close());

  it('serves the office as the founding document sets it up, with wasPilot null and no positions seeded', async () => {
    const { data, errors } = await call(OFFICE, { cluster: 'N1' });
    expect(errors).toBeUndefined();
    const office = data?.cluster.office;
    expect(office).toMatchObject({
      nameTh: 'สำนักบริหารยุทธศาสตร์กลุ่มจังหวัด',
      nameEn: officeFile.office.name_en,
      reportsToTh: officeFile.office.reports_to_th,
      parentAgency: { code: 'OPS-MOI' },
      pilotCount: 10,
      wasPilot: null,
      positions: [],
    });
    expect(office.units.map((unit: { code: string }) => unit.code)).toEqual(['GENERAL_ADMINISTRATION', 'STRATEGY_DEVELOPMENT', 'MONITORING_EVALUATION']);
    expect(office.units[0].dutiesTh).toEqual(officeFile.units[0].duties_th);
    expect(office.units[2].dutiesEn).toEqual(officeFile.units[2].duties_en);
    expect(office.orders.map((order: { number: string; date: string }) => [order.number, order.date])).toEqual([
      ['110/2551', '2008-02-27'],
      ['260/2551', '2008-05-16'],
    ]);
    expect(office.staffingFramework).toEqual({
      maxTotal: 7,
      civilServants: 4,
      governmentEmployees: 3,
      ruleTh: officeFile.staffing_framework.rule_th,
      ruleEn: officeFile.staffing_framework.rule_en,
    });
    expect(await client.osmPosition.count()).toBe(0);
  });

  it('lets only the cluster staff and admins write positions', async () => {
    const input = { clusterCode: 'S1', kind: 'CIVIL_SERVANT', titleTh: 'นักวิเคราะห์นโยบายและแผน', unit: 'STRATEGY_DEVELOPMENT' };
    const before = await written('S1');
    expect((await add(input)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await add(input, 'n1')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await add(input, 'officer')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await add(input, 'agency')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await written('S1')).toEqual(before);
  });

  it('refuses a position beyond the framework, quoting the rule, with nothing written (history included)', async () => {
    const position = (kind: string, index: number) => ({ clusterCode: 'S1', kind, titleTh: `ตำแหน่งที่ ${index}`, unit: 'GENERAL_ADMINISTRATION', holderName: `ผู้ดำรงตำแหน่ง ${index}` });
    const civil: string[] = [];
    for (let index = 1; index <= 4; index += 1) {
      const { data, errors } = await add(position('CIVIL_SERVANT', index), 's1');
      expect(errors).toBeUndefined();
      civil.push(data?.addOfficePosition.id);
    }
    const before = await written('S1');
    const refused = await add(position('CIVIL_SERVANT', 5), 's1');
    expect(refused.data?.addOfficePosition).toBeNull();
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kind' });
    expect(refused.errors?.[0].message).toContain(officeFile.staffing_framework.rule_th);
    expect(refused.errors?.[0].message).toContain(officeFile.staffing_framework.rule_en);
    expect(await written('S1')).toEqual(before);

    for (let index = 1; index <= 3; index += 1) expect((await add(position('GOVERNMENT_EMPLOYEE', index), 'admin')).errors).toBeUndefined();
    const fourth = await add(position('GOVERNMENT_EMPLOYEE', 4), 's1');
    expect(fourth.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(fourth.errors?.[0].message).toContain('GOVERNMENT_EMPLOYEE');
    expect(await client.osmPosition.count({ where: { clusterCode: 'S1' } })).toBe(7);

    // Removing one makes room again, and both writes are in the history.
    const removed = await call(REMOVE, { input: { positionId: civil[0] } }, 's1');
    expect(removed.data?.removeOfficePosition).toEqual({ id: civil[0], kind: 'CIVIL_SERVANT' });
    expect((await add(position('CIVIL_SERVANT', 6), 's1')).errors).toBeUndefined();
    const history = await call('query($id: ID!) { history(entityId: $id) { edges { node { action actor } } } }', { id: civil[0] }, 's1');
    expect(history.data?.history.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { action: 'ADD_OFFICE_POSITION', actor: 'suda' },
      { action: 'REMOVE_OFFICE_POSITION', actor: 'suda' },
    ]);

    // Holders' names are for the cluster's readers only.
    const names = async (who?: string) =>
      (await call(OFFICE, { cluster: 'S1' }, who)).data?.cluster.office.positions.map((row: { holderName: string | null }) => row.holderName);
    expect(await names()).toEqual(Array(7).fill(null));
    expect((await names('s1')).every((name: string | null) => typeof name === 'string' && name.startsWith('ผู้ดำรงตำแหน่ง'))).toBe(true);
  });

  it('never exceeds the framework under concurrent adds to one cluster', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, index) => add({ clusterCode: 'NE1', kind: 'GOVERNMENT_EMPLOYEE', titleTh: `พนักงานราชการ ${index}`, unit: 'MONITORING_EVALUATION' }, 'admin')),
    );
    const codes = attempts.map((attempt) => attempt.errors?.[0].extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'OK', 'OK', 'OK']);
    expect(await written('NE1')).toEqual({ positions: 3, history: 3 });
  });
});
