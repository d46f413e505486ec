import sampleFile from '../subgraphs/strategy/sample.json';
import { seedSample } from '../subgraphs/strategy/sample';
import type { PrismaClient } from '../subgraphs/strategy/generated/prisma/client';
import { ENGINES } from './support/databases';
import { signToken, startTestHub, type TestHub } from './support/hub';

const N1_PLAN = sampleFile.plans[0];
const N1_INDICATORS = N1_PLAN.issues.flatMap((issue) => issue.objectives.flatMap((objective) => objective.indicators.map((indicator) => indicator.id)));
const N2_INDICATORS = sampleFile.plans[1].issues.flatMap((issue) => issue.objectives.flatMap((objective) => objective.indicators.map((indicator) => indicator.id)));

const PLAN_FIELDS = 'id status version revision kind startYear endYear titleTh isSample';
const CREATE_PLAN = `mutation($input: CreatePlanInput!) { createPlan(input: $input) { ${PLAN_FIELDS} cluster { code } } }`;
const TRANSITION = `mutation($input: TransitionPlanInput!) { transitionPlan(input: $input) { ${PLAN_FIELDS} } }`;
const REVISE = `mutation($input: RevisePlanInput!) { revisePlan(input: $input) { ${PLAN_FIELDS} previousVersion { id status } } }`;
const ADD_ISSUE = `mutation($input: AddStrategicIssueInput!) { addStrategicIssue(input: $input) { id position titleTh nationalStrategies { number } milestones { number } } }`;
const ADD_OBJECTIVE = `mutation($input: AddObjectiveInput!) { addObjective(input: $input) { id perspective position titleTh } }`;
const LINK = `mutation($input: LinkObjectivesInput!) { linkObjectives(input: $input) { id } }`;
const ADD_INDICATOR = `mutation($input: AddIndicatorInput!) { addIndicator(input: $input) { id version nameTh unit direction cascadeRule baselineValue baselineYear thresholds ownerAgency { code } } }`;
const SET_TARGETS = `mutation($input: SetIndicatorTargetsInput!) { setIndicatorTargets(input: $input) { id version targets(fiscalYear: 2569) { province { code } value } } }`;
const RECONCILE = `query($cluster: String!, $year: Int!) { targetReconciliation(clusterCode: $cluster, fiscalYear: $year) { indicator { id } rule clusterValue provinceTotal missingProvinces { code } mismatchedProvinces { code } } }`;

