import { randomUUID } from 'node:crypto';
import { PUBLIC_IDENTITY, type Identity } from '../kit/identity';
import { budgetSubgraph } from '../subgraphs/budget/server';
import type { PrismaClient } from '../subgraphs/participation/generated/prisma/client';
import { participationSubgraph } from '../subgraphs/participation/server';
import surveySample from '../subgraphs/participation/survey/survey.sample.json';
import { strategySubgraph } from '../subgraphs/strategy/server';
import { ENGINES } from './support/databases';
import { signToken, startTestHub, type TestHub } from './support/hub';
import { openTestSubgraph, type TestSubgraph } from './support/subgraph';

const ADMIN: Identity = { role: 'admin', subject: 'admin-1' };
const N1_STAFF: Identity = { role: 'osm-staff', clusterCode: 'N1', subject: 'somchai' };
const N2_STAFF: Identity = { role: 'osm-staff', clusterCode: 'N2', subject: 'malee' };
const AGENCY: Identity = { role: 'agency', agencyCode: 'NESDC', subject: 'nesdc-officer' };
const citizen = (sub: string): Identity => ({ role: 'citizen', subject: sub });

/** The sample data the strategy and budget peers load (their sample.json files). */
const N1_PLAN = '5a3e0001-2566-4000-8000-000000000001';
const N1_ISSUES = ['5a3e0001-2566-4000-8001-000000000001', '5a3e0001-2566-4000-8001-000000000002', '5a3e0001-2566-4000-8001-000000000003'];
const N2_PLAN = '5a3e0002-2566-4000-8000-000000000001';
/** A PROPOSED N1 project for fiscal year 2570: N1 staff read it, the public does not. */
const N1_PROPOSED_PROJECT = '5a301e00-2569-4000-8000-0000000b0104';

const SURVEY_FIELDS = `id status fiscalYear titleTh titleEn maxChoices resultsVisibility version closesAt closedAt responseCount subjectId plan { id }
  options { id position labelTh labelEn subjectId strategicIssue { id } project { id } }`;
const RESULTS = 'results { totalResponses final options { rank firstChoiceCount mentions points option { labelTh } } }';
const CREATE = `mutation($input: CreateSurveyInput!) { createSurvey(input: $input) { ${SURVEY_FIELDS} } }`;
const TRANSITION = 'mutation($input: TransitionSurveyInput!) { transitionSurvey(input: $input) { id status version closedAt } }';
const ANSWER = 'mutation($input: AnswerSurveyInput!) { answerSurvey(input: $input) { id displayName provinceCode fullName phone email choices { rank option { labelTh } } survey { responseCount } } }';
const SURVEY = `query($id: ID!) { survey(id: $id) { id status responseCount ${RESULTS} } }`;

