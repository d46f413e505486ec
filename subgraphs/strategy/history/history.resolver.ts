import { Arg, Args, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import { afterKeyset, ConnectionArgs, KEYSET_ORDER, parsePage, toConnection, type Connection } from '../../../kit/connection';
import { ForbiddenError } from '../../../kit/errors';
import { parseId } from '../../../kit/validate';
import type { StrategyContext } from '../context';
import type { Prisma } from '../generated/prisma/client';
import { assertClusterStaff, assertSignedIn } from '../plan/plan.access';
import { type HistoryEntry, HistoryEntryConnection } from './history.type';

/** The history of plans and their content. */
@Resolver()
export class HistoryResolver {
  @Directive('@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)')
  @Query(() => HistoryEntryConnection, {
    description:
      "The recorded changes of an entity, oldest first: for a plan, its own changes and those of its strategic issues, objectives, links, indicators and targets. Readable by OSM staff of the entity's cluster and admins only; an id with no history gives an empty list.",
  })
  async history(
    @Arg('entityId', () => ID, { description: 'The id of a plan, strategic issue, objective or indicator.' }) entityId: string,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: StrategyContext,
  ): Promise<Connection<HistoryEntry>> {
    assertSignedIn(context);
    const { role } = context.identity;
    if (role !== 'admin' && role !== 'osm-staff') {
      throw new ForbiddenError(`Only OSM staff of a plan's cluster and admins may read its history; you have role "${role}".`);
    }
    const id = parseId(entityId, 'entityId');
    const page = parsePage(args);
    const where: Prisma.HistoryEntryWhereInput = { OR: [{ entityId: id }, { planId: id }] };
    const first = await context.prisma.historyEntry.findFirst({ where, select: { clusterCode: true } });
    if (!first) return toConnection([], page, 0);
    assertClusterStaff(context, first.clusterCode, 'the history of its plans');
    const [rows, total] = await Promise.all([
      context.prisma.historyEntry.findMany({ where: { AND: [where, afterKeyset(page.after)] }, orderBy: [...KEYSET_ORDER], take: page.first + 1 }),
      context.prisma.historyEntry.count({ where }),
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
