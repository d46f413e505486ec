import { randomUUID } from 'node:crypto';
import budgetSample from '../subgraphs/budget/sample.json';
import type { PrismaClient } from '../subgraphs/participation/generated/prisma/client';
import { ANONYMOUS_NAME } from '../subgraphs/participation/personal/contact';
import commentSample from '../subgraphs/participation/comment/comment.sample.json';
import { seedCommentSample } from '../subgraphs/participation/comment/comment.sample';
import { bodyDigest, DUPLICATE_WINDOW_MS, REPORT_THRESHOLD } from '../subgraphs/participation/comment/comment.service';
import participationSample from '../subgraphs/participation/sample.json';
import strategySample from '../subgraphs/strategy/sample.json';
import { ENGINES } from './support/databases';
import { signToken, startTestHub, type TestHub } from './support/hub';

const N1_PLAN = strategySample.plans[0].id;
const N1_ISSUE = strategySample.plans[0].issues[0].id;
const N1_PROJECT = budgetSample.projects.find((project) => project.clusterCode === 'N1' && project.status === 'IN_PROGRESS')?.id as string;
const N1_HEARING = participationSample.hearings.find((hearing) => hearing.clusterCode === 'N1')?.id as string;

const FIELDS = 'id status body displayName authorRole subjectKind subjectId supportCount reportCount fullName phone email moderatedBy moderatedAt moderationReason cluster { code } parent { id } replies { id body }';
const POST = `mutation($input: PostCommentInput!) { postComment(input: $input) { ${FIELDS} } }`;
const MODERATE = `mutation($input: ModerateCommentInput!) { moderateComment(input: $input) { ${FIELDS} } }`;
const SUPPORT = `mutation($input: SupportCommentInput!) { supportComment(input: $input) { id supportCount } }`;
const REPORT = `mutation($input: ReportCommentInput!) { reportComment(input: $input) { id status reportCount moderatedBy moderationReason } }`;
const LIST = `query($subjectId: ID, $filter: CommentFilter, $first: Int, $after: String) {
  comments(subjectId: $subjectId, filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${FIELDS} } } } }`;
const PLAN_COMMENTS = `query($id: ID!) { plan(id: $id) { id status comments(first: 100) { totalCount edges { node { id status body displayName replies { id body } } } } } }`;

