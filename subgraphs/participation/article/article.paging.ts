import { type Connection, parsePage } from '../../../kit/connection';
import { BadUserInputError, preview } from '../../../kit/errors';
import type { Prisma } from '../generated/prisma/client';

/**
 * Article lists are newest first by *publication*: drafts (never published, `publishedAt` null)
 * on top by creation time, then published and archived articles by `publishedAt`, newest first,
 * ties broken by creation time and id. kit/connection's keyset is creation time only (an article
 * written in January and published in March would sort in January), hence this small keyset of
 * three: `[publishedAt | null, createdAt, id]`.
 */

/** Where a page starts: the position of the last row of the previous page. */
export interface ArticleKeyset {
  readonly publishedAt: Date | null;
  readonly createdAt: Date;
  readonly id: string;
}

/** A checked page request of an article list. */
export interface ArticlePage {
  readonly first: number;
  readonly after: ArticleKeyset | null;
}

/** The order of every article list (PostgreSQL; nulls — drafts — first). */
export const ARTICLE_ORDER = [
  { publishedAt: { sort: 'desc', nulls: 'first' } },
  { createdAt: 'desc' },
  { id: 'desc' },
] as const satisfies Prisma.ArticleOrderByWithRelationInput[];

/** The opaque cursor of a row. */
export function encodeArticleCursor(row: ArticleKeyset): string {
  return Buffer.from(JSON.stringify([row.publishedAt?.toISOString() ?? null, row.createdAt.toISOString(), row.id]), 'utf8').toString('base64url');
}

const CURSOR = /^[A-Za-z0-9_-]{1,300}$/;

function isoDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) || date.toISOString() !== value ? null : date;
}

/**
 * Checks `first` (as every connection does) and decodes `after`.
 *
 * @throws BadUserInputError naming `first` or `after`.
 */
export function parseArticlePage(args: { first?: number | null; after?: string | null }): ArticlePage {
  const { first } = parsePage({ first: args.first });
  if (args.after === null || args.after === undefined) return { first, after: null };
  const malformed = new BadUserInputError(
    `after must be a cursor from a previous page of articles (pageInfo.endCursor or edges.cursor), unchanged; got ${preview(args.after)}.`,
    'after',
  );
  if (!CURSOR.test(args.after)) throw malformed;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(args.after, 'base64url').toString('utf8'));
  } catch {
    throw malformed;
  }
  if (!Array.isArray(decoded) || decoded.length !== 3) throw malformed;
  const [published, created, id] = decoded as unknown[];
  const publishedAt = published === null ? null : isoDate(published);
  const createdAt = isoDate(created);
  if ((published !== null && !publishedAt) || !createdAt || typeof id !== 'string' || id.length > 64) throw malformed;
  return { first, after: { publishedAt, createdAt, id } };
}

/** Whether row `a` comes before row `b` in {@link ARTICLE_ORDER}. */
function comesBefore(a: ArticleKeyset, b: ArticleKeyset): boolean {
  if ((a.publishedAt === null) !== (b.publishedAt === null)) return a.publishedAt === null;
  if (a.publishedAt && b.publishedAt && a.publishedAt.getTime() !== b.publishedAt.getTime()) return a.publishedAt > b.publishedAt;
  if (a.createdAt.getTime() !== b.createdAt.getTime()) return a.createdAt > b.createdAt;
  return a.id > b.id;
}

/** The Prisma condition of the rows after `after` in {@link ARTICLE_ORDER} (none when null). */
export function afterArticle(after: ArticleKeyset | null): Prisma.ArticleWhereInput {
  if (!after) return {};
  const sameOrLater: Prisma.ArticleWhereInput[] = [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }];
  if (after.publishedAt === null) return { OR: [{ publishedAt: { not: null } }, { publishedAt: null, OR: sameOrLater }] };
  return { OR: [{ publishedAt: { lt: after.publishedAt } }, { publishedAt: after.publishedAt, OR: sameOrLater }] };
}

/** A page from the rows a query returned with `take: first + 1`, and the filter's total. */
export function toArticleConnection<Row extends ArticleKeyset>(rows: readonly Row[], page: ArticlePage, totalCount: number): Connection<Row> {
  const nodes = rows.slice(0, page.first);
  const edges = nodes.map((node) => ({ cursor: encodeArticleCursor(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > page.first, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}

/** A page of a list already in memory and in {@link ARTICLE_ORDER} (a cluster's articles, loaded for many clusters at once). */
export function pageOfArticles<Row extends ArticleKeyset>(rows: readonly Row[], page: ArticlePage): Connection<Row> {
  const after = page.after;
  const start = after ? rows.findIndex((row) => comesBefore(after, row)) : 0;
  const rest = start < 0 ? [] : rows.slice(start, start + page.first + 1);
  return toArticleConnection(rest, page, rows.length);
}
