import { listSizeHints } from '../gateway/limits';
import { assertFreshVersion } from '../kit/concurrency';
import { encodeCursor, pageOfList, parsePage, toConnection } from '../kit/connection';
import { assertTransition, type TransitionTable } from '../kit/lifecycle';
import { parseDecimal } from '../kit/validate';
import { Prisma, type PrismaClient } from '../subgraphs/strategy/generated/prisma/client';
import { compareTargets, formatValue } from '../subgraphs/strategy/indicator/indicator.values';
import { PLAN_TRANSITIONS } from '../subgraphs/strategy/plan/plan.lifecycle';
import { strategySubgraph } from '../subgraphs/strategy/server';
import { ENGINES } from './support/databases';
import { openTestSubgraph, type TestSubgraph } from './support/subgraph';

const rows = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ id: `id-${String(index).padStart(2, '0')}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)) }));

describe('cursor connections (kit/connection.ts)', () => {
  it('defaults first to 20 and refuses 0, 101 and non-cursors with BAD_USER_INPUT naming the argument', () => {
    expect(parsePage({})).toEqual({ first: 20, after: null });
    for (const [args, field] of [
      [{ first: 0 }, 'first'],
      [{ first: 101 }, 'first'],
      [{ after: 'not a cursor' }, 'after'],
      [{ after: Buffer.from('{"a":1}').toString('base64url') }, 'after'],
      [{ after: Buffer.from('["2026-01-01","x"]').toString('base64url') }, 'after'],
    ] as const) {
      expect(() => parsePage(args)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) }));
    }
  });

  it('pages a list by keyset: every row once, in order, with the total and hasNextPage', () => {
    const all = rows(5);
    const first = pageOfList(all, parsePage({ first: 2 }));
    expect(first.edges.map((edge) => edge.node.id)).toEqual(['id-00', 'id-01']);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor(all[1]) });
    const second = pageOfList(all, parsePage({ first: 2, after: first.pageInfo.endCursor }));
    const third = pageOfList(all, parsePage({ first: 2, after: second.pageInfo.endCursor }));
    expect([...second.edges, ...third.edges].map((edge) => edge.node.id)).toEqual(['id-02', 'id-03', 'id-04']);
    expect(third).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: false } });
    expect(toConnection([], parsePage({}), 0)).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 });
  });
});

describe('state machines (kit/lifecycle.ts)', () => {
  const table: TransitionTable<'A' | 'B' | 'C'> = { A: ['B', 'C'], B: ['C'], C: [] };

  it('names the allowed next states, the current state, and final states', () => {
    expect(() => assertTransition(table, 'B', 'C', 'A thing')).not.toThrow();
    expect(() => assertTransition(table, 'B', 'A', 'A thing')).toThrow('A thing in B can move to C only; got A.');
    expect(() => assertTransition(table, 'A', 'A', 'A thing')).toThrow('A thing in A can move to B or C; got A (it is already in A).');
    expect(() => assertTransition(table, 'C', 'A', 'A thing')).toThrow('A thing in C is final and cannot move to A.');
  });

  it('lets a plan go back to DRAFT from consultation and approval, and publish only once approved', () => {
    expect(PLAN_TRANSITIONS.IN_CONSULTATION).toEqual(['COMMITTEE_APPROVED', 'DRAFT']);
    expect(PLAN_TRANSITIONS.COMMITTEE_APPROVED).toEqual(['PUBLISHED', 'DRAFT']);
    const into = (status: string) => Object.entries(PLAN_TRANSITIONS).filter(([, next]) => (next as string[]).includes(status)).map(([from]) => from);
    expect(into('PUBLISHED')).toEqual(['COMMITTEE_APPROVED']);
    expect(PLAN_TRANSITIONS.ARCHIVED).toEqual([]);
  });
});

describe('optimistic concurrency (kit/concurrency.ts)', () => {
  it('refuses a stale version with CONFLICT and the current version, and skips an absent one', () => {
    expect(() => assertFreshVersion('Plan x', 3, 3)).not.toThrow();
    expect(() => assertFreshVersion('Plan x', 3, null)).not.toThrow();
    expect(() => assertFreshVersion('Plan x', 3, 2)).toThrow(
      expect.objectContaining({ message: 'Plan x is at version 3, not 2: it changed since you read it. Read it again and retry.', extensions: expect.objectContaining({ code: 'CONFLICT', currentVersion: 3 }) }),
    );
  });
});

describe('indicator values', () => {
  it('reads exact decimals as written, negatives only when allowed', () => {
    expect(parseDecimal(' 1,250.5 ', 'value')).toBe('1250.5');
    expect(parseDecimal('-0.00', 'value', { allowNegative: true })).toBe('0.00');
    expect(parseDecimal('-1.5', 'value', { allowNegative: true })).toBe('-1.5');
    for (const bad of ['-1.5', '1e3', '1.23456', '+1', '๑๒', '12,50', '1 000', '']) {
      expect(() => parseDecimal(bad, 'value')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'value' }) }));
    }
    expect(() => parseDecimal('1'.repeat(17), 'value')).toThrow('at most 16 digits');
  });

  it('shows at least two decimals and no more than the value has', () => {
    expect(['12.5', '3', '0.125', '-1.5'].map((value) => formatValue(new Prisma.Decimal(value)))).toEqual(['12.50', '3.00', '0.125', '-1.50']);
  });

  it('compares province targets under each cascade rule, rounding AVERAGE half-up to two decimals', () => {
    const d = (value: string) => new Prisma.Decimal(value);
    const provinces = (...values: string[]) => values.map((value, index) => ({ code: String(50 + index), value: d(value) }));
    expect(compareTargets('SUM', d('10'), provinces('4', '6'))).toEqual({ provinceTotal: d('10'), agrees: true, mismatched: [] });
    expect(compareTargets('SUM', null, provinces('4', '6')).agrees).toBe(false);
    const average = compareTargets('AVERAGE', d('33.33'), provinces('10', '40', '50'));
    expect([average.provinceTotal?.toFixed(), average.agrees]).toEqual(['33.33', true]);
    expect(compareTargets('AVERAGE', d('0.01'), provinces('0.005', '0.005')).agrees).toBe(true);
    expect(compareTargets('MINIMUM', d('5'), provinces('5', '4', '6'))).toEqual({ provinceTotal: d('4'), agrees: false, mismatched: ['51'] });
    expect(compareTargets('SAME', d('5'), provinces('5', '5'))).toEqual({ provinceTotal: d('5'), agrees: true, mismatched: [] });
    expect(compareTargets('SAME', d('5'), provinces('5', '6'))).toEqual({ provinceTotal: null, agrees: false, mismatched: ['51'] });
  });
});

describe('list size hints (gateway/limits.ts)', () => {
  it('reads @listSize from a supergraph, for plain lists and connections', () => {
    const hints = listSizeHints(`
      type Query { plans(first: Int): C @listSize(slicingArguments: ["first"], sizedFields: ["edges"]) other: [Int] }
      type P { issues: [Int] @listSize(assumedSize: 6) }
    `);
    expect(Object.fromEntries(hints)).toEqual({
      'Query.plans': { slicingArguments: ['first'], sizedFields: ['edges'] },
      'P.issues': { assumedSize: 6 },
    });
  });
});

describe.each(ENGINES)('entity references to plans on %s', (engine) => {
  let subgraph: TestSubgraph<PrismaClient>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(strategySubgraph, engine);
  });
  afterAll(() => subgraph?.close());

  it('resolve a draft and its content to null for the public and another cluster, and to the row for its cluster', async () => {
    const client = subgraph.database.client;
    const plan = await client.developmentPlan.create({
      data: { clusterCode: 'N1', kind: 'ANNUAL', titleTh: 'ร่างแผน', startYear: 2569, endYear: 2569, createdBy: 'test' },
    });
    const issue = await client.strategicIssue.create({ data: { planId: plan.id, position: 1, titleTh: 'ประเด็น' } });
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on DevelopmentPlan { id } ... on StrategicIssue { id } } }`;
    const representations = [
      { __typename: 'DevelopmentPlan', id: plan.id },
      { __typename: 'StrategicIssue', id: issue.id },
    ];
    const hidden = await subgraph.execute(query, { variables: { r: representations } });
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data?._entities).toEqual([null, null]);
    const other = await subgraph.execute(query, { variables: { r: representations }, identity: { role: 'osm-staff', clusterCode: 'N2' } });
    expect(other.data?._entities).toEqual([null, null]);
    const own = await subgraph.execute(query, { variables: { r: representations }, identity: { role: 'osm-staff', clusterCode: 'N1' } });
    expect(own.data?._entities).toEqual([{ id: plan.id }, { id: issue.id }]);
    await client.developmentPlan.update({ where: { id: plan.id }, data: { status: 'PUBLISHED' } });
    expect((await subgraph.execute(query, { variables: { r: representations } })).data?._entities).toEqual([{ id: plan.id }, { id: issue.id }]);
  });
});
