import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import type { Identity } from '../kit/identity';
import type { RunningSubgraph } from '../kit/subgraph';
import type { PrismaClient as BudgetClient } from '../subgraphs/budget/generated/prisma/client';
import type { PrismaClient as StrategyClient } from '../subgraphs/strategy/generated/prisma/client';
import type { PrismaClient } from '../subgraphs/participation/generated/prisma/client';
import { ANONYMOUS_NAME } from '../subgraphs/participation/personal/contact';
import { participationSubgraph } from '../subgraphs/participation/server';
import { ENGINES } from './support/databases';
import { signToken, startTestHub, type TestHub } from './support/hub';
import { seedPersonalRecords, type TestPerson } from './support/participation';
import { openTestSubgraph, type TestSubgraph } from './support/subgraph';

const ADMIN: Identity = { role: 'admin', subject: 'dpo-admin' };
const N1_STAFF: Identity = { role: 'osm-staff', clusterCode: 'N1', subject: 'somchai' };
const S2_STAFF: Identity = { role: 'osm-staff', clusterCode: 'S2', subject: 'anong' };
const AGENCY: Identity = { role: 'agency', agencyCode: 'BB', subject: 'bb-officer' };
const CITIZEN: Identity = { role: 'citizen', subject: 'citizen-9' };
const PROVINCE: Identity = { role: 'province-officer', provinceCode: '50', subject: 'cm-officer' };

const EXPORT = `mutation($input: PersonalDataRequestInput!) { exportPersonalData(input: $input) {
  requestId matchedBy clusterScope total counts { type count }
  records { type id clusterCode subjectType subjectId createdAt displayName fullName phone email nationalIdLast4 citizenSub text }
} }`;
const ERASE = `mutation($input: PersonalDataRequestInput!) { erasePersonalData(input: $input) { requestId matchedBy clusterScope total counts { type count } erasedAt } }`;

const counts = (registration: number, comment: number, response: number, feedback: number, support = 0, report = 0) => [
  { type: 'REGISTRATION', count: registration },
  { type: 'COMMENT', count: comment },
  { type: 'SURVEY_RESPONSE', count: response },
  { type: 'CITIZEN_FEEDBACK', count: feedback },
  { type: 'COMMENT_SUPPORT', count: support },
  { type: 'COMMENT_REPORT', count: report },
];

