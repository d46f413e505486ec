import clustersFile from '../prisma/strategy/seed/clusters.json';
import { CLUSTER_PROVINCES, clusterOfProvince } from '../kit/clusters';
import type { Identity } from '../kit/identity';
import type { PrismaClient } from '../subgraphs/budget/generated/prisma/client';
import { budgetSubgraph } from '../subgraphs/budget/server';
import { strategySubgraph } from '../subgraphs/strategy/server';
import { ENGINES } from './support/databases';
import { createDraftPlan, type DraftPlan } from './support/strategy';
import { openTestSubgraph, type TestSubgraph } from './support/subgraph';

const ADMIN: Identity = { role: 'admin', subject: 'root' };
const N1_STAFF: Identity = { role: 'osm-staff', clusterCode: 'N1', subject: 'somchai' };
const N2_STAFF: Identity = { role: 'osm-staff', clusterCode: 'N2', subject: 'malee' };
const CHIANG_MAI_OFFICER: Identity = { role: 'province-officer', provinceCode: '50', subject: 'prasit' };
const KHON_KAEN_OFFICER: Identity = { role: 'province-officer', provinceCode: '40', subject: 'wanida' };
const BUDGET_BUREAU: Identity = { role: 'agency', agencyCode: 'BB', subject: 'bb-officer' };
const NESDC: Identity = { role: 'agency', agencyCode: 'NESDC', subject: 'nesdc-officer' };

/** A strategic issue and an indicator of the sample PUBLISHED plan of N1, and of N2's (strategy's sample.json). */
const ISSUE = '5a3e0001-2566-4000-8001-000000000001';
const INDICATOR = '5a3e0001-2566-4000-8003-000000000002';
const N2_ISSUE = '5a3e0002-2566-4000-8001-000000000001';
const N2_INDICATOR = '5a3e0002-2566-4000-8003-000000000001';

const FIELDS = 'id code status version fiscalYear nameTh nameEn amountBaht kind startsOn endsOn emenscrId cancelReason provinces { code } strategicIssue { id } indicators { id } agency { code } cluster { code }';
const CREATE = `mutation($input: CreateProjectInput!) { createProject(input: $input) { ${FIELDS} } }`;
const TRANSITION = `mutation($input: TransitionProjectInput!) { transitionProject(input: $input) { id status version cancelReason } }`;
const ADD_LINE = `mutation($input: AddBudgetLineInput!) { addBudgetLine(input: $input) { id fiscalYear phase category amountBaht } }`;

const input = (overrides: Record<string, unknown> = {}) => ({
  clusterCode: 'N1',
  fiscalYear: 2569,
  nameTh: 'โครงการพัฒนาเส้นทางท่องเที่ยวเชิงวัฒนธรรมล้านนา',
  amountBaht: '12500000.00',
  ...overrides,
});