describe.each(ENGINES)('participation surveys on %s', (engine) => {
  let subgraph: TestSubgraph<PrismaClient>;
  let prisma: PrismaClient;

  beforeAll(async () => {
    subgraph = await openTestSubgraph(participationSubgraph, engine, { peers: [strategySubgraph, budgetSubgraph] });
    prisma = subgraph.database.client;
  });
  afterAll(() => subgraph?.close());

  const codeOf = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions?.code;
  const fieldOf = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions?.field;

  /** A survey input of N1 with four free-label options, overridable. */
  const surveyInput = (overrides: Record<string, unknown> = {}) => ({
    clusterCode: 'N1',
    fiscalYear: 2570,
    titleTh: `สำรวจลำดับความสำคัญ ${randomUUID().slice(0, 8)}`,
    options: [{ labelTh: 'ท่องเที่ยว' }, { labelTh: 'เกษตร' }, { labelTh: 'สิ่งแวดล้อม' }, { labelTh: 'น้ำ' }],
    ...overrides,
  });

  async function create(overrides: Record<string, unknown> = {}, identity: Identity = N1_STAFF): Promise<Record<string, any>> {
    const result = await subgraph.execute(CREATE, { variables: { input: surveyInput(overrides) }, identity });
    expect(result.errors).toBeUndefined();
    return result.data?.createSurvey;
  }

  const transition = (surveyId: string, status: string, identity: Identity = N1_STAFF, version?: number) =>
    subgraph.execute(TRANSITION, { variables: { input: { surveyId, status, version } }, identity });

  /** An OPEN survey (created and opened by N1 staff). */
  async function openSurvey(overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const survey = await create(overrides);
    expect((await transition(survey.id, 'OPEN')).errors).toBeUndefined();
    return survey;
  }

  const answer = (surveyId: string, choices: string[], identity?: Identity, extra: Record<string, unknown> = {}) =>
    subgraph.execute(ANSWER, { variables: { input: { surveyId, choices, ...extra } }, identity });

  describe('createSurvey', () => {
    it("lets N1 staff create a draft survey on their plan, its options the plan's strategic issues, a proposed project and a free label", async () => {
      const survey = await create({
        subjectId: N1_PLAN,
        titleEn: 'Priorities 2570',
        options: [
          { subjectId: N1_ISSUES[0], labelTh: 'ท่องเที่ยวเชิงวัฒนธรรม', labelEn: 'Cultural tourism' },
          { subjectId: N1_ISSUES[1], labelTh: 'เกษตรปลอดภัย' },
          { subjectId: N1_PROPOSED_PROJECT, labelTh: 'ลำไยแปรรูป' },
          { labelTh: 'น้ำเพื่อการเกษตร' },
        ],
      });
      expect(survey).toMatchObject({ status: 'DRAFT', fiscalYear: 2570, maxChoices: 3, resultsVisibility: 'AFTER_CLOSE', version: 1, responseCount: 0, subjectId: N1_PLAN, plan: { id: N1_PLAN } });
      expect(survey.options).toEqual([
        { id: expect.any(String), position: 1, labelTh: 'ท่องเที่ยวเชิงวัฒนธรรม', labelEn: 'Cultural tourism', subjectId: N1_ISSUES[0], strategicIssue: { id: N1_ISSUES[0] }, project: null },
        { id: expect.any(String), position: 2, labelTh: 'เกษตรปลอดภัย', labelEn: null, subjectId: N1_ISSUES[1], strategicIssue: { id: N1_ISSUES[1] }, project: null },
        { id: expect.any(String), position: 3, labelTh: 'ลำไยแปรรูป', labelEn: null, subjectId: N1_PROPOSED_PROJECT, strategicIssue: null, project: { id: N1_PROPOSED_PROJECT } },
        { id: expect.any(String), position: 4, labelTh: 'น้ำเพื่อการเกษตร', labelEn: null, subjectId: null, strategicIssue: null, project: null },
      ]);
      // A draft is the cluster's business: the public and other clusters do not see it.
      expect((await subgraph.execute(SURVEY, { variables: { id: survey.id } })).data?.survey).toBeNull();
      expect((await subgraph.execute(SURVEY, { variables: { id: survey.id }, identity: N2_STAFF })).data?.survey).toBeNull();
      expect((await subgraph.execute(SURVEY, { variables: { id: survey.id }, identity: N1_STAFF })).data?.survey).toMatchObject({ status: 'DRAFT' });
      expect((await subgraph.execute(SURVEY, { variables: { id: survey.id }, identity: AGENCY })).data?.survey).toMatchObject({ status: 'DRAFT' });
    });

    it.each([
      ['the public', undefined, {}, 'UNAUTHENTICATED', undefined],
      ['a citizen', citizen('c-1'), {}, 'FORBIDDEN', undefined],
      ['OSM staff of another cluster', N2_STAFF, {}, 'FORBIDDEN', undefined],
      ['a Gregorian fiscal year', N1_STAFF, { fiscalYear: 2027 }, 'BAD_USER_INPUT', 'fiscalYear'],
      ['one option', N1_STAFF, { options: [{ labelTh: 'ท่องเที่ยว' }] }, 'BAD_USER_INPUT', 'options'],
      ['31 options', N1_STAFF, { options: Array.from({ length: 31 }, (_, i) => ({ labelTh: `ตัวเลือก ${i}` })) }, 'BAD_USER_INPUT', 'options'],
      ['two options with one label', N1_STAFF, { options: [{ labelTh: 'เกษตร' }, { labelTh: ' เกษตร ' }] }, 'BAD_USER_INPUT', 'options[1].labelTh'],
      ['maxChoices above the number of options', N1_STAFF, { maxChoices: 5 }, 'BAD_USER_INPUT', 'maxChoices'],
      ['maxChoices of zero', N1_STAFF, { maxChoices: 0 }, 'BAD_USER_INPUT', 'maxChoices'],
      ['a closing time in the past', N1_STAFF, { closesAt: '2020-01-01T00:00:00.000Z' }, 'BAD_USER_INPUT', 'closesAt'],
      ["another cluster's plan as subject", N1_STAFF, { subjectId: N2_PLAN }, 'BAD_USER_INPUT', 'subjectId'],
      ['a plan as an option', N1_STAFF, { options: [{ subjectId: N1_PLAN, labelTh: 'แผน' }, { labelTh: 'อื่น ๆ' }] }, 'BAD_USER_INPUT', 'options[0].subjectId'],
      ['an unknown subject', N1_STAFF, { subjectId: randomUUID() }, 'BAD_USER_INPUT', 'subjectId'],
      ['a title with control characters', N1_STAFF, { titleTh: 'สำรวจ\u0000' }, 'BAD_USER_INPUT', 'titleTh'],
    ])('refuses %s, writing nothing', async (_what, identity, overrides, code, field) => {
      const before = { surveys: await prisma.survey.count(), options: await prisma.surveyOption.count() };
      const result = await subgraph.execute(CREATE, { variables: { input: surveyInput(overrides) }, identity });
      expect(result.data).toEqual({ createSurvey: null });
      expect(codeOf(result)).toBe(code);
      if (field) expect(fieldOf(result)).toBe(field);
      expect({ surveys: await prisma.survey.count(), options: await prisma.surveyOption.count() }).toEqual(before);
    });

    it('suggests the Buddhist Era year for a Gregorian fiscal year', async () => {
      const result = await subgraph.execute(CREATE, { variables: { input: surveyInput({ fiscalYear: 2027 }) }, identity: N1_STAFF });
      expect(result.errors?.[0].message).toContain('Did you mean 2570');
    });
  });

  describe('StrategicIssue.surveys', () => {
    it("lists a strategic issue's surveys: drafts to the cluster's staff only, open ones to everyone", async () => {
      const survey = await create({ subjectId: N1_ISSUES[2], titleTh: 'สำรวจมาตรการแก้ไขหมอกควัน' });
      const ISSUE = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on StrategicIssue { surveys { id status strategicIssue { id } plan { id } } } } }`;
      const read = async (identity?: Identity) => {
        const result = await subgraph.execute(ISSUE, { variables: { reps: [{ __typename: 'StrategicIssue', id: N1_ISSUES[2] }] }, identity });
        expect(result.errors).toBeUndefined();
        return result.data?._entities[0].surveys;
      };
      const listed = { id: survey.id, status: 'DRAFT', strategicIssue: { id: N1_ISSUES[2] }, plan: null };
      expect(await read(N1_STAFF)).toEqual([listed]);
      expect(await read()).toEqual([]);
      await transition(survey.id, 'OPEN');
      expect(await read()).toEqual([{ ...listed, status: 'OPEN' }]);
    });
  });

  describe('transitionSurvey', () => {
    it('moves a survey DRAFT → OPEN → CLOSED, naming the allowed moves and refusing a stale version', async () => {
      const survey = await create();
      const skip = await transition(survey.id, 'CLOSED');
      expect([codeOf(skip), fieldOf(skip)]).toEqual(['BAD_USER_INPUT', 'status']);
      expect(skip.errors?.[0].message).toContain('OPEN only');
      const stale = await transition(survey.id, 'OPEN', N1_STAFF, 7);
      expect([codeOf(stale), stale.errors?.[0].extensions?.currentVersion]).toEqual(['CONFLICT', 1]);
      expect(codeOf(await transition(survey.id, 'OPEN', N2_STAFF))).toBe('FORBIDDEN');
      expect(codeOf(await transition(survey.id, 'OPEN', PUBLIC_IDENTITY))).toBe('UNAUTHENTICATED');
      expect(codeOf(await transition(randomUUID(), 'OPEN'))).toBe('NOT_FOUND');
      const opened = await transition(survey.id, 'OPEN', N1_STAFF, 1);
      expect(opened.data?.transitionSurvey).toMatchObject({ status: 'OPEN', version: 2, closedAt: null });
      expect((await transition(survey.id, 'OPEN')).errors?.[0].message).toContain('CLOSED only');
      const closed = await transition(survey.id, 'CLOSED', ADMIN, 2);
      expect(closed.data?.transitionSurvey).toMatchObject({ status: 'CLOSED', version: 3, closedAt: expect.any(String) });
      const reopen = await transition(survey.id, 'OPEN');
      expect([codeOf(reopen), reopen.errors?.[0].message]).toEqual(['BAD_USER_INPUT', expect.stringContaining('cannot move any more')]);
    });
  });

  describe('answerSurvey', () => {
    it('takes a ranked answer from the public with a contact, showing a display name, and refuses a second one from the same e-mail or phone', async () => {
      const survey = await openSurvey();
      const [a, b, c] = survey.options.map((option: { id: string }) => option.id);
      const first = await answer(survey.id, [c, a], undefined, { fullName: 'สมหญิง ตัวอย่างดี', email: 'Somying@Example.com', provinceCode: '50' });
      expect(first.errors).toBeUndefined();
      expect(first.data?.answerSurvey).toMatchObject({
        displayName: 'สมหญิง ต.',
        provinceCode: '50',
        fullName: null, // the public never reads personal data back, its own included
        email: null,
        choices: [{ rank: 1, option: { labelTh: 'สิ่งแวดล้อม' } }, { rank: 2, option: { labelTh: 'ท่องเที่ยว' } }],
        survey: { responseCount: 1 },
      });
      const again = await answer(survey.id, [b], undefined, { email: 'somying@example.com' });
      expect(codeOf(again)).toBe('CONFLICT');
      expect(codeOf(await answer(survey.id, [b], undefined, { phone: '080 000 0999' }))).toBeUndefined();
      expect(codeOf(await answer(survey.id, [a], undefined, { phone: '+66800000999' }))).toBe('CONFLICT');
      expect(await prisma.surveyResponse.count({ where: { surveyId: survey.id } })).toBe(2);
    });

    it('holds a citizen to one answer by its account, whatever contact it gives', async () => {
      const survey = await openSurvey();
      const [a, b] = survey.options.map((option: { id: string }) => option.id);
      expect((await answer(survey.id, [a], citizen('citizen-42'))).errors).toBeUndefined();
      const again = await answer(survey.id, [b], citizen('citizen-42'), { email: 'other@example.com' });
      expect([codeOf(again), again.errors?.[0].message]).toEqual(['CONFLICT', expect.stringContaining('already answered')]);
      expect((await answer(survey.id, [b], citizen('citizen-43'))).errors).toBeUndefined();
      const stored = await prisma.surveyResponse.findMany({ where: { surveyId: survey.id }, orderBy: { createdAt: 'asc' } });
      expect(stored.map((row) => row.citizenSub)).toEqual(['citizen-42', 'citizen-43']);
    });

    it('stores exactly one of many concurrent answers from one person', async () => {
      const survey = await openSurvey();
      const [a, b] = survey.options.map((option: { id: string }) => option.id);
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => answer(survey.id, i % 2 ? [a, b] : [b], undefined, { email: 'same.person@example.com' })));
      expect(results.filter((result) => !result.errors).length).toBe(1);
      expect(results.filter((result) => codeOf(result) === 'CONFLICT').length).toBe(5);
      expect(await prisma.surveyResponse.count({ where: { surveyId: survey.id } })).toBe(1);
    });

    it.each([
      ['no contact from the public', (ids: string[]) => ids.slice(0, 1), {}, 'email'],
      ['more choices than maxChoices', (ids: string[]) => ids, { email: 'x1@example.com' }, 'choices'],
      ['no choice', () => [], { email: 'x2@example.com' }, 'choices'],
      ['a repeated option', (ids: string[]) => [ids[0], ids[0]], { email: 'x3@example.com' }, 'choices[1]'],
      ['an option of another survey', () => [randomUUID()], { email: 'x4@example.com' }, 'choices[0]'],
      ['a province outside the cluster', (ids: string[]) => ids.slice(0, 1), { email: 'x5@example.com', provinceCode: '83' }, 'provinceCode'],
      ['a malformed e-mail address', (ids: string[]) => ids.slice(0, 1), { email: 'not-an-email' }, 'email'],
    ])('refuses %s, writing nothing', async (_what, pick, extra, field) => {
      const survey = await openSurvey({ maxChoices: 3 });
      const result = await answer(survey.id, pick(survey.options.map((option: { id: string }) => option.id)), undefined, extra);
      expect([codeOf(result), fieldOf(result)]).toEqual(['BAD_USER_INPUT', field]);
      expect(await prisma.surveyResponse.count({ where: { surveyId: survey.id } })).toBe(0);
      expect(await prisma.surveyChoice.count({ where: { option: { surveyId: survey.id } } })).toBe(0);
    });

    it('refuses answers to a draft (not found for the public), a closed survey and one past its closing time', async () => {
      const draft = await create();
      const ids = (survey: Record<string, any>) => [survey.options[0].id];
      expect(codeOf(await answer(draft.id, ids(draft), undefined, { email: 'd@example.com' }))).toBe('NOT_FOUND');
      const staffDraft = await answer(draft.id, ids(draft), N1_STAFF);
      expect([codeOf(staffDraft), staffDraft.errors?.[0].message]).toEqual(['BAD_USER_INPUT', expect.stringContaining('not open yet')]);

      const closed = await openSurvey();
      await transition(closed.id, 'CLOSED');
      const late = await answer(closed.id, ids(closed), undefined, { email: 'late@example.com' });
      expect([codeOf(late), fieldOf(late), late.errors?.[0].message]).toEqual(['BAD_USER_INPUT', 'surveyId', expect.stringContaining('closed')]);

      const timed = await openSurvey({ closesAt: new Date(Date.now() + 3_600_000).toISOString() });
      expect((await answer(timed.id, ids(timed), undefined, { email: 'early@example.com' })).errors).toBeUndefined();
      // An hour passes: the closing time is now behind us.
      await prisma.survey.update({ where: { id: timed.id }, data: { closesAt: new Date(Date.now() - 1000) } });
      expect(codeOf(await answer(timed.id, ids(timed), undefined, { email: 'after@example.com' }))).toBe('BAD_USER_INPUT');
      const read = await subgraph.execute(SURVEY, { variables: { id: timed.id } });
      expect(read.data?.survey).toMatchObject({ status: 'CLOSED', responseCount: 1, results: { totalResponses: 1, final: true } });
    });
  });

  describe('Survey.results', () => {
    /** Answers of five people on a survey with options A B C D (maxChoices 3), by option label. */
    async function answered(overrides: Record<string, unknown>): Promise<Record<string, any>> {
      const survey = await openSurvey({ maxChoices: 3, options: ['A', 'B', 'C', 'D'].map((labelTh) => ({ labelTh })), ...overrides });
      const id = (label: string) => survey.options.find((option: { labelTh: string }) => option.labelTh === label).id;
      const ballots = [['B', 'A', 'C'], ['B', 'C'], ['A', 'B', 'D'], ['C'], ['A', 'B']];
      for (const [index, ballot] of ballots.entries()) {
        const result = await answer(survey.id, ballot.map(id), citizen(`voter-${index}-${survey.id}`));
        expect(result.errors).toBeUndefined();
      }
      return survey;
    }

    // B: 3+3+2+2 = 10 points, 2 first; A: 2+3+3 = 8, 2 first; C: 1+2+3 = 6, 1 first; D: 1.
    const EXPECTED = {
      totalResponses: 5,
      options: [
        { rank: 1, firstChoiceCount: 2, mentions: 4, points: 10, option: { labelTh: 'B' } },
        { rank: 2, firstChoiceCount: 2, mentions: 3, points: 8, option: { labelTh: 'A' } },
        { rank: 3, firstChoiceCount: 1, mentions: 3, points: 6, option: { labelTh: 'C' } },
        { rank: 4, firstChoiceCount: 0, mentions: 1, points: 1, option: { labelTh: 'D' } },
      ],
    };

    it('hides AFTER_CLOSE results from the public and other clusters while open (no error), shows them to the cluster, agencies and admins, and to everyone once closed', async () => {
      const survey = await answered({ resultsVisibility: 'AFTER_CLOSE' });
      const read = async (identity?: Identity) => {
        const result = await subgraph.execute(SURVEY, { variables: { id: survey.id }, identity });
        expect(result.errors).toBeUndefined();
        return result.data?.survey;
      };
      for (const identity of [undefined, citizen('voter-0'), N2_STAFF]) expect(await read(identity)).toMatchObject({ status: 'OPEN', responseCount: 5, results: null });
      for (const identity of [N1_STAFF, AGENCY, ADMIN]) expect((await read(identity)).results).toEqual({ ...EXPECTED, final: false });
      await transition(survey.id, 'CLOSED');
      for (const identity of [undefined, citizen('voter-0'), N2_STAFF]) expect((await read(identity)).results).toEqual({ ...EXPECTED, final: true });
    });

    it('shows LIVE results to everyone while the survey is open', async () => {
      const survey = await answered({ resultsVisibility: 'LIVE' });
      const read = await subgraph.execute(SURVEY, { variables: { id: survey.id } });
      expect(read.data?.survey.results).toEqual({ ...EXPECTED, final: false });
    });

    it('gives equal options the same place', async () => {
      const survey = await openSurvey({ maxChoices: 1, resultsVisibility: 'LIVE', options: ['A', 'B', 'C'].map((labelTh) => ({ labelTh })) });
      const [a, b] = survey.options.map((option: { id: string }) => option.id);
      await answer(survey.id, [a], citizen(`tie-1-${survey.id}`));
      await answer(survey.id, [b], citizen(`tie-2-${survey.id}`));
      const read = await subgraph.execute(SURVEY, { variables: { id: survey.id } });
      expect(read.data?.survey.results.options.map((line: { rank: number; points: number }) => [line.rank, line.points])).toEqual([[1, 1], [1, 1], [3, 0]]);
    });
  });

  describe('Survey.responses (PDPA)', () => {
    const RESPONSES = `query($id: ID!) { survey(id: $id) { responseCount responses(first: 10) { totalCount edges { node { displayName fullName phone email provinceCode choices { rank } } } } } }`;

    it("lists answers with their personal data to the cluster's staff and admins only; everyone else reads the count", async () => {
      const survey = await openSurvey({ resultsVisibility: 'LIVE' });
      await answer(survey.id, [survey.options[1].id, survey.options[0].id], undefined, { fullName: 'มานี ตัวอย่างใจ', phone: '0800000111', email: 'manee@example.com', provinceCode: '52' });
      const read = async (identity?: Identity) => (await subgraph.execute(RESPONSES, { variables: { id: survey.id }, identity })).data?.survey;
      for (const identity of [undefined, citizen('someone'), N2_STAFF, AGENCY]) expect(await read(identity)).toEqual({ responseCount: 1, responses: null });
      const personal = { displayName: 'มานี ต.', fullName: 'มานี ตัวอย่างใจ', phone: '0800000111', email: 'manee@example.com', provinceCode: '52', choices: [{ rank: 1 }, { rank: 2 }] };
      for (const identity of [N1_STAFF, ADMIN]) expect((await read(identity)).responses).toEqual({ totalCount: 1, edges: [{ node: personal }] });
    });
  });

  describe('Query.surveys', () => {
    it('lists readable surveys newest first with filters on cluster, status, fiscal year, subject, dates and Thai text, and pages them', async () => {
      const tag = randomUUID().slice(0, 6);
      const draft = await create({ titleTh: `แบบสำรวจร่าง ${tag}` });
      const open = await openSurvey({ titleTh: `แบบสำรวจท่องเที่ยว ${tag}`, subjectId: N1_PLAN, fiscalYear: 2571 });
      const closed = await openSurvey({ titleTh: `แบบสำรวจเกษตร ${tag}` });
      await transition(closed.id, 'CLOSED');
      const LIST = `query($filter: SurveyFilter, $first: Int, $after: String) { surveys(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status } } } }`;
      const ids = async (filter: Record<string, unknown>, identity?: Identity) => {
        const result = await subgraph.execute(LIST, { variables: { filter: { search: tag, ...filter } }, identity });
        expect(result.errors).toBeUndefined();
        return result.data?.surveys.edges.map((edge: { node: { id: string } }) => edge.node.id);
      };
      expect(await ids({})).toEqual([closed.id, open.id]);
      expect(await ids({}, N1_STAFF)).toEqual([closed.id, open.id, draft.id]);
      expect(await ids({}, N2_STAFF)).toEqual([closed.id, open.id]);
      expect(await ids({ status: 'OPEN' })).toEqual([open.id]);
      expect(await ids({ status: 'CLOSED' })).toEqual([closed.id]);
      expect(await ids({ status: 'DRAFT' })).toEqual([]);
      expect(await ids({ fiscalYear: 2571 })).toEqual([open.id]);
      expect(await ids({ subjectId: N1_PLAN })).toEqual([open.id]);
      expect(await ids({ clusterCode: 'n2' })).toEqual([]);
      expect(await ids({ search: `ท่องเที่ยว ${tag}` })).toEqual([open.id]);
      expect(await ids({ createdFrom: '2020-01-01', createdTo: '2099-12-31' })).toEqual([closed.id, open.id]);
      expect(await ids({ createdTo: '2020-01-01' })).toEqual([]);
      const page1 = await subgraph.execute(LIST, { variables: { filter: { search: tag }, first: 1 } });
      expect(page1.data?.surveys).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
      const page2 = await subgraph.execute(LIST, { variables: { filter: { search: tag }, first: 1, after: page1.data?.surveys.pageInfo.endCursor } });
      expect(page2.data?.surveys.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([open.id]);
      const bad = await subgraph.execute(LIST, { variables: { filter: { fiscalYear: 2027 } } });
      expect([codeOf(bad), fieldOf(bad)]).toEqual(['BAD_USER_INPUT', 'filter.fiscalYear']);
    });
  });

  describe('statements per request', () => {
    it("reads 1 or 10 surveys with options, results and responses, and 1 or 10 plans' surveys, in the same number of statements", async () => {
      const planIds: string[] = [];
      for (let i = 0; i < 10; i += 1) {
        const planId = randomUUID();
        planIds.push(planId);
        const survey = await prisma.survey.create({
          data: {
            clusterCode: 'E2', subjectKind: 'PLAN', subjectId: planId, fiscalYear: 2570, titleTh: `นับคำสั่ง ${i}`, status: 'OPEN', maxChoices: 2, createdBy: 'test',
            options: { create: [{ position: 1, labelTh: 'ก' }, { position: 2, labelTh: 'ข' }] },
          },
          include: { options: true },
        });
        await prisma.surveyResponse.create({
          data: { surveyId: survey.id, clusterCode: 'E2', respondentKey: `sub:n1-${i}`, displayName: 'ทดสอบ', choices: { create: [{ optionId: survey.options[1].id, rank: 1 }, { optionId: survey.options[0].id, rank: 2 }] } },
        });
      }
      const NODE = `id status responseCount options { labelTh } ${RESULTS} responses(first: 5) { totalCount edges { node { fullName choices { rank option { labelTh } } } } }`;
      const LIST = `query($first: Int) { surveys(first: $first, filter: { clusterCode: "E2" }) { edges { node { ${NODE} } } } }`;
      const one = await subgraph.execute(LIST, { variables: { first: 1 }, identity: ADMIN });
      const ten = await subgraph.execute(LIST, { variables: { first: 10 }, identity: ADMIN });
      expect(one.errors).toBeUndefined();
      expect(ten.data?.surveys.edges).toHaveLength(10);
      expect(ten.data?.surveys.edges[9].node.results.options[0]).toMatchObject({ points: 2, firstChoiceCount: 1, option: { labelTh: 'ข' } });
      expect(ten.statements).toBe(one.statements);

      const PLANS = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on DevelopmentPlan { surveys { ${NODE} } } } }`;
      const reps = (n: number) => planIds.slice(0, n).map((id) => ({ __typename: 'DevelopmentPlan', id }));
      const onePlan = await subgraph.execute(PLANS, { variables: { reps: reps(1) } });
      const tenPlans = await subgraph.execute(PLANS, { variables: { reps: reps(10) } });
      expect(onePlan.errors).toBeUndefined();
      expect(tenPlans.data?._entities.map((plan: { surveys: unknown[] }) => plan.surveys.length)).toEqual(Array(10).fill(1));
      expect(tenPlans.data?._entities[0].surveys[0]).toMatchObject({ results: null, responses: null, responseCount: 1 }); // the public: AFTER_CLOSE, open
      expect(tenPlans.statements).toBe(onePlan.statements);
    });
  });
});