describe.each(ENGINES)('data-subject requests on %s', (engine) => {
  let subgraph: TestSubgraph<PrismaClient>;
  let prisma: PrismaClient;
  let people = 0;

  beforeAll(async () => {
    subgraph = await openTestSubgraph(participationSubgraph, engine);
    prisma = subgraph.database.client;
  });
  afterAll(() => subgraph?.close());

  /** A new fictitious person (unique contact details per test). */
  function person(extra: Partial<TestPerson> = {}): TestPerson {
    people += 1;
    const n = String(people).padStart(4, '0');
    return { fullName: `สมหญิง ตัวอย่าง${n}`, email: `somying${n}@example.com`, phone: `080000${n}`, ...extra };
  }

  it('exports every N1 record of a person to N1 staff, erases them in one request, and a second export finds nothing', async () => {
    const somying = person({ nationalIdLast4: '5678' });
    const other = person();
    const records = await seedPersonalRecords(prisma, 'N1', somying);
    const untouched = await seedPersonalRecords(prisma, 'N1', other);

    // Found by e-mail in another case and spacing, and by the phone in international form.
    const exported = await subgraph.execute(EXPORT, { variables: { input: { email: `  ${somying.email.toUpperCase()} ` } }, identity: N1_STAFF });
    expect(exported.errors).toBeUndefined();
    const answer = exported.data?.exportPersonalData;
    expect(answer).toMatchObject({ matchedBy: 'email', clusterScope: 'N1', total: 4, counts: counts(1, 1, 1, 1) });
    const byType = Object.fromEntries(answer.records.map((record: any) => [record.type, record]));
    expect(byType.REGISTRATION).toMatchObject({
      id: records.registrationId,
      clusterCode: 'N1',
      subjectType: 'Hearing',
      subjectId: records.hearingId,
      fullName: somying.fullName,
      phone: somying.phone,
      email: somying.email,
      nationalIdLast4: '5678',
    });
    expect(byType.COMMENT).toMatchObject({ id: records.commentId, subjectType: 'DevelopmentPlan', fullName: somying.fullName, text: 'ควรเพิ่มงบประมาณด้านน้ำ' });
    expect(byType.SURVEY_RESPONSE).toMatchObject({ id: records.responseId, subjectType: 'Survey', subjectId: records.surveyId, email: somying.email });
    expect(byType.CITIZEN_FEEDBACK).toMatchObject({ id: records.feedbackId, subjectType: 'Project', phone: somying.phone, text: 'โครงการดีมาก' });
    expect(JSON.stringify(answer)).not.toContain(other.email);

    const byPhone = await subgraph.execute(EXPORT, { variables: { input: { phone: `+66 ${somying.phone.slice(1, 3)} ${somying.phone.slice(3)}` } }, identity: N1_STAFF });
    expect(byPhone.data?.exportPersonalData).toMatchObject({ matchedBy: 'phone', total: 4 });

    const erased = await subgraph.execute(ERASE, { variables: { input: { email: somying.email, phone: somying.phone } }, identity: N1_STAFF });
    expect(erased.errors).toBeUndefined();
    expect(erased.data?.erasePersonalData).toMatchObject({ matchedBy: 'email+phone', clusterScope: 'N1', total: 4, counts: counts(1, 1, 1, 1) });

    // The comment stays, its text unchanged, now anonymous; nothing personal is left anywhere.
    const comment = await prisma.comment.findUniqueOrThrow({ where: { id: records.commentId } });
    expect(comment).toMatchObject({ body: 'ควรเพิ่มงบประมาณด้านน้ำ', status: 'PUBLISHED', displayName: ANONYMOUS_NAME, fullName: null, phone: null, email: null, citizenSub: null, bodyDigest: `erased:${comment.id}` });
    expect(comment.erasedAt).toBeInstanceOf(Date);
    const registration = await prisma.registration.findUniqueOrThrow({ where: { id: records.registrationId } });
    expect(registration).toMatchObject({ displayName: ANONYMOUS_NAME, fullName: null, nationalIdHash: null, nationalIdLast4: null, registrantKey: `erased:${records.registrationId}` });
    const response = await prisma.surveyResponse.findUniqueOrThrow({ where: { id: records.responseId }, include: { choices: true } });
    expect(response).toMatchObject({ respondentKey: `erased:${records.responseId}`, email: null });
    expect(response.choices).toHaveLength(1); // the answer still counts in the results
    expect(await prisma.citizenFeedback.findUniqueOrThrow({ where: { id: records.feedbackId } })).toMatchObject({ rating: 4, body: 'โครงการดีมาก', phone: null });

    // The other person's records are untouched.
    expect(await prisma.registration.findUniqueOrThrow({ where: { id: untouched.registrationId } })).toMatchObject({ fullName: other.fullName, email: other.email });
    expect(await prisma.comment.findUniqueOrThrow({ where: { id: untouched.commentId } })).toMatchObject({ phone: other.phone, erasedAt: null });

    const again = await subgraph.execute(EXPORT, { variables: { input: { email: somying.email, phone: somying.phone } }, identity: ADMIN });
    expect(again.data?.exportPersonalData).toMatchObject({ total: 0, records: [], clusterScope: null });
    const eraseAgain = await subgraph.execute(ERASE, { variables: { input: { email: somying.email } }, identity: N1_STAFF });
    expect(eraseAgain.data?.erasePersonalData).toMatchObject({ total: 0, counts: counts(0, 0, 0, 0) });

    // Every request is recorded: who, scope, what matched and counts — never the e-mail or phone.
    const requests = await prisma.personalDataRequest.findMany({ where: { requestedBy: { in: ['somchai', 'dpo-admin'] } }, orderBy: { createdAt: 'asc' } });
    expect(requests.map((request) => [request.kind, request.matchedBy, request.clusterScope])).toEqual(
      expect.arrayContaining([
        ['EXPORT', 'email', 'N1'],
        ['EXPORT', 'phone', 'N1'],
        ['ERASE', 'email+phone', 'N1'],
        ['EXPORT', 'email+phone', null],
        ['ERASE', 'email', 'N1'],
      ]),
    );
    const erase = requests.find((request) => request.kind === 'ERASE' && request.matchedBy === 'email+phone');
    expect(erase).toMatchObject({ requestedBy: 'somchai', requesterRole: 'osm-staff', counts: { REGISTRATION: 1, COMMENT: 1, SURVEY_RESPONSE: 1, CITIZEN_FEEDBACK: 1, COMMENT_SUPPORT: 0, COMMENT_REPORT: 0 } });
    const stored = JSON.stringify(await prisma.personalDataRequest.findMany());
    for (const secret of [somying.email, somying.phone, somying.email.split('@')[0], somying.phone.slice(1)]) expect(stored).not.toContain(secret);
  });

  it("limits OSM staff to their own cluster's records: staff of S2 neither see nor erase N1's", async () => {
    const somsak = person();
    const n1 = await seedPersonalRecords(prisma, 'N1', somsak);
    const s2 = await seedPersonalRecords(prisma, 'S2', somsak);

    const seen = await subgraph.execute(EXPORT, { variables: { input: { email: somsak.email } }, identity: S2_STAFF });
    expect(seen.data?.exportPersonalData).toMatchObject({ clusterScope: 'S2', total: 4 });
    expect(seen.data?.exportPersonalData.records.every((record: any) => record.clusterCode === 'S2')).toBe(true);
    expect(JSON.stringify(seen.data)).not.toContain(n1.registrationId);

    const erased = await subgraph.execute(ERASE, { variables: { input: { phone: somsak.phone } }, identity: S2_STAFF });
    expect(erased.data?.erasePersonalData).toMatchObject({ clusterScope: 'S2', total: 4 });
    expect(await prisma.registration.findUniqueOrThrow({ where: { id: s2.registrationId } })).toMatchObject({ fullName: null });
    expect(await prisma.registration.findUniqueOrThrow({ where: { id: n1.registrationId } })).toMatchObject({ fullName: somsak.fullName, phone: somsak.phone });

    const admin = await subgraph.execute(EXPORT, { variables: { input: { phone: somsak.phone } }, identity: ADMIN });
    expect(admin.data?.exportPersonalData).toMatchObject({ clusterScope: null, total: 4 });
    expect(admin.data?.exportPersonalData.records.every((record: any) => record.clusterCode === 'N1')).toBe(true);
  });

  it('also exports and erases what the same citizen account posted, supported or reported without contact details', async () => {
    const malee = person({ citizenSub: 'idp|malee-0001' });
    await seedPersonalRecords(prisma, 'N1', malee);
    const signedIn = await prisma.comment.create({
      data: { clusterCode: 'N1', subjectKind: 'PLAN', subjectId: '0e1f3c56-0000-4000-8000-000000000001', body: 'ความเห็นที่สอง', bodyDigest: 'x', status: 'PUBLISHED', authorRole: 'citizen', displayName: 'มาลี', citizenSub: malee.citizenSub },
    });
    const others = await seedPersonalRecords(prisma, 'N1', person());
    await prisma.commentSupport.createMany({ data: [{ commentId: others.commentId, supporterKey: `sub:${malee.citizenSub}` }, { commentId: others.commentId, supporterKey: 'sub:idp|someone-else' }] });
    const report = await prisma.commentReport.create({ data: { commentId: others.commentId, reason: 'ไม่เกี่ยวข้อง', reporterKey: `sub:${malee.citizenSub}` } });
    // A support of a comment of another cluster: S2's staff would not reach it, N1's do not either.
    const s2 = await seedPersonalRecords(prisma, 'S2', person());
    await prisma.commentSupport.create({ data: { commentId: s2.commentId, supporterKey: `sub:${malee.citizenSub}` } });

    // The export lists the support and the report, with the account and the reason (PDPA s. 30: all the data held).
    const exported = await subgraph.execute(EXPORT, { variables: { input: { email: malee.email } }, identity: N1_STAFF });
    expect(exported.errors).toBeUndefined();
    expect(exported.data?.exportPersonalData).toMatchObject({ total: 7, counts: counts(1, 2, 1, 1, 1, 1) });
    const records = exported.data?.exportPersonalData.records as any[];
    expect(records.filter((record) => record.type === 'COMMENT_SUPPORT')).toEqual([
      expect.objectContaining({ id: others.commentId, clusterCode: 'N1', subjectType: 'Comment', subjectId: others.commentId, displayName: ANONYMOUS_NAME, citizenSub: malee.citizenSub, fullName: null, text: null }),
    ]);
    expect(records.filter((record) => record.type === 'COMMENT_REPORT')).toEqual([
      expect.objectContaining({ id: report.id, clusterCode: 'N1', subjectType: 'Comment', subjectId: others.commentId, citizenSub: malee.citizenSub, text: 'ไม่เกี่ยวข้อง' }),
    ]);
    // An admin reaches every cluster: the S2 support too.
    const all = await subgraph.execute(EXPORT, { variables: { input: { email: malee.email } }, identity: ADMIN });
    expect(all.data?.exportPersonalData.counts).toEqual(counts(1, 2, 1, 1, 2, 1));

    const { data } = await subgraph.execute(ERASE, { variables: { input: { email: malee.email } }, identity: N1_STAFF });
    expect(data?.erasePersonalData).toMatchObject({ total: 7, counts: counts(1, 2, 1, 1, 1, 1) });
    expect(await prisma.comment.findUniqueOrThrow({ where: { id: signedIn.id } })).toMatchObject({ displayName: ANONYMOUS_NAME, citizenSub: null, body: 'ความเห็นที่สอง' });
    // Their support and report of someone else's comment still count, under keys that name no one.
    const supports = await prisma.commentSupport.findMany({ where: { commentId: others.commentId } });
    expect(supports).toHaveLength(2);
    expect(supports.map((support) => support.supporterKey).filter((key) => key.includes('malee'))).toEqual([]);
    expect(supports.map((support) => support.supporterKey)).toContain('sub:idp|someone-else');
    expect(await prisma.commentReport.findMany({ where: { commentId: others.commentId } })).toMatchObject([{ reporterKey: 'erased', reason: 'ไม่เกี่ยวข้อง' }]);
  });

  it.each([
    ['the public', 'UNAUTHENTICATED', undefined],
    ['a citizen', 'FORBIDDEN', CITIZEN],
    ['an agency', 'FORBIDDEN', AGENCY],
    ['a province officer', 'FORBIDDEN', PROVINCE],
  ])('refuses %s with %s, erasing nothing and recording nothing', async (_who, code, identity) => {
    const victim = person();
    const records = await seedPersonalRecords(prisma, 'N1', victim);
    const before = await prisma.personalDataRequest.count();
    for (const operation of [EXPORT, ERASE]) {
      const { data, errors } = await subgraph.execute(operation, { variables: { input: { email: victim.email } }, identity });
      expect(errors?.[0].extensions?.code).toBe(code);
      expect(JSON.stringify(data ?? null)).not.toContain(victim.email);
    }
    expect(await prisma.registration.findUniqueOrThrow({ where: { id: records.registrationId } })).toMatchObject({ email: victim.email });
    expect(await prisma.personalDataRequest.count()).toBe(before);
  });

  it.each([
    ['neither e-mail nor phone', {}, 'email'],
    ['blank e-mail and phone', { email: ' ', phone: '' }, 'email'],
    ['a malformed e-mail', { email: 'somchai@' }, 'email'],
    ['a malformed phone', { phone: '12345' }, 'phone'],
    ['a malformed phone beside a good e-mail', { email: 'a@example.com', phone: 'not a phone' }, 'phone'],
  ])('refuses %s with BAD_USER_INPUT, recording nothing', async (_label, input, field) => {
    const before = await prisma.personalDataRequest.count();
    for (const operation of [EXPORT, ERASE]) {
      const { errors } = await subgraph.execute(operation, { variables: { input }, identity: ADMIN });
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await prisma.personalDataRequest.count()).toBe(before);
  });
});

