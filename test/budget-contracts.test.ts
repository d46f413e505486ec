import { randomUUID } from 'node:crypto';
import { type Identity, PUBLIC_IDENTITY } from '../kit/identity';
import type { PrismaClient, ProjectStatus } from '../subgraphs/budget/generated/prisma/client';
import { budgetSubgraph } from '../subgraphs/budget/server';
import { ENGINES } from './support/databases';
import { openTestSubgraph, type TestSubgraph } from './support/subgraph';

const ADMIN: Identity = { role: 'admin', subject: 'admin-1' };
const N1_STAFF: Identity = { role: 'osm-staff', clusterCode: 'N1', subject: 'somchai' };
const N2_STAFF: Identity = { role: 'osm-staff', clusterCode: 'N2', subject: 'malee' };
const BUDGET_BUREAU: Identity = { role: 'agency', agencyCode: 'BB', subject: 'bb-officer' };
const OTHER_AGENCY: Identity = { role: 'agency', agencyCode: 'DOH', subject: 'doh-officer' };
const N1_PROVINCE: Identity = { role: 'province-officer', provinceCode: '50', subject: 'cm-officer' };

const CONTRACT_FIELDS = `id contractNo supplierName valueBaht paidBaht remainingBaht signedOn startsOn endsOn version supplierTaxId supplierBankAccount
  amendments { amendedOn reason valueBeforeBaht valueAfterBaht endsOnBefore endsOnAfter }
  instalments { number dueOn amountBaht status }
  disbursements { paidOn amountBaht gfmisDocumentNo }`;
const RECORD_CONTRACT = `mutation($input: RecordContractInput!) { recordContract(input: $input) { ${CONTRACT_FIELDS} } }`;
const RECORD_DISBURSEMENT = `mutation($input: RecordDisbursementInput!) { recordDisbursement(input: $input) { id paidOn amountBaht gfmisDocumentNo contract { paidBaht remainingBaht } } }`;
const AMEND = `mutation($input: AmendContractInput!) { amendContract(input: $input) { ${CONTRACT_FIELDS} } }`;
const ADD_INSTALMENT = `mutation($input: AddInstalmentInput!) { addInstalment(input: $input) { id number dueOn amountBaht status } }`;
const SET_INSTALMENT = `mutation($input: SetInstalmentStatusInput!) { setInstalmentStatus(input: $input) { id number status } }`;
const CONTRACT = `query($id: ID!) { contract(id: $id) { ${CONTRACT_FIELDS} project { id } } }`;

