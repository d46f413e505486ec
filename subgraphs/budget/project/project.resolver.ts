import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, parsePage, toConnection, type Connection } from '../../../kit/connection';
import { checkFiscalYear, parseId } from '../../../kit/validate';
import { canReadProject, projectReadWhere } from '../access';
import { BudgetLine } from '../budget-line/budget-line.type';
import { Cluster } from '../cluster/cluster.type';
import type { BudgetContext } from '../context';
import { Agency, Indicator, Province, StrategicIssue } from '../entities';
import type { BudgetLine as BudgetLineRow, Prisma, Project as ProjectRow } from '../generated/prisma/client';
import { summaryArgs } from '../summary/summary.service';
import { BudgetSummary } from '../summary/summary.type';
import { CreateProjectInput, ProjectFilter, ProjectOrder, TransitionProjectInput } from './project.input';
import { createProject, projectFilterWhere, projectOrder, transitionProject } from './project.service';
import { Project, ProjectConnection } from './project.type';

/** Queries and mutations of projects, and the fields of a project. */
@Resolver(() => Project)
export class ProjectResolver {
  @Query(() => Project, { nullable: true, description: 'One project by id; null when none has it or the caller may not read it (a project before APPROVED, for the public).' })
  async project(@Arg('id', () => ID, { description: 'The project id.' }) id: string, @Ctx() { loaders, identity }: BudgetContext): Promise<ProjectRow | null> {
    const project = await loaders.projectById.load(parseId(id));
    return project && canReadProject(identity, project) ? project : null;
  }

  @Directive('@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)')
  @Query(() => ProjectConnection, {
    description:
      "Projects of every cluster the caller may read, filtered and paged (oldest first unless `order` says otherwise). The public sees projects from APPROVED on; a cluster's staff and province officers see all of their cluster's; agencies and admins see all.",
  })
  async projects(
    @Arg('filter', () => ProjectFilter, { nullable: true, description: 'What to narrow the list by.' }) filter: ProjectFilter | null,
    @Arg('order', () => ProjectOrder, { defaultValue: ProjectOrder.OLDEST_FIRST, description: 'The order of the list; OLDEST_FIRST by default.' }) order: ProjectOrder,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { prisma, identity }: BudgetContext,
  ): Promise<Connection<ProjectRow>> {
    const page = parsePage(args);
    const where: Prisma.ProjectWhereInput = { AND: [projectReadWhere(identity), ...projectFilterWhere(filter)] };
    const sort = projectOrder(order, page.after);
    const [rows, total] = await Promise.all([
      prisma.project.findMany({ where: { AND: [where, sort.after] }, orderBy: sort.orderBy, take: page.first + 1 }),
      prisma.project.count({ where }),
    ]);
    return toConnection(rows, page, total);
  }

  @Mutation(() => Project, {
    nullable: true,
    description:
      "Records a project (PROPOSED) in a cluster's plan. Needs OSM staff of that cluster or an admin; a province officer may propose a project for its own province (provinceCodes exactly its province). Null, with an error at this path, when it was not stored.",
  })
  createProject(@Arg('input', () => CreateProjectInput, { description: 'The project to create.' }) input: CreateProjectInput, @Ctx() context: BudgetContext): Promise<ProjectRow> {
    return createProject(context, input);
  }

  @Mutation(() => Project, {
    nullable: true,
    description:
      "Moves a project to another status (see ProjectStatus); CANCELLED needs a reason. Needs OSM staff of the project's cluster or an admin (the Budget Bureau may also approve a REQUESTED project). CONFLICT when `version` is stale. Null, with an error at this path, when nothing changed.",
  })
  transitionProject(
    @Arg('input', () => TransitionProjectInput, { description: 'The project, the status to move to, and its version.' }) input: TransitionProjectInput,
    @Ctx() context: BudgetContext,
  ): Promise<ProjectRow> {
    return transitionProject(context, input);
  }