/*
 * THE PDPA GUARANTEE (issue 11, item 6): for every type with a personal field, no query path
 * returns it to a caller who may not see it.
 *
 * Nothing here lists types or fields by hand beyond the names of the personal fields: the test
 * reads the composed schema from a running gateway (introspection), finds every object type with a
 * personal field, and walks the graph breadth-first from Query to generate, for every field that
 * returns such a type (or a connection of it), query paths that reach it — through other
 * subgraphs' entities too (Cluster, DevelopmentPlan, Project…) — supplying required arguments from
 * the seeded rows (ids, cluster code, contact details; ids of the named type first, every seeded id
 * when the type has none). Types that no query reaches are reached
 * from Mutation (e.g. the export of a data-subject request), with the same argument rules. Every
 * path runs through the gateway as the public, a citizen, an agency, a province officer of N1's
 * province and OSM staff of C3 (a cluster without sample records): every personal field of every
 * object of those types in every answer must be null, and the display name present; an error
 * (FORBIDDEN, UNAUTHENTICATED) counts as "not returned". As N1 staff and as an admin, every type
 * must come back with its personal fields filled at least once — so the test fails when a type
 * leaks, and when a type (or a field returning one) appears that no generated path reaches.
 */
const PERSONAL_FIELDS = ['fullName', 'phone', 'email', 'nationalIdLast4', 'nationalId'];
/** Fields from Query to the personal type, at most (the gateway's depth limit is raised for the test). */
const MAX_PATH = 6;
/** Distinct paths each type is expanded from (so one bad argument choice does not hide a field). */
const PREFIXES_PER_TYPE = 4;
/** Alternative argument sets tried per field, at most. */
const ARGUMENT_SETS = 6;