describe.each(ENGINES)('participation surveys through the gateway on %s', (engine) => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub(engine, undefined, { SEED_SAMPLE_DATA: 'true' });
  });
  afterAll(() => hub?.close());

  it("answers N1's published plan with its hearings, published comments and closed sample survey's results in one query, for the public", async () => {
    const { data, errors } = await hub.query(`query($id: ID!) { plan(id: $id) { titleTh
      hearings { titleTh status reportTh registrationCount registrations(first: 5) { edges { node { displayName fullName phone } } } }
      comments(first: 20) { edges { node { status body displayName email } } }
      surveys { titleTh status responseCount
      results { totalResponses final options { rank firstChoiceCount mentions points option { labelTh strategicIssue { titleTh } } } } } } }`, { variables: { id: N1_PLAN } });
    expect(errors).toBeUndefined();
    expect(data?.plan.titleTh).toBe('แผนพัฒนากลุ่มจังหวัดภาคเหนือตอนบน 1 (พ.ศ. 2566–2570)');
    // Strategy's plan, participation's hearings (the sample REPORTED one, registrants' personal data withheld) and comments (published only).
    expect(data?.plan.hearings).toEqual([expect.objectContaining({ status: 'REPORTED', reportTh: expect.stringMatching(/\S/) })]);
    const registrants = data?.plan.hearings[0].registrations.edges.map((edge: any) => edge.node);
    expect(registrants.length).toBe(data?.plan.hearings[0].registrationCount);
    expect(registrants.length).toBeGreaterThan(0);
    for (const registrant of registrants) expect(registrant).toEqual({ displayName: expect.stringMatching(/\S/), fullName: null, phone: null });
    const comments = data?.plan.comments.edges.map((edge: any) => edge.node);
    expect(comments.length).toBeGreaterThan(0);
    for (const comment of comments) expect(comment).toMatchObject({ status: 'PUBLISHED', body: expect.stringMatching(/\p{Script=Thai}/u), email: null });
    const [survey] = data?.plan.surveys ?? [];
    expect(survey).toMatchObject({ titleTh: surveySample.surveys[0].titleTh, status: 'CLOSED', responseCount: 6 });
    // survey.sample.json: issue 3 (haze) is the first choice of four of six people.
    expect(survey.results.totalResponses).toBe(6);
    expect(survey.results.final).toBe(true);
    expect(survey.results.options.map((line: any) => [line.rank, line.firstChoiceCount, line.mentions, line.points])).toEqual([
      [1, 4, 6, 16],
      [2, 1, 4, 8],
      [3, 1, 4, 7],
      [4, 0, 2, 3],
    ]);
    expect(survey.results.options[0].option).toEqual({ labelTh: surveySample.surveys[0].options[2].labelTh, strategicIssue: { titleTh: 'บริหารจัดการทรัพยากรธรรมชาติและแก้ไขปัญหาหมอกควันและไฟป่าอย่างยั่งยืน' } });
    expect(survey.results.options[3].option.strategicIssue).toBeNull();
  });

  it("adds the sample feedback's summary and newest feedback to a public project, next to budget's fields", async () => {
    const { data, errors } = await hub.query(`{ project(id: "5a301e00-2569-4000-8000-0000000b0101") { code
      feedbackSummary { count average distribution { rating count } } feedback(first: 1) { totalCount edges { node { rating body fullName } } } } }`);
    expect(errors).toBeUndefined();
    // feedback.sample.json: ratings 5, 4, 3 and 4 on this project.
    expect(data?.project.feedbackSummary).toEqual({ count: 4, average: '4.00', distribution: [0, 0, 1, 2, 1].map((count, index) => ({ rating: index + 1, count })) });
    expect(data?.project.feedback).toEqual({ totalCount: 4, edges: [{ node: { rating: 4, body: 'ชุมชนได้รายได้เพิ่มขึ้น', fullName: null } }] });
  });

  it("lets a citizen answer the open sample survey once, through the gateway, and shows its LIVE results", async () => {
    const token = await signToken({ role: 'citizen' }, { subject: 'gateway-citizen-1' });
    const open = surveySample.surveys[1];
    const ANSWER_OP = 'mutation($input: AnswerSurveyInput!) { answerSurvey(input: $input) { id displayName } }';
    const first = await hub.query(ANSWER_OP, { token, variables: { input: { surveyId: open.id, choices: [open.options[2].id], displayName: 'ชาวแพร่' } } });
    expect(first.errors).toBeUndefined();
    expect(first.data?.answerSurvey.displayName).toBe('ชาวแพร่');
    const again = await hub.query(ANSWER_OP, { token, variables: { input: { surveyId: open.id, choices: [open.options[0].id] } } });
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    const { data } = await hub.query('query($id: ID!) { survey(id: $id) { status results { totalResponses options { option { labelTh } firstChoiceCount } } } }', { variables: { id: open.id } });
    expect(data?.survey.status).toBe('OPEN');
    expect(data?.survey.results.totalResponses).toBe(open.responses.length + 1);
  });
});
