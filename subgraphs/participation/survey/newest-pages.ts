import DataLoader from 'dataloader';
import { toConnection, type Connection, type Keyset, type PageRequest } from '../../../kit/connection';
import { Prisma, type PrismaClient } from '../generated/prisma/client';

/** The child tables paged per parent by {@link createNewestPagesLoader}, with their parent column. */
const TABLES = {
  SurveyResponse: 'surveyId',
  CitizenFeedback: 'projectId',
} as const;

/** A table {@link createNewestPagesLoader} pages. */
export type PagedTable = keyof typeof TABLES;

/**
 * The ids of one page (plus one, to tell whether a next page exists) of every parent's children,
 * newest first, in ONE statement however many parents: a window function numbers each parent's
 * rows after the cursor, so a parent with 10,000 rows costs what a parent with 10 does.
 */
async function pageIds(prisma: PrismaClient, table: PagedTable, parents: readonly string[], page: PageRequest): Promise<string[]> {
  const parent = Prisma.raw(`"${TABLES[table]}"`);
  const after = page.after
    ? Prisma.sql`AND ("createdAt", "id") < ((${page.after.createdAt.toISOString()}::timestamptz AT TIME ZONE 'UTC'), ${page.after.id})`
    : Prisma.empty;
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM (
      SELECT "id", ROW_NUMBER() OVER (PARTITION BY ${parent} ORDER BY "createdAt" DESC, "id" DESC) AS "n"
      FROM ${Prisma.raw(`"${table}"`)} WHERE ${parent} IN (${Prisma.join([...parents])}) ${after}
    ) AS "numbered" WHERE "n" <= ${page.first + 1}`;
  return rows.map((row) => row.id);
}

/**
 * A loader of one newest-first page of children per parent id, for one page request (callers
 * keep one loader per `first`/`after`, as every parent in a list asks the same page): the page's
 * ids (one windowed statement), their rows (one), and each parent's total (one GROUP BY) —
 * three statements for any number of parents, and never more rows than the pages hold.
 */
export function createNewestPagesLoader<Row extends Keyset>(
  table: PagedTable,
  page: PageRequest,
  fetch: { rows(ids: string[]): Promise<Row[]>; totals(parents: string[]): Promise<Map<string, number>>; parentOf(row: Row): string },
  prisma: PrismaClient,
): DataLoader<string, Connection<Row>> {
  return new DataLoader<string, Connection<Row>>(async (parents) => {
    const ids = await pageIds(prisma, table, parents, page);
    const [rows, totals] = await Promise.all([ids.length > 0 ? fetch.rows(ids) : Promise.resolve([]), fetch.totals([...parents])]);
    rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return parents.map((parent) => toConnection(rows.filter((row) => fetch.parentOf(row) === parent), page, totals.get(parent) ?? 0));
  });
}

/** One loader per page request (`first` and `after`), made on first use in a request. */
export function pagesByRequest<Row extends Keyset>(make: (page: PageRequest) => DataLoader<string, Connection<Row>>): (page: PageRequest) => DataLoader<string, Connection<Row>> {
  const loaders = new Map<string, DataLoader<string, Connection<Row>>>();
  return (page) => {
    const key = `${page.first}:${page.after ? `${page.after.createdAt.toISOString()}|${page.after.id}` : ''}`;
    let loader = loaders.get(key);
    if (!loader) {
      loader = make(page);
      loaders.set(key, loader);
    }
    return loader;
  };
}