/** One field of a path, with its arguments as GraphQL literals. */
interface Step {
  readonly parent: string;
  readonly field: string;
  readonly args: string;
}

/** What the paths' required arguments are filled with. */
interface Values {
  readonly idsByType: Record<string, string[]>;
  readonly email: string;
  readonly phone: string;
}

/** The composed schema, and the parts of it the walk needs. */
class PersonalGraph {
  readonly personal: Set<string>;
  private readonly distance = new Map<string, number>();

  constructor(readonly schema: GraphQLSchema) {
    this.personal = new Set(
      this.objectTypes()
        .filter((type) => Object.keys(type.getFields()).some((name) => PERSONAL_FIELDS.includes(name)))
        .map((type) => type.name),
    );
    // Fields from each type to the nearest personal type (Bellman-Ford over the small schema).
    for (const name of this.personal) this.distance.set(name, 0);
    for (let changed = true; changed; ) {
      changed = false;
      for (const type of this.objectTypes()) {
        for (const field of Object.values(type.getFields())) {
          const next = this.distance.get(getNamedType(field.type).name);
          if (next !== undefined && next + 1 < (this.distance.get(type.name) ?? Infinity)) {
            this.distance.set(type.name, next + 1);
            changed = true;
          }
        }
      }
    }
  }

