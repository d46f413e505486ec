import { Arg, Args, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { parseClusterCode } from '../../../kit/clusters';
import { afterKeyset, ConnectionArgs, KEYSET_ORDER, pageOfList, parsePage, toConnection, type Connection } from '../../../kit/connection';
import { BadUserInputError } from '../../../kit/errors';
import { checkFiscalYear, cleanText, parseId } from '../../../kit/validate';
import { Cluster } from '../cluster/cluster.type';
import type { StrategyContext } from '../context';
import type { DevelopmentPlan as PlanRow, Prisma, StrategicIssue as IssueRow } from '../generated/prisma/client';
import { StrategicIssue, StrategyMap, StrategyMapEdgeKind, StrategyMapNodeKind } from '../strategy-map/strategy-map.type';
import { readablePlan, readableWhere, readScope } from './plan.access';
import { CreatePlanInput, RevisePlanInput, TransitionPlanInput } from './plan.input';
import { createPlan, revisePlan, transitionPlan } from './plan.service';
import { DevelopmentPlan, DevelopmentPlanConnection, PlanFilter } from './plan.type';

/** The Prisma filter of a PlanFilter, validated; `clusterCode` is left out for `Cluster.plans`. */
function filterWhere(filter: PlanFilter | null | undefined, withCluster: boolean): Prisma.DevelopmentPlanWhereInput[] {
  if (!filter) return [];
  const where: Prisma.DevelopmentPlanWhereInput[] = [];
  if (withCluster && filter.clusterCode) where.push({ clusterCode: parseClusterCode(filter.clusterCode, 'filter.clusterCode') });
  if (filter.status) where.push({ status: filter.status });
  if (filter.kind) where.push({ kind: filter.kind });
  if (filter.fiscalYear !== null && filter.fiscalYear !== undefined) {
    const year = checkFiscalYear(filter.fiscalYear, 'filter.fiscalYear');
    where.push({ startYear: { lte: year }, endYear: { gte: year } });
  }
  if (filter.nationalStrategy !== null && filter.nationalStrategy !== undefined) {
    if (!Number.isInteger(filter.nationalStrategy) || filter.nationalStrategy < 1 || filter.nationalStrategy > 6) {
      throw new BadUserInputError(`filter.nationalStrategy is the number of a National Strategy strategy, 1 to 6; got ${filter.nationalStrategy}.`, 'filter.nationalStrategy');
    }
    where.push({ strategicIssues: { some: { nationalStrategies: { has: filter.nationalStrategy } } } });
  }
  if (filter.search !== null && filter.search !== undefined) {
    const text = cleanText(filter.search, 'filter.search', { max: 100 });
    where.push({ OR: [{ titleTh: { contains: text, mode: 'insensitive' } }, { titleEn: { contains: text, mode: 'insensitive' } }] });
  }
  return where;
}

/** Queries and mutations of development plans, and the fields of a plan. */
@Resolver(() => DevelopmentPlan)
export class PlanResolver {
  @Directive('@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)')
  @Query(() => DevelopmentPlanConnection, {
    description: 'Development plans of every cluster the caller may read, oldest first, filtered and paged. Drafts are listed only for their cluster\'s staff and province officers, agencies and admins.',
  })
  async plans(
    @Arg('filter', () => PlanFilter, { nullable: true, description: 'What to narrow the list by.' }) filter: PlanFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: StrategyContext,
  ): Promise<Connection<PlanRow>> {
    const page = parsePage(args);
    const where: Prisma.DevelopmentPlanWhereInput = { AND: [readableWhere(await readScope(context)), ...filterWhere(filter, true)] };
    const [rows, total] = await Promise.all([
      context.prisma.developmentPlan.findMany({ where: { AND: [where, afterKeyset(page.after)] }, orderBy: [...KEYSET_ORDER], take: page.first + 1 }),
      context.prisma.developmentPlan.count({ where }),
    ]);
    return toConnection(rows, page, total);
  }

  @Query(() => DevelopmentPlan, { nullable: true, description: 'One plan by id; null when none has it or the caller may not read it (a draft, for the public).' })
  plan(@Arg('id', () => ID, { description: 'The plan id.' }) id: string, @Ctx() context: StrategyContext): Promise<PlanRow | null> {
    return readablePlan(context, parseId(id));
  }

  @Mutation(() => DevelopmentPlan, {
    nullable: true,
    description: "Creates a DRAFT plan of a cluster. Needs OSM staff of that cluster or an admin. Null, with an error at this path, when nothing was stored.",
  })
  createPlan(@Arg('input', () => CreatePlanInput, { description: 'The new plan.' }) input: CreatePlanInput, @Ctx() context: StrategyContext) {
    return createPlan(context, input);
  }

  @Mutation(() => DevelopmentPlan, {
    nullable: true,
    description:
      "Moves a plan to another status (see PlanStatus). Needs OSM staff of the plan's cluster or an admin, and the plan's current `version` (CONFLICT when stale). Publishing needs COMMITTEE_APPROVED.",
  })
  transitionPlan(@Arg('input', () => TransitionPlanInput, { description: 'The plan, its version and the status to move to.' }) input: TransitionPlanInput, @Ctx() context: StrategyContext) {
    return transitionPlan(context, input);
  }

  @Mutation(() => DevelopmentPlan, {
    nullable: true,
    description: "Copies a PUBLISHED plan (issues, objectives, links, indicators, targets) into a new DRAFT with `revision` + 1 and `previousVersion` set. Needs OSM staff of the plan's cluster or an admin.",
  })
  revisePlan(@Arg('input', () => RevisePlanInput, { description: 'The plan to revise.' }) input: RevisePlanInput, @Ctx() context: StrategyContext) {
    return revisePlan(context, input);
  }

  @FieldResolver(() => Cluster, { description: 'The cluster whose plan it is.' })
  cluster(@Root() plan: PlanRow, @Ctx() { loaders }: StrategyContext) {
    return loaders.clusterByCode.load(plan.clusterCode);
  }

  @FieldResolver(() => DevelopmentPlan, { nullable: true, description: 'The published plan this one revises; null for a first plan (or when the caller may not read it).' })
  previousVersion(@Root() plan: PlanRow, @Ctx() context: StrategyContext): Promise<PlanRow | null> | null {
    return plan.previousVersionId ? readablePlan(context, plan.previousVersionId) : null;
  }

  @Directive('@listSize(assumedSize: 6)')
  @FieldResolver(() => [StrategicIssue], { description: 'The strategic issues of the plan, in order.' })
  strategicIssues(@Root() plan: PlanRow, @Ctx() { loaders }: StrategyContext): Promise<IssueRow[]> {
    return loaders.issuesByPlan.load(plan.id);
  }

  @FieldResolver(() => StrategyMap, { description: 'The strategy map of the plan, ready to draw.' })
  async strategyMap(@Root() plan: PlanRow, @Ctx() { loaders }: StrategyContext): Promise<StrategyMap> {
    const [issues, objectives, links] = await Promise.all([
      loaders.issuesByPlan.load(plan.id),
      loaders.objectivesByPlan.load(plan.id),
      loaders.linksByPlan.load(plan.id),
    ]);
    const issueOrder = new Map(issues.map((issue, index) => [issue.id, index]));
    const ordered = [...objectives].sort(
      (a, b) => (issueOrder.get(a.strategicIssueId) ?? 0) - (issueOrder.get(b.strategicIssueId) ?? 0) || a.position - b.position,
    );
    return {
      nodes: [
        ...issues.map((issue) => ({ id: issue.id, kind: StrategyMapNodeKind.STRATEGIC_ISSUE, perspective: null, labelTh: issue.titleTh, labelEn: issue.titleEn })),
        ...ordered.map((objective) => ({
          id: objective.id,
          kind: StrategyMapNodeKind.OBJECTIVE,
          perspective: objective.perspective,
          labelTh: objective.titleTh,
          labelEn: objective.titleEn,
        })),
      ],
      edges: [
        ...ordered.map((objective) => ({ from: objective.strategicIssueId, to: objective.id, kind: StrategyMapEdgeKind.CONTAINS })),
        ...links.map((link) => ({ from: link.causeId, to: link.effectId, kind: StrategyMapEdgeKind.CAUSE_EFFECT })),
      ],
    };
  }
}

/** `Cluster.plans`: the strategy subgraph owns clusters, so this is a plain field. */
@Resolver(() => Cluster)
export class ClusterPlansResolver {
  @Directive('@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)')
  @FieldResolver(() => DevelopmentPlanConnection, {
    description: "The cluster's development plans the caller may read, oldest first, filtered and paged (`filter.clusterCode` is ignored here).",
  })
  async plans(
    @Root() cluster: Cluster,
    @Arg('filter', () => PlanFilter, { nullable: true, description: 'What to narrow the list by.' }) filter: PlanFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: StrategyContext,
  ): Promise<Connection<PlanRow>> {
    const page = parsePage(args);
    const where: Prisma.DevelopmentPlanWhereInput = { AND: [readableWhere(await readScope(context)), ...filterWhere(filter, false)] };
    return pageOfList(await context.loaders.plansOfCluster(where).load(cluster.code), page);
  }
}
