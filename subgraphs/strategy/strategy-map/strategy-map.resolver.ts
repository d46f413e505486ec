import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { afterKeyset, ConnectionArgs, KEYSET_ORDER, parsePage, toConnection, type Connection } from '../../../kit/connection';
import { BadUserInputError } from '../../../kit/errors';
import { parseId } from '../../../kit/validate';
import type { StrategyContext } from '../context';
import type { Indicator as IndicatorRow, Objective as ObjectiveRow, Prisma, StrategicIssue as IssueRow } from '../generated/prisma/client';
import { Indicator } from '../indicator/indicator.type';
import { NationalStrategy, PlanMilestone, SdgGoal } from '../national-plan/national-plan.type';
import { readablePlan, readableWhere, readScope } from '../plan/plan.access';
import { DevelopmentPlan } from '../plan/plan.type';
import { AddObjectiveInput, AddStrategicIssueInput, LinkObjectivesInput } from './strategy-map.input';
import { addObjective, addStrategicIssue, linkObjectives } from './strategy-map.service';
import { Objective, StrategicIssue, StrategicIssueConnection } from './strategy-map.type';

/** A strategic issue through the loaders, or null when missing or in a plan the caller may not read. */
export async function readableIssue(context: StrategyContext, id: string): Promise<IssueRow | null> {
  const issue = await context.loaders.issueById.load(id);
  return issue && (await readablePlan(context, issue.planId)) ? issue : null;
}

/** An objective through the loaders, or null when missing or in a plan the caller may not read. */
export async function readableObjective(context: StrategyContext, id: string): Promise<ObjectiveRow | null> {
  const objective = await context.loaders.objectiveById.load(id);
  return objective && (await readablePlan(context, objective.planId)) ? objective : null;
}

/** The rows that exist (a number no reference row has any more is left out). */
function present<T>(rows: (T | null)[]): T[] {
  return rows.filter((row): row is T => row !== null);
}

/** Strategic issues: the mutation that adds one and the fields of an issue. */
@Resolver(() => StrategicIssue)
export class StrategicIssueResolver {
  @Query(() => StrategicIssue, { nullable: true, description: 'One strategic issue by id; null when none has it or its plan is not readable by the caller.' })
  strategicIssue(@Arg('id', () => ID, { description: 'The strategic issue id.' }) id: string, @Ctx() context: StrategyContext): Promise<IssueRow | null> {
    return readableIssue(context, parseId(id));
  }

  @Directive('@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)')
  @Query(() => StrategicIssueConnection, {
    description:
      "The strategic issues of every cluster's plans that serve a National Strategy strategy, oldest first, paged. Only issues of plans the caller may read are listed (the public sees those of PUBLISHED plans).",
  })
  async strategicIssuesServing(
    @Arg('nationalStrategy', () => Int, { description: 'The number of the National Strategy strategy, 1 to 6 (see Query.nationalStrategies).' }) nationalStrategy: number,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: StrategyContext,
  ): Promise<Connection<IssueRow>> {
    const page = parsePage(args);
    const known = await context.loaders.nationalStrategyByNumber.load(nationalStrategy);
    if (!known) {
      const numbers = (await context.prisma.nationalStrategy.findMany({ select: { number: true }, orderBy: { number: 'asc' } })).map((row) => row.number);
      throw new BadUserInputError(
        `nationalStrategy ${nationalStrategy} is not a strategy of the National Strategy; valid numbers: ${numbers.join(', ')}.`,
        'nationalStrategy',
      );
    }
    const where: Prisma.StrategicIssueWhereInput = { nationalStrategies: { has: nationalStrategy }, plan: readableWhere(await readScope(context)) };
    const [rows, total] = await Promise.all([
      context.prisma.strategicIssue.findMany({ where: { AND: [where, afterKeyset(page.after)] }, orderBy: [...KEYSET_ORDER], take: page.first + 1 }),
      context.prisma.strategicIssue.count({ where }),
    ]);
    return toConnection(rows, page, total);
  }