describe.each(ENGINES)('budget projects on %s', (engine) => {
  let subgraph: TestSubgraph<PrismaClient>;
  const rows = async () => {
    const client = subgraph.database.client;
    const [projects, lines, history, provinces, indicators] = await Promise.all([
      client.project.count(),
      client.budgetLine.count(),
      client.historyEntry.count(),
      client.projectProvince.count(),
      client.projectIndicator.count(),
    ]);
    return { projects, lines, history, provinces, indicators };
  };
  const create = async (overrides: Record<string, unknown>, identity: Identity = ADMIN) => {
    const result = await subgraph.execute(CREATE, { variables: { input: input(overrides) }, identity });
    expect(result.errors).toBeUndefined();
    return result.data?.createProject as { id: string; code: string; version: number; status: string };
  };
  const move = (projectId: string, to: string, identity: Identity = ADMIN, extra: Record<string, unknown> = {}) =>
    subgraph.execute(TRANSITION, { variables: { input: { projectId, to, ...extra } }, identity });
  const moveTo = async (projectId: string, path: string[]) => {
    for (const to of path) expect((await move(projectId, to)).errors).toBeUndefined();
  };

  /** A DRAFT plan of N4 in strategy, made as an admin. */
  let n4: DraftPlan;

  beforeAll(async () => {
    // budget asks a real strategy subgraph (HTTP, same engine, sample plans loaded) about issues and indicators.
    subgraph = await openTestSubgraph(budgetSubgraph, engine, { peers: [strategySubgraph] });
    n4 = await createDraftPlan(subgraph.peers.strategy!, 'N4');
  });
  afterAll(() => subgraph?.close());

  describe('createProject', () => {
    it('records every new field, generates the code, and writes one history row in the same transaction', async () => {
      const before = await rows();
      const { data, errors } = await subgraph.execute(CREATE, {
        variables: {
          input: input({
            clusterCode: 'n1',
            nameEn: 'Lanna cultural routes',
            amountBaht: '1,250,000.50',
            provinceCodes: ['50', '52'],
            strategicIssueId: ISSUE,
            indicatorIds: [INDICATOR],
            agencyCode: 'ops-moi',
            kind: 'INVESTMENT',
            startsOn: '2025-11-01',
            endsOn: '2026-09-30',
            emenscrId: 'CM 0017-69-0001',
          }),
        },
        identity: N1_STAFF,
      });
      expect(errors).toBeUndefined();
      expect(data?.createProject).toMatchObject({
        code: 'N1-2569-001',
        status: 'PROPOSED',
        version: 1,
        amountBaht: '1250000.50',
        kind: 'INVESTMENT',
        startsOn: '2025-11-01',
        endsOn: '2026-09-30',
        emenscrId: 'CM 0017-69-0001',
        provinces: [{ code: '50' }, { code: '52' }],
        strategicIssue: { id: ISSUE },
        indicators: [{ id: INDICATOR }],
        agency: { code: 'OPS-MOI' },
        cluster: { code: 'N1' },
      });
      expect(await rows()).toEqual({ ...before, projects: before.projects + 1, history: before.history + 1, provinces: before.provinces + 2, indicators: before.indicators + 1 });
      const history = await subgraph.execute(`{ budgetHistory(entityId: "${data?.createProject.id}") { totalCount edges { node { action actor actorRole before after } } } }`, { identity: N1_STAFF });
      expect(history.errors).toBeUndefined();
      expect(history.data?.budgetHistory.edges[0].node).toMatchObject({ action: 'CREATE_PROJECT', actor: 'somchai', actorRole: 'osm-staff', before: null });
      expect(JSON.parse(history.data?.budgetHistory.edges[0].node.after)).toMatchObject({ code: 'N1-2569-001', amountBaht: '1250000.5', provinceCodes: ['50', '52'] });
    });

    it('gives concurrent creations distinct generated codes, retrying when two compute the same one', async () => {
      const results = await Promise.all(Array.from({ length: 6 }, () => subgraph.execute(CREATE, { variables: { input: input({ clusterCode: 'C3' }) }, identity: ADMIN })));
      expect(results.map((result) => result.errors)).toEqual(results.map(() => undefined));
      expect(results.map((result) => result.data?.createProject.code).sort()).toEqual(['C3-2569-001', 'C3-2569-002', 'C3-2569-003', 'C3-2569-004', 'C3-2569-005', 'C3-2569-006']);
    });

    it('refuses a code the cluster already has with CONFLICT, writing nothing; another cluster may use it', async () => {
      await create({ clusterCode: 'C4', code: 'C4-FLOOD-01' });
      const before = await rows();
      const again = await subgraph.execute(CREATE, { variables: { input: input({ clusterCode: 'C4', code: 'c4-flood-01' }) }, identity: ADMIN });
      expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(await rows()).toEqual(before);
      expect((await create({ clusterCode: 'C1', code: 'C4-FLOOD-01' })).code).toBe('C4-FLOOD-01');
    });

    it.each([
      ['comma decimals', { amountBaht: '12,50' }, 'amountBaht'],
      ['groups not of three', { amountBaht: '1,2,3' }, 'amountBaht'],
      ['an exponent', { amountBaht: '1e3' }, 'amountBaht'],
      ['a negative amount', { amountBaht: '-5' }, 'amountBaht'],
      ['three decimals', { amountBaht: '10.005' }, 'amountBaht'],
      ['Thai digits', { amountBaht: '๑๒๓' }, 'amountBaht'],
      ['a province of another cluster', { provinceCodes: ['40'] }, 'provinceCodes'],
      ['a province twice', { provinceCodes: ['50', '50'] }, 'provinceCodes'],
      ['an end before the start', { startsOn: '2026-05-01', endsOn: '2026-04-30' }, 'endsOn'],
      ['a Buddhist Era date', { startsOn: '2569-05-01' }, 'startsOn'],
      ['a malformed strategic issue id', { strategicIssueId: 'issue-1' }, 'strategicIssueId'],
      ['a malformed indicator id', { indicatorIds: ['x'] }, 'indicatorIds'],
      ['a malformed agency code', { agencyCode: 'B B' }, 'agencyCode'],
      ['a malformed code', { code: 'N1/2569' }, 'code'],
    ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_label, bad, field) => {
      const before = await rows();
      const { data, errors } = await subgraph.execute(CREATE, { variables: { input: input(bad) }, identity: ADMIN });
      expect(data).toEqual({ createProject: null });
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await rows()).toEqual(before);
    });

    it('lets a province officer propose a project for its own province only', async () => {
      const own = await subgraph.execute(CREATE, { variables: { input: input({ provinceCodes: ['50'] }) }, identity: CHIANG_MAI_OFFICER });
      expect(own.errors).toBeUndefined();
      expect(own.data?.createProject).toMatchObject({ status: 'PROPOSED', provinces: [{ code: '50' }] });
      const before = await rows();
      for (const bad of [{ provinceCodes: ['51'] }, { provinceCodes: ['50', '51'] }, {}, { clusterCode: 'N2', provinceCodes: ['50'] }]) {
        const refused = await subgraph.execute(CREATE, { variables: { input: input(bad) }, identity: CHIANG_MAI_OFFICER });
        expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
      const outside = await subgraph.execute(CREATE, { variables: { input: input({ provinceCodes: ['50'] }) }, identity: KHON_KAEN_OFFICER });
      expect(outside.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await rows()).toEqual(before);
    });

    it('refuses the public, staff of another cluster and agencies, writing nothing', async () => {
      const before = await rows();
      const codes = [];
      for (const identity of [undefined, N2_STAFF, BUDGET_BUREAU, NESDC]) {
        codes.push((await subgraph.execute(CREATE, { variables: { input: input() }, identity })).errors?.[0].extensions?.code);
      }
      expect(codes).toEqual(['UNAUTHENTICATED', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
      expect(await rows()).toEqual(before);
    });
  });

  describe('transitionProject', () => {
    it('moves a project one step at a time, raising its version and recording each move', async () => {
      const project = await create({ clusterCode: 'N3' });
      const screened = await move(project.id, 'SCREENED', ADMIN, { version: 1 });
      expect(screened.errors).toBeUndefined();
      expect(screened.data?.transitionProject).toMatchObject({ status: 'SCREENED', version: 2 });
      const history = await subgraph.execute(`{ budgetHistory(entityId: "${project.id}") { edges { node { action } } } }`, { identity: ADMIN });
      expect(history.data?.budgetHistory.edges.map((edge: any) => edge.node.action)).toEqual(['CREATE_PROJECT', 'TRANSITION_PROJECT']);
    });

    it('refuses an illegal move with BAD_USER_INPUT naming the allowed ones, and a stale version with CONFLICT', async () => {
      const project = await create({ clusterCode: 'N3' });
      const before = await rows();
      const skip = await move(project.id, 'APPROVED');
      expect(skip.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
      expect(skip.errors?.[0].message).toBe('A project in PROPOSED can move to SCREENED or CANCELLED; got APPROVED.');
      const stale = await move(project.id, 'SCREENED', ADMIN, { version: 7 });
      expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 1 });
      expect(await rows()).toEqual(before);
    });

    it('needs a reason to cancel, keeps it, and makes CANCELLED final', async () => {
      const project = await create({ clusterCode: 'N3' });
      const bare = await move(project.id, 'CANCELLED', ADMIN, { reason: '   ' });
      expect(bare.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
      const cancelled = await move(project.id, 'CANCELLED', ADMIN, { reason: 'งบประมาณไม่เพียงพอ' });
      expect(cancelled.data?.transitionProject).toMatchObject({ status: 'CANCELLED', cancelReason: 'งบประมาณไม่เพียงพอ' });
      const after = await move(project.id, 'PROPOSED');
      expect(after.errors?.[0].message).toBe('A project in CANCELLED is final and cannot move to PROPOSED.');
    });

    it('lets the Budget Bureau approve a REQUESTED project, and nothing else; others may not move it', async () => {
      const project = await create({ clusterCode: 'N3' });
      expect((await move(project.id, 'SCREENED', BUDGET_BUREAU)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      await moveTo(project.id, ['SCREENED', 'PRIORITISED']);
      expect((await move(project.id, 'APPROVED', BUDGET_BUREAU)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      await moveTo(project.id, ['REQUESTED']);
      for (const identity of [NESDC, N2_STAFF, CHIANG_MAI_OFFICER]) expect((await move(project.id, 'APPROVED', identity)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const approved = await move(project.id, 'APPROVED', BUDGET_BUREAU);
      expect(approved.errors).toBeUndefined();
      expect(approved.data?.transitionProject.status).toBe('APPROVED');
    });
  });

  describe('reading', () => {
    let proposed: string;
    let approved: string;
    beforeAll(async () => {
      proposed = (await create({ clusterCode: 'N4', nameTh: 'โครงการเสนอใหม่', provinceCodes: ['60'] })).id;
      approved = (await create({ clusterCode: 'N4', nameTh: 'โครงการอนุมัติแล้ว', nameEn: 'Approved river project', provinceCodes: ['62'], strategicIssueId: n4.issueId, agencyCode: 'OPS-MOI' })).id;
      await moveTo(approved, ['SCREENED', 'PRIORITISED', 'REQUESTED', 'APPROVED']);
    });
    const visible = async (identity?: Identity) => {
      const { data, errors } = await subgraph.execute(`{ projects(filter: { clusterCode: "N4" }) { totalCount edges { node { id } } } p: project(id: "${proposed}") { id } }`, { identity });
      expect(errors).toBeUndefined();
      return { listed: data?.projects.edges.map((edge: any) => edge.node.id).sort(), proposed: data?.p?.id ?? null, total: data?.projects.totalCount };
    };

    it('shows the public projects from APPROVED on only; the cluster, its province officers, agencies and admins see all', async () => {
      const all = [proposed, approved].sort();
      expect(await visible()).toEqual({ listed: [approved], proposed: null, total: 1 });
      expect(await visible(N2_STAFF)).toEqual({ listed: [approved], proposed: null, total: 1 });
      expect(await visible({ role: 'osm-staff', clusterCode: 'N4' })).toEqual({ listed: all, proposed, total: 2 });
      expect(await visible({ role: 'province-officer', provinceCode: '66' })).toEqual({ listed: all, proposed, total: 2 });
      expect(await visible(CHIANG_MAI_OFFICER)).toEqual({ listed: [approved], proposed: null, total: 1 });
      expect(await visible(NESDC)).toEqual({ listed: all, proposed, total: 2 });
      expect(await visible(BUDGET_BUREAU)).toEqual({ listed: all, proposed, total: 2 });
      expect(await visible(ADMIN)).toEqual({ listed: all, proposed, total: 2 });
    });

    it('filters by province, status, strategic issue, agency, fiscal year and Thai or English text', async () => {
      const ids = async (filter: string) => {
        const { data, errors } = await subgraph.execute(`{ projects(filter: { clusterCode: "N4", ${filter} }) { edges { node { id } } } }`, { identity: ADMIN });
        expect(errors).toBeUndefined();
        return data?.projects.edges.map((edge: any) => edge.node.id);
      };
      expect(await ids('provinceCode: "60"')).toEqual([proposed]);
      expect(await ids('statuses: [APPROVED, COMPLETED]')).toEqual([approved]);
      expect(await ids(`strategicIssueId: "${n4.issueId}"`)).toEqual([approved]);
      expect(await ids('agencyCode: "ops-moi"')).toEqual([approved]);
      expect(await ids('fiscalYear: 2570')).toEqual([]);
      expect(await ids('search: "เสนอ"')).toEqual([proposed]);
      expect(await ids('search: "RIVER"')).toEqual([approved]);
    });

    it('pages oldest first by default and newest first on request, with stable cursors', async () => {
      const page = async (order: string, after?: string) => {
        const { data, errors } = await subgraph.execute(
          `query($after: String) { projects(filter: { clusterCode: "N4" }, order: ${order}, first: 1, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
          { identity: ADMIN, variables: { after } },
        );
        expect(errors).toBeUndefined();
        return data?.projects;
      };
      const first = await page('OLDEST_FIRST');
      expect(first).toMatchObject({ totalCount: 2, edges: [{ node: { id: proposed } }], pageInfo: { hasNextPage: true } });
      expect((await page('OLDEST_FIRST', first.pageInfo.endCursor)).edges).toEqual([{ node: { id: approved } }]);
      const newest = await page('NEWEST_FIRST');
      expect(newest.edges).toEqual([{ node: { id: approved } }]);
      expect(await page('NEWEST_FIRST', newest.pageInfo.endCursor)).toMatchObject({ edges: [{ node: { id: proposed } }], pageInfo: { hasNextPage: false } });
    });

    it('lists the projects serving a strategic issue or an indicator, as the caller may read them', async () => {
      const query = `{ _entities(representations: [{ __typename: "StrategicIssue", id: "${n4.issueId}" }, { __typename: "StrategicIssue", id: "${ISSUE}" }, { __typename: "Indicator", id: "${INDICATOR}" }]) {
        ... on StrategicIssue { projects { totalCount edges { node { code } } } }
        ... on Indicator { projects { totalCount } } } }`;
      const publicView = await subgraph.execute(query);
      expect(publicView.errors).toBeUndefined();
      expect(publicView.data?._entities.map((entity: { projects: { totalCount: number } }) => entity.projects.totalCount)).toEqual([1, 0, 0]);
      const adminView = await subgraph.execute(query, { identity: ADMIN });
      expect(adminView.data?._entities.map((entity: { projects: { totalCount: number } }) => entity.projects.totalCount)).toEqual([1, 1, 1]);
    });

    it('lets only the cluster staff and admins read a project history', async () => {
      const query = `{ budgetHistory(entityId: "${approved}") { totalCount } }`;
      expect((await subgraph.execute(query, { identity: { role: 'osm-staff', clusterCode: 'N4' } })).data?.budgetHistory.totalCount).toBe(5);
      expect((await subgraph.execute(query)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      for (const identity of [N2_STAFF, BUDGET_BUREAU, CHIANG_MAI_OFFICER]) expect((await subgraph.execute(query, { identity })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('addBudgetLine', () => {
    let projectId: string;
    beforeAll(async () => {
      projectId = (await create({ clusterCode: 'NE1', nameTh: 'โครงการงบประมาณ' })).id;
    });
    const line = (phase: string, overrides: Record<string, unknown> = {}) => ({ projectId, fiscalYear: 2569, phase, category: 'OPERATING', amountBaht: '1,000,000.25', ...overrides });
    const add = (identity: Identity | undefined, phase: string, overrides: Record<string, unknown> = {}) =>
      subgraph.execute(ADD_LINE, { variables: { input: line(phase, overrides) }, identity });

    it('lets the cluster staff record REQUESTED, ADJUSTED and EXECUTED lines, and the Budget Bureau APPROVED ones', async () => {
      const staff: Identity = { role: 'osm-staff', clusterCode: 'NE1', subject: 'staff' };
      for (const phase of ['REQUESTED', 'ADJUSTED', 'EXECUTED']) {
        const { data, errors } = await add(staff, phase);
        expect(errors).toBeUndefined();
        expect(data?.addBudgetLine).toMatchObject({ phase, category: 'OPERATING', amountBaht: '1000000.25', fiscalYear: 2569 });
      }
      expect((await add(BUDGET_BUREAU, 'APPROVED')).errors).toBeUndefined();
      expect((await add(ADMIN, 'APPROVED', { category: 'INVESTMENT' })).errors).toBeUndefined();
      const { data } = await subgraph.execute(`{ project(id: "${projectId}") { budgetLines(fiscalYear: 2569) { phase category amountBaht } } }`, { identity: ADMIN });
      expect(data?.project.budgetLines).toHaveLength(5);
    });

    it('refuses each role that may not record a phase, writing nothing, history included', async () => {
      const before = await rows();
      const cases: [Identity | undefined, string, string][] = [
        [undefined, 'REQUESTED', 'UNAUTHENTICATED'],
        [undefined, 'APPROVED', 'UNAUTHENTICATED'],
        [{ role: 'osm-staff', clusterCode: 'NE1' }, 'APPROVED', 'FORBIDDEN'],
        [N2_STAFF, 'REQUESTED', 'FORBIDDEN'],
        [NESDC, 'APPROVED', 'FORBIDDEN'],
        [BUDGET_BUREAU, 'REQUESTED', 'FORBIDDEN'],
        [{ role: 'province-officer', provinceCode: '42' }, 'REQUESTED', 'FORBIDDEN'],
      ];
      for (const [identity, phase, code] of cases) {
        const { errors } = await add(identity, phase, { fiscalYear: 2570 });
        expect([identity?.role, phase, errors?.[0].extensions?.code]).toEqual([identity?.role, phase, code]);
      }
      expect(await rows()).toEqual(before);
    });

    it('keeps one line per year, phase and category: a second is CONFLICT and changes nothing', async () => {
      const before = await rows();
      const again = await add(ADMIN, 'REQUESTED', { amountBaht: '5.00' });
      expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(await rows()).toEqual(before);
    });

    it.each([['12,50'], ['1,2,3'], ['1e3'], ['-5'], ['0.001'], ['']])('refuses the amount %j with BAD_USER_INPUT', async (amountBaht) => {
      const before = await rows();
      const { errors } = await add(ADMIN, 'EXECUTED', { fiscalYear: 2571, amountBaht });
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amountBaht' });
      expect(await rows()).toEqual(before);
    });
  });

  describe('the strategic issue and indicators, checked with the strategy subgraph', () => {
    const refused = async (overrides: Record<string, unknown>, identity: Identity = ADMIN) => {
      const before = await rows();
      const { data, errors } = await subgraph.execute(CREATE, { variables: { input: input(overrides) }, identity });
      expect(data).toEqual({ createProject: null });
      expect(await rows()).toEqual(before);
      return errors?.[0];
    };

    it("accepts an issue and indicators of the cluster's own published plan", async () => {
      const project = await create({ clusterCode: 'N1', strategicIssueId: ISSUE, indicatorIds: ['5a3e0001-2566-4000-8003-000000000001', INDICATOR] }, N1_STAFF);
      expect(project.status).toBe('PROPOSED');
    });

    it("refuses an issue of another cluster's plan, naming the field and both clusters, writing nothing (history included)", async () => {
      const error = await refused({ clusterCode: 'N1', strategicIssueId: N2_ISSUE }, N1_STAFF);
      expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'strategicIssueId' });
      expect(error?.message).toContain('cluster N2');
      expect(error?.message).toContain('cluster N1');
    });

    it('refuses an unknown issue, and a draft issue the caller may not read, alike', async () => {
      const unknown = await refused({ strategicIssueId: '5a3e0001-2566-4000-8001-0000000000ff' });
      expect(unknown?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'strategicIssueId' });
      expect(unknown?.message).toContain('names no strategic issue you can read');
      // N2's staff may not read N1's draft plans: the refusal reads exactly as for an unknown id.
      const n1Draft = await createDraftPlan(subgraph.peers.strategy!, 'N1');
      const hidden = await refused({ clusterCode: 'N2', provinceCodes: [], strategicIssueId: n1Draft.issueId }, N2_STAFF);
      expect(hidden?.message).toBe(unknown?.message.replace('5a3e0001-2566-4000-8001-0000000000ff', n1Draft.issueId));
    });

    it("accepts a DRAFT plan's issue and indicator for the cluster's own staff, who can read them", async () => {
      const draft = await createDraftPlan(subgraph.peers.strategy!, 'N2', N2_STAFF);
      const { data, errors } = await subgraph.execute(CREATE, {
        variables: { input: input({ clusterCode: 'N2', strategicIssueId: draft.issueId, indicatorIds: [draft.indicatorId] }) },
        identity: N2_STAFF,
      });
      expect(errors).toBeUndefined();
      expect(data?.createProject).toMatchObject({ cluster: { code: 'N2' }, strategicIssue: { id: draft.issueId }, indicators: [{ id: draft.indicatorId }] });
    });

    it("refuses an indicator of another cluster's plan, an unknown one, and one of another plan than the issue's", async () => {
      const foreign = await refused({ clusterCode: 'N1', strategicIssueId: ISSUE, indicatorIds: [INDICATOR, N2_INDICATOR] }, N1_STAFF);
      expect(foreign?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'indicatorIds' });
      expect(foreign?.message).toContain('cluster N2');
      const alone = await refused({ clusterCode: 'N1', indicatorIds: [N2_INDICATOR] }, N1_STAFF);
      expect(alone?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'indicatorIds' });
      const unknown = await refused({ indicatorIds: ['5a3e0001-2566-4000-8003-0000000000ff'] });
      expect(unknown?.message).toContain('names no indicator you can read');
      const otherPlan = await refused({ clusterCode: 'N4', provinceCodes: [], strategicIssueId: n4.issueId, indicatorIds: [(await createDraftPlan(subgraph.peers.strategy!, 'N4')).indicatorId] });
      expect(otherPlan?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'indicatorIds' });
      expect(otherPlan?.message).toContain(n4.planId);
    });
  });
});

describe.each(ENGINES)('budget projects when strategy is down, on %s', (engine) => {
  let subgraph: TestSubgraph<PrismaClient>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(budgetSubgraph, engine, { peers: [strategySubgraph] });
  });
  afterAll(() => subgraph?.close());

  it('refuses a project naming an issue or indicators with SUBGRAPH_UNAVAILABLE and writes nothing; one naming neither is recorded', async () => {
    await subgraph.peers.strategy!.close();
    const client = subgraph.database.client;
    const counts = async () => [await client.project.count(), await client.historyEntry.count(), await client.projectIndicator.count()];
    const before = await counts();
    for (const links of [{ strategicIssueId: ISSUE }, { indicatorIds: [INDICATOR] }]) {
      const { data, errors } = await subgraph.execute(CREATE, { variables: { input: input(links) }, identity: N1_STAFF });
      expect(data).toEqual({ createProject: null });
      expect(errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'strategy', reason: 'UNREACHABLE' });
      expect(errors?.[0].message).toContain('nothing was written');
    }
    expect(await counts()).toEqual(before);
    const plain = await subgraph.execute(CREATE, { variables: { input: input() }, identity: N1_STAFF });
    expect(plain.errors).toBeUndefined();
  });
});

describe("the cluster's provinces (kit/clusters.ts)", () => {
  it('are a copy of the strategy seed, and say which cluster a province is in', () => {
    expect(Object.fromEntries(clustersFile.clusters.map((cluster) => [cluster.code, [...cluster.member_province_codes].sort()]))).toEqual(CLUSTER_PROVINCES);
    expect([clusterOfProvince('50'), clusterOfProvince('10'), clusterOfProvince('99')]).toEqual(['N1', null, null]);
  });
});