describe.each(ENGINES)('comments through the gateway on %s', (engine) => {
  let hub: TestHub;
  let prisma: PrismaClient;
  const tokens: Record<string, string> = {};
  let texts = 0;

  /** Posts through the gateway as `who` (a key of `tokens`), or as the public when absent. */
  const call = (query: string, variables: Record<string, unknown> = {}, who?: string) => hub.query(query, { variables, token: who ? tokens[who] : undefined });
  /** A text no other test posts (the duplicate rule would refuse a repeated one). */
  const text = (words = 'ความคิดเห็นทดสอบ') => `${words} ครั้งที่ ${(texts += 1)} ${randomUUID().slice(0, 8)}`;
  /** Posts a comment that must be stored, and returns it. */
  const post = async (input: Record<string, unknown>, who?: string) => {
    const { data, errors } = await call(POST, { input: { subjectId: N1_PLAN, body: text(), ...input } }, who);
    expect(errors).toBeUndefined();
    return data?.postComment as Record<string, any>;
  };
  const moderate = (commentId: string, action: string, reason: string | null, who = 'n1') => call(MODERATE, { input: { commentId, action, reason } }, who);
  const statementCount = () => hub.hub.subgraphs.find((subgraph) => subgraph.name === 'participation')?.database.statementCount() as number;
  const counts = async () => ({ comments: await prisma.comment.count(), supports: await prisma.commentSupport.count(), reports: await prisma.commentReport.count() });
  const listIds = async (variables: Record<string, unknown>, who?: string) => {
    const { data, errors } = await call(LIST, variables, who);
    expect(errors).toBeUndefined();
    return (data?.comments.edges as { node: { id: string } }[]).map((edge) => edge.node.id);
  };
  const planCommentIds = async (who?: string) => {
    const { data, errors } = await call(PLAN_COMMENTS, { id: N1_PLAN }, who);
    expect(errors).toBeUndefined();
    return (data?.plan.comments.edges as { node: { id: string } }[]).map((edge) => edge.node.id);
  };

  beforeAll(async () => {
    // Many writes from one address: the gateway's write budget for the public and citizens is raised.
    hub = await startTestHub(engine, undefined, { SEED_SAMPLE_DATA: 'true', RATE_LIMIT_PUBLIC_WRITES: '100000' });
    prisma = hub.hub.subgraphs.find((subgraph) => subgraph.name === 'participation')?.database.client as PrismaClient;
    Object.assign(tokens, {
      n1: await signToken({ role: 'osm-staff', cluster: 'N1' }, { subject: 'somchai' }),
      n2: await signToken({ role: 'osm-staff', cluster: 'N2' }, { subject: 'malee' }),
      admin: await signToken({ role: 'admin' }, { subject: 'admin-1' }),
      agency: await signToken({ role: 'agency', agency: 'NESDC' }),
      cm: await signToken({ role: 'province-officer', province: '50' }),
      somsri: await signToken({ role: 'citizen' }, { subject: 'citizen-somsri' }),
      manee: await signToken({ role: 'citizen' }, { subject: 'citizen-manee' }),
      chuchai: await signToken({ role: 'citizen' }, { subject: 'citizen-chuchai' }),
    });
  });
  afterAll(() => hub?.close());

  describe('sample data', () => {
    it("serves N1's published plan with its published sample comments and replies, and keeps the pending ones from the public", async () => {
      const { data, errors } = await call(PLAN_COMMENTS, { id: N1_PLAN });
      expect(errors).toBeUndefined();
      expect(data?.plan.status).toBe('PUBLISHED');
      const nodes = data?.plan.comments.edges.map((edge: { node: Record<string, any> }) => edge.node);
      const sample = commentSample.comments.filter((comment) => comment.subjectId === N1_PLAN && !comment.parentId);
      expect(nodes.map((node: { id: string }) => node.id)).toEqual(
        sample.filter((comment) => comment.status === 'PUBLISHED').sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((comment) => comment.id),
      );
      expect(nodes.every((node: { status: string }) => node.status === 'PUBLISHED')).toBe(true);
      const threaded = nodes.find((node: { replies: unknown[] }) => node.replies.length > 0);
      expect(threaded.replies[0].body).toContain('ขอบคุณสำหรับข้อเสนอแนะ');
      const pending = sample.filter((comment) => comment.status === 'PENDING').map((comment) => comment.id);
      expect(pending.length).toBeGreaterThan(0);
      expect(await planCommentIds('n1')).toEqual(expect.arrayContaining(pending));
      expect((await prisma.comment.findMany({ where: { isSample: true } })).length).toBe(commentSample.comments.length);
    });

    it('loads the sample comments once however often the hub starts, with fictitious people only', async () => {
      const before = await counts();
      await seedCommentSample(prisma);
      expect(await counts()).toEqual(before);
      const sample = await prisma.comment.findMany({ where: { isSample: true } });
      for (const comment of sample) {
        if (comment.fullName) expect(comment.fullName).toContain('ตัวอย่าง');
        if (comment.email) expect(comment.email).toMatch(/@example\.com$/);
        if (comment.phone) expect(comment.phone).toMatch(/^080000\d{4}$/);
        expect(comment.supportCount).toBe(await prisma.commentSupport.count({ where: { commentId: comment.id } }));
      }
      expect(new Set(sample.map((comment) => comment.status))).toEqual(new Set(['PUBLISHED', 'PENDING']));
    });
  });

  describe('posting', () => {
    it('keeps an anonymous comment from the public until N1 staff publish it, then shows it on the plan', async () => {
      const body = text('อยากให้มีการพัฒนาระบบขนส่งสาธารณะในเมืองเชียงใหม่');
      const posted = await post({ body });
      expect(posted).toMatchObject({ status: 'PENDING', body, displayName: ANONYMOUS_NAME, authorRole: 'public', subjectKind: 'PLAN', subjectId: N1_PLAN, cluster: { code: 'N1' } });
      expect(await planCommentIds()).not.toContain(posted.id);
      expect(await listIds({ subjectId: N1_PLAN })).not.toContain(posted.id);
      expect(await listIds({ subjectId: N1_PLAN, filter: { status: 'PENDING' } })).toEqual([]);
      expect(await listIds({ filter: { clusterCode: 'N1', status: 'PENDING' } }, 'n1')).toContain(posted.id);
      expect(await listIds({ filter: { status: 'PENDING' } }, 'agency')).toContain(posted.id);
      expect(await listIds({ filter: { status: 'PENDING' } }, 'n2')).not.toContain(posted.id);

      const published = await moderate(posted.id, 'PUBLISH', null);
      expect(published.errors).toBeUndefined();
      expect(published.data?.moderateComment).toMatchObject({ status: 'PUBLISHED', moderatedBy: 'somchai', moderationReason: null });
      expect((await planCommentIds())[0]).toBe(posted.id);
      expect(await listIds({ subjectId: N1_PLAN, first: 1 })).toEqual([posted.id]);
    });

    it("publishes a citizen's comment at once under the citizen's chosen name, and records the citizen", async () => {
      const posted = await post({ subjectId: N1_ISSUE, displayName: 'สมศรี ต.' }, 'somsri');
      expect(posted).toMatchObject({ status: 'PUBLISHED', displayName: 'สมศรี ต.', authorRole: 'citizen', subjectKind: 'STRATEGIC_ISSUE' });
      expect((await prisma.comment.findUniqueOrThrow({ where: { id: posted.id } })).citizenSub).toBe('citizen-somsri');
      const { data } = await call(`query($id: ID!) { strategicIssue(id: $id) { comments(first: 1) { edges { node { id displayName } } } } }`, { id: N1_ISSUE });
      expect(data?.strategicIssue.comments.edges[0].node).toEqual({ id: posted.id, displayName: 'สมศรี ต.' });
    });

    it('takes comments on projects and hearings, and lists them under each', async () => {
      const onProject = await post({ subjectId: N1_PROJECT }, 'somsri');
      const onHearing = await post({ subjectId: N1_HEARING }, 'manee');
      expect(onProject).toMatchObject({ subjectKind: 'PROJECT', status: 'PUBLISHED', cluster: { code: 'N1' } });
      expect(onHearing).toMatchObject({ subjectKind: 'HEARING', status: 'PUBLISHED', cluster: { code: 'N1' } });
      const { data, errors } = await call(
        `query($p: ID!, $h: ID!) { project(id: $p) { comments(first: 1) { edges { node { id } } } } hearing(id: $h) { comments(first: 1) { edges { node { id } } } } }`,
        { p: N1_PROJECT, h: N1_HEARING },
      );
      expect(errors).toBeUndefined();
      expect(data?.project.comments.edges[0].node.id).toBe(onProject.id);
      expect(data?.hearing.comments.edges[0].node.id).toBe(onHearing.id);
    });

    it('threads a reply under its comment, one level deep, on the same subject only', async () => {
      const top = await post({}, 'somsri');
      const reply = await post({ parentId: top.id, body: text('ตอบกลับ') }, 'n1');
      expect(reply).toMatchObject({ status: 'PUBLISHED', parent: { id: top.id }, replies: [] });
      const { data } = await call(LIST, { subjectId: N1_PLAN, filter: { topLevel: true }, first: 5 });
      const listed = data?.comments.edges.find((edge: { node: { id: string } }) => edge.node.id === top.id);
      expect(listed.node.replies).toEqual([{ id: reply.id, body: reply.body }]);
      expect(await listIds({ subjectId: N1_PLAN, filter: { topLevel: true } })).not.toContain(reply.id);

      const before = await counts();
      const nested = await call(POST, { input: { subjectId: N1_PLAN, body: text(), parentId: reply.id } }, 'manee');
      expect(nested.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentId' });
      expect(nested.errors?.[0].message).toContain(top.id);
      const elsewhere = await call(POST, { input: { subjectId: N1_ISSUE, body: text(), parentId: top.id } }, 'manee');
      expect(elsewhere.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentId' });
      const pending = await post({});
      const toPending = await call(POST, { input: { subjectId: N1_PLAN, body: text(), parentId: pending.id } }, 'manee');
      expect(toPending.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentId' });
      expect((await counts()).comments).toBe(before.comments + 1);
    });

    it('refuses a comment on a draft plan for the public like an unknown id, writing nothing', async () => {
      const created = await call(
        `mutation($input: CreatePlanInput!) { createPlan(input: $input) { id status } }`,
        { input: { clusterCode: 'N1', kind: 'ANNUAL', titleTh: 'แผนปฏิบัติราชการประจำปีฉบับร่างสำหรับทดสอบ', startYear: 2570, endYear: 2570 } },
        'n1',
      );
      expect(created.data?.createPlan.status).toBe('DRAFT');
      const before = await counts();
      for (const who of [undefined, 'somsri']) {
        const { data, errors } = await call(POST, { input: { subjectId: created.data?.createPlan.id, body: text() } }, who);
        expect(data).toEqual({ postComment: null });
        expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'subjectId' });
      }
      const unknown = await call(POST, { input: { subjectId: randomUUID(), body: text() } });
      expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'subjectId' });
      const read = await call(LIST, { subjectId: created.data?.createPlan.id });
      expect(read.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'subjectId' });
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['an empty body', '   \n  ', 'must not be empty'],
      ['a body of only invisible characters', '\u200B\u200B', 'no visible characters'],
      ['a body over 2,000 characters', 'ก'.repeat(2001), 'at most 2000 characters'],
      ['a body with a NUL character', 'ข้อความ\u0000ซ่อน', 'control characters'],
      ['a body with a bidirectional override', 'ข้อความ\u202Eซ่อน', 'bidirectional'],
    ])('refuses %s with BAD_USER_INPUT on body before any SQL statement, writing nothing', async (_label, body, hint) => {
      const before = await counts();
      const statements = statementCount();
      const { data, errors } = await call(POST, { input: { subjectId: N1_PLAN, body } });
      expect(statementCount()).toBe(statements);
      expect(data).toEqual({ postComment: null });
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
      expect(errors?.[0].message).toContain(hint);
      expect(await counts()).toEqual(before);
    });

    it('keeps line breaks and Thai text exactly, at 2,000 characters', async () => {
      const start = `บรรทัดแรก ${randomUUID()}\nบรรทัดที่สอง `;
      const body = `${start}${'ก'.repeat(2000 - [...start].length)}`;
      expect([...body].length).toBe(2000);
      expect((await post({ body }, 'somsri')).body).toBe(body);
    });

    it.each([
      ['a malformed phone number', { phone: '12345' }, 'phone'],
      ['a malformed e-mail address', { email: 'not-an-address' }, 'email'],
      ['a display name over 60 characters', { displayName: 'ก'.repeat(61) }, 'displayName'],
    ])('refuses %s, writing nothing', async (_label, extra, field) => {
      const before = await counts();
      const { errors } = await call(POST, { input: { subjectId: N1_PLAN, body: text(), ...extra } });
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await counts()).toEqual(before);
    });
  });

  describe('duplicate text', () => {
    it('refuses the same text from the same author within 10 minutes with CONFLICT, on any subject, and takes it after', async () => {
      const body = text('ขอให้เร่งแก้ปัญหาฝุ่นควัน PM2.5');
      const first = await post({ body }, 'somsri');
      const before = await counts();
      for (const [subjectId, again] of [
        [N1_PLAN, body],
        [N1_PLAN, `  ${body.toUpperCase().replace(' ', '\n\n ')}  `],
        [N1_ISSUE, body],
      ]) {
        const { data, errors } = await call(POST, { input: { subjectId, body: again } }, 'somsri');
        expect(data).toEqual({ postComment: null });
        expect(errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'body' });
        expect(errors?.[0].message).toContain('10 minutes');
      }
      expect(await counts()).toEqual(before);
      expect((await post({ body }, 'manee')).status).toBe('PUBLISHED');

      await prisma.comment.update({ where: { id: first.id }, data: { createdAt: new Date(Date.now() - DUPLICATE_WINDOW_MS - 60_000) } });
      expect((await post({ body }, 'somsri')).body).toBe(body);
    });

    it('refuses the same anonymous text twice, even while the first waits for moderation', async () => {
      const body = text('ขอสอบถามเรื่องงบประมาณโครงการ');
      expect((await post({ subjectId: N1_HEARING, body })).status).toBe('PENDING');
      const before = await counts();
      const { errors } = await call(POST, { input: { subjectId: N1_HEARING, body: `${body} ` } });
      expect(errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'body' });
      expect(await counts()).toEqual(before);
    });

    it('of the same text sent twice at the same moment, stores exactly one', async () => {
      const body = text('ส่งซ้ำพร้อมกัน');
      const before = await counts();
      const results = await Promise.all([0, 1, 2].map(() => call(POST, { input: { subjectId: N1_PLAN, body } }, 'chuchai')));
      expect(results.filter((result) => result.errors?.[0].extensions?.code === 'CONFLICT')).toHaveLength(2);
      expect((await counts()).comments).toBe(before.comments + 1);
    });

    it('folds case, spaces and invisible characters into the same digest, and keeps authors apart', () => {
      expect(bodyDigest('sub:a', 'Hello  ทุกคน\n')).toBe(bodyDigest('sub:a', 'hello ทุก\u200Bคน'));
      expect(bodyDigest('sub:a', 'ทุกคน')).not.toBe(bodyDigest('sub:b', 'ทุกคน'));
    });
  });

  describe('moderation', () => {
    it('hides a comment only with a reason, recorded with who and when, and shows the record to the staff only', async () => {
      const posted = await post({}, 'somsri');
      const without = await moderate(posted.id, 'HIDE', '   ');
      expect(without.data).toEqual({ moderateComment: null });
      expect(without.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
      expect((await prisma.comment.findUniqueOrThrow({ where: { id: posted.id } })).status).toBe('PUBLISHED');

      const hidden = await moderate(posted.id, 'HIDE', 'มีถ้อยคำไม่สุภาพ');
      expect(hidden.errors).toBeUndefined();
      expect(hidden.data?.moderateComment).toMatchObject({ status: 'HIDDEN', moderatedBy: 'somchai', moderationReason: 'มีถ้อยคำไม่สุภาพ' });
      expect(new Date(hidden.data?.moderateComment.moderatedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(await planCommentIds()).not.toContain(posted.id);
      expect(await listIds({ subjectId: N1_PLAN, filter: { status: 'HIDDEN' } }, 'admin')).toContain(posted.id);
      const again = await moderate(posted.id, 'HIDE', 'ซ้ำ');
      expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');

      const restored = await moderate(posted.id, 'PUBLISH', 'ตรวจสอบแล้ว ไม่ผิดกติกา', 'admin');
      expect(restored.data?.moderateComment).toMatchObject({ status: 'PUBLISHED', moderatedBy: 'admin-1', moderationReason: 'ตรวจสอบแล้ว ไม่ผิดกติกา' });
      for (const who of [undefined, 'somsri', 'agency', 'n2', 'cm']) {
        const { data } = await call(LIST, { subjectId: N1_PLAN, first: 100 }, who);
        const node = data?.comments.edges.find((edge: { node: { id: string } }) => edge.node.id === posted.id).node;
        expect({ who, moderatedBy: node.moderatedBy, moderatedAt: node.moderatedAt, moderationReason: node.moderationReason }).toEqual({
          who,
          moderatedBy: null,
          moderatedAt: null,
          moderationReason: null,
        });
      }
    });

    it.each([
      ['the public', 'public', 'UNAUTHENTICATED'],
      ['a citizen', 'somsri', 'FORBIDDEN'],
      ['OSM staff of another cluster', 'n2', 'FORBIDDEN'],
      ['an agency', 'agency', 'FORBIDDEN'],
      ['a province officer of the cluster', 'cm', 'FORBIDDEN'],
    ])('refuses %s moderating an N1 comment, changing nothing', async (_who, who, code) => {
      const posted = await post({});
      const { data, errors } = await moderate(posted.id, 'PUBLISH', null, who);
      expect(data).toEqual({ moderateComment: null });
      expect(errors?.[0].extensions?.code).toBe(code);
      expect(await prisma.comment.findUniqueOrThrow({ where: { id: posted.id } })).toMatchObject({ status: 'PENDING', moderatedBy: null });
    });

    it('says NOT_FOUND for a comment that does not exist', async () => {
      const { errors } = await moderate(randomUUID(), 'PUBLISH', null);
      expect(errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'commentId' });
    });
  });

  describe('supports and reports', () => {
    it('counts one support per person and refuses a second with CONFLICT', async () => {
      const posted = await post({}, 'somsri');
      const support = (who?: string) => call(SUPPORT, { input: { commentId: posted.id } }, who);
      expect((await support('manee')).data?.supportComment).toEqual({ id: posted.id, supportCount: 1 });
      expect((await support()).data?.supportComment).toEqual({ id: posted.id, supportCount: 2 });
      const before = await counts();
      for (const who of ['manee', undefined]) {
        const { data, errors } = await support(who);
        expect(data).toEqual({ supportComment: null });
        expect(errors?.[0].extensions?.code).toBe('CONFLICT');
      }
      expect(await counts()).toEqual(before);
      expect((await prisma.comment.findUniqueOrThrow({ where: { id: posted.id } })).supportCount).toBe(2);
      expect(await prisma.commentSupport.count({ where: { commentId: posted.id } })).toBe(2);
    });

    it('counts supports given at the same moment exactly', async () => {
      const posted = await post({}, 'somsri');
      const results = await Promise.all(['manee', 'chuchai', 'n1', 'admin', 'manee'].map((who) => call(SUPPORT, { input: { commentId: posted.id } }, who)));
      expect(results.filter((result) => result.errors?.[0].extensions?.code === 'CONFLICT')).toHaveLength(1);
      expect((await prisma.comment.findUniqueOrThrow({ where: { id: posted.id } })).supportCount).toBe(4);
    });

    it('does not let the public support or report a comment waiting for moderation', async () => {
      const pending = await post({});
      const before = await counts();
      expect((await call(SUPPORT, { input: { commentId: pending.id } }, 'somsri')).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'commentId' });
      expect((await call(REPORT, { input: { commentId: pending.id, reason: 'สแปม' } })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
      expect((await call(SUPPORT, { input: { commentId: pending.id } }, 'n1')).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'commentId' });
      expect(await counts()).toEqual(before);
    });

    it(`counts one report per person, and the ${REPORT_THRESHOLD}rd sends the comment back to PENDING for review`, async () => {
      const posted = await post({}, 'somsri');
      const report = (who?: string, reason = 'มีข้อมูลส่วนบุคคลของผู้อื่น') => call(REPORT, { input: { commentId: posted.id, reason } }, who);
      expect((await report('manee')).data?.reportComment).toMatchObject({ status: 'PUBLISHED', reportCount: 1, moderatedBy: null });
      const twice = await report('manee');
      expect(twice.errors?.[0].extensions?.code).toBe('CONFLICT');
      const noReason = await report('chuchai', '  ');
      expect(noReason.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
      expect(await prisma.commentReport.count({ where: { commentId: posted.id } })).toBe(1);
      expect((await report('chuchai')).data?.reportComment).toMatchObject({ status: 'PUBLISHED', reportCount: 2 });
      expect(await planCommentIds()).toContain(posted.id);

      const third = await report(undefined, 'สแปมโฆษณา');
      expect(third.data?.reportComment).toMatchObject({ status: 'PENDING', reportCount: 3 });
      expect(await planCommentIds()).not.toContain(posted.id);
      const { data } = await call(LIST, { filter: { clusterCode: 'N1', status: 'PENDING' }, first: 100 }, 'n1');
      const queued = data?.comments.edges.find((edge: { node: { id: string } }) => edge.node.id === posted.id).node;
      expect(queued).toMatchObject({ moderatedBy: 'system:reports', reportCount: 3 });
      expect(queued.moderationReason).toContain('Reported by 3 people');
      expect((await moderate(posted.id, 'PUBLISH', 'ตรวจแล้ว ไม่ผิดกติกา')).data?.moderateComment.status).toBe('PUBLISHED');
      expect(await planCommentIds()).toContain(posted.id);
    });
  });

  describe('personal data', () => {
    it("returns an anonymous commenter's name, phone and e-mail to N1 staff and admins only, and shows everyone else the display name", async () => {
      const posted = await post({ fullName: 'สมปอง ตัวอย่างทดสอบ', phone: '080-000-0199', email: 'Sompong.Sample@Example.com' });
      expect(posted).toMatchObject({ displayName: ANONYMOUS_NAME, fullName: null, phone: null, email: null });
      expect((await moderate(posted.id, 'PUBLISH', null)).errors).toBeUndefined();
      const seen: Record<string, unknown> = {};
      for (const who of ['public', 'somsri', 'agency', 'n2', 'cm', 'n1', 'admin']) {
        const { data, errors } = await call(LIST, { subjectId: N1_PLAN, first: 100 }, who === 'public' ? undefined : who);
        expect(errors).toBeUndefined();
        const node = data?.comments.edges.find((edge: { node: { id: string } }) => edge.node.id === posted.id).node;
        expect(node.displayName).toBe(ANONYMOUS_NAME);
        seen[who] = [node.fullName, node.phone, node.email];
      }
      const none = [null, null, null];
      const all = ['สมปอง ตัวอย่างทดสอบ', '0800000199', 'sompong.sample@example.com'];
      expect(seen).toEqual({ public: none, somsri: none, agency: none, n2: none, cm: none, n1: all, admin: all });
    });
  });

  describe('reads', () => {
    it('pages newest first with a cursor, and finds Thai text', async () => {
      const marker = `ทดสอบค้นหา${randomUUID().slice(0, 6)}`;
      const posted = [];
      for (let i = 0; i < 3; i += 1) posted.push(await post({ body: `${text()} ${marker}` }, 'somsri'));
      const first = await call(LIST, { filter: { search: marker }, first: 2 }, 'agency');
      expect(first.data?.comments.totalCount).toBe(3);
      expect(first.data?.comments.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([posted[2].id, posted[1].id]);
      expect(first.data?.comments.pageInfo.hasNextPage).toBe(true);
      expect(await listIds({ filter: { search: marker }, first: 2, after: first.data?.comments.pageInfo.endCursor }, 'agency')).toEqual([posted[0].id]);
      const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
      expect(await listIds({ filter: { search: marker, postedFrom: today, postedTo: today, clusterCode: 'N1', subjectKind: 'PLAN' } }, 'n1')).toHaveLength(3);
      expect(await listIds({ filter: { search: marker, postedTo: '2025-01-01' } }, 'agency')).toEqual([]);
      expect(await listIds({ filter: { search: marker, clusterCode: 'N2' } }, 'agency')).toEqual([]);
      expect(await listIds({ subjectId: N1_PLAN, filter: { search: marker } })).toHaveLength(3);
    });

    it('lists across subjects only for those who may read every subject: agencies, admins, and OSM staff within their own cluster', async () => {
      const draft = await call(
        `mutation($input: CreatePlanInput!) { createPlan(input: $input) { id } }`,
        { input: { clusterCode: 'N1', kind: 'ANNUAL', titleTh: `แผนปฏิบัติราชการฉบับร่าง ${randomUUID().slice(0, 8)}`, startYear: 2571, endYear: 2571 } },
        'n1',
      );
      expect(draft.errors).toBeUndefined();
      const onDraft = await post({ subjectId: draft.data?.createPlan.id }, 'n1');
      expect(onDraft.status).toBe('PUBLISHED');
      for (const who of [undefined, 'somsri', 'cm']) {
        const { data, errors } = await call(LIST, { filter: { clusterCode: 'N1' } }, who);
        expect(data?.comments ?? null).toBeNull();
        expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'subjectId' });
      }
      expect(await listIds({ filter: { clusterCode: 'N1' }, first: 100 }, 'n1')).toContain(onDraft.id);
      expect(await listIds({ filter: { clusterCode: 'N1' }, first: 100 }, 'n2')).toEqual([]);
      expect(await listIds({ filter: { clusterCode: 'N1' }, first: 100 }, 'agency')).toContain(onDraft.id);
    });

    it('reads comments with their parents and replies in as many statements for 10 comments as for 1, and for 10 plans as for 1', async () => {
      const participation = hub.hub.subgraphs.find((subgraph) => subgraph.name === 'participation');
      const subjects = Array.from({ length: 10 }, () => randomUUID());
      for (const subjectId of subjects) {
        const top = await prisma.comment.create({
          data: { clusterCode: 'S3', subjectKind: 'PLAN', subjectId, body: 'ความเห็น', bodyDigest: randomUUID(), status: 'PUBLISHED', authorRole: 'citizen', displayName: 'ก' },
        });
        await prisma.comment.create({
          data: { clusterCode: 'S3', subjectKind: 'PLAN', subjectId, parentId: top.id, body: 'ตอบ', bodyDigest: randomUUID(), status: 'PUBLISHED', authorRole: 'osm-staff', displayName: 'ข' },
        });
      }
      const statements = async (query: string, variables: Record<string, unknown>) => {
        const before = participation?.database.statementCount() as number;
        const { data, errors } = await call(query, variables, 'agency');
        expect(errors).toBeUndefined();
        return { count: (participation?.database.statementCount() as number) - before, data };
      };
      const list = `query($first: Int) { comments(filter: { clusterCode: "S3" }, first: $first) { edges { node { id parent { id } replies { id parent { id } } } } } }`;
      const one = await statements(list, { first: 2 });
      const ten = await statements(list, { first: 20 });
      expect(ten.data?.comments.edges).toHaveLength(20);
      expect(ten.count).toBe(one.count);

      const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on DevelopmentPlan { comments { totalCount edges { node { id replies { id parent { id } } } } } } } }`;
      const plans = (ids: string[]) => ({ r: ids.map((id) => ({ __typename: 'DevelopmentPlan', id })) });
      const before = participation?.database.statementCount() as number;
      const single = await fetch(participation?.url as string, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: entities, variables: plans(subjects.slice(0, 1)) }) });
      const oneCount = (participation?.database.statementCount() as number) - before;
      expect(((await single.json()) as { data: { _entities: { comments: { totalCount: number } }[] } }).data._entities[0].comments.totalCount).toBe(1);
      const middle = participation?.database.statementCount() as number;
      const many = await fetch(participation?.url as string, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: entities, variables: plans(subjects) }) });
      const manyCount = (participation?.database.statementCount() as number) - middle;
      const manyData = (await many.json()) as { data: { _entities: { comments: { edges: { node: { replies: unknown[] } }[] } }[] } };
      expect(manyData.data._entities.map((entity) => entity.comments.edges[0].node.replies.length)).toEqual(Array(10).fill(1));
      expect(manyCount).toBe(oneCount);
    });
  });
});
