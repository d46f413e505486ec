import { Arg, Args, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import { afterKeyset, ConnectionArgs, KEYSET_ORDER, parsePage, toConnection, type Connection } from '../../../kit/connection';
import { ForbiddenError, UnauthenticatedError } from '../../../kit/errors';
import { parseId } from '../../../kit/validate';
import { assertClusterStaff } from '../access';
import type { BudgetContext } from '../context';
import type { Prisma } from '../generated/prisma/client';
import { type BudgetHistoryEntry, BudgetHistoryEntryConnection } from './history.type';

/** The history of budget records. */
@Resolver()
export class BudgetHistoryResolver {
  @Directive('@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)')
  @Query(() => BudgetHistoryEntryConnection, {
    description:
      "The recorded changes of a budget record, oldest first: for a project, its own changes and those of its budget lines, contracts and disbursements. Readable by OSM staff of the record's cluster and admins only; an id with no history gives an empty list. (Named apart from strategy's `history`, which covers plans.)",
  })
  async budgetHistory(
    @Arg('entityId', () => ID, { description: 'The id of a project, budget line, contract or disbursement.' }) entityId: string,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { prisma, identity }: BudgetContext,
  ): Promise<Connection<BudgetHistoryEntry>> {
    if (identity.role === 'public') throw new UnauthenticatedError('Reading budget history needs a signed-in OSM officer: send an Authorization: Bearer <token> header.');
    if (identity.role !== 'admin' && identity.role !== 'osm-staff') {
      throw new ForbiddenError(`Only OSM staff of a project's cluster and admins may read its history; you have role "${identity.role}".`);
    }
    const id = parseId(entityId, 'entityId');
    const page = parsePage(args);
    const where: Prisma.HistoryEntryWhereInput = { OR: [{ entityId: id }, { projectId: id }] };
    const first = await prisma.historyEntry.findFirst({ where, select: { clusterCode: true } });
    if (!first) return toConnection([], page, 0);
    assertClusterStaff(identity, first.clusterCode, 'the history of its projects');
    const [rows, total] = await Promise.all([
      prisma.historyEntry.findMany({ where: { AND: [where, afterKeyset(page.after)] }, orderBy: [...KEYSET_ORDER], take: page.first + 1 }),
      prisma.historyEntry.count({ where }),
    ]);
    const entries = rows.map((row) => ({
      ...row,
      at: row.createdAt,
      before: row.before === null ? null : JSON.stringify(row.before),
      after: row.after === null ? null : JSON.stringify(row.after),
    }));
    return toConnection(entries, page, total);
  }
}
