import type DataLoader from 'dataloader';
import { createChildrenLoader, createRowLoader } from '../../kit/loaders';
import { createContractLoaders } from './contract/contract.loaders';
import type { PrismaClient, Project } from './generated/prisma/client';
import { createProjectLoaders } from './project/project.loaders';
import { createSummaryLoaders } from './summary/summary.service';

/** The budget subgraph's dataloaders, created per request by {@link createLoaders}. */
export type BudgetLoaders = ReturnType<typeof createLoaders>;

/**
 * Creates the per-request loaders. `projectsOfCluster(year)` returns one loader per fiscal year
 * (or `null` for all years), so N clusters asking for the same year cost one statement.
 */
export function createLoaders(prisma: PrismaClient) {
  const byYear = new Map<string, DataLoader<string, Project[]>>();
  return {
    ...createContractLoaders(prisma),
    ...createProjectLoaders(prisma),
    ...createSummaryLoaders(prisma),
    projectById: createRowLoader<string, Project>(
      (ids) => prisma.project.findMany({ where: { id: { in: [...ids] } } }),
      (project) => project.id,
    ),
    projectsOfCluster(fiscalYear: number | null): DataLoader<string, Project[]> {
      const key = String(fiscalYear ?? 'all');
      let loader = byYear.get(key);
      if (!loader) {
        loader = createChildrenLoader<string, Project>(
          (codes) =>
            prisma.project.findMany({
              where: { clusterCode: { in: [...codes] }, ...(fiscalYear === null ? {} : { fiscalYear }) },
              orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
            }),
          (project) => project.clusterCode,
        );
        byYear.set(key, loader);
      }
      return loader;
    },
  };
}
