import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { parseClusterCode } from '../../../kit/clusters';
import { checkFiscalYear, parseId } from '../../../kit/validate';
import { Cluster } from '../cluster/cluster.type';
import type { BudgetContext } from '../context';
import type { Project as ProjectRow } from '../generated/prisma/client';
import { CreateProjectInput } from './project.input';
import { createProject } from './project.service';
import { Project } from './project.type';

/** Queries and mutations of projects. */
@Resolver(() => Project)
export class ProjectResolver {
  @Query(() => Project, { nullable: true, description: 'One project by id; null when none has it.' })
  project(@Arg('id', () => ID, { description: 'The project id.' }) id: string, @Ctx() { loaders }: BudgetContext): Promise<ProjectRow | null> {
    return loaders.projectById.load(parseId(id));
  }

  @Query(() => [Project], { description: "A cluster's projects, oldest first, optionally of one fiscal year." })
  projects(
    @Arg('clusterCode', () => String, { description: 'The cluster, e.g. "N1".' }) clusterCode: string,
    @Arg('fiscalYear', () => Int, { nullable: true, description: 'Only projects of this Thai fiscal year (Buddhist Era, e.g. 2569); all years when omitted.' }) fiscalYear: number | null,
    @Ctx() { loaders }: BudgetContext,
  ): Promise<ProjectRow[]> {
    const code = parseClusterCode(clusterCode);
    return loaders.projectsOfCluster(fiscalYear === null || fiscalYear === undefined ? null : checkFiscalYear(fiscalYear)).load(code);
  }

  @Mutation(() => Project, {
    nullable: true,
    description: "Records a project in a cluster's plan. Needs OSM staff of that cluster, or an admin. Null, with an error at this path, when it was not stored.",
  })
  createProject(@Arg('input', () => CreateProjectInput, { description: 'The project to create.' }) input: CreateProjectInput, @Ctx() { prisma, identity }: BudgetContext) {
    return createProject(prisma, identity, input);
  }

  @FieldResolver(() => Cluster, { description: 'The cluster whose plan holds the project.' })
  cluster(@Root() project: ProjectRow): Cluster {
    return { code: project.clusterCode };
  }

  @FieldResolver(() => String, { description: 'Budget in baht as an exact decimal string with two places, e.g. "2500000.00".' })
  amountBaht(@Root() project: ProjectRow): string {
    return project.amountBaht.toFixed(2);
  }
}
