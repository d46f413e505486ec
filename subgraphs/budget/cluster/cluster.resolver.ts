import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { checkFiscalYear } from '../../../kit/validate';
import type { BudgetContext } from '../context';
import type { Project as ProjectRow } from '../generated/prisma/client';
import { totalBaht } from '../project/project.service';
import { Project } from '../project/project.type';
import { Cluster, ClusterBudget } from './cluster.type';

/** The fields this subgraph adds to Cluster. */
@Resolver(() => Cluster)
export class ClusterBudgetResolver {
  @FieldResolver(() => [Project], {
    nullable: true,
    description: "The cluster's projects, oldest first; all years unless `fiscalYear` is given. Null, with an error naming the subgraph, when budget cannot answer.",
  })
  projects(
    @Root() cluster: Cluster,
    @Arg('fiscalYear', () => Int, { nullable: true, description: 'Only projects of this Thai fiscal year (Buddhist Era, e.g. 2569); all years when omitted.' }) fiscalYear: number | null,
    @Ctx() { loaders }: BudgetContext,
  ): Promise<ProjectRow[]> {
    const year = fiscalYear === null || fiscalYear === undefined ? null : checkFiscalYear(fiscalYear);
    return loaders.projectsOfCluster(year).load(cluster.code);
  }

  @FieldResolver(() => ClusterBudget, {
    nullable: true,
    description: "The cluster's development budget in one fiscal year. Null, with an error naming the subgraph, when budget cannot answer.",
  })
  async budget(
    @Root() cluster: Cluster,
    @Arg('fiscalYear', () => Int, { description: 'Thai fiscal year in the Buddhist Era, e.g. 2569.' }) fiscalYear: number,
    @Ctx() { loaders }: BudgetContext,
  ): Promise<ClusterBudget> {
    const year = checkFiscalYear(fiscalYear);
    const projects = await loaders.projectsOfCluster(year).load(cluster.code);
    return { fiscalYear: year, projectCount: projects.length, totalBaht: totalBaht(projects) };
  }
}