  objectTypes(): GraphQLObjectType[] {
    return Object.values(this.schema.getTypeMap()).filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'));
  }

  distanceOf(name: string): number {
    return this.distance.get(name) ?? Infinity;
  }

  /** The node type of a Relay connection type (`edges { node }`), or null. */
  nodeOf(type: GraphQLNamedType): GraphQLNamedType | null {
    if (!isObjectType(type)) return null;
    const edges = type.getFields().edges;
    const edge = edges ? getNamedType(edges.type) : null;
    const node = edge && isObjectType(edge) ? edge.getFields().node : undefined;
    return node ? getNamedType(node.type) : null;
  }

  isWrapper(type: GraphQLNamedType): boolean {
    return this.nodeOf(type) !== null || (isObjectType(type) && 'node' in type.getFields() && 'cursor' in type.getFields());
  }

  /**
   * The fields a test must reach: every field of a type readers start from (not Mutation, not a
   * connection or edge) that returns a personal type or a connection of one.
   */
  carriers(): string[] {
    const result: string[] = [];
    for (const type of this.objectTypes()) {
      if (type === this.schema.getMutationType() || type === this.schema.getSubscriptionType() || this.isWrapper(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const named = getNamedType(field.type);
        if (this.personal.has(named.name) || this.personal.has(this.nodeOf(named)?.name ?? '')) result.push(`${type.name}.${field.name}`);
      }
    }
    return result.sort();
  }
}

/**
 * The seeded ids an id argument may take: those of the type it names (`id` → the field's type,
 * `hearingId` → Hearing, `subjectId` → every kind of subject), or every seeded id when the type
 * has none (`guessed`: such paths are expanded only after the others).
 */
function idsFor(name: string, returns: GraphQLNamedType, graph: PersonalGraph, values: Values): { ids: string[]; guessed: boolean } {
  const target = name === 'id' ? (graph.nodeOf(returns) ?? returns).name : name.replace(/Id$/, '');
  const aliases: Record<string, string[]> = { plan: ['DevelopmentPlan'], issue: ['StrategicIssue'], subject: ['DevelopmentPlan', 'StrategicIssue', 'Project', 'Hearing'] };
  const types = aliases[target] ?? [target.charAt(0).toUpperCase() + target.slice(1)];
  const ids = types.flatMap((typeName) => values.idsByType[typeName] ?? []);
  return ids.length > 0 ? { ids, guessed: false } : { ids: Object.values(values.idsByType).flat(), guessed: true };
}

/** The literals an argument may take, or null when the test cannot fill it. */
function literals(name: string, type: GraphQLInputType, returns: GraphQLNamedType, graph: PersonalGraph, values: Values, required: boolean): string[] | null {
  const named = getNamedType(type);
  const wrap = (list: string[] | null) => (list && isListType(isNonNullType(type) ? type.ofType : type) ? list.map((value) => `[${value}]`) : list);
  if (isEnumType(named)) return required ? wrap(named.getValues().map((value) => value.name)) : null;
  if (isInputObjectType(named)) {
    const parts: string[] = [];
    for (const field of Object.values(named.getFields())) {
      const mandatory = isNonNullType(field.type) && field.defaultValue === undefined;
      const options = literals(field.name, field.type, returns, graph, values, mandatory);
      if (options) parts.push(`${field.name}: ${options[0]}`);
      else if (mandatory) return null;
    }
    return wrap([`{ ${parts.join(', ')} }`]);
  }
  if (/^(clusterCode|code)$/.test(name)) return wrap([JSON.stringify('N1')]);
  if (name === 'provinceCode') return wrap([JSON.stringify('50')]);
  if (name === 'email') return wrap([JSON.stringify(values.email)]);
  if (name === 'phone') return wrap([JSON.stringify(values.phone)]);
  if (!required) return null;
  if ((named.name === 'ID' || named.name === 'String') && /id$/i.test(name)) return wrap(idsFor(name, returns, graph, values).ids.map((id) => JSON.stringify(id)));
  if (named.name === 'Int') {
    if (/^(first|last|limit)$/.test(name)) return wrap(['10']);
    if (/year/i.test(name)) return wrap(['2569', '2570']);
  }
  if (named.name === 'Boolean') return wrap(['true']);
  return null;
}

/** The argument sets of a field (required ones filled, optional known ones too), or null when one cannot be filled. */
function argumentSets(field: GraphQLField<unknown, unknown>, graph: PersonalGraph, values: Values): { sets: string[]; guessed: boolean } | null {
  let sets = [''];
  let guessed = false;
  for (const arg of field.args) {
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    if (required && /id$/i.test(arg.name)) guessed ||= idsFor(arg.name, getNamedType(field.type), graph, values).guessed;
    const options = literals(arg.name, arg.type, getNamedType(field.type), graph, values, required);
    if (!options) {
      if (required) return null;
      continue;
    }
    sets = sets.flatMap((set) => options.map((option) => `${set}${set ? ', ' : ''}${arg.name}: ${option}`)).slice(0, ARGUMENT_SETS);
  }
  return { sets: sets.map((set) => (set ? `(${set})` : '')), guessed };
}

/** A path found by the walk: the root operation and its steps, the last returning a personal type. */
interface FoundPath {
  readonly operation: 'query' | 'mutation';
  readonly steps: readonly Step[];
}

/**
 * Breadth-first from `root`: every path of at most {@link MAX_PATH} fields that ends on a personal
 * type (or runs through one), each type but connections and edges expanded from at most
 * {@link PREFIXES_PER_TYPE} prefixes.
 */
function walk(graph: PersonalGraph, root: GraphQLObjectType, operation: 'query' | 'mutation', values: Values): FoundPath[] {
  const found: FoundPath[] = [];
  const expanded = new Map<string, number>();
  const queue: { type: GraphQLObjectType; steps: Step[]; guesses: number }[] = [{ type: root, steps: [], guesses: 0 }];
  while (queue.length > 0) {
    // Paths with fewer guessed ids first, then shorter ones.
    queue.sort((a, b) => a.guesses - b.guesses || a.steps.length - b.steps.length);
    const { type, steps, guesses } = queue.shift() as (typeof queue)[number];
    // Connections and edges are passed through, never capped: a cap there would cut off every carrier but the first few.
    if (steps.length > 0 && !graph.isWrapper(type)) {
      const count = expanded.get(type.name) ?? 0;
      if (count >= PREFIXES_PER_TYPE) continue;
      expanded.set(type.name, count + 1);
    }
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (!isObjectType(named) || steps.length + 1 + graph.distanceOf(named.name) > MAX_PATH) continue;
      const argumentChoices = argumentSets(field, graph, values);
      if (!argumentChoices) continue;
      for (const args of argumentChoices.sets) {
        const next = [...steps, { parent: type.name, field: field.name, args }];
        if (graph.personal.has(named.name)) found.push({ operation, steps: next });
        if (next.length < MAX_PATH) queue.push({ type: named, steps: next, guesses: guesses + (argumentChoices.guessed ? 1 : 0) });
      }
    }
  }
  return found;
}

