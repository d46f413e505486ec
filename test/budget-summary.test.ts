import { bangkokDate, fiscalQuarterOf, fiscalYearBounds, fiscalYearOf } from '../kit/fiscal';
import type { Identity } from '../kit/identity';
import { Prisma, type PrismaClient } from '../subgraphs/budget/generated/prisma/client';
import { budgetSubgraph } from '../subgraphs/budget/server';
import { strategySubgraph } from '../subgraphs/strategy/server';
import { plannedShare } from '../subgraphs/budget/summary/disbursement-plan';
import { ENGINES } from './support/databases';
import { signToken, startTestHub, type TestHub } from './support/hub';
import { createDraftPlan, type DraftPlan } from './support/strategy';
import { openTestSubgraph, type TestSubgraph } from './support/subgraph';

const ADMIN: Identity = { role: 'admin', subject: 'root' };
const BUDGET_BUREAU: Identity = { role: 'agency', agencyCode: 'BB', subject: 'bb' };
const SUMMARY = 'projectCount totalBaht byPhase { phase amountBaht } budgetBaht contractedBaht disbursedBaht disbursementRate plannedRate behindPlanBaht asOf fiscalYear';

describe('Thai fiscal years (kit/fiscal.ts)', () => {
  it.each([
    ['2025-09-30', 2568, 4],
    ['2025-10-01', 2569, 1],
    ['2025-12-31', 2569, 1],
    ['2026-01-01', 2569, 2],
    ['2026-03-31', 2569, 2],
    ['2026-04-01', 2569, 3],
    ['2026-06-30', 2569, 3],
    ['2026-07-01', 2569, 4],
    ['2026-09-30', 2569, 4],
    ['2026-10-01', 2570, 1],
  ])('puts %s in fiscal year %i, quarter %i', (date, fiscalYear, quarter) => {
    expect(fiscalQuarterOf(date)).toEqual({ fiscalYear, quarter });
    expect(fiscalYearOf(new Date(`${date}T00:00:00.000Z`))).toBe(fiscalYear);
  });

  it('reads an instant as its date in Bangkok (UTC+7)', () => {
    expect(bangkokDate(new Date('2025-09-30T16:59:59.999Z'))).toBe('2025-09-30');
    expect(fiscalQuarterOf(new Date('2025-09-30T16:59:59.999Z'))).toEqual({ fiscalYear: 2568, quarter: 4 });
    expect(fiscalQuarterOf(new Date('2025-09-30T17:00:00.000Z'))).toEqual({ fiscalYear: 2569, quarter: 1 });
  });

  it('gives the bounds of a fiscal year and refuses what is not a date', () => {
    expect(fiscalYearBounds(2569)).toEqual({ startsOn: '2025-10-01', endsOn: '2026-09-30' });
    expect(() => fiscalQuarterOf('2026-13-01')).toThrow(RangeError);
    expect(() => fiscalQuarterOf(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('the disbursement plan (reference data)', () => {
  it.each([
    ['2025-09-30', 'OPERATING', '0'],
    ['2025-12-30', 'OPERATING', '0'],
    ['2025-12-31', 'OPERATING', '0.32'],
    ['2026-03-31', 'OPERATING', '0.54'],
    ['2026-04-01', 'INVESTMENT', '0.45'],
    ['2026-07-15', null, '0.77'],
    ['2026-09-30', 'INVESTMENT', '1'],
    ['2027-01-01', 'OPERATING', '1'],
  ] as const)('expects at %s for a %s project a cumulative share of %s (the last quarter ended)', (asOf, kind, share) => {
    expect(plannedShare(2569, kind, asOf).toString()).toBe(share);
  });
});

describe.each(ENGINES)('budget summaries on %s', (engine) => {
  let subgraph: TestSubgraph<PrismaClient>;
  let client: PrismaClient;
  const run = async (query: string, identity?: Identity, variables?: Record<string, unknown>) => {
    const result = await subgraph.execute(query, { identity, variables });
    expect(result.errors).toBeUndefined();
    return result;
  };
  const createProject = async (input: Record<string, unknown>) =>
    (await run(`mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`, ADMIN, { input: { fiscalYear: 2569, nameTh: 'โครงการทดสอบ', ...input } })).data?.createProject.id as string;
  const addLine = (projectId: string, phase: string, category: string, amountBaht: string, identity: Identity = ADMIN) =>
    run(`mutation($input: AddBudgetLineInput!) { addBudgetLine(input: $input) { id } }`, identity, { input: { projectId, fiscalYear: 2569, phase, category, amountBaht } });
  /** Contracts and disbursements are helper B's writes; the summary reads their tables. */
  const contract = async (projectId: string, clusterCode: string, contractNo: string, valueBaht: string, signedOn: string, payments: [string, string][]) => {
    const row = await client.contract.create({
      data: { projectId, clusterCode, contractNo, supplierName: 'ห้างหุ้นส่วนจำกัด ทดสอบ', valueBaht: new Prisma.Decimal(valueBaht), signedOn: new Date(`${signedOn}T00:00:00.000Z`), createdBy: 'test' },
    });
    await client.disbursement.createMany({
      data: payments.map(([paidOn, amount], index) => ({ contractId: row.id, paidOn: new Date(`${paidOn}T00:00:00.000Z`), amountBaht: new Prisma.Decimal(amount), gfmisDocumentNo: `${contractNo}-${index}`, createdBy: 'test' })),
    });
  };

  beforeAll(async () => {
    subgraph = await openTestSubgraph(budgetSubgraph, engine, { peers: [strategySubgraph] });
    client = subgraph.database.client;
  });
  afterAll(() => subgraph?.close());

  describe('past ten billion baht', () => {
    let big: string;
    let small: string;
    let ISSUE: string;
    beforeAll(async () => {
      ISSUE = (await createDraftPlan(subgraph.peers.strategy!, 'S3')).issueId;
      big = await createProject({ clusterCode: 'S3', amountBaht: '20,000,000,000.00', kind: 'INVESTMENT', provinceCodes: ['94'], strategicIssueId: ISSUE, agencyCode: 'OPS-MOI' });
      small = await createProject({ clusterCode: 'S3', amountBaht: '1000000', kind: 'OPERATING', provinceCodes: ['94', '95'], strategicIssueId: ISSUE });
      await addLine(big, 'REQUESTED', 'INVESTMENT', '12,000,000,000.00');
      await addLine(big, 'APPROVED', 'INVESTMENT', '9,999,999,999.99', BUDGET_BUREAU);
      await addLine(big, 'APPROVED', 'OPERATING', '0.01', BUDGET_BUREAU);
      await addLine(small, 'APPROVED', 'OPERATING', '1000000.00', BUDGET_BUREAU);
      await addLine(small, 'ADJUSTED', 'OPERATING', '800000.00');
      await contract(big, 'S3', 'S3-69-001', '6000000000.00', '2025-12-01', [['2026-01-10', '1000000000.00'], ['2026-03-15', '500000000.00'], ['2026-05-01', '100.00']]);
      await contract(small, 'S3', 'S3-69-002', '700000.00', '2026-01-05', [['2026-02-01', '500000.00']]);
      await contract(small, 'S3', 'S3-68-009', '99.00', '2025-09-30', [['2025-09-30', '99.00']]);
    });

    it('sums a cluster exactly: phases, contracts, disbursements, the rate and how far behind plan', async () => {
      const { data } = await run(`{ _entities(representations: [{ __typename: "Cluster", code: "S3" }]) { ... on Cluster { budget(fiscalYear: 2569, asOf: "2026-04-01") { ${SUMMARY} } } } }`);
      expect(data?._entities[0].budget).toEqual({
        fiscalYear: 2569,
        asOf: '2026-04-01',
        projectCount: 2,
        totalBaht: '20001000000.00',
        byPhase: [
          { phase: 'REQUESTED', amountBaht: '12000000000.00' },
          { phase: 'APPROVED', amountBaht: '10001000000.00' },
          { phase: 'ADJUSTED', amountBaht: '800000.00' },
          { phase: 'EXECUTED', amountBaht: '0.00' },
        ],
        // the big project's APPROVED lines, the small one's ADJUSTED line (it replaces APPROVED)
        budgetBaht: '10000800000.00',
        // contracts signed in 2569 only (S3-68-009 was signed in 2568)
        contractedBaht: '6000700000.00',
        // paid from 1 Oct 2025 up to asOf; the 2026-05-01 payment is later, the 2025-09-30 one earlier
        disbursedBaht: '1500500000.00',
        disbursementRate: '15.00',
        // Q2 ended: investment 45 % of 10,000,000,000 + overall 54 % of 800,000
        plannedRate: '45.00',
        behindPlanBaht: '2999932000.00',
      });
    });

    it('gives each project its own rate, never a negative behind-plan amount, and everything once the year is over', async () => {
      const { data } = await run(
        `{ project(id: "${small}") { april: budget(fiscalYear: 2569, asOf: "2026-04-01") { disbursedBaht disbursementRate plannedRate behindPlanBaht } december: budget(fiscalYear: 2569, asOf: "2025-12-30") { plannedRate behindPlanBaht } }
           big: project(id: "${big}") { budget(fiscalYear: 2569, asOf: "2026-10-15") { disbursedBaht plannedRate behindPlanBaht } } }`,
        ADMIN,
      );
      expect(data?.project.april).toEqual({ disbursedBaht: '500000.00', disbursementRate: '62.50', plannedRate: '54.00', behindPlanBaht: '0.00' });
      expect(data?.project.december).toEqual({ plannedRate: '0.00', behindPlanBaht: '0.00' });
      expect(data?.big.budget).toEqual({ disbursedBaht: '1500000100.00', plannedRate: '100.00', behindPlanBaht: '8499999900.00' });
    });

    it('summarises a province, a strategic issue and an agency, for the public too', async () => {
      const { data } = await run(`{ _entities(representations: [
          { __typename: "Province", code: "95" }, { __typename: "Province", code: "94" },
          { __typename: "StrategicIssue", id: "${ISSUE}" }, { __typename: "Agency", code: "OPS-MOI" }, { __typename: "Agency", code: "BB" }]) {
        ... on Province { budget(fiscalYear: 2569, asOf: "2026-04-01") { projectCount budgetBaht disbursedBaht } }
        ... on StrategicIssue { budget(fiscalYear: 2569, asOf: "2026-04-01") { projectCount budgetBaht behindPlanBaht } }
        ... on Agency { budget(fiscalYear: 2569, asOf: "2026-04-01") { projectCount budgetBaht disbursementRate } } } }`);
      expect(data?._entities).toEqual([
        { budget: { projectCount: 1, budgetBaht: '800000.00', disbursedBaht: '500000.00' } },
        { budget: { projectCount: 2, budgetBaht: '10000800000.00', disbursedBaht: '1500500000.00' } },
        { budget: { projectCount: 2, budgetBaht: '10000800000.00', behindPlanBaht: '2999932000.00' } },
        { budget: { projectCount: 1, budgetBaht: '10000000000.00', disbursementRate: '15.00' } },
        { budget: { projectCount: 0, budgetBaht: '0.00', disbursementRate: null } },
      ]);
    });

    it('refuses a malformed fiscal year or date with BAD_USER_INPUT', async () => {
      const year = await subgraph.execute('{ _entities(representations: [{ __typename: "Cluster", code: "S3" }]) { ... on Cluster { budget(fiscalYear: 2026) { totalBaht } } } }');
      expect(year.errors?.[0].message).toContain('Did you mean 2569');
      const date = await subgraph.execute('{ _entities(representations: [{ __typename: "Cluster", code: "S3" }]) { ... on Cluster { budget(fiscalYear: 2569, asOf: "1/4/2026") { totalBaht } } } }');
      expect(date.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });
    });
  });

  describe('statements per request', () => {
    /** Creates `count` projects in a cluster, each with lines in every phase, a contract and two payments, serving one issue and one indicator. */
    const populate = async (clusterCode: string, province: string, plan: DraftPlan, count: number) => {
      for (let index = 0; index < count; index += 1) {
        const id = await createProject({ clusterCode, amountBaht: '100.00', kind: index % 2 ? 'INVESTMENT' : 'OPERATING', provinceCodes: [province], strategicIssueId: plan.issueId, indicatorIds: [plan.indicatorId], agencyCode: `AG-${clusterCode}` });
        for (const phase of ['REQUESTED', 'APPROVED', 'ADJUSTED', 'EXECUTED']) await addLine(id, phase, 'OPERATING', '10.00');
        await contract(id, clusterCode, `${clusterCode}-${index}`, '9.00', '2026-01-01', [['2026-01-15', '1.00'], ['2026-02-15', '2.00']]);
      }
    };
    const read = (clusterCode: string, province: string, issue: string) =>
      run(
        `{ projects(filter: { clusterCode: "${clusterCode}" }, first: 100) { totalCount edges { node { code provinces { code } indicators { id } agency { code } budgetLines { phase amountBaht }
             budget(fiscalYear: 2569, asOf: "2026-04-01") { disbursedBaht behindPlanBaht } } } }
           _entities(representations: [{ __typename: "Cluster", code: "${clusterCode}" }, { __typename: "Province", code: "${province}" }, { __typename: "StrategicIssue", id: "${issue}" }, { __typename: "Agency", code: "AG-${clusterCode}" }]) {
             ... on Cluster { budget(fiscalYear: 2569, asOf: "2026-04-01") { ${SUMMARY} } clusterProjects: projects { code } }
             ... on Province { budget(fiscalYear: 2569, asOf: "2026-04-01") { disbursedBaht } }
             ... on StrategicIssue { budget(fiscalYear: 2569, asOf: "2026-04-01") { disbursedBaht } projects { edges { node { code } } } }
             ... on Agency { budget(fiscalYear: 2569, asOf: "2026-04-01") { disbursedBaht } } } }`,
        ADMIN,
      );

    it('are as many for 10 projects with their lines, contracts and payments as for 1', async () => {
      const onePlan = await createDraftPlan(subgraph.peers.strategy!, 'S1');
      const tenPlan = await createDraftPlan(subgraph.peers.strategy!, 'NE2');
      await populate('S1', '80', onePlan, 1);
      await populate('NE2', '47', tenPlan, 10);
      const one = await read('S1', '80', onePlan.issueId);
      const ten = await read('NE2', '47', tenPlan.issueId);
      expect(one.data?.projects.totalCount).toBe(1);
      expect(ten.data?.projects.totalCount).toBe(10);
      expect(ten.data?._entities[0].budget).toMatchObject({ projectCount: 10, disbursedBaht: '30.00', budgetBaht: '100.00' });
      expect(ten.statements).toBe(one.statements);
    });
  });
});

describe.each(ENGINES)('budget through the gateway on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(engine, undefined, { SEED_SAMPLE_DATA: 'true' });
  });
  afterAll(() => hub?.close());

  it("answers in one query N1's published plan's strategic issues, each with its projects and its 2569 budget", async () => {
    const { data, errors } = await hub.query(`{
      cluster(code: "N1") {
        plans(filter: { status: PUBLISHED }, first: 1) { edges { node { titleTh strategicIssues {
          titleTh
          projects(first: 10) { edges { node { code nameTh status } } }
          budget(fiscalYear: 2569, asOf: "2026-04-01") { byPhase { phase amountBaht } contractedBaht disbursedBaht disbursementRate behindPlanBaht }
        } } } }
      } }`);
    expect(errors).toBeUndefined();
    const issues = data?.cluster.plans.edges[0].node.strategicIssues;
    expect(issues).toHaveLength(3);
    expect(issues.map((issue: any) => issue.projects.edges.map((edge: any) => edge.node.code))).toEqual([['N1-2569-001'], ['N1-2569-002'], ['N1-2569-003']]);
    expect(issues[0].budget.byPhase.find((row: any) => row.phase === 'APPROVED')).toEqual({ phase: 'APPROVED', amountBaht: '11500000.00' });
    for (const issue of issues) expect(Object.keys(issue.budget).sort()).toEqual(['behindPlanBaht', 'byPhase', 'contractedBaht', 'disbursedBaht', 'disbursementRate']);
  });

  it("checks a new project's strategic issue with the strategy subgraph, as the caller, inside the embedded hub", async () => {
    const create = `mutation($input: CreateProjectInput!) { createProject(input: $input) { code strategicIssue { id } } }`;
    const input = (strategicIssueId: string) => ({ clusterCode: 'N1', fiscalYear: 2569, nameTh: 'โครงการผ่านเกตเวย์', amountBaht: '1000.00', strategicIssueId });
    const token = await signToken({ role: 'osm-staff', cluster: 'N1' });
    const own = await hub.query(create, { token, variables: { input: input('5a3e0001-2566-4000-8001-000000000002') } });
    expect(own.errors).toBeUndefined();
    expect(own.data?.createProject.strategicIssue).toEqual({ id: '5a3e0001-2566-4000-8001-000000000002' });
    const foreign = await hub.query(create, { token, variables: { input: input('5a3e0002-2566-4000-8001-000000000001') } });
    expect(foreign.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'strategicIssueId' });
    expect(foreign.errors?.[0].message).toContain('cluster N2');
  });
});