describe.each(ENGINES)('development plans through the gateway on %s', (engine) => {
  let hub: TestHub;
  let client: PrismaClient;
  const tokens: Record<string, string> = {};

  /** Posts through the gateway as `who` (a key of `tokens`, or public when absent). */
  const call = (query: string, variables: Record<string, unknown> = {}, who?: string) =>
    hub.query(query, { variables, token: who ? tokens[who] : undefined });
  /** Runs a mutation that must succeed and returns its field. */
  const ok = async (query: string, input: Record<string, unknown>, who = 'n1') => {
    const { data, errors } = await call(query, { input }, who);
    expect(errors).toBeUndefined();
    return Object.values(data ?? {})[0] as Record<string, any>;
  };
  const counts = async () => ({
    plans: await client.developmentPlan.count(),
    issues: await client.strategicIssue.count(),
    objectives: await client.objective.count(),
    links: await client.objectiveLink.count(),
    indicators: await client.indicator.count(),
    targets: await client.indicatorTarget.count(),
    history: await client.historyEntry.count(),
  });
  /** A draft plan of `cluster` with one issue, three objectives and one SUM indicator. */
  const draftPlan = async (cluster = 'N1', who = 'n1', titleTh = 'แผนปฏิบัติราชการประจำปีของกลุ่มจังหวัด') => {
    const plan = await ok(CREATE_PLAN, { clusterCode: cluster, kind: 'ANNUAL', titleTh, startYear: 2569, endYear: 2569 }, who);
    const issue = await ok(ADD_ISSUE, { planId: plan.id, titleTh: 'ยกระดับเศรษฐกิจฐานราก', nationalStrategies: [2], milestones: [1] }, who);
    const objectives = [];
    for (const [perspective, titleTh] of [
      ['LEARNING_GROWTH', 'พัฒนาทักษะแรงงาน'],
      ['INTERNAL_PROCESS', 'พัฒนาห่วงโซ่คุณค่า'],
      ['CITIZEN', 'รายได้ครัวเรือนเพิ่มขึ้น'],
    ]) {
      objectives.push(await ok(ADD_OBJECTIVE, { strategicIssueId: issue.id, perspective, titleTh }, who));
    }
    const indicator = await ok(
      ADD_INDICATOR,
      { objectiveId: objectives[2].id, nameTh: 'รายได้เฉลี่ยครัวเรือน', unit: 'บาท', direction: 'HIGHER_IS_BETTER', cascadeRule: 'SUM' },
      who,
    );
    return { plan, issue, objectives, indicator };
  };

  beforeAll(async () => {
    hub = await startTestHub(engine, undefined, { SEED_SAMPLE_DATA: 'true' });
    client = hub.hub.subgraphs.find((subgraph) => subgraph.name === 'strategy')?.database.client as PrismaClient;
    Object.assign(tokens, {
      n1: await signToken({ role: 'osm-staff', cluster: 'N1' }, { subject: 'somchai' }),
      n2: await signToken({ role: 'osm-staff', cluster: 'N2' }, { subject: 'malee' }),
      e1: await signToken({ role: 'osm-staff', cluster: 'E1' }),
      admin: await signToken({ role: 'admin' }),
      agency: await signToken({ role: 'agency', agency: 'NESDC' }),
      cm: await signToken({ role: 'province-officer', province: '50' }, { subject: 'officer-cm' }),
      mhs: await signToken({ role: 'province-officer', province: '58' }, { subject: 'officer-mhs' }),
      cr: await signToken({ role: 'province-officer', province: '57' }),
    });
  });
  afterAll(() => hub?.close());

  describe('sample data', () => {
    it("serves N1's published plan with its strategy map, 2569 targets and reconciliation in one public query, marked isSample", async () => {
      const { data, errors } = await call(`{
        plans(filter: { clusterCode: "N1", status: PUBLISHED }, first: 1) { totalCount edges { node {
          id kind status startYear endYear isSample revision
          strategicIssues { titleTh nationalStrategies { number } milestones { number } isSample
            objectives { perspective indicators { id cascadeRule targets(fiscalYear: 2569) { province { code } value } } } }
          strategyMap { nodes { id kind perspective labelTh labelEn } edges { from to kind } }
        } } }
        targetReconciliation(clusterCode: "N1", fiscalYear: 2569) { indicator { id } rule clusterValue provinceTotal missingProvinces { code } mismatchedProvinces { code } }
      }`);
      expect(errors).toBeUndefined();
      expect(data?.plans.totalCount).toBe(1);
      const plan = data?.plans.edges[0].node;
      expect(plan).toMatchObject({ id: N1_PLAN.id, kind: 'FIVE_YEAR', status: 'PUBLISHED', startYear: 2566, endYear: 2570, isSample: true, revision: 1 });
      expect(plan.strategicIssues).toHaveLength(3);
      expect(plan.strategicIssues[0]).toMatchObject({ nationalStrategies: [{ number: 2 }], milestones: [{ number: 2 }], isSample: true });
      const objectives = plan.strategicIssues.flatMap((issue: any) => issue.objectives);
      expect(new Set(objectives.map((objective: any) => objective.perspective))).toEqual(new Set(['CITIZEN', 'FINANCIAL', 'INTERNAL_PROCESS', 'LEARNING_GROWTH']));
      const indicators = objectives.flatMap((objective: any) => objective.indicators);
      expect(indicators.map((indicator: any) => indicator.id)).toEqual(N1_INDICATORS);
      expect(indicators[0].targets).toEqual([
        { province: null, value: '114000.00' },
        { province: { code: '50' }, value: '98500.00' },
        { province: { code: '51' }, value: '3200.00' },
        { province: { code: '52' }, value: '6800.00' },
        { province: { code: '58' }, value: '5500.00' },
      ]);
      expect(plan.strategyMap.nodes).toHaveLength(3 + 7);
      expect(plan.strategyMap.nodes[0]).toEqual({
        id: N1_PLAN.issues[0].id,
        kind: 'STRATEGIC_ISSUE',
        perspective: null,
        labelTh: N1_PLAN.issues[0].titleTh,
        labelEn: N1_PLAN.issues[0].titleEn,
      });
      const causeEffect = plan.strategyMap.edges.filter((edge: any) => edge.kind === 'CAUSE_EFFECT');
      expect(causeEffect.map((edge: any) => [edge.from, edge.to]).sort()).toEqual([...N1_PLAN.links].sort());
      expect(plan.strategyMap.edges.filter((edge: any) => edge.kind === 'CONTAINS')).toHaveLength(7);

      expect(data?.targetReconciliation).toEqual([
        { indicator: { id: N1_INDICATORS[1] }, rule: 'SUM', clusterValue: '12.00', provinceTotal: '11.00', missingProvinces: [], mismatchedProvinces: [] },
        { indicator: { id: N1_INDICATORS[2] }, rule: 'AVERAGE', clusterValue: '80.00', provinceTotal: '80.00', missingProvinces: [{ code: '58' }], mismatchedProvinces: [] },
        { indicator: { id: N1_INDICATORS[3] }, rule: 'SUM', clusterValue: '25000.00', provinceTotal: '24500.00', missingProvinces: [], mismatchedProvinces: [] },
        { indicator: { id: N1_INDICATORS[5] }, rule: 'SAME', clusterValue: '30.00', provinceTotal: null, missingProvinces: [], mismatchedProvinces: [{ code: '58' }] },
      ]);
    });

    it('gives N2 its own published plan, whose AVERAGE rounds half-up to agree and whose SUM and MINIMUM do not', async () => {
      const { data } = await call(RECONCILE, { cluster: 'N2', year: 2569 });
      expect(data?.targetReconciliation).toEqual([
        { indicator: { id: N2_INDICATORS[0] }, rule: 'SUM', clusterValue: '42000.00', provinceTotal: '40000.00', missingProvinces: [], mismatchedProvinces: [] },
        { indicator: { id: N2_INDICATORS[2] }, rule: 'MINIMUM', clusterValue: '5000.00', provinceTotal: '4500.00', missingProvinces: [], mismatchedProvinces: [{ code: '54' }] },
      ]);
      const cluster = await call('{ cluster(code: "N2") { plans { totalCount edges { node { isSample status titleTh } } } } }');
      expect(cluster.data?.cluster.plans).toEqual({
        totalCount: 1,
        edges: [{ node: { isSample: true, status: 'PUBLISHED', titleTh: 'แผนพัฒนากลุ่มจังหวัดภาคเหนือตอนบน 2 (พ.ศ. 2566–2570)' } }],
      });
    });

    it("costs deep trees by the lists' assumed sizes: one plan fits the gateway's cost limit, twenty do not", async () => {
      const tree = (page: string) =>
        `{ plans(${page}) { edges { node { strategicIssues { objectives { indicators { targets(fiscalYear: 2569) { value province { code } } } } } } } } }`;
      const one = await call(tree('first: 1'));
      expect(one.errors).toBeUndefined();
      expect(one.data?.plans.edges).toHaveLength(1);
      const twenty = await call(tree('first: 20'));
      expect(twenty.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 5000 });
    });

    it('costs one document afresh for each set of variables (the gateway keeps a cost per document and variables)', async () => {
      const tree = 'query Tree($first: Int) { plans(first: $first) { edges { node { strategicIssues { objectives { indicators { targets(fiscalYear: 2569) { value } } } } } } } }';
      const outcomes: (string | number)[] = [];
      for (const first of [1, 20, 1, 20]) {
        const result = await call(tree, { first });
        outcomes.push(result.errors ? String(result.errors[0].extensions?.code) : (result.data?.plans.edges as unknown[]).length);
      }
      expect(outcomes).toEqual([1, 'QUERY_TOO_COMPLEX', 1, 'QUERY_TOO_COMPLEX']);
    });

    it('loads the samples once however often it runs', async () => {
      const before = await counts();
      await seedSample(client);
      expect(await counts()).toEqual(before);
      expect(await client.developmentPlan.count({ where: { isSample: true } })).toBe(2);
      expect(await client.indicatorTarget.count({ where: { isSample: true } })).toBe(7 * 5 - 1 + 6 * 5);
    });
  });

  describe('rights', () => {
    const input = { clusterCode: 'N1', kind: 'FIVE_YEAR', titleTh: 'แผนพัฒนากลุ่มจังหวัด', startYear: 2571, endYear: 2575 };

    it.each([
      ['the public', undefined, 'UNAUTHENTICATED'],
      ['OSM staff of another cluster', 'n2', 'FORBIDDEN'],
      ['an agency', 'agency', 'FORBIDDEN'],
      ['a province officer', 'cm', 'FORBIDDEN'],
    ])('refuses %s a plan of N1, writing nothing (history included)', async (_who, who, code) => {
      const before = await counts();
      const { data, errors } = await call(CREATE_PLAN, { input }, who);
      expect(data).toEqual({ createPlan: null });
      expect(errors?.map((error) => error.extensions?.code)).toEqual([code]);
      expect(await counts()).toEqual(before);
    });

    it('lets N1 staff and admins create N1 plans, recorded as who made them', async () => {
      const staff = await ok(CREATE_PLAN, input, 'n1');
      expect(staff).toMatchObject({ status: 'DRAFT', version: 1, revision: 1, kind: 'FIVE_YEAR', cluster: { code: 'N1' }, isSample: false });
      const admin = await ok(CREATE_PLAN, input, 'admin');
      expect(await client.developmentPlan.findUnique({ where: { id: admin.id }, select: { createdBy: true } })).toEqual({ createdBy: 'test-admin' });
      expect(await client.historyEntry.findMany({ where: { entityId: staff.id }, select: { action: true, actor: true, actorRole: true } })).toEqual([
        { action: 'CREATE_PLAN', actor: 'somchai', actorRole: 'osm-staff' },
      ]);
    });

    it.each([
      ['a five-year plan of four years', { endYear: 2574 }, 'endYear must be startYear + 4 = 2575; got 2574'],
      ['an annual plan of two years', { kind: 'ANNUAL', endYear: 2572 }, 'endYear must equal startYear (2571)'],
      ['a Gregorian year', { startYear: 2028, endYear: 2032 }, 'Did you mean 2571'],
      ['a blank title', { titleTh: '  ' }, 'titleTh must not be empty'],
    ])('refuses %s with BAD_USER_INPUT, writing nothing', async (_label, bad, message) => {
      const before = await counts();
      const { errors } = await call(CREATE_PLAN, { input: { ...input, ...bad } }, 'n1');
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0].message).toContain(message);
      expect(await counts()).toEqual(before);
    });

    it('hides a draft from the public and other clusters (null, not listed, no error) and shows it to its cluster, agencies and admins', async () => {
      const { plan } = await draftPlan('N1', 'n1', 'แผนลับเฉพาะร่างของกลุ่มจังหวัด');
      const read = `query($id: ID!) { plan(id: $id) { id status } plans(filter: { search: "แผนลับเฉพาะร่าง" }) { totalCount edges { node { id } } } cluster(code: "N1") { plans(filter: { status: DRAFT }) { edges { node { id } } } } }`;
      for (const who of [undefined, 'n2', 'cr']) {
        const { data, errors } = await call(read, { id: plan.id }, who);
        expect(errors).toBeUndefined();
        expect(data).toEqual({ plan: null, plans: { totalCount: 0, edges: [] }, cluster: { plans: { edges: expect.not.arrayContaining([{ node: { id: plan.id } }]) } } });
      }
      for (const who of ['n1', 'cm', 'agency', 'admin']) {
        const { data, errors } = await call(read, { id: plan.id }, who);
        expect(errors).toBeUndefined();
        expect(data?.plan).toEqual({ id: plan.id, status: 'DRAFT' });
        expect(data?.plans).toEqual({ totalCount: 1, edges: [{ node: { id: plan.id } }] });
        expect(data?.cluster.plans.edges).toContainEqual({ node: { id: plan.id } });
      }
    });

    it("lets a province officer propose only its own province's target, and only in its own cluster", async () => {
      const { indicator } = await draftPlan();
      const own = await ok(SET_TARGETS, { indicatorId: indicator.id, fiscalYear: 2569, provinces: [{ provinceCode: '50', value: '40' }] }, 'cm');
      expect(own.targets).toEqual([{ province: { code: '50' }, value: '40.00' }]);
      const before = await counts();
      for (const [who, input] of [
        ['cm', { provinces: [{ provinceCode: '51', value: '1' }] }],
        ['cm', { clusterValue: '100', provinces: [{ provinceCode: '50', value: '1' }] }],
        ['cr', { provinces: [{ provinceCode: '57', value: '1' }] }],
      ] as const) {
        const { errors } = await call(SET_TARGETS, { input: { indicatorId: indicator.id, fiscalYear: 2569, ...input } }, who);
        expect(errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
      expect(await counts()).toEqual(before);
      // Staff set the rest; the officer of Mae Hong Son adds its own without touching the others.
      await ok(SET_TARGETS, { indicatorId: indicator.id, fiscalYear: 2569, clusterValue: '100', provinces: [{ provinceCode: '50', value: '40' }, { provinceCode: '51', value: '30' }, { provinceCode: '52', value: '20' }] });
      const mhs = await ok(SET_TARGETS, { indicatorId: indicator.id, fiscalYear: 2569, provinces: [{ provinceCode: '58', value: '10' }] }, 'mhs');
      expect(mhs.targets.map((target: any) => [target.province?.code ?? null, target.value])).toEqual([
        [null, '100.00'],
        ['50', '40.00'],
        ['51', '30.00'],
        ['52', '20.00'],
        ['58', '10.00'],
      ]);
    });
  });

  describe('lifecycle', () => {
    it('names the allowed moves for an illegal transition, refuses a stale version with CONFLICT and other roles and clusters, writing nothing', async () => {
      const { plan } = await draftPlan();
      const current = (await call('query($id: ID!) { plan(id: $id) { version } }', { id: plan.id }, 'n1')).data?.plan.version;
      expect(current).toBe(1 + 1 + 3 + 1);
      const before = await counts();
      const illegal = await call(TRANSITION, { input: { planId: plan.id, to: 'PUBLISHED', version: current } }, 'n1');
      expect(illegal.errors?.[0]).toMatchObject({ message: 'A plan in DRAFT can move to IN_CONSULTATION only; got PUBLISHED.', extensions: { code: 'BAD_USER_INPUT' } });
      const stale = await call(TRANSITION, { input: { planId: plan.id, to: 'IN_CONSULTATION', version: current - 1 } }, 'n1');
      expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: current });
      expect(stale.data).toEqual({ transitionPlan: null });
      for (const [who, code] of [[undefined, 'UNAUTHENTICATED'], ['n2', 'FORBIDDEN'], ['cm', 'FORBIDDEN'], ['agency', 'FORBIDDEN']] as const) {
        const refused = await call(TRANSITION, { input: { planId: plan.id, to: 'IN_CONSULTATION', version: current } }, who);
        expect(refused.errors?.map((error) => error.extensions?.code)).toEqual([code]);
        const content = await call(ADD_ISSUE, { input: { planId: plan.id, titleTh: 'ประเด็นใหม่' } }, who);
        expect(content.errors?.map((error) => error.extensions?.code)).toEqual([code]);
      }
      expect(await counts()).toEqual(before);
      expect((await client.developmentPlan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe('DRAFT');

      // Two editors send the same version at once: one wins, the other gets CONFLICT and writes nothing.
      const race = await Promise.all(['n1', 'admin'].map((who) => call(TRANSITION, { input: { planId: plan.id, to: 'IN_CONSULTATION', version: current } }, who)));
      expect(race.map((result) => result.errors?.[0].extensions?.code ?? result.data?.transitionPlan.status).sort()).toEqual(['CONFLICT', 'IN_CONSULTATION']);
      expect(await client.historyEntry.count({ where: { entityId: plan.id, action: 'TRANSITION_PLAN' } })).toBe(1);
      expect((await client.developmentPlan.findUniqueOrThrow({ where: { id: plan.id } })).version).toBe(current + 1);
    });

    it('publishes only through COMMITTEE_APPROVED, then shows the plan to the public, refuses edits, and revises it into a new draft that archives it when published', async () => {
      const { plan, objectives, indicator } = await draftPlan('N1', 'n1', 'แผนปฏิบัติการกลุ่มจังหวัดฉบับทดสอบการเผยแพร่');
      await ok(LINK, { causeId: objectives[0].id, effectId: objectives[1].id });
      await ok(SET_TARGETS, { indicatorId: indicator.id, fiscalYear: 2569, clusterValue: '5', provinces: [{ provinceCode: '50', value: '5' }] });
      let version = (await client.developmentPlan.findUniqueOrThrow({ where: { id: plan.id } })).version;
      const back = await ok(TRANSITION, { planId: plan.id, to: 'IN_CONSULTATION', version });
      const draft = await ok(TRANSITION, { planId: plan.id, to: 'DRAFT', version: back.version });
      expect(draft.status).toBe('DRAFT');
      version = draft.version;
      for (const to of ['IN_CONSULTATION', 'COMMITTEE_APPROVED', 'PUBLISHED']) version = (await ok(TRANSITION, { planId: plan.id, to, version })).version;
      expect((await call('query($id: ID!) { plan(id: $id) { status } }', { id: plan.id })).data?.plan).toEqual({ status: 'PUBLISHED' });

      const edit = await call(ADD_OBJECTIVE, { input: { strategicIssueId: (await client.strategicIssue.findFirstOrThrow({ where: { planId: plan.id } })).id, perspective: 'FINANCIAL', titleTh: 'เพิ่มรายได้' } }, 'n1');
      expect(edit.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(edit.errors?.[0].message).toContain('revisePlan');

      const revision = await ok(REVISE, { planId: plan.id });
      expect(revision).toMatchObject({ status: 'DRAFT', version: 1, revision: 2, previousVersion: { id: plan.id, status: 'PUBLISHED' } });
      const again = await call(REVISE, { input: { planId: plan.id } }, 'n1');
      expect(again.errors?.[0].message).toContain(`already being revised by plan ${revision.id}`);
      const map = `query($id: ID!) { plan(id: $id) { strategyMap { nodes { kind labelTh } edges { kind } } strategicIssues { objectives { indicators { nameTh targets(fiscalYear: 2569) { province { code } value } } } } } }`;
      const original = (await call(map, { id: plan.id }, 'n1')).data?.plan;
      const copy = (await call(map, { id: revision.id }, 'n1')).data?.plan;
      expect(copy).toEqual(original);
      expect(copy.strategyMap.edges.filter((edge: any) => edge.kind === 'CAUSE_EFFECT')).toHaveLength(1);

      let revised = revision.version;
      for (const to of ['IN_CONSULTATION', 'COMMITTEE_APPROVED', 'PUBLISHED']) revised = (await ok(TRANSITION, { planId: revision.id, to, version: revised })).version;
      expect((await client.developmentPlan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe('ARCHIVED');
      // The public sees the published revision, and no longer the plan it superseded; its cluster still does.
      const planStatus = 'query($id: ID!) { plan(id: $id) { status } }';
      expect((await call(planStatus, { id: plan.id })).data?.plan).toBeNull();
      expect((await call(planStatus, { id: revision.id })).data?.plan).toEqual({ status: 'PUBLISHED' });
      expect((await call(planStatus, { id: plan.id }, 'n1')).data?.plan).toEqual({ status: 'ARCHIVED' });
      const archived = await call(TRANSITION, { input: { planId: plan.id, to: 'PUBLISHED', version: version + 1 } }, 'n1');
      expect(archived.errors?.[0].message).toBe('A plan in ARCHIVED is final and cannot move to PUBLISHED.');
    });
  });

  describe('strategy map', () => {
    it('refuses a link that would make a cycle, naming the path, and self-links, duplicates and links across plans; nothing written', async () => {
      const { objectives } = await draftPlan();
      const [a, b, c] = objectives;
      await ok(LINK, { causeId: a.id, effectId: b.id });
      await ok(LINK, { causeId: b.id, effectId: c.id });
      const other = await draftPlan();
      const before = await counts();
      const refusals: [Record<string, string>, string][] = [
        [{ causeId: c.id, effectId: a.id }, 'Linking these objectives would make a cycle: "พัฒนาทักษะแรงงาน" → "พัฒนาห่วงโซ่คุณค่า" → "รายได้ครัวเรือนเพิ่มขึ้น" → "พัฒนาทักษะแรงงาน".'],
        [{ causeId: a.id, effectId: a.id }, 'An objective cannot cause itself'],
        [{ causeId: a.id, effectId: b.id }, 'is already linked to'],
        [{ causeId: a.id, effectId: other.objectives[0].id }, 'Objectives link only within one plan'],
      ];
      for (const [input, message] of refusals) {
        const { errors } = await call(LINK, { input }, 'n1');
        expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(errors?.[0].message).toContain(message);
      }
      expect(await counts()).toEqual(before);
    });

    it('checks alignment against the National Strategy and 13th Plan reference data', async () => {
      const { plan } = await draftPlan();
      for (const [bad, message] of [
        [{ nationalStrategies: [2, 7] }, 'nationalStrategies has numbers the reference data does not: 7 (valid: 1–6).'],
        [{ milestones: [14] }, 'milestones has numbers the reference data does not: 14 (valid: 1–13).'],
        [{ milestones: [3, 3] }, 'milestones lists a number twice'],
      ] as const) {
        const { errors } = await call(ADD_ISSUE, { input: { planId: plan.id, titleTh: 'ประเด็น', ...bad } }, 'n1');
        expect(errors?.[0].message).toContain(message);
      }
      const issue = await ok(ADD_ISSUE, { planId: plan.id, titleTh: 'ประเด็นที่สอง', nationalStrategies: [5, 2], milestones: [11] });
      expect(issue).toMatchObject({ position: 2, nationalStrategies: [{ number: 2 }, { number: 5 }], milestones: [{ number: 11 }] });
    });
  });

  describe('indicators and targets', () => {
    it('keeps values exact, refuses floats in disguise, and checks OPDC thresholds', async () => {
      const { objectives } = await draftPlan();
      const indicator = await ok(ADD_INDICATOR, {
        objectiveId: objectives[0].id,
        nameTh: 'อัตราการเติบโตของผลิตภัณฑ์มวลรวม',
        unit: 'ร้อยละ',
        direction: 'HIGHER_IS_BETTER',
        cascadeRule: 'AVERAGE',
        baselineValue: '-1.5',
        baselineYear: 2565,
        ownerAgencyCode: 'nesdc',
        thresholds: ['1', '1.5', '2', '2.5', '3.125'],
      });
      expect(indicator).toMatchObject({ baselineValue: '-1.50', baselineYear: 2565, thresholds: ['1.00', '1.50', '2.00', '2.50', '3.125'], ownerAgency: { code: 'NESDC' } });
      for (const [bad, message] of [
        [{ baselineValue: '1e3', baselineYear: 2565 }, 'baselineValue must be an exact decimal'],
        [{ baselineValue: '1.23456', baselineYear: 2565 }, 'at most four decimals'],
        [{ baselineValue: '5' }, 'baselineValue and baselineYear go together'],
        [{ thresholds: ['5', '4', '3', '2', '1'] }, 'thresholds must rise from score 1 to score 5'],
        [{ thresholds: ['1', '2'] }, 'give exactly five; got 2'],
        [{ ownerAgencyCode: 'NOPE' }, 'ownerAgencyCode names no agency'],
      ] as const) {
        const { errors } = await call(ADD_INDICATOR, { input: { objectiveId: objectives[0].id, nameTh: 'ตัวชี้วัด', unit: 'ร้อยละ', direction: 'HIGHER_IS_BETTER', cascadeRule: 'SUM', ...bad } }, 'n1');
        expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(errors?.[0].message).toContain(message);
      }
    });

    it("refuses a province of another cluster by name, and reconciles against the cluster's real members with one missing", async () => {
      const { indicator } = await draftPlan('N1', 'n1', 'แผนทดสอบการกระทบยอดเป้าหมาย');
      const before = await counts();
      const foreign = await call(SET_TARGETS, { input: { indicatorId: indicator.id, fiscalYear: 2569, clusterValue: '100', provinces: [{ provinceCode: '50', value: '60' }, { provinceCode: '57', value: '40' }] } }, 'n1');
      expect(foreign.errors?.[0]).toMatchObject({
        message: "Province 57 (Chiang Rai) belongs to cluster N2, not to cluster N1: only member provinces of the plan's cluster have targets.",
        extensions: { code: 'BAD_USER_INPUT', field: 'provinces[1].provinceCode' },
      });
      const outside = await call(SET_TARGETS, { input: { indicatorId: indicator.id, fiscalYear: 2571, clusterValue: '1' } }, 'n1');
      expect(outside.errors?.[0].message).toBe('fiscalYear must be one the plan covers (2569–2569); got 2571.');
      const stale = await call(SET_TARGETS, { input: { indicatorId: indicator.id, fiscalYear: 2569, clusterValue: '1', version: 99 } }, 'n1');
      expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(await counts()).toEqual(before);

      const set = await ok(SET_TARGETS, {
        indicatorId: indicator.id,
        fiscalYear: 2569,
        clusterValue: '100',
        provinces: [{ provinceCode: '50', value: '40.5' }, { provinceCode: '51', value: '30' }, { provinceCode: '52', value: '19.5' }],
        version: indicator.version,
      });
      expect(set.version).toBe(indicator.version + 1);
      const staff = (await call(RECONCILE, { cluster: 'N1', year: 2569 }, 'n1')).data?.targetReconciliation;
      expect(staff.find((item: any) => item.indicator.id === indicator.id)).toEqual({
        indicator: { id: indicator.id },
        rule: 'SUM',
        clusterValue: '100.00',
        provinceTotal: '90.00',
        missingProvinces: [{ code: '58' }],
        mismatchedProvinces: [],
      });
      const pub = (await call(RECONCILE, { cluster: 'N1', year: 2569 })).data?.targetReconciliation;
      const visible = pub.map((item: any) => item.indicator.id);
      expect(visible).toEqual(expect.arrayContaining([N1_INDICATORS[1], N1_INDICATORS[2], N1_INDICATORS[3], N1_INDICATORS[5]]));
      expect(visible).not.toContain(indicator.id);

      // Replacing the year drops the provinces left out, atomically, and records before and after.
      await ok(SET_TARGETS, { indicatorId: indicator.id, fiscalYear: 2569, clusterValue: '100', provinces: [{ provinceCode: '50', value: '100' }] });
      const last = await client.historyEntry.findFirstOrThrow({ where: { entityId: indicator.id }, orderBy: { createdAt: 'desc' } });
      expect(last).toMatchObject({ action: 'SET_INDICATOR_TARGETS', actor: 'somchai' });
      expect(last.before).toEqual({ fiscalYear: 2569, targets: [{ provinceCode: null, value: '100.00' }, { provinceCode: '50', value: '40.50' }, { provinceCode: '51', value: '30.00' }, { provinceCode: '52', value: '19.50' }] });
      expect(last.after).toEqual({ fiscalYear: 2569, targets: [{ provinceCode: null, value: '100.00' }, { provinceCode: '50', value: '100.00' }] });
    });
  });

  describe('history', () => {
    it("is readable by the plan's cluster staff and admins only, with who, what, and the values before and after", async () => {
      const { plan } = await draftPlan();
      const query = `query($id: ID!) { history(entityId: $id, first: 100) { totalCount edges { node { entityType action actor actorRole at before after } } } }`;
      const { data, errors } = await call(query, { id: plan.id }, 'n1');
      expect(errors).toBeUndefined();
      expect(data?.history.totalCount).toBe(6);
      expect(data?.history.edges.map((edge: any) => edge.node.action)).toEqual([
        'CREATE_PLAN',
        'ADD_STRATEGIC_ISSUE',
        'ADD_OBJECTIVE',
        'ADD_OBJECTIVE',
        'ADD_OBJECTIVE',
        'ADD_INDICATOR',
      ]);
      const created = data?.history.edges[0].node;
      expect(created).toMatchObject({ entityType: 'DevelopmentPlan', actor: 'somchai', actorRole: 'osm-staff', before: null });
      expect(JSON.parse(created.after)).toMatchObject({ id: plan.id, status: 'DRAFT', version: 1, clusterCode: 'N1' });
      expect(Number.isNaN(Date.parse(created.at))).toBe(false);
      expect((await call(query, { id: plan.id }, 'admin')).data?.history.totalCount).toBe(6);
      for (const [who, code] of [['n2', 'FORBIDDEN'], ['agency', 'FORBIDDEN'], ['cm', 'FORBIDDEN'], [undefined, 'UNAUTHENTICATED']] as const) {
        const refused = await call(query, { id: plan.id }, who);
        expect(refused.errors?.[0].extensions?.code).toBe(code);
        expect(refused.data).toBeNull();
      }
    });
  });

  describe('connections', () => {
    it('pages by cursor with stable counts under inserts, and caps first', async () => {
      const create = (titleTh: string) =>
        ok(CREATE_PLAN, { clusterCode: 'E1', kind: 'ANNUAL', titleTh, titleEn: 'Eastern cluster annual plan', startYear: 2570, endYear: 2570 }, 'e1');
      const made = [await create('แผนหนึ่ง'), await create('แผนสอง'), await create('แผนสาม')];
      const page = `query($after: String, $first: Int) { plans(filter: { clusterCode: "E1" }, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`;
      const first = (await call(page, { first: 2 }, 'e1')).data?.plans;
      expect(first.edges.map((edge: any) => edge.node.id)).toEqual([made[0].id, made[1].id]);
      expect(first).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true, endCursor: first.edges[1].cursor } });
      const fourth = await create('แผนสี่');
      const second = (await call(page, { first: 2, after: first.pageInfo.endCursor }, 'e1')).data?.plans;
      expect(second.edges.map((edge: any) => edge.node.id)).toEqual([made[2].id, fourth.id]);
      expect(second).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: false } });
      const byCluster = (await call('{ cluster(code: "E1") { plans(first: 3) { totalCount pageInfo { hasNextPage } edges { node { id } } } } }', {}, 'e1')).data?.cluster.plans;
      expect(byCluster).toEqual({ totalCount: 4, pageInfo: { hasNextPage: true }, edges: made.map((plan) => ({ node: { id: plan.id } })) });

      for (const [variables, message] of [
        [{ first: 0 }, 'first must be between 1 and 100; got 0.'],
        [{ first: 101 }, 'first must be between 1 and 100; got 101.'],
        [{ first: 2, after: 'not a cursor!' }, 'after must be a cursor from a previous page'],
        [{ first: 2, after: Buffer.from('["yesterday","x"]').toString('base64url') }, 'after must be a cursor from a previous page'],
      ] as const) {
        const { errors } = await call(page, variables, 'e1');
        expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(errors?.[0].message).toContain(message);
      }
    });

    it('finds a plan by a Thai substring with no spaces around it, and by English text in any case', async () => {
      const plan = await ok(CREATE_PLAN, { clusterCode: 'S1', kind: 'ANNUAL', titleTh: 'แผนปฏิบัติราชการกลุ่มจังหวัดภาคใต้ฝั่งอ่าวไทยประจำปี', titleEn: 'Gulf of Thailand Southern Cluster action plan', startYear: 2569, endYear: 2569 }, 'admin');
      const search = `query($text: String!) { plans(filter: { search: $text }) { edges { node { id } } } }`;
      for (const text of ['ฝั่งอ่าวไทยประ', 'GULF OF thailand']) {
        expect((await call(search, { text }, 'admin')).data?.plans.edges).toEqual([{ node: { id: plan.id } }]);
      }
      const years = (await call('{ plans(filter: { fiscalYear: 2570, kind: FIVE_YEAR, nationalStrategy: 5 }) { edges { node { id } } } }')).data?.plans.edges;
      expect(years).toEqual([{ node: { id: N1_PLAN.id } }, { node: { id: sampleFile.plans[1].id } }]);
    });
  });

  describe('batching', () => {
    const strategyStatements = () => hub.hub.subgraphs.find((subgraph) => subgraph.name === 'strategy')?.database.statementCount() as number;
    const cost = async (query: string, variables: Record<string, unknown>) => {
      const before = strategyStatements();
      const { data, errors } = await call(query, variables, 'admin');
      expect(errors).toBeUndefined();
      return { statements: strategyStatements() - before, data };
    };

    it('reads plans with their issues, objectives, indicators and maps in as many statements for 10 plans as for 1', async () => {
      tokens.c1 = await signToken({ role: 'osm-staff', cluster: 'C1' });
      tokens.c2 = await signToken({ role: 'osm-staff', cluster: 'C2' });
      await draftPlan('C1', 'c1');
      for (let i = 0; i < 10; i += 1) await draftPlan('C2', 'c2');
      const query = `query($cluster: String!) {
        plans(filter: { clusterCode: $cluster }, first: 10) { totalCount edges { node { id cluster { code nameTh } previousVersion { id }
          strategicIssues { titleTh nationalStrategies { number } milestones { number } objectives { perspective indicators { nameTh } } }
          strategyMap { nodes { id } edges { from to } } } } }
        cluster(code: $cluster) { plans { totalCount edges { node { id strategicIssues { id } } } } }
      }`;
      const one = await cost(query, { cluster: 'C1' });
      const ten = await cost(query, { cluster: 'C2' });
      expect([one.data?.plans.totalCount, ten.data?.plans.totalCount]).toEqual([1, 10]);
      expect(ten.data?.plans.edges.flatMap((edge: any) => edge.node.strategicIssues.flatMap((issue: any) => issue.objectives))).toHaveLength(30);
      expect(ten.statements).toBe(one.statements);
    });

    it('reads indicators with their targets, provinces and owner agencies in as many statements for 10 indicators as for 1', async () => {
      const provinces = ['50', '51', '52', '58'].map((provinceCode) => ({ provinceCode, value: '1' }));
      const build = async (indicators: number) => {
        const { plan, objectives } = await draftPlan();
        for (let i = 0; i < indicators; i += 1) {
          const added = await ok(ADD_INDICATOR, { objectiveId: objectives[i % 3].id, nameTh: `ตัวชี้วัดที่ ${i + 1}`, unit: 'ร้อยละ', direction: 'HIGHER_IS_BETTER', cascadeRule: 'SAME', ownerAgencyCode: 'NESDC' });
          await ok(SET_TARGETS, { indicatorId: added.id, fiscalYear: 2569, clusterValue: '1', provinces });
        }
        return plan.id;
      };
      const query = `query($id: ID!) { plan(id: $id) { strategicIssues { objectives { indicators { id nameTh baselineValue thresholds ownerAgency { code nameTh }
        objective { id } targets(fiscalYear: 2569) { value province { code nameTh cluster { code } } } } } } } }`;
      const one = await cost(query, { id: await build(1) });
      const ten = await cost(query, { id: await build(10) });
      const targets = ten.data?.plan.strategicIssues[0].objectives.flatMap((objective: any) => objective.indicators.flatMap((indicator: any) => indicator.targets));
      expect(targets).toHaveLength(10 * 5);
      expect(ten.statements).toBe(one.statements);
    });
  });
});
