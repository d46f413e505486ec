import type { Identity } from '../kit/identity';
import type { PrismaClient } from '../subgraphs/participation/generated/prisma/client';
import { participationSubgraph } from '../subgraphs/participation/server';
import { ENGINES } from './support/databases';
import { openTestSubgraph, type TestSubgraph } from './support/subgraph';

const ADMIN: Identity = { role: 'admin', subject: 'admin-1' };
const N1_STAFF: Identity = { role: 'osm-staff', clusterCode: 'N1', subject: 'somchai' };
const S2_STAFF: Identity = { role: 'osm-staff', clusterCode: 'S2', subject: 'anong' };
const AGENCY: Identity = { role: 'agency', agencyCode: 'BB', subject: 'bb-officer' };
const CITIZEN: Identity = { role: 'citizen', subject: 'citizen-1' };
const ALL_CODES = ['N1', 'N2', 'N3', 'N4', 'C1', 'C2', 'C3', 'C4', 'E1', 'E2', 'NE1', 'NE2', 'NE3', 'NE4', 'NE5', 'S1', 'S2', 'S3'];

const FIELDS = `id kind status titleTh titleEn summaryTh bodyTh bodyEn tags publishedAt version isSample cluster { code }
  attachments { position name mediaType sizeBytes url }`;
const CREATE = `mutation($input: CreateArticleInput!) { createArticle(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { ${FIELDS} } }`;
const PUBLISH = `mutation($input: ArticleStatusInput!) { publishArticle(input: $input) { ${FIELDS} } }`;
const ARCHIVE = `mutation($input: ArticleStatusInput!) { archiveArticle(input: $input) { id status version } }`;
const ARTICLE = `query($id: ID!) { article(id: $id) { id status titleTh } }`;
const LIST = `query($filter: ArticleFilter, $first: Int, $after: String) {
  articles(filter: $filter, first: $first, after: $after) { totalCount edges { cursor node { id titleTh status } } pageInfo { hasNextPage endCursor } }
}`;

const PDF = { name: 'สรุปผลการประชุม.pdf', mediaType: 'application/pdf', sizeBytes: 1_200_000, url: 'https://n1.osm.example/files/summary.pdf' };