  @Mutation(() => StrategicIssue, {
    nullable: true,
    description: "Adds a strategic issue to a DRAFT plan, aligned to National Strategy strategies, 13th Plan milestones and SDGs. Needs OSM staff of the plan's cluster or an admin.",
  })
  addStrategicIssue(@Arg('input', () => AddStrategicIssueInput, { description: 'The new strategic issue.' }) input: AddStrategicIssueInput, @Ctx() context: StrategyContext) {
    return addStrategicIssue(context, input);
  }

  @FieldResolver(() => DevelopmentPlan, { description: 'The plan of the issue.' })
  plan(@Root() issue: IssueRow, @Ctx() { loaders }: StrategyContext) {
    return loaders.planById.load(issue.planId);
  }

  @Directive('@listSize(assumedSize: 5)')
  @FieldResolver(() => [Objective], { description: 'The objectives of the issue, in order.' })
  objectives(@Root() issue: IssueRow, @Ctx() { loaders }: StrategyContext): Promise<ObjectiveRow[]> {
    return loaders.objectivesByIssue.load(issue.id);
  }

  @Directive('@listSize(assumedSize: 6)')
  @FieldResolver(() => [NationalStrategy], { description: 'The National Strategy strategies the issue serves, by number.' })
  async nationalStrategies(@Root() issue: IssueRow, @Ctx() { loaders }: StrategyContext) {
    return present(await Promise.all(issue.nationalStrategies.map((number) => loaders.nationalStrategyByNumber.load(number))));
  }

  @Directive('@listSize(assumedSize: 13)')
  @FieldResolver(() => [PlanMilestone], { description: 'The 13th Plan milestones the issue serves, by number.' })
  async milestones(@Root() issue: IssueRow, @Ctx() { loaders }: StrategyContext) {
    return present(await Promise.all(issue.milestones.map((number) => loaders.milestoneByNumber.load(number))));
  }

  @Directive('@listSize(assumedSize: 17)')
  @FieldResolver(() => [SdgGoal], { description: 'The Sustainable Development Goals the issue serves, by number.' })
  async sdgGoals(@Root() issue: IssueRow, @Ctx() { loaders }: StrategyContext) {
    return present(await Promise.all(issue.sdgGoals.map((number) => loaders.sdgGoalByNumber.load(number))));
  }
}

/** Objectives: the mutations that add and link them and the fields of an objective. */
@Resolver(() => Objective)
export class ObjectiveResolver {
  @Query(() => Objective, { nullable: true, description: 'One objective by id; null when none has it or its plan is not readable by the caller.' })
  objective(@Arg('id', () => ID, { description: 'The objective id.' }) id: string, @Ctx() context: StrategyContext): Promise<ObjectiveRow | null> {
    return readableObjective(context, parseId(id));
  }

  @Mutation(() => Objective, {
    nullable: true,
    description: "Adds an objective in one perspective to a strategic issue of a DRAFT plan. Needs OSM staff of the plan's cluster or an admin.",
  })
  addObjective(@Arg('input', () => AddObjectiveInput, { description: 'The new objective.' }) input: AddObjectiveInput, @Ctx() context: StrategyContext) {
    return addObjective(context, input);
  }

  @Mutation(() => Objective, {
    nullable: true,
    description:
      'Links a cause objective to the objective it drives, within one DRAFT plan; returns the cause. Refuses a self-link, a link across plans, a duplicate, and a link that would make a cycle (naming the path).',
  })
  linkObjectives(@Arg('input', () => LinkObjectivesInput, { description: 'The cause and the effect.' }) input: LinkObjectivesInput, @Ctx() context: StrategyContext) {
    return linkObjectives(context, input);
  }

  @FieldResolver(() => StrategicIssue, { description: 'The strategic issue the objective serves.' })
  strategicIssue(@Root() objective: ObjectiveRow, @Ctx() { loaders }: StrategyContext) {
    return loaders.issueById.load(objective.strategicIssueId);
  }

  @Directive('@listSize(assumedSize: 3)')
  @FieldResolver(() => [Indicator], { description: 'The indicators that measure the objective, in order.' })
  indicators(@Root() objective: ObjectiveRow, @Ctx() { loaders }: StrategyContext): Promise<IndicatorRow[]> {
    return loaders.indicatorsByObjective.load(objective.id);
  }
}