/** The type a path ends on. */
function typeAtEnd(graph: PersonalGraph, path: FoundPath): string {
  const last = path.steps[path.steps.length - 1];
  return getNamedType((graph.schema.getType(last.parent) as GraphQLObjectType).getFields()[last.field].type).name;
}

/** The document of a path: `__typename` everywhere, and every personal type's personal fields and display name. */
function documentOf(graph: PersonalGraph, path: FoundPath): string {
  let type: GraphQLObjectType = path.operation === 'query' ? (graph.schema.getQueryType() as GraphQLObjectType) : (graph.schema.getMutationType() as GraphQLObjectType);
  const types = path.steps.map((step) => {
    type = getNamedType(type.getFields()[step.field].type) as GraphQLObjectType;
    return type;
  });
  const leaves = (object: GraphQLObjectType) =>
    Object.values(object.getFields())
      .filter((field) => (graph.personal.has(object.name) && [...PERSONAL_FIELDS, 'displayName', 'id'].includes(field.name)) && isLeafType(getNamedType(field.type)) && field.args.length === 0)
      .map((field) => field.name);
  let selection = '';
  for (let index = path.steps.length - 1; index >= 0; index -= 1) {
    const object = types[index];
    selection = `${path.steps[index].field}${path.steps[index].args} { __typename ${leaves(object).join(' ')} ${selection} }`;
  }
  return `${path.operation} { ${selection} }`;
}