describe.each(ENGINES)('news and knowledge on %s', (engine) => {
  let subgraph: TestSubgraph<PrismaClient>;
  let prisma: PrismaClient;
  let counter = 0;

  beforeAll(async () => {
    subgraph = await openTestSubgraph(participationSubgraph, engine);
    prisma = subgraph.database.client;
  });
  afterAll(() => subgraph?.close());

  /** A draft through the mutation, as N1 staff unless `identity` says otherwise. */
  async function draft(overrides: Record<string, unknown> = {}, identity: Identity = N1_STAFF) {
    counter += 1;
    const { data, errors } = await subgraph.execute(CREATE, {
      variables: { input: { clusterCode: 'N1', kind: 'NEWS', titleTh: `ข่าวกลุ่มจังหวัด ฉบับที่ ${counter}`, bodyTh: 'เนื้อหาข่าว\n\nย่อหน้าที่สอง', ...overrides } },
      identity,
    });
    expect(errors).toBeUndefined();
    return data?.createArticle as Record<string, any>;
  }

  const publish = async (articleId: string, identity: Identity = N1_STAFF) => {
    const { data, errors } = await subgraph.execute(PUBLISH, { variables: { input: { articleId } }, identity });
    expect(errors).toBeUndefined();
    return data?.publishArticle as Record<string, any>;
  };

  describe('Article', () => {
    it('saves a draft with normalised tags and attachments, hidden from the public until N1 staff publish it', async () => {
      const created = await draft({
        kind: 'KNOWLEDGE',
        titleTh: '  คู่มือการจัดเวทีประชาคม  ',
        titleEn: 'A guide to community forums',
        tags: [' PDPA ', 'pdpa', 'การมีส่วนร่วม', 'Open  Data'],
        attachments: [PDF, { name: 'ภาพ.png', mediaType: 'IMAGE/PNG', sizeBytes: 2048, url: 'https://n1.osm.example/files/p.png' }],
      });
      expect(created).toMatchObject({
        kind: 'KNOWLEDGE',
        status: 'DRAFT',
        titleTh: 'คู่มือการจัดเวทีประชาคม',
        bodyTh: 'เนื้อหาข่าว\n\nย่อหน้าที่สอง',
        tags: ['pdpa', 'การมีส่วนร่วม', 'open data'],
        publishedAt: null,
        version: 1,
        isSample: false,
        cluster: { code: 'N1' },
        attachments: [
          { position: 1, ...PDF },
          { position: 2, name: 'ภาพ.png', mediaType: 'image/png', sizeBytes: 2048, url: 'https://n1.osm.example/files/p.png' },
        ],
      });
      for (const identity of [undefined, CITIZEN, S2_STAFF]) {
        const { data } = await subgraph.execute(ARTICLE, { variables: { id: created.id }, identity });
        expect(data?.article).toBeNull();
      }
      for (const identity of [N1_STAFF, AGENCY, ADMIN]) {
        const { data } = await subgraph.execute(ARTICLE, { variables: { id: created.id }, identity });
        expect(data?.article).toMatchObject({ id: created.id, status: 'DRAFT' });
      }

      const published = await publish(created.id);
      expect(published).toMatchObject({ status: 'PUBLISHED', version: 2 });
      expect(Date.parse(published.publishedAt)).not.toBeNaN();
      const { data } = await subgraph.execute(ARTICLE, { variables: { id: created.id } });
      expect(data?.article).toMatchObject({ id: created.id, status: 'PUBLISHED', titleTh: 'คู่มือการจัดเวทีประชาคม' });
    });

    it('lets OSM staff change a published article and refuses a stale version with CONFLICT, writing nothing', async () => {
      const created = await draft({ tags: ['เดิม'], attachments: [PDF] });
      await publish(created.id);
      const { data, errors } = await subgraph.execute(UPDATE, {
        variables: { input: { articleId: created.id, version: 2, titleEn: 'Cluster news', summaryTh: 'สรุปสั้น', tags: ['ใหม่'], attachments: [] } },
        identity: N1_STAFF,
      });
      expect(errors).toBeUndefined();
      expect(data?.updateArticle).toMatchObject({ version: 3, status: 'PUBLISHED', titleTh: created.titleTh, titleEn: 'Cluster news', summaryTh: 'สรุปสั้น', tags: ['ใหม่'], attachments: [] });

      const stale = await subgraph.execute(UPDATE, { variables: { input: { articleId: created.id, version: 2, titleTh: 'ชื่อใหม่' } }, identity: N1_STAFF });
      expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 3 });
      expect((await prisma.article.findUniqueOrThrow({ where: { id: created.id } })).titleTh).toBe(created.titleTh);

      const cleared = await subgraph.execute(UPDATE, { variables: { input: { articleId: created.id, version: 3, titleEn: null } }, identity: N1_STAFF });
      expect(cleared.data?.updateArticle).toMatchObject({ titleEn: null, version: 4 });
      const required = await subgraph.execute(UPDATE, { variables: { input: { articleId: created.id, version: 4, titleTh: null } }, identity: N1_STAFF });
      expect(required.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'titleTh' });
    });

    it('archives an article out of public view and publishes it again with its first publication date', async () => {
      const created = await draft();
      const first = await publish(created.id);
      const archived = await subgraph.execute(ARCHIVE, { variables: { input: { articleId: created.id, version: 2 } }, identity: N1_STAFF });
      expect(archived.data?.archiveArticle).toMatchObject({ status: 'ARCHIVED', version: 3 });
      expect((await subgraph.execute(ARTICLE, { variables: { id: created.id } })).data?.article).toBeNull();
      const again = await publish(created.id);
      expect(again).toMatchObject({ status: 'PUBLISHED', version: 4, publishedAt: first.publishedAt });
    });

    it.each([
      ['the public', 'UNAUTHENTICATED', undefined],
      ['a citizen', 'FORBIDDEN', CITIZEN],
      ['an agency', 'FORBIDDEN', AGENCY],
      ['OSM staff of another cluster', 'FORBIDDEN', S2_STAFF],
    ])('refuses writes by %s with %s, writing nothing', async (_who, code, identity) => {
      const created = await draft();
      const before = await prisma.article.count();
      const create = await subgraph.execute(CREATE, { variables: { input: { clusterCode: 'N1', kind: 'NEWS', titleTh: 'ข่าว', bodyTh: 'เนื้อหา' } }, identity });
      expect(create.errors?.[0].extensions?.code).toBe(code);
      const published = await subgraph.execute(PUBLISH, { variables: { input: { articleId: created.id } }, identity });
      expect(published.errors?.[0].extensions?.code).toBe(code);
      const updated = await subgraph.execute(UPDATE, { variables: { input: { articleId: created.id, version: 1, titleTh: 'แก้' } }, identity });
      expect(updated.errors?.[0].extensions?.code).toBe(code);
      expect(await prisma.article.count()).toBe(before);
      expect(await prisma.article.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ status: 'DRAFT', version: 1 });
    });

    it("lets an admin write any cluster's articles", async () => {
      const created = await draft({ clusterCode: 'S2' }, ADMIN);
      expect(created.cluster.code).toBe('S2');
      expect(await publish(created.id, ADMIN)).toMatchObject({ status: 'PUBLISHED' });
    });

    it.each([
      ['a two-line title', { titleTh: 'บรรทัดหนึ่ง\nบรรทัดสอง' }, 'titleTh'],
      ['a title over 300 characters', { titleTh: 'ก'.repeat(301) }, 'titleTh'],
      ['a body over 20,000 characters', { bodyTh: 'ข'.repeat(20_001) }, 'bodyTh'],
      ['eleven different tags', { tags: Array.from({ length: 11 }, (_, i) => `tag${i}`) }, 'tags'],
      ['a tag over 40 characters', { tags: ['t'.repeat(41)] }, 'tags[0]'],
      ['21 attachments', { attachments: Array.from({ length: 21 }, () => PDF) }, 'attachments'],
      ['an executable', { attachments: [{ ...PDF, mediaType: 'application/x-msdownload' }] }, 'attachments[0].mediaType'],
      ['a media type without subtype', { attachments: [{ ...PDF, mediaType: 'pdf' }] }, 'attachments[0].mediaType'],
      ['an empty file', { attachments: [{ ...PDF, sizeBytes: 0 }] }, 'attachments[0].sizeBytes'],
      ['a file over 100 MB', { attachments: [{ ...PDF, sizeBytes: 104_857_601 }] }, 'attachments[0].sizeBytes'],
      ['an http URL', { attachments: [{ ...PDF, url: 'http://n1.osm.example/a.pdf' }] }, 'attachments[0].url'],
      ['a javascript URL', { attachments: [{ ...PDF, url: 'javascript:alert(1)' }] }, 'attachments[0].url'],
      ['a URL with a password', { attachments: [{ ...PDF, url: 'https://user:secret@n1.osm.example/a.pdf' }] }, 'attachments[0].url'],
      ['a two-line file name', { attachments: [{ ...PDF, name: 'a\nb.pdf' }] }, 'attachments[0].name'],
      ['an unknown cluster', { clusterCode: 'X9' }, 'clusterCode'],
    ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_label, overrides, field) => {
      const before = await prisma.article.count();
      const { errors } = await subgraph.execute(CREATE, {
        variables: { input: { clusterCode: 'N1', kind: 'NEWS', titleTh: 'ข่าว', bodyTh: 'เนื้อหา', ...overrides } },
        identity: N1_STAFF,
      });
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await prisma.article.count()).toBe(before);
    });
  });

  describe('Query.articles', () => {
    /** Articles of cluster NE3 published at given instants, straight in the database. */
    async function publishedAt(titles: [string, string, string[]][]) {
      const ids: string[] = [];
      for (const [titleTh, at, tags] of titles) {
        const row = await prisma.article.create({
          data: { clusterCode: 'NE3', kind: 'NEWS', status: 'PUBLISHED', titleTh, bodyTh: `เนื้อหาของข่าว${titleTh}`, tags, publishedAt: new Date(at), createdBy: 'test' },
        });
        ids.push(row.id);
      }
      return ids;
    }

    it('lists published articles newest first by publication, page by page, and the drafts to their cluster only', async () => {
      // Created in this order; published in another: the list follows publication.
      const [march, january, february] = await publishedAt([
        ['ข่าวเดือนมีนาคม', '2026-03-01T03:00:00Z', ['น้ำ']],
        ['ข่าวเดือนมกราคม', '2026-01-10T03:00:00Z', ['น้ำ', 'เกษตร']],
        ['ข่าวเดือนกุมภาพันธ์', '2026-02-14T03:00:00Z', ['เกษตร']],
      ]);
      const hidden = await prisma.article.create({ data: { clusterCode: 'NE3', kind: 'NEWS', titleTh: 'ร่างข่าว', bodyTh: 'ร่าง', createdBy: 'test' } });
      const filter = { clusterCode: 'NE3' };
      const first = await subgraph.execute(LIST, { variables: { filter, first: 2 } });
      expect(first.data?.articles.totalCount).toBe(3);
      expect(first.data?.articles.edges.map((edge: any) => edge.node.id)).toEqual([march, february]);
      expect(first.data?.articles.pageInfo.hasNextPage).toBe(true);
      const second = await subgraph.execute(LIST, { variables: { filter, first: 2, after: first.data?.articles.pageInfo.endCursor } });
      expect(second.data?.articles.edges.map((edge: any) => edge.node.id)).toEqual([january]);
      expect(second.data?.articles.pageInfo.hasNextPage).toBe(false);

      const staff: Identity = { role: 'osm-staff', clusterCode: 'NE3', subject: 'ne3' };
      const own = await subgraph.execute(LIST, { variables: { filter, first: 2 }, identity: staff });
      expect(own.data?.articles.totalCount).toBe(4);
      expect(own.data?.articles.edges.map((edge: any) => edge.node.id)).toEqual([hidden.id, march]);
      const next = await subgraph.execute(LIST, { variables: { filter, first: 5, after: own.data?.articles.pageInfo.endCursor }, identity: staff });
      expect(next.data?.articles.edges.map((edge: any) => edge.node.id)).toEqual([february, january]);
      const drafts = await subgraph.execute(LIST, { variables: { filter: { ...filter, status: 'DRAFT' } }, identity: S2_STAFF });
      expect(drafts.data?.articles.totalCount).toBe(0);
      const agency = await subgraph.execute(LIST, { variables: { filter: { ...filter, status: 'DRAFT' } }, identity: AGENCY });
      expect(agency.data?.articles.edges.map((edge: any) => edge.node.id)).toEqual([hidden.id]);
    });

    it('filters by kind, tag, publication dates (Asia/Bangkok) and Thai text in the body', async () => {
      await publishedAt([
        ['รายงานภัยแล้ง', '2025-06-30T18:30:00Z', ['ภัยแล้ง', 'water']], // 1 July 01:30 in Bangkok
        ['ความรู้เรื่องดิน', '2025-07-15T03:00:00Z', ['ดิน']],
      ]);
      const titles = async (filter: Record<string, unknown>) =>
        (await subgraph.execute(LIST, { variables: { filter: { clusterCode: 'NE3', ...filter } } })).data?.articles.edges.map((edge: any) => edge.node.titleTh);
      expect(await titles({ tag: ' WATER ' })).toEqual(['รายงานภัยแล้ง']);
      expect(await titles({ publishedFrom: '2025-07-01', publishedTo: '2025-07-01' })).toEqual(['รายงานภัยแล้ง']);
      expect(await titles({ publishedFrom: '2025-07-02', publishedTo: '2025-07-31' })).toEqual(['ความรู้เรื่องดิน']);
      expect(await titles({ search: 'ข่าวความรู้' })).toEqual(['ความรู้เรื่องดิน']);
      expect(await titles({ kind: 'KNOWLEDGE' })).toEqual([]);
      const bad = await subgraph.execute(LIST, { variables: { filter: { publishedFrom: '2568-07-01' } } });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.publishedFrom' });
      const cursor = await subgraph.execute(LIST, { variables: { after: 'bm90LWEtY3Vyc29y' } });
      expect(cursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    });
  });

  describe('Cluster.articles', () => {
    it("lists a cluster's articles the caller may read, and costs the same statements for 18 clusters as for 1", async () => {
      await prisma.article.create({ data: { clusterCode: 'E1', kind: 'KNOWLEDGE', titleTh: 'ร่างความรู้', bodyTh: 'ร่าง', createdBy: 'test' } });
      const e1 = await prisma.article.create({
        data: { clusterCode: 'E1', kind: 'NEWS', status: 'PUBLISHED', titleTh: 'ข่าวภาคตะวันออก', bodyTh: 'ข่าว', publishedAt: new Date(), createdBy: 'test' },
      });
      await prisma.articleAttachment.create({ data: { articleId: e1.id, position: 1, ...PDF } });
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Cluster { code articles(first: 5) { totalCount edges { node { titleTh attachments { name } } } } } } }`;
      const one = await subgraph.execute(query, { variables: { r: [{ __typename: 'Cluster', code: 'E1' }] } });
      expect(one.data?._entities[0].articles).toEqual({ totalCount: 1, edges: [{ node: { titleTh: 'ข่าวภาคตะวันออก', attachments: [{ name: PDF.name }] } }] });
      const all = await subgraph.execute(query, { variables: { r: ALL_CODES.map((code) => ({ __typename: 'Cluster', code })) } });
      expect(all.data?._entities).toHaveLength(18);
      expect(all.statements).toBe(one.statements);
      const staff = await subgraph.execute(query, { variables: { r: [{ __typename: 'Cluster', code: 'E1' }] }, identity: { role: 'osm-staff', clusterCode: 'E1', subject: 'e1' } });
      expect(staff.data?._entities[0].articles.totalCount).toBe(2);
    });

    it('reads the attachments of 10 articles in as many statements as of 1', async () => {
      for (let i = 0; i < 10; i += 1) {
        const row = await prisma.article.create({
          data: { clusterCode: 'S3', kind: 'NEWS', status: 'PUBLISHED', titleTh: `ข่าว S3 ${i}`, bodyTh: 'ข่าว', publishedAt: new Date(Date.UTC(2026, 0, 1 + i)), createdBy: 'test' },
        });
        await prisma.articleAttachment.create({ data: { articleId: row.id, position: 1, ...PDF } });
      }
      const query = `query($first: Int) { articles(filter: { clusterCode: "S3" }, first: $first) { edges { node { id attachments { url } cluster { code } } } } }`;
      const one = await subgraph.execute(query, { variables: { first: 1 } });
      const ten = await subgraph.execute(query, { variables: { first: 10 } });
      expect(ten.data?.articles.edges).toHaveLength(10);
      expect(ten.statements).toBe(one.statements);
    });
  });

  describe('sample data', () => {
    it('loads news and knowledge of the sample clusters, one draft among them, marked as sample, and twice adds nothing', async () => {
      await participationSubgraph.seedSample?.(prisma);
      await participationSubgraph.seedSample?.(prisma);
      const samples = await prisma.article.findMany({ where: { isSample: true }, include: { attachments: true } });
      expect(new Set(samples.map((article) => article.clusterCode))).toEqual(new Set(['N1', 'NE3', 'E1', 'S2']));
      expect(new Set(samples.map((article) => article.kind))).toEqual(new Set(['NEWS', 'KNOWLEDGE']));
      expect(samples.filter((article) => article.status === 'DRAFT')).toHaveLength(1);
      expect(samples.every((article) => article.titleTh.includes('ตัวอย่าง'))).toBe(true);
      const attachments = samples.flatMap((article) => article.attachments);
      expect(attachments.length).toBeGreaterThan(0);
      expect(attachments.every((attachment) => attachment.url.startsWith('https://example.com/'))).toBe(true);
      const { data } = await subgraph.execute(`{ articles(filter: { clusterCode: "N1", tag: "รับฟังความคิดเห็น" }) { edges { node { titleEn isSample } } } }`);
      expect(data?.articles.edges).toEqual([{ node: { titleEn: 'Upper Northern Cluster 1 opens hearings on its development plan (sample)', isSample: true } }]);
    });
  });
});
