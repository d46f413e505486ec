import type DataLoader from 'dataloader';
import { createChildrenLoader, createRowLoader } from '../../kit/loaders';
import type { Alert, PrismaClient } from './generated/prisma/client';

/** The monitoring subgraph's dataloaders, created per request by {@link createLoaders}. */
export type MonitoringLoaders = ReturnType<typeof createLoaders>;

/**
 * Creates the per-request loaders. `latestAlerts(limit)` reads the newest `limit` alerts of every
 * requested cluster in one statement (a window function), so neither the number of clusters nor
 * the number of stored alerts changes the statement count or loads unbounded rows.
 */
export function createLoaders(prisma: PrismaClient) {
  const byLimit = new Map<number, DataLoader<string, Alert[]>>();
  return {
    alertById: createRowLoader<string, Alert>(
      (ids) => prisma.alert.findMany({ where: { id: { in: [...ids] } } }),
      (alert) => alert.id,
    ),
    latestAlerts(limit: number): DataLoader<string, Alert[]> {
      let loader = byLimit.get(limit);
      if (!loader) {
        loader = createChildrenLoader<string, Alert>(
          (codes) => prisma.$queryRaw<Alert[]>`
            SELECT "id", "sequence", "clusterCode", "severity"::text AS "severity", "titleTh", "detailTh", "raisedBy", "raisedAt", "isSample"
            FROM (
              SELECT *, row_number() OVER (PARTITION BY "clusterCode" ORDER BY "sequence" DESC) AS "rank"
              FROM "Alert" WHERE "clusterCode" = ANY(${[...codes]}::text[])
            ) AS ranked
            WHERE "rank" <= ${limit}
            ORDER BY "sequence" DESC`,
          (alert) => alert.clusterCode,
        );
        byLimit.set(limit, loader);
      }
      return loader;
    },
  };
}