/** Every object in an answer that has a `__typename`. */
function objectsIn(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(objectsIn);
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    return [...(typeof object.__typename === 'string' ? [object] : []), ...Object.values(object).flatMap(objectsIn)];
  }
  return [];
}

describe.each(ENGINES)('the PDPA guarantee on %s', (engine) => {
  let hub: TestHub;
  let graph: PersonalGraph;
  let paths: FoundPath[];
  let carriers: string[];
  const owner = { fullName: 'สมปอง ตัวอย่างพีดีพีเอ', email: 'sompong.pdpa@example.com', phone: '0800009999', citizenSub: 'idp|sompong-owner', nationalIdLast4: '4321' };
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startTestHub(engine, undefined, { SEED_SAMPLE_DATA: 'true', LIMIT_DEPTH: '30', LIMIT_COST: '100000000', LIMIT_ALIASES: '1000', LIMIT_ROOT_FIELDS: '1000' });
    const client = <Client>(name: string) => (hub.hub.subgraphs.find((subgraph) => subgraph.name === name) as RunningSubgraph).database.client as Client;
    const strategy = client<StrategyClient>('strategy');
    const budget = client<BudgetClient>('budget');
    const prisma = client<PrismaClient>('participation');
    const plan = await strategy.developmentPlan.findFirstOrThrow({ where: { clusterCode: 'N1', status: 'PUBLISHED' }, include: { strategicIssues: true } });
    const issueId = plan.strategicIssues[0].id;
    const project = await budget.project.findFirstOrThrow({ where: { clusterCode: 'N1', status: { in: ['APPROVED', 'CONTRACTED', 'IN_PROGRESS', 'COMPLETED'] } } });
    // N1's records with the owner's full contact details, about N1's published plan and an approved project.
    const records = await seedPersonalRecords(prisma, 'N1', owner, { planId: plan.id, projectId: project.id });
    await prisma.survey.update({ where: { id: records.surveyId }, data: { subjectKind: 'STRATEGIC_ISSUE', subjectId: issueId } });
    const personal = { clusterCode: 'N1', displayName: 'สมปอง ต.', fullName: owner.fullName, phone: owner.phone, email: owner.email, citizenSub: owner.citizenSub, status: 'PUBLISHED' as const, authorRole: 'citizen' };
    const more = [
      { subjectKind: 'PLAN' as const, subjectId: plan.id, parentId: records.commentId, body: 'เห็นด้วยกับความเห็นข้างบน' },
      { subjectKind: 'HEARING' as const, subjectId: records.hearingId, body: 'ขอเอกสารประกอบการประชุม' },
      { subjectKind: 'PROJECT' as const, subjectId: project.id, body: 'โครงการนี้ควรขยายไปอำเภออื่น' },
      { subjectKind: 'STRATEGIC_ISSUE' as const, subjectId: issueId, body: 'ประเด็นนี้สำคัญมาก' },
    ];
    const comments = [];
    for (const comment of more) comments.push(await prisma.comment.create({ data: { ...personal, ...comment, bodyDigest: comment.body } }));

    const values: Values = {
      idsByType: {
        DevelopmentPlan: [plan.id],
        StrategicIssue: [issueId],
        Project: [project.id],
        Hearing: [records.hearingId],
        Registration: [records.registrationId],
        Comment: [records.commentId, ...comments.map((comment) => comment.id)],
        Survey: [records.surveyId],
        SurveyResponse: [records.responseId],
        CitizenFeedback: [records.feedbackId],
      },
      email: owner.email,
      phone: owner.phone,
    };
    const introspection = await hub.query(getIntrospectionQuery());
    expect(introspection.errors).toBeUndefined();
    graph = new PersonalGraph(buildClientSchema(introspection.data as unknown as IntrospectionQuery));
    paths = walk(graph, graph.schema.getQueryType() as GraphQLObjectType, 'query', values);
    // Types no query reaches are reached through the mutations that return them (read-only answers such as an export).
    const reached = new Set(paths.map((path) => typeAtEnd(graph, path)));
    const missing = new Set([...graph.personal].filter((name) => !reached.has(name)));
    const mutation = graph.schema.getMutationType();
    if (mutation && missing.size > 0) paths.push(...walk(graph, mutation, 'mutation', values).filter((path) => missing.has(typeAtEnd(graph, path))));
    carriers = graph.carriers();

    tokens.citizen = await signToken({ role: 'citizen' }, { subject: 'idp|another-citizen' });
    tokens.agency = await signToken({ role: 'agency', agency: 'BB' });
    tokens.province = await signToken({ role: 'province-officer', province: '50' });
    tokens.otherCluster = await signToken({ role: 'osm-staff', cluster: 'C3' });
    tokens.n1Staff = await signToken({ role: 'osm-staff', cluster: 'N1' });
    tokens.admin = await signToken({ role: 'admin' });
  });
  afterAll(() => hub?.close());

  it('finds the types with personal fields in the composed schema, and a query path to every field that returns one', () => {
    expect(graph.personal.size).toBeGreaterThan(0);
    expect(graph.personal.has('PersonalDataRecord')).toBe(true);
    const covered = new Set(paths.flatMap((path) => path.steps.map((step) => `${step.parent}.${step.field}`)));
    const unreached = carriers.filter((carrier) => !covered.has(carrier));
    expect({ unreachedFields: unreached }).toEqual({ unreachedFields: [] });
    const reachedTypes = new Set(paths.map((path) => typeAtEnd(graph, path)));
    expect({ unreachableTypes: [...graph.personal].filter((name) => !reachedTypes.has(name)) }).toEqual({ unreachableTypes: [] });
  });

  it.each([
    ['the public', undefined],
    ['a citizen (another person)', 'citizen'],
    ['an agency', 'agency'],
    ['a province officer of a member province of N1', 'province'],
    ['OSM staff of another cluster', 'otherCluster'],
  ])('returns no personal field of any type on any path to %s, and the display name', async (_who, role) => {
    const leaks: string[] = [];
    for (const path of paths) {
      const document = documentOf(graph, path);
      const { data, errors } = await hub.query(document, { token: role ? tokens[role] : undefined });
      for (const error of errors ?? []) {
        // An error is "not returned"; but it must be one of the hub's coded errors, not a crash.
        expect({ document, code: error.extensions?.code }).not.toEqual({ document, code: 'INTERNAL_SERVER_ERROR' });
      }
      for (const object of objectsIn(data)) {
        const type = object.__typename as string;
        if (!graph.personal.has(type)) continue;
        for (const field of PERSONAL_FIELDS) if (object[field] !== undefined && object[field] !== null) leaks.push(`${type}.${field} via ${document}`);
        if ('displayName' in (graph.schema.getType(type) as GraphQLObjectType).getFields() && !(typeof object.displayName === 'string' && object.displayName !== '')) {
          leaks.push(`${type}.displayName missing via ${document}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it.each([
    ['OSM staff of N1', 'n1Staff'],
    ['an admin', 'admin'],
  ])('returns the personal fields of every type to %s (so the check above can fail)', async (_who, role) => {
    const filled = new Set<string>();
    for (const path of paths) {
      const { data } = await hub.query(documentOf(graph, path), { token: tokens[role] });
      for (const object of objectsIn(data)) {
        if (graph.personal.has(object.__typename as string) && PERSONAL_FIELDS.some((field) => typeof object[field] === 'string' && object[field] !== '')) filled.add(object.__typename as string);
      }
    }
    expect({ typesNeverFilled: [...graph.personal].filter((name) => !filled.has(name)).sort() }).toEqual({ typesNeverFilled: [] });
  });
});
