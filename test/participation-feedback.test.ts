import { randomUUID } from 'node:crypto';
import type { Identity } from '../kit/identity';
import { budgetSubgraph } from '../subgraphs/budget/server';
import type { PrismaClient } from '../subgraphs/participation/generated/prisma/client';
import feedbackSample from '../subgraphs/participation/feedback/feedback.sample.json';
import { participationSubgraph } from '../subgraphs/participation/server';
import surveySample from '../subgraphs/participation/survey/survey.sample.json';
import { ENGINES } from './support/databases';
import { openTestSubgraph, type TestSubgraph } from './support/subgraph';

const ADMIN: Identity = { role: 'admin', subject: 'admin-1' };
const N1_STAFF: Identity = { role: 'osm-staff', clusterCode: 'N1', subject: 'somchai' };
const N2_STAFF: Identity = { role: 'osm-staff', clusterCode: 'N2', subject: 'malee' };
const AGENCY: Identity = { role: 'agency', agencyCode: 'BB', subject: 'bb-officer' };
const CITIZEN: Identity = { role: 'citizen', subject: 'citizen-7' };

/** Sample projects of the budget peer (subgraphs/budget/sample.json). */
const N1_IN_PROGRESS = '5a301e00-2569-4000-8000-0000000b0101'; // Chiang Mai (50); the public reads it
const N1_APPROVED = '5a301e00-2569-4000-8000-0000000b0103'; // Lampang (52)
const N1_PROPOSED = '5a301e00-2569-4000-8000-0000000b0104'; // not yet public
const NE3_APPROVED = '5a301e00-2569-4000-8000-0000000b0202';

const GIVE = 'mutation($input: GiveFeedbackInput!) { giveFeedback(input: $input) { id rating body provinceCode displayName fullName phone email project { id } } }';
const SUMMARY = 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Project { id feedbackSummary { count average distribution { rating count } } } } }';

