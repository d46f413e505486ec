import type { Agency, Cluster, PrismaClient, Province } from './generated/prisma/client';
import { createChildrenLoader, createRowLoader } from '../../kit/loaders';

/** The strategy subgraph's dataloaders, created per request by {@link createLoaders}. */
export type StrategyLoaders = ReturnType<typeof createLoaders>;

/**
 * Creates the per-request loaders: one statement per entity type and tick, whatever the number of
 * clusters, provinces or agencies a query or a batch of entity references asks for.
 */
export function createLoaders(prisma: PrismaClient) {
  return {
    clusterByCode: createRowLoader<string, Cluster>(
      (codes) => prisma.cluster.findMany({ where: { code: { in: [...codes] } } }),
      (cluster) => cluster.code,
    ),
    provinceByCode: createRowLoader<string, Province>(
      (codes) => prisma.province.findMany({ where: { code: { in: [...codes] } } }),
      (province) => province.code,
    ),
    provincesByCluster: createChildrenLoader<string, Province>(
      (codes) => prisma.province.findMany({ where: { clusterCode: { in: [...codes] } }, orderBy: { code: 'asc' } }),
      (province) => province.clusterCode as string,
    ),
    agencyByCode: createRowLoader<string, Agency>(
      (codes) => prisma.agency.findMany({ where: { code: { in: [...codes] } } }),
      (agency) => agency.code,
    ),
  };
}