describe.each(ENGINES)('budget contracts on %s', (engine) => {
  let subgraph: TestSubgraph<PrismaClient>;
  let prisma: PrismaClient;
  let counter = 0;

  beforeAll(async () => {
    subgraph = await openTestSubgraph(budgetSubgraph, engine);
    prisma = subgraph.database.client;
  });
  afterAll(() => subgraph?.close());

  /** A project straight in the database (projects are helper-tested elsewhere), by default APPROVED in N1. */
  async function project(options: { clusterCode?: string; status?: ProjectStatus } = {}) {
    counter += 1;
    return prisma.project.create({
      data: {
        clusterCode: options.clusterCode ?? 'N1',
        code: `T-${counter}-${randomUUID().slice(0, 8)}`.toUpperCase(),
        fiscalYear: 2569,
        nameTh: `โครงการทดสอบ ${counter}`,
        amountBaht: '50000000.00',
        status: options.status ?? 'APPROVED',
        createdBy: 'test',
      },
    });
  }

  /** A contract through the mutation, as OSM staff of N1 (or `identity`). */
  async function contract(valueBaht: string, overrides: Record<string, unknown> = {}, identity: Identity = N1_STAFF) {
    const projectId = (overrides.projectId as string | undefined) ?? (await project()).id;
    counter += 1;
    const { data, errors } = await subgraph.execute(RECORD_CONTRACT, {
      variables: {
        input: {
          projectId,
          contractNo: `${counter}/2569`,
          supplierName: 'ห้างหุ้นส่วนจำกัด เชียงใหม่ก่อสร้าง',
          valueBaht,
          signedOn: '2025-11-03',
          ...overrides,
        },
      },
      identity,
    });
    expect(errors).toBeUndefined();
    return data?.recordContract as Record<string, any>;
  }

  const pay = (contractId: string, amountBaht: string, gfmisDocumentNo: string, identity: Identity = N1_STAFF, paidOn = '2026-01-15') =>
    subgraph.execute(RECORD_DISBURSEMENT, { variables: { input: { contractId, paidOn, amountBaht, gfmisDocumentNo } }, identity });

  const counts = async () => ({
    contracts: await prisma.contract.count(),
    amendments: await prisma.contractAmendment.count(),
    instalments: await prisma.instalment.count(),
    disbursements: await prisma.disbursement.count(),
    history: await prisma.historyEntry.count(),
  });

  describe('Contract', () => {
    it('lets OSM staff record a contract of an approved project of their cluster, with exact money, dates and a history row', async () => {
      const { id: projectId } = await project();
      const recorded = await contract('4,850,000.50', {
        projectId,
        startsOn: '2025-11-10',
        endsOn: '2026-06-30',
        supplierTaxId: '0-1055-56123-45-6',
        supplierBankAccount: 'KTB 123-4-56789-0',
      });
      expect(recorded).toMatchObject({
        supplierName: 'ห้างหุ้นส่วนจำกัด เชียงใหม่ก่อสร้าง',
        valueBaht: '4850000.50',
        paidBaht: '0.00',
        remainingBaht: '4850000.50',
        signedOn: '2025-11-03',
        startsOn: '2025-11-10',
        endsOn: '2026-06-30',
        version: 1,
        supplierTaxId: '0105556123456',
        supplierBankAccount: 'KTB 123-4-56789-0',
        amendments: [],
        instalments: [],
        disbursements: [],
      });
      const history = await prisma.historyEntry.findMany({ where: { entityId: recorded.id } });
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({ action: 'RECORD_CONTRACT', actor: 'somchai', actorRole: 'osm-staff', projectId, clusterCode: 'N1' });
      expect(JSON.stringify(history[0].after)).not.toContain('KTB');
      const listed = await subgraph.execute(`query($id: ID!) { project(id: $id) { contracts { contractNo valueBaht } } }`, { variables: { id: projectId }, identity: N1_STAFF });
      expect(listed.data?.project.contracts).toEqual([{ contractNo: recorded.contractNo, valueBaht: '4850000.50' }]);
    });

    it.each([
      ['the public', undefined, 'UNAUTHENTICATED'],
      ['OSM staff of another cluster', N2_STAFF, 'FORBIDDEN'],
      ['the Budget Bureau', BUDGET_BUREAU, 'FORBIDDEN'],
      ['another agency', OTHER_AGENCY, 'FORBIDDEN'],
      ['a province officer of the cluster', N1_PROVINCE, 'FORBIDDEN'],
    ])('refuses %s recording a contract, writing nothing (history included)', async (_who, identity, code) => {
      const { id: projectId } = await project();
      const before = await counts();
      const { data, errors } = await subgraph.execute(RECORD_CONTRACT, {
        variables: { input: { projectId, contractNo: 'X-1/2569', supplierName: 'บริษัท ก', valueBaht: '100', signedOn: '2025-11-03' } },
        identity,
      });
      expect(data).toEqual({ recordContract: null });
      expect(errors?.[0].extensions?.code).toBe(code);
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['a project not yet approved', { status: 'REQUESTED' }, {}, 'APPROVED, CONTRACTED, IN_PROGRESS'],
      ['a value of zero', {}, { valueBaht: '0' }, 'more than zero'],
      ['a value with three decimals', {}, { valueBaht: '100.005' }, 'at most two decimals'],
      ['a value in scientific notation', {}, { valueBaht: '1e6' }, 'valueBaht must be an amount'],
      ['a Buddhist Era signing date', {}, { signedOn: '2568-11-03' }, 'use 2025'],
      ['a signing date in the future', {}, { signedOn: '2099-01-01' }, 'signedOn must be between'],
      ['a period ending before it starts', {}, { startsOn: '2026-01-01', endsOn: '2025-12-31' }, 'endsOn may not be before startsOn'],
      ['a malformed tax id', {}, { supplierTaxId: '12345' }, '13-digit'],
    ])('refuses %s with BAD_USER_INPUT, writing nothing', async (_label, projectOptions, overrides, hint) => {
      const { id: projectId } = await project(projectOptions as { status?: ProjectStatus });
      const before = await counts();
      const { data, errors } = await subgraph.execute(RECORD_CONTRACT, {
        variables: { input: { projectId, contractNo: 'BAD/2569', supplierName: 'บริษัท ก', valueBaht: '100', signedOn: '2025-11-03', ...overrides } },
        identity: ADMIN,
      });
      expect(data).toEqual({ recordContract: null });
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0].message).toContain(hint);
      expect(await counts()).toEqual(before);
    });

    it('refuses a contract number already used in the cluster, but takes it in another cluster', async () => {
      const first = await contract('100', { contractNo: 'ซ้ำ 7/2569' });
      const before = await counts();
      const again = await subgraph.execute(RECORD_CONTRACT, {
        variables: { input: { projectId: (await project()).id, contractNo: first.contractNo, supplierName: 'บริษัท ข', valueBaht: '100', signedOn: '2025-11-03' } },
        identity: N1_STAFF,
      });
      expect(again.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(again.errors?.[0].message).toContain('already recorded in cluster N1');
      expect(await counts()).toEqual(before);
      const elsewhere = await contract('100', { contractNo: first.contractNo, projectId: (await project({ clusterCode: 'N2' })).id }, N2_STAFF);
      expect(elsewhere.contractNo).toBe(first.contractNo);
    });
  });

  describe('Disbursement', () => {
    it('adds up payments exactly past ten billion baht', async () => {
      const big = await contract('12,345,678,901.23');
      expect((await pay(big.id, '10,000,000,000.11', '3100000001')).errors).toBeUndefined();
      const second = await pay(big.id, '2345678901.02', '3100000002');
      expect(second.errors).toBeUndefined();
      expect(second.data?.recordDisbursement).toMatchObject({ amountBaht: '2345678901.02', contract: { paidBaht: '12345678901.13', remainingBaht: '0.10' } });
      const last = await pay(big.id, '0.10', '3100000003');
      expect(last.data?.recordDisbursement.contract).toEqual({ paidBaht: '12345678901.23', remainingBaht: '0.00' });
    });

    it('refuses a payment that would make the total paid exceed the value, writing nothing (history included)', async () => {
      const small = await contract('1000.00');
      expect((await pay(small.id, '999.99', 'DOC-1')).errors).toBeUndefined();
      const before = await counts();
      const over = await pay(small.id, '0.02', 'DOC-2');
      expect(over.data).toEqual({ recordDisbursement: null });
      expect(over.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amountBaht' });
      expect(over.errors?.[0].message).toContain('at most 0.01 remains to pay');
      expect(await counts()).toEqual(before);
      expect((await pay(small.id, '0.01', 'DOC-3')).data?.recordDisbursement.contract).toEqual({ paidBaht: '1000.00', remainingBaht: '0.00' });
    });

    it('of two payments recorded at the same moment that together overpay, lets exactly one through', async () => {
      for (let round = 0; round < 3; round += 1) {
        const target = await contract('100.00');
        const before = await counts();
        const results = await Promise.all([pay(target.id, '60.00', `A-${round}`), pay(target.id, '60.00', `B-${round}`)]);
        const passed = results.filter((result) => result.data?.recordDisbursement);
        const refused = results.filter((result) => result.errors);
        expect(passed).toHaveLength(1);
        expect(refused).toHaveLength(1);
        expect(refused[0].errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        const after = await counts();
        expect(after.disbursements).toBe(before.disbursements + 1);
        expect(after.history).toBe(before.history + 1);
        const { data } = await subgraph.execute(CONTRACT, { variables: { id: target.id }, identity: N1_STAFF });
        expect(data?.contract).toMatchObject({ paidBaht: '60.00', remainingBaht: '40.00' });
      }
    });

    it('of many payments at once, takes exactly as many as the value holds', async () => {
      const target = await contract('100.00');
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => pay(target.id, '30.00', `MANY-${i}`)));
      expect(results.filter((result) => result.data?.recordDisbursement)).toHaveLength(3);
      const rows = await prisma.disbursement.findMany({ where: { contractId: target.id } });
      expect(rows.reduce((sum, row) => sum + Number(row.amountBaht), 0)).toBe(90);
      expect(await prisma.historyEntry.count({ where: { entityType: 'Disbursement', entityId: { in: rows.map((row) => row.id) } } })).toBe(3);
    });

    it.each([
      ['a GFMIS number already recorded on the contract', { gfmisDocumentNo: 'DUP-1' }, 'already recorded'],
      ['a payment before the contract was signed', { paidOn: '2025-10-01' }, 'paidOn must be between 2025-11-03'],
      ['a payment dated in the future', { paidOn: '2099-01-01' }, 'paidOn must be between'],
      ['a negative amount', { amountBaht: '-5' }, 'amountBaht must be an amount'],
      ['a GFMIS number with spaces inside', { gfmisDocumentNo: '31 0001' }, 'gfmisDocumentNo is a code'],
    ])('refuses %s with BAD_USER_INPUT, writing nothing', async (_label, overrides, hint) => {
      const target = await contract('1000');
      expect((await pay(target.id, '10', 'DUP-1')).errors).toBeUndefined();
      const before = await counts();
      const { errors } = await subgraph.execute(RECORD_DISBURSEMENT, {
        variables: { input: { contractId: target.id, paidOn: '2026-01-15', amountBaht: '10', gfmisDocumentNo: 'NEW-1', ...overrides } },
        identity: N1_STAFF,
      });
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0].message).toContain(hint);
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['the public', PUBLIC_IDENTITY, 'UNAUTHENTICATED'],
      ['OSM staff of another cluster', N2_STAFF, 'FORBIDDEN'],
      ['the Budget Bureau', BUDGET_BUREAU, 'FORBIDDEN'],
      ['a province officer', N1_PROVINCE, 'FORBIDDEN'],
    ])('refuses %s recording a disbursement, writing nothing', async (_who, identity, code) => {
      const target = await contract('1000');
      const before = await counts();
      const { errors } = await pay(target.id, '10', 'R-1', identity);
      expect(errors?.[0].extensions?.code).toBe(code);
      expect(await counts()).toEqual(before);
    });

    it('lets an admin record a payment in any cluster; an unknown contract is NOT_FOUND', async () => {
      const target = await contract('1000', { projectId: (await project({ clusterCode: 'S3' })).id }, ADMIN);
      expect((await pay(target.id, '10', 'ADM-1', ADMIN)).errors).toBeUndefined();
      const missing = await pay(randomUUID(), '10', 'ADM-2', ADMIN);
      expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('amendContract', () => {
    it('keeps the value before and after, and raising the value raises the cap on payments', async () => {
      const target = await contract('1000.00', { endsOn: '2026-06-30' });
      expect((await pay(target.id, '1000.00', 'AM-1')).errors).toBeUndefined();
      expect((await pay(target.id, '500.00', 'AM-2')).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const raised = await subgraph.execute(AMEND, {
        variables: { input: { contractId: target.id, version: 1, amendedOn: '2026-02-01', reason: 'เพิ่มงานรางระบายน้ำ', valueBaht: '1,500.00', endsOn: '2026-08-31' } },
        identity: N1_STAFF,
      });
      expect(raised.errors).toBeUndefined();
      expect(raised.data?.amendContract).toMatchObject({
        valueBaht: '1500.00',
        remainingBaht: '500.00',
        endsOn: '2026-08-31',
        version: 2,
        amendments: [{ amendedOn: '2026-02-01', reason: 'เพิ่มงานรางระบายน้ำ', valueBeforeBaht: '1000.00', valueAfterBaht: '1500.00', endsOnBefore: '2026-06-30', endsOnAfter: '2026-08-31' }],
      });
      expect((await pay(target.id, '500.00', 'AM-2')).errors).toBeUndefined();
      const history = await prisma.historyEntry.findMany({ where: { entityId: target.id, action: 'AMEND_CONTRACT' } });
      expect(history).toHaveLength(1);
      expect(history[0].before).toMatchObject({ valueBaht: '1000', version: 1 });
      expect(history[0].after).toMatchObject({ valueBaht: '1500', version: 2 });
    });

    it('lowering the value lowers the cap, and never below what was paid', async () => {
      const target = await contract('1000.00');
      expect((await pay(target.id, '600.00', 'LOW-1')).errors).toBeUndefined();
      const before = await counts();
      const tooLow = await subgraph.execute(AMEND, {
        variables: { input: { contractId: target.id, version: 1, amendedOn: '2026-02-01', reason: 'ลดขอบเขตงาน', valueBaht: '599.99' } },
        identity: N1_STAFF,
      });
      expect(tooLow.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(tooLow.errors?.[0].message).toContain('below what has been paid');
      expect(await counts()).toEqual(before);
      const lowered = await subgraph.execute(AMEND, {
        variables: { input: { contractId: target.id, version: 1, amendedOn: '2026-02-01', reason: 'ลดขอบเขตงาน', valueBaht: '700' } },
        identity: N1_STAFF,
      });
      expect(lowered.data?.amendContract).toMatchObject({ valueBaht: '700.00', remainingBaht: '100.00', amendments: [{ valueBeforeBaht: '1000.00', valueAfterBaht: '700.00' }] });
      expect((await pay(target.id, '100.01', 'LOW-2')).errors?.[0].message).toContain('at most 100.00 remains');
      expect((await pay(target.id, '100.00', 'LOW-3')).errors).toBeUndefined();
    });

    it('of an amendment lowering the value and a payment at the same moment that do not fit together, lets exactly one through', async () => {
      for (let round = 0; round < 3; round += 1) {
        const target = await contract('100.00');
        const [amended, paid] = await Promise.all([
          subgraph.execute(AMEND, { variables: { input: { contractId: target.id, version: 1, amendedOn: '2026-02-01', reason: 'ลดงาน', valueBaht: '50' } }, identity: N1_STAFF }),
          pay(target.id, '60.00', `RACE-${round}`),
        ]);
        expect(Boolean(amended.data?.amendContract) !== Boolean(paid.data?.recordDisbursement)).toBe(true);
        const { data } = await subgraph.execute(CONTRACT, { variables: { id: target.id }, identity: N1_STAFF });
        expect(Number(data?.contract.paidBaht)).toBeLessThanOrEqual(Number(data?.contract.valueBaht));
      }
    });

    it('refuses a stale version with CONFLICT and an amendment that changes nothing, writing nothing', async () => {
      const target = await contract('1000.00');
      const ok = await subgraph.execute(AMEND, { variables: { input: { contractId: target.id, version: 1, amendedOn: '2026-02-01', reason: 'ก', valueBaht: '1100' } }, identity: N1_STAFF });
      expect(ok.errors).toBeUndefined();
      const before = await counts();
      const stale = await subgraph.execute(AMEND, { variables: { input: { contractId: target.id, version: 1, amendedOn: '2026-02-01', reason: 'ข', valueBaht: '1200' } }, identity: N1_STAFF });
      expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
      const nothing = await subgraph.execute(AMEND, { variables: { input: { contractId: target.id, version: 2, amendedOn: '2026-02-01', reason: 'ค' } }, identity: N1_STAFF });
      expect(nothing.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const other = await subgraph.execute(AMEND, { variables: { input: { contractId: target.id, version: 2, amendedOn: '2026-02-01', reason: 'ง', valueBaht: '1' } }, identity: N2_STAFF });
      expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await counts()).toEqual(before);
    });
  });

  describe('Instalment', () => {
    it('numbers instalments, keeps their total within the value, and records their status', async () => {
      const target = await contract('1000.00');
      const first = await subgraph.execute(ADD_INSTALMENT, { variables: { input: { contractId: target.id, dueOn: '2026-01-31', amountBaht: '400' } }, identity: N1_STAFF });
      expect(first.data?.addInstalment).toMatchObject({ number: 1, dueOn: '2026-01-31', amountBaht: '400.00', status: 'SCHEDULED' });
      const second = await subgraph.execute(ADD_INSTALMENT, { variables: { input: { contractId: target.id, dueOn: '2026-03-31', amountBaht: '600' } }, identity: N1_STAFF });
      expect(second.data?.addInstalment.number).toBe(2);
      const before = await counts();
      const over = await subgraph.execute(ADD_INSTALMENT, { variables: { input: { contractId: target.id, dueOn: '2026-04-30', amountBaht: '0.01' } }, identity: N1_STAFF });
      expect(over.errors?.[0].message).toContain('more than the contract');
      const taken = await subgraph.execute(ADD_INSTALMENT, { variables: { input: { contractId: target.id, number: 1, dueOn: '2026-04-30', amountBaht: '1' } }, identity: ADMIN });
      expect(taken.errors?.[0].message).toContain('already has instalment 1');
      const forbidden = await subgraph.execute(SET_INSTALMENT, { variables: { input: { instalmentId: first.data?.addInstalment.id, status: 'MET' } }, identity: OTHER_AGENCY });
      expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await counts()).toEqual(before);
      const met = await subgraph.execute(SET_INSTALMENT, { variables: { input: { instalmentId: first.data?.addInstalment.id, status: 'PARTIALLY_MET' } }, identity: N1_STAFF });
      expect(met.data?.setInstalmentStatus).toMatchObject({ number: 1, status: 'PARTIALLY_MET' });
      expect(await prisma.historyEntry.count({ where: { entityId: first.data?.addInstalment.id } })).toBe(2);
    });
  });

  describe('reading contracts', () => {
    it('shows supplier tax id and bank account only to the cluster, the Budget Bureau and admins', async () => {
      const target = await contract('1000', { supplierTaxId: '0105556123456', supplierBankAccount: 'SCB 111-2-33333-4' });
      const read = async (identity?: Identity) => (await subgraph.execute(CONTRACT, { variables: { id: target.id }, identity })).data?.contract;
      for (const identity of [N1_STAFF, BUDGET_BUREAU, ADMIN]) {
        expect(await read(identity)).toMatchObject({ supplierTaxId: '0105556123456', supplierBankAccount: 'SCB 111-2-33333-4' });
      }
      for (const identity of [undefined, N2_STAFF, OTHER_AGENCY, N1_PROVINCE]) {
        const seen = await read(identity);
        expect(seen).toMatchObject({ valueBaht: '1000.00', supplierTaxId: null, supplierBankAccount: null });
      }
    });

    it("hides a contract from the public when its project is not public, but not from the project's cluster", async () => {
      const hiddenProject = await project();
      const target = await contract('1000', { projectId: hiddenProject.id });
      await prisma.project.update({ where: { id: hiddenProject.id }, data: { status: 'CANCELLED' } });
      expect((await subgraph.execute(CONTRACT, { variables: { id: target.id } })).data?.contract).toBeNull();
      expect((await subgraph.execute(CONTRACT, { variables: { id: target.id }, identity: N2_STAFF })).data?.contract).toBeNull();
      expect((await subgraph.execute(CONTRACT, { variables: { id: target.id }, identity: OTHER_AGENCY })).data?.contract).not.toBeNull();
      expect((await subgraph.execute(CONTRACT, { variables: { id: target.id }, identity: N1_PROVINCE })).data?.contract).not.toBeNull();
    });

    it("loads contracts, payments, instalments and amendments of many projects in the same number of statements", async () => {
      const QUERY = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Project { contracts { valueBaht paidBaht remainingBaht
        amendments { valueAfterBaht } instalments { amountBaht } disbursements { amountBaht } } } } }`;
      const projects: { id: string }[] = [];
      for (let i = 0; i < 4; i += 1) {
        const p = await project({ clusterCode: 'E2' });
        projects.push(p);
        const c = await contract('1000', { projectId: p.id }, ADMIN);
        await pay(c.id, '10', `N1-${i}`, ADMIN);
        await subgraph.execute(ADD_INSTALMENT, { variables: { input: { contractId: c.id, dueOn: '2026-03-31', amountBaht: '500' } }, identity: ADMIN });
      }
      const reps = (n: number) => projects.slice(0, n).map((p) => ({ __typename: 'Project', id: p.id }));
      const one = await subgraph.execute(QUERY, { variables: { reps: reps(1) }, identity: ADMIN });
      const four = await subgraph.execute(QUERY, { variables: { reps: reps(4) }, identity: ADMIN });
      expect(one.errors).toBeUndefined();
      expect(four.data?._entities).toHaveLength(4);
      expect(four.data?._entities[3].contracts[0]).toMatchObject({ paidBaht: '10.00', remainingBaht: '990.00' });
      expect(four.statements).toBe(one.statements);
    });
  });

  describe('Project.ocdsRelease', () => {
    it('exports the project as an OCDS release with awards, contracts, amendments, milestones and transactions', async () => {
      const p = await project();
      const c = await contract('2,000,000.50', { projectId: p.id, startsOn: '2025-11-10', endsOn: '2026-06-30', supplierTaxId: '0105556123456', supplierBankAccount: 'BBL 999-9-99999-9' });
      await subgraph.execute(ADD_INSTALMENT, { variables: { input: { contractId: c.id, dueOn: '2026-01-31', amountBaht: '1000000' } }, identity: N1_STAFF });
      await pay(c.id, '1,000,000.25', '3100012345');
      await subgraph.execute(AMEND, { variables: { input: { contractId: c.id, version: 1, amendedOn: '2026-02-01', reason: 'ขยายเวลา', endsOn: '2026-08-31' } }, identity: N1_STAFF });
      const QUERY = `query($id: ID!) { project(id: $id) { ocdsRelease } }`;
      const staff = (await subgraph.execute(QUERY, { variables: { id: p.id }, identity: N1_STAFF })).data?.project.ocdsRelease;
      expect(staff).toMatchObject({
        ocid: `ocds-osmhub-${p.id}`,
        tag: ['award', 'contract', 'contractAmendment', 'implementation'],
        initiationType: 'tender',
        planning: { budget: { amount: { amount: 50000000, currency: 'THB' }, projectID: p.code } },
        awards: [{ value: { amount: 2000000.5, currency: 'THB' }, suppliers: [{ id: 'TH-RD-0105556123456' }] }],
        contracts: [
          {
            id: c.id,
            status: 'active',
            dateSigned: '2025-11-03T00:00:00+07:00',
            period: { startDate: '2025-11-10T00:00:00+07:00', endDate: '2026-08-31T00:00:00+07:00' },
            milestones: [{ type: 'delivery', status: 'scheduled', value: { amount: 1000000, currency: 'THB' } }],
            implementation: { transactions: [{ source: 'urn:th-gfmis:3100012345', value: { amount: 1000000.25, currency: 'THB' } }] },
          },
        ],
      });
      expect(typeof staff.id).toBe('string');
      expect(typeof staff.date).toBe('string');
      expect(staff.contracts[0].amendments).toHaveLength(1);
      for (const identity of [undefined, N2_STAFF, OTHER_AGENCY, N1_STAFF, ADMIN]) {
        const release = (await subgraph.execute(QUERY, { variables: { id: p.id }, identity })).data?.project.ocdsRelease;
        expect(JSON.stringify(release)).not.toContain('999-9-99999-9');
        if (identity === undefined || identity === N2_STAFF || identity === OTHER_AGENCY) expect(JSON.stringify(release)).not.toContain('0105556123456');
      }
    });
  });
  describe('sample contracts', () => {
    it('loads contracts with amendments, instalments and disbursements once, marked isSample, some behind their instalments', async () => {
      await budgetSubgraph.seedSample?.(prisma);
      const loaded = await counts();
      await budgetSubgraph.seedSample?.(prisma);
      expect(await counts()).toEqual(loaded);
      const samples = await prisma.contract.findMany({ where: { isSample: true }, include: { disbursements: true, instalments: true } });
      expect(samples).toHaveLength(6);
      for (const sample of samples) {
        const paid = sample.disbursements.reduce((sum, d) => sum.plus(d.amountBaht), sample.valueBaht.minus(sample.valueBaht));
        expect(paid.lte(sample.valueBaht)).toBe(true);
        expect(sample.disbursements.every((d) => d.isSample) && sample.instalments.every((i) => i.isSample)).toBe(true);
      }
      expect(samples.flatMap((s) => s.instalments).filter((i) => i.status === 'NOT_MET').length).toBeGreaterThan(0);
      const { data } = await subgraph.execute(CONTRACT, { variables: { id: '5a301e00-2569-4000-8000-0000000c0101' } });
      expect(data?.contract).toMatchObject({
        contractNo: 'N1-ก 12/2569',
        valueBaht: '11800000.00',
        paidBaht: '8260000.00',
        remainingBaht: '3540000.00',
        supplierTaxId: null,
        amendments: [{ valueBeforeBaht: '11200000.00', valueAfterBaht: '11800000.00' }],
      });
    });
  });
});
