import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { BadUserInputError, preview } from './errors';

/**
 * Relay-style cursor connections, one shape for every list that can grow (ARCHITECTURE.md):
 * `edges { cursor node }`, `pageInfo { hasNextPage endCursor }`, `totalCount`, arguments `first`
 * (default {@link DEFAULT_PAGE_SIZE}, at most {@link MAX_PAGE_SIZE}) and `after`.
 *
 * Paging is by keyset on a stable order, creation time then id, not by offset: a row inserted
 * while a client pages never shifts the next page, and a page costs one statement (plus one for
 * `totalCount`) however deep it is. Cursors are opaque to clients (base64url of the keyset).
 */

/** Rows per page when `first` is not given. */
export const DEFAULT_PAGE_SIZE = 20;
/** The most rows one page may ask for. */
export const MAX_PAGE_SIZE = 100;

/** `hasNextPage` and `endCursor` of one page. */
@ObjectType({ description: 'Where a page of a connection ends, and whether more rows follow it.' })
@Directive('@shareable') // every subgraph with a connection defines the same PageInfo
export class PageInfo {
  @Field(() => Boolean, { description: 'True when rows follow this page: ask again with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the last edge of this page; null when the page is empty.' })
  endCursor!: string | null;
}

/** The paging arguments every connection field takes (combine with the field's own `filter`). */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: `How many rows to return, 1 to ${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE}.` })
  first!: number;

  @Field(() => String, { nullable: true, description: "Return the rows after this cursor (a previous page's `pageInfo.endCursor`)." })
  after?: string | null;
}

/** A connection's page of nodes, as its resolver returns it. */
export interface Connection<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * Declares the `<Name>Connection` and `<Name>Edge` object types of a node type. Call it once per
 * node type, at module level, and use the class it returns as the field's type.
 */
export function createConnectionType<Node extends object>(
  node: ClassType<Node>,
  name: string,
  what: string,
  order: 'oldest first' | 'newest first' = 'oldest first',
): ClassType<Connection<Node>> {
  @ObjectType(`${name}Edge`, { description: `One ${what} in a page, with the cursor that points at it.` })
  class Edge {
    @Field(() => String, { description: 'Opaque position of this row; pass it as `after` to read the rows that follow.' })
    cursor!: string;

    @Field(() => node, { description: `The ${what}.` })
    node!: Node;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${what}s, ${order}, with the total across all pages.` })
  class ConnectionType {
    @Field(() => [Edge], { description: 'The rows of this page, in order.' })
    edges!: Edge[];

    @Field(() => PageInfo, { description: 'Whether more rows follow, and the cursor to read them.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many rows match the filter across all pages.' })
    totalCount!: number;
  }
  return ConnectionType;
}

/** The keyset of one row: when it was created and its id (the tie-breaker). */
export interface Keyset {
  readonly createdAt: Date;
  readonly id: string;
}

/** A validated page request: how many rows, and the keyset to start after. */
export interface PageRequest {
  readonly first: number;
  readonly after: Keyset | null;
}

/** Encodes a row's keyset as an opaque cursor. */
export function encodeCursor(row: Keyset): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id]), 'utf8').toString('base64url');
}

const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * Checks `first` and decodes `after`.
 *
 * @throws BadUserInputError naming `first` when it is below 1 or above {@link MAX_PAGE_SIZE}, and
 *   naming `after` when it is not a cursor this hub issued.
 */
export function parsePage(args: { first?: number | null; after?: string | null }): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(
      `first must be between 1 and ${MAX_PAGE_SIZE}; got ${first}. Read longer lists page by page with \`after: pageInfo.endCursor\`.`,
      'first',
    );
  }
  if (args.after === null || args.after === undefined) return { first, after: null };
  const malformed = () =>
    new BadUserInputError(
      `after must be a cursor from a previous page's pageInfo.endCursor or edges.cursor, unchanged; got ${preview(args.after)}.`,
      'after',
    );
  if (!CURSOR.test(args.after)) throw malformed();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(args.after, 'base64url').toString('utf8'));
  } catch {
    throw malformed();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || typeof decoded[0] !== 'string' || typeof decoded[1] !== 'string') throw malformed();
  const createdAt = new Date(decoded[0]);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== decoded[0] || decoded[1].length > 64) throw malformed();
  return { first, after: { createdAt, id: decoded[1] } };
}

/**
 * The Prisma `where` clause of the rows after a keyset (none when `after` is null), for a query
 * ordered by {@link KEYSET_ORDER}. Combine it with the filter under `AND`.
 */
export function afterKeyset(after: Keyset | null): Record<string, unknown> {
  if (!after) return {};
  return { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] };
}

/** The order keyset paging relies on: creation time, then id. */
export const KEYSET_ORDER = [{ createdAt: 'asc' }, { id: 'asc' }] as const;

/** Newest first: the order of feeds (comments, news); page with {@link beforeKeyset}. */
export const NEWEST_FIRST_ORDER = [{ createdAt: 'desc' }, { id: 'desc' }] as const;

/**
 * The Prisma `where` clause of the rows after a keyset in {@link NEWEST_FIRST_ORDER} (older than
 * it; none when `after` is null). Combine it with the filter under `AND`.
 */
export function beforeKeyset(after: Keyset | null): Record<string, unknown> {
  if (!after) return {};
  return { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] };
}

/**
 * Builds a page from the rows a query returned with `take: first + 1` (the extra row, if any,
 * only says that a next page exists) and the filter's total count.
 */
export function toConnection<Row extends Keyset>(rows: readonly Row[], page: PageRequest, totalCount: number): Connection<Row> {
  const nodes = rows.slice(0, page.first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > page.first, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}

/**
 * Pages a list already in memory and in keyset order, oldest or newest first (e.g. the few plans of one cluster, loaded
 * for many clusters in one statement by a dataloader).
 */
export function pageOfList<Row extends Keyset>(rows: readonly Row[], page: PageRequest, order: 'oldest first' | 'newest first' = 'oldest first'): Connection<Row> {
  const after = page.after;
  const sign = order === 'oldest first' ? 1 : -1;
  const start = after
    ? rows.findIndex((row) => {
        const byTime = (row.createdAt.getTime() - after.createdAt.getTime()) * sign;
        const byId = row.id === after.id ? 0 : row.id > after.id ? 1 : -1;
        return byTime > 0 || (byTime === 0 && byId * sign > 0);
      })
    : 0;
  const rest = start < 0 ? [] : rows.slice(start, start + page.first + 1);
  return toConnection(rest, page, rows.length);
}
