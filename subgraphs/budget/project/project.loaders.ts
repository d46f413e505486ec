import type DataLoader from 'dataloader';
import { createChildrenLoader } from '../../../kit/loaders';
import type { BudgetLine, Prisma, PrismaClient, Project } from '../generated/prisma/client';

/** A project, with the indicator it was found through. */
type ProjectOfIndicator = Project & { indicatorId: string };

/**
 * Loaders of what hangs off projects, and of the projects that serve a strategic issue or an
 * indicator: one statement per field and tick, whatever the number of parents.
 *
 * `projectsOfIssue(where)` and `projectsOfIndicator(where)` make one loader per read filter (the
 * caller's rights are the same for every parent of one request), so N issues cost one statement.
 */
export function createProjectLoaders(prisma: PrismaClient) {
  const ofIssue = new Map<string, DataLoader<string, Project[]>>();
  const ofIndicator = new Map<string, DataLoader<string, ProjectOfIndicator[]>>();
  const order = [{ createdAt: 'asc' }, { id: 'asc' }] satisfies Prisma.ProjectOrderByWithRelationInput[];
  return {
    provincesOfProject: createChildrenLoader<string, { projectId: string; provinceCode: string }>(
      (ids) => prisma.projectProvince.findMany({ where: { projectId: { in: [...ids] } }, orderBy: [{ provinceCode: 'asc' }] }),
      (row) => row.projectId,
    ),
    indicatorsOfProject: createChildrenLoader<string, { projectId: string; indicatorId: string }>(
      (ids) => prisma.projectIndicator.findMany({ where: { projectId: { in: [...ids] } }, orderBy: [{ indicatorId: 'asc' }] }),
      (row) => row.projectId,
    ),
    linesOfProject: createChildrenLoader<string, BudgetLine>(
      (ids) =>
        prisma.budgetLine.findMany({
          where: { projectId: { in: [...ids] } },
          orderBy: [{ fiscalYear: 'asc' }, { phase: 'asc' }, { category: 'asc' }],
        }),
      (line) => line.projectId,
    ),
    projectsOfIssue(where: Prisma.ProjectWhereInput): DataLoader<string, Project[]> {
      const key = JSON.stringify(where);
      let loader = ofIssue.get(key);
      if (!loader) {
        loader = createChildrenLoader<string, Project>(
          (ids) => prisma.project.findMany({ where: { AND: [where, { strategicIssueId: { in: [...ids] } }] }, orderBy: order }),
          (project) => project.strategicIssueId ?? '',
        );
        ofIssue.set(key, loader);
      }
      return loader;
    },
    projectsOfIndicator(where: Prisma.ProjectWhereInput): DataLoader<string, ProjectOfIndicator[]> {
      const key = JSON.stringify(where);
      let loader = ofIndicator.get(key);
      if (!loader) {
        loader = createChildrenLoader<string, ProjectOfIndicator>(
          async (ids) => {
            const links = await prisma.projectIndicator.findMany({
              where: { indicatorId: { in: [...ids] }, project: where },
              include: { project: true },
              orderBy: [{ project: { createdAt: 'asc' } }, { project: { id: 'asc' } }],
            });
            return links.map((link) => ({ ...link.project, indicatorId: link.indicatorId }));
          },
          (row) => row.indicatorId,
        );
        ofIndicator.set(key, loader);
      }
      return loader;
    },
  };
}
