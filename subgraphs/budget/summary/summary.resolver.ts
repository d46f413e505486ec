import { Arg, Args, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, pageOfList, parsePage, type Connection } from '../../../kit/connection';
import { checkFiscalYear } from '../../../kit/validate';
import { canReadProject, projectReadWhere } from '../access';
import { Cluster } from '../cluster/cluster.type';
import type { BudgetContext } from '../context';
import { Agency, Indicator, Province, StrategicIssue } from '../entities';
import type { Project as ProjectRow } from '../generated/prisma/client';
import { Project, ProjectConnection } from '../project/project.type';
import { summaryArgs, type SummaryScope } from './summary.service';
import { BudgetSummary } from './summary.type';

const YEAR = { description: 'Thai fiscal year in the Buddhist Era, e.g. 2569.' };
const AS_OF = {
  nullable: true,
  description: 'The date (YYYY-MM-DD) to measure the disbursement plan at, and to count disbursements up to; today in Bangkok when omitted.',
};
const NULLABLE = 'Null, with an error naming the subgraph, when budget cannot answer.';

/** One summary through the request's loader. */
function summary(context: BudgetContext, scope: SummaryScope, key: string, fiscalYear: number, asOf: string | null): Promise<BudgetSummary> {
  const args = summaryArgs(fiscalYear, asOf);
  return context.loaders.summaryLoader(scope, args.fiscalYear, args.asOf).load(key);
}

/** The fields this subgraph adds to Cluster. */
@Resolver(() => Cluster)
export class ClusterBudgetResolver {
  @FieldResolver(() => [Project], {
    nullable: true,
    description: `The cluster's projects the caller may read, oldest first; all years unless \`fiscalYear\` is given (projects starting in that year). ${NULLABLE}`,
  })
  async projects(
    @Root() cluster: Cluster,
    @Arg('fiscalYear', () => Int, { nullable: true, description: 'Only projects starting in this Thai fiscal year (Buddhist Era, e.g. 2569); all years when omitted.' }) fiscalYear: number | null,
    @Ctx() { loaders, identity }: BudgetContext,
  ): Promise<ProjectRow[]> {
    const year = fiscalYear === null || fiscalYear === undefined ? null : checkFiscalYear(fiscalYear);
    const projects = await loaders.projectsOfCluster(year).load(cluster.code);
    return projects.filter((project) => canReadProject(identity, project));
  }

  @FieldResolver(() => BudgetSummary, { nullable: true, description: `The cluster's budget in one fiscal year: every project, whatever its status. ${NULLABLE}` })
  budget(
    @Root() cluster: Cluster,
    @Arg('fiscalYear', () => Int, YEAR) fiscalYear: number,
    @Arg('asOf', () => String, AS_OF) asOf: string | null,
    @Ctx() context: BudgetContext,
  ): Promise<BudgetSummary> {
    return summary(context, 'cluster', cluster.code, fiscalYear, asOf);
  }
}

/** The fields this subgraph adds to Province. */
@Resolver(() => Province)
export class ProvinceBudgetResolver {
  @FieldResolver(() => BudgetSummary, {
    nullable: true,
    description: `The budget of the projects running in the province in one fiscal year (a project in several provinces counts whole in each). ${NULLABLE}`,
  })
  budget(
    @Root() province: Province,
    @Arg('fiscalYear', () => Int, YEAR) fiscalYear: number,
    @Arg('asOf', () => String, AS_OF) asOf: string | null,
    @Ctx() context: BudgetContext,
  ): Promise<BudgetSummary> {
    return summary(context, 'province', province.code, fiscalYear, asOf);
  }
}

/** The fields this subgraph adds to Agency. */
@Resolver(() => Agency)
export class AgencyBudgetResolver {
  @FieldResolver(() => BudgetSummary, { nullable: true, description: `The budget of the projects the agency is responsible for, in one fiscal year. ${NULLABLE}` })
  budget(
    @Root() agency: Agency,
    @Arg('fiscalYear', () => Int, YEAR) fiscalYear: number,
    @Arg('asOf', () => String, AS_OF) asOf: string | null,
    @Ctx() context: BudgetContext,
  ): Promise<BudgetSummary> {
    return summary(context, 'agency', agency.code, fiscalYear, asOf);
  }
}

/** The fields this subgraph adds to StrategicIssue. */
@Resolver(() => StrategicIssue)
export class StrategicIssueBudgetResolver {
  @FieldResolver(() => BudgetSummary, { nullable: true, description: `The budget of the projects serving the strategic issue, in one fiscal year. ${NULLABLE}` })
  budget(
    @Root() issue: StrategicIssue,
    @Arg('fiscalYear', () => Int, YEAR) fiscalYear: number,
    @Arg('asOf', () => String, AS_OF) asOf: string | null,
    @Ctx() context: BudgetContext,
  ): Promise<BudgetSummary> {
    return summary(context, 'strategicIssue', issue.id, fiscalYear, asOf);
  }

  @Directive('@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)')
  @FieldResolver(() => ProjectConnection, { nullable: true, description: `The projects serving the strategic issue that the caller may read, oldest first, paged. ${NULLABLE}` })
  async projects(@Root() issue: StrategicIssue, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() { loaders, identity }: BudgetContext): Promise<Connection<ProjectRow>> {
    const page = parsePage(args);
    return pageOfList(await loaders.projectsOfIssue(projectReadWhere(identity)).load(issue.id), page);
  }
}

/** The fields this subgraph adds to Indicator. */
@Resolver(() => Indicator)
export class IndicatorProjectsResolver {
  @Directive('@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)')
  @FieldResolver(() => ProjectConnection, { nullable: true, description: `The projects serving the indicator that the caller may read, oldest first, paged. ${NULLABLE}` })
  async projects(@Root() indicator: Indicator, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() { loaders, identity }: BudgetContext): Promise<Connection<ProjectRow>> {
    const page = parsePage(args);
    return pageOfList(await loaders.projectsOfIndicator(projectReadWhere(identity)).load(indicator.id), page);
  }
}