describe.each(ENGINES)('participation citizen feedback on %s', (engine) => {
  let subgraph: TestSubgraph<PrismaClient>;
  let prisma: PrismaClient;

  beforeAll(async () => {
    subgraph = await openTestSubgraph(participationSubgraph, engine, { peers: [budgetSubgraph] });
    prisma = subgraph.database.client;
  });
  afterAll(() => subgraph?.close());

  const give = (input: Record<string, unknown>, identity?: Identity) => subgraph.execute(GIVE, { variables: { input: { projectId: N1_IN_PROGRESS, rating: 4, provinceCode: '50', ...input } }, identity });
  const summaryOf = async (projectId: string, identity?: Identity) => {
    const result = await subgraph.execute(SUMMARY, { variables: { reps: [{ __typename: 'Project', id: projectId }] }, identity });
    expect(result.errors).toBeUndefined();
    return result.data?._entities[0].feedbackSummary;
  };

  describe('giveFeedback', () => {
    it('records the public\'s rating with a comment and province under a display name, keeping the collecting cluster', async () => {
      const result = await give({ rating: 5, body: 'ถนนดีขึ้นมาก\nขอบคุณครับ', fullName: 'สมชาย ตัวอย่างยิ่ง', phone: '080-000-0123', email: 'Somchai@Example.com' });
      expect(result.errors).toBeUndefined();
      expect(result.data?.giveFeedback).toMatchObject({
        rating: 5,
        body: 'ถนนดีขึ้นมาก\nขอบคุณครับ',
        provinceCode: '50',
        displayName: 'สมชาย ต.',
        fullName: null, // personal data is for the cluster's staff and admins only
        phone: null,
        email: null,
        project: { id: N1_IN_PROGRESS },
      });
      const stored = await prisma.citizenFeedback.findUniqueOrThrow({ where: { id: result.data?.giveFeedback.id } });
      expect(stored).toMatchObject({ clusterCode: 'N1', phone: '0800000123', email: 'somchai@example.com', citizenSub: null });
    });

    it("records a citizen's feedback under its account", async () => {
      const result = await give({ rating: 3, displayName: 'คนเชียงใหม่' }, CITIZEN);
      expect(result.data?.giveFeedback.displayName).toBe('คนเชียงใหม่');
      expect((await prisma.citizenFeedback.findUniqueOrThrow({ where: { id: result.data?.giveFeedback.id } })).citizenSub).toBe('citizen-7');
    });

    it.each([
      ['a rating of 0', {}, { rating: 0 }, 'rating'],
      ['a rating of 6', {}, { rating: 6 }, 'rating'],
      ['a project the public cannot read yet', {}, { projectId: N1_PROPOSED, provinceCode: '51' }, 'projectId'],
      ['a project that does not exist', {}, { projectId: randomUUID() }, 'projectId'],
      ['a malformed project id', {}, { projectId: 'project-1' }, 'projectId'],
      ["a province outside the project's cluster", {}, { provinceCode: '83' }, 'provinceCode'],
      ['a province code that is not one', {}, { provinceCode: 'Chiang Mai' }, 'provinceCode'],
      ['a comment over 2,000 characters', {}, { body: 'ก'.repeat(2001) }, 'body'],
      ['a comment with control characters', {}, { body: 'ดี\u0007' }, 'body'],
      ['a malformed phone number', {}, { phone: '12345' }, 'phone'],
    ])('refuses %s, writing nothing', async (_what, _identity, input, field) => {
      const before = await prisma.citizenFeedback.count();
      const result = await give(input);
      expect(result.data).toEqual({ giveFeedback: null });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await prisma.citizenFeedback.count()).toBe(before);
    });

    it("lets the cluster's staff rate a project not yet public", async () => {
      const result = await give({ projectId: N1_PROPOSED, provinceCode: '51' }, N1_STAFF);
      expect(result.errors).toBeUndefined();
    });
  });

  describe('Project.feedbackSummary', () => {
    it('counts, averages (two decimals, half up) and distributes all five ratings', async () => {
      expect(await summaryOf(NE3_APPROVED)).toEqual({ count: 0, average: null, distribution: [1, 2, 3, 4, 5].map((rating) => ({ rating, count: 0 })) });
      for (const rating of [5, 5, 4]) expect((await give({ projectId: NE3_APPROVED, provinceCode: '44', rating })).errors).toBeUndefined();
      expect(await summaryOf(NE3_APPROVED)).toEqual({
        count: 3,
        average: '4.67',
        distribution: [
          { rating: 1, count: 0 },
          { rating: 2, count: 0 },
          { rating: 3, count: 0 },
          { rating: 4, count: 1 },
          { rating: 5, count: 2 },
        ],
      });
      await give({ projectId: NE3_APPROVED, provinceCode: '40', rating: 1 });
      expect(await summaryOf(NE3_APPROVED)).toMatchObject({ count: 4, average: '3.75' });
      await give({ projectId: NE3_APPROVED, provinceCode: '40', rating: 1 });
      await give({ projectId: NE3_APPROVED, provinceCode: '40', rating: 2 });
      await give({ projectId: NE3_APPROVED, provinceCode: '40', rating: 2 });
      await give({ projectId: NE3_APPROVED, provinceCode: '40', rating: 2 });
      // 5+5+4+1+1+2+2+2 = 22 over 8 = 2.75; one more 2: 24/9 = 2.666… → 2.67.
      expect(await summaryOf(NE3_APPROVED)).toMatchObject({ count: 8, average: '2.75' });
      await give({ projectId: NE3_APPROVED, provinceCode: '40', rating: 2 });
      expect(await summaryOf(NE3_APPROVED)).toMatchObject({ count: 9, average: '2.67' });
    });
  });

  describe('Project.feedback (PDPA)', () => {
    const FEEDBACK = `query($reps: [_Any!]!, $first: Int, $after: String) { _entities(representations: $reps) { ... on Project {
      feedback(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { rating body displayName fullName phone email } } } } } }`;

    it("lists a project's feedback newest first, with personal fields for the cluster's staff and admins only", async () => {
      await give({ projectId: N1_APPROVED, provinceCode: '52', rating: 2, body: 'ล่าช้า', fullName: 'วิไล ตัวอย่างศรี', email: 'wilai@example.com' });
      await give({ projectId: N1_APPROVED, provinceCode: '52', rating: 5, body: 'ดีมาก' });
      const read = async (identity?: Identity, first = 10, after?: string) => {
        const result = await subgraph.execute(FEEDBACK, { variables: { reps: [{ __typename: 'Project', id: N1_APPROVED }], first, after }, identity });
        expect(result.errors).toBeUndefined();
        return result.data?._entities[0].feedback;
      };
      const older = { rating: 2, body: 'ล่าช้า', displayName: 'วิไล ต.' };
      const newer = { rating: 5, body: 'ดีมาก', displayName: 'ผู้ไม่ประสงค์ออกนาม', fullName: null, phone: null, email: null };
      for (const identity of [undefined, CITIZEN, N2_STAFF, AGENCY]) {
        expect((await read(identity)).edges.map((edge: { node: unknown }) => edge.node)).toEqual([newer, { ...older, fullName: null, phone: null, email: null }]);
      }
      for (const identity of [N1_STAFF, ADMIN]) {
        expect((await read(identity)).edges.map((edge: { node: unknown }) => edge.node)).toEqual([newer, { ...older, fullName: 'วิไล ตัวอย่างศรี', phone: null, email: 'wilai@example.com' }]);
      }
      const page1 = await read(undefined, 1);
      expect(page1).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
      const page2 = await read(undefined, 1, page1.pageInfo.endCursor);
      expect(page2.edges.map((edge: { node: { rating: number } }) => edge.node.rating)).toEqual([2]);
      expect(page2.pageInfo.hasNextPage).toBe(false);
    });
  });

  describe('sample data', () => {
    it('loads the sample surveys, answers and feedback once, marked isSample, however often it runs', async () => {
      const counts = async () => ({
        surveys: await prisma.survey.count({ where: { isSample: true } }),
        responses: await prisma.surveyResponse.count({ where: { isSample: true } }),
        choices: await prisma.surveyChoice.count({ where: { response: { isSample: true } } }),
        feedback: await prisma.citizenFeedback.count({ where: { isSample: true } }),
      });
      const expected = {
        surveys: surveySample.surveys.length,
        responses: surveySample.surveys.reduce((sum, survey) => sum + survey.responses.length, 0),
        choices: surveySample.surveys.reduce((sum, survey) => sum + survey.responses.reduce((n, response) => n + response.choices.length, 0), 0),
        feedback: feedbackSample.feedback.length,
      };
      await participationSubgraph.seedSample?.(prisma);
      expect(await counts()).toEqual(expected);
      await participationSubgraph.seedSample?.(prisma);
      expect(await counts()).toEqual(expected);
      // Every sample person is invented: the names say so, the addresses are example.com's.
      const people = [...(await prisma.surveyResponse.findMany({ where: { isSample: true } })), ...(await prisma.citizenFeedback.findMany({ where: { isSample: true } }))];
      for (const person of people) {
        if (person.fullName) expect(person.fullName).toContain('ตัวอย่าง');
        if (person.email) expect(person.email).toMatch(/@example\.com$/);
        if (person.phone) expect(person.phone).toMatch(/^080000\d{4}$/);
      }
    });
  });

  describe('statements per request', () => {
    it("reads 1 or 10 projects' summaries and feedback in the same number of statements", async () => {
      const projectIds = Array.from({ length: 10 }, () => randomUUID());
      await prisma.citizenFeedback.createMany({
        data: projectIds.flatMap((projectId, i) => [1, 2, 3].map((n) => ({ projectId, clusterCode: 'N1', provinceCode: '50', rating: ((i + n) % 5) + 1, displayName: 'ทดสอบ', fullName: 'ทดสอบ ระบบ' }))),
      });
      const QUERY = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Project { feedbackSummary { count average distribution { count } }
        feedback(first: 2) { totalCount edges { node { rating fullName } } } } } }`;
      const reps = (n: number) => projectIds.slice(0, n).map((id) => ({ __typename: 'Project', id }));
      const one = await subgraph.execute(QUERY, { variables: { reps: reps(1) }, identity: N1_STAFF });
      const ten = await subgraph.execute(QUERY, { variables: { reps: reps(10) }, identity: N1_STAFF });
      expect(one.errors).toBeUndefined();
      expect(ten.data?._entities).toHaveLength(10);
      expect(ten.data?._entities[9]).toMatchObject({ feedbackSummary: { count: 3 }, feedback: { totalCount: 3, edges: [{ node: { fullName: 'ทดสอบ ระบบ' } }, {}] } });
      expect(ten.statements).toBe(one.statements);
    });
  });
});