  @FieldResolver(() => Cluster, { description: 'The cluster whose plan holds the project.' })
  cluster(@Root() project: ProjectRow): Cluster {
    return { code: project.clusterCode };
  }

  @FieldResolver(() => String, { description: 'The total cost estimate of the project (วงเงินโครงการ) in baht, an exact decimal string with two places, e.g. "2500000.00". Not a budget line: budgets are in `budgetLines`.' })
  amountBaht(@Root() project: ProjectRow): string {
    return project.amountBaht.toFixed(2);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Start date (YYYY-MM-DD), when given.' })
  startsOn(@Root() project: ProjectRow): string | null {
    return project.startsOn?.toISOString().slice(0, 10) ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'End date (YYYY-MM-DD), when given.' })
  endsOn(@Root() project: ProjectRow): string | null {
    return project.endsOn?.toISOString().slice(0, 10) ?? null;
  }

  @Directive('@listSize(assumedSize: 6)')
  @FieldResolver(() => [Province], { description: 'The provinces where the project runs, by code; empty when not given (cluster-wide).' })
  async provinces(@Root() project: ProjectRow, @Ctx() { loaders }: BudgetContext): Promise<Province[]> {
    return (await loaders.provincesOfProject.load(project.id)).map((row) => ({ code: row.provinceCode }));
  }

  @FieldResolver(() => StrategicIssue, { nullable: true, description: "The strategic issue of the cluster's development plan the project serves; null when not given." })
  strategicIssue(@Root() project: ProjectRow): StrategicIssue | null {
    return project.strategicIssueId ? { id: project.strategicIssueId } : null;
  }

  @Directive('@listSize(assumedSize: 20)')
  @FieldResolver(() => [Indicator], { description: 'The indicators the project serves.' })
  async indicators(@Root() project: ProjectRow, @Ctx() { loaders }: BudgetContext): Promise<Indicator[]> {
    return (await loaders.indicatorsOfProject.load(project.id)).map((row) => ({ id: row.indicatorId }));
  }

  @FieldResolver(() => Agency, { nullable: true, description: 'The responsible agency; null when not given.' })
  agency(@Root() project: ProjectRow): Agency | null {
    return project.agencyCode ? { code: project.agencyCode } : null;
  }

  @Directive('@listSize(assumedSize: 40)')
  @FieldResolver(() => [BudgetLine], { description: "The project's budget lines, by fiscal year, phase and category; one year's when `fiscalYear` is given." })
  async budgetLines(
    @Root() project: ProjectRow,
    @Arg('fiscalYear', () => Int, { nullable: true, description: 'Only lines of this Thai fiscal year (Buddhist Era); all years when omitted.' }) fiscalYear: number | null,
    @Ctx() { loaders }: BudgetContext,
  ): Promise<BudgetLineRow[]> {
    const year = fiscalYear === null || fiscalYear === undefined ? null : checkFiscalYear(fiscalYear);
    const lines = await loaders.linesOfProject.load(project.id);
    return year === null ? lines : lines.filter((line) => line.fiscalYear === year);
  }

  @FieldResolver(() => BudgetSummary, { description: "The project's budget in one fiscal year: lines per phase, contracted, disbursed, the disbursement rate and how far behind plan it is." })
  budget(
    @Root() project: ProjectRow,
    @Arg('fiscalYear', () => Int, { description: 'Thai fiscal year in the Buddhist Era, e.g. 2569.' }) fiscalYear: number,
    @Arg('asOf', () => String, { nullable: true, description: 'The date (YYYY-MM-DD) to measure the disbursement plan at; today in Bangkok when omitted.' }) asOf: string | null,
    @Ctx() { loaders }: BudgetContext,
  ): Promise<BudgetSummary> {
    const args = summaryArgs(fiscalYear, asOf);
    return loaders.summaryLoader('project', args.fiscalYear, args.asOf).load(project.id);
  }
}
