import 'reflect-metadata';
import { buildFederatedSchema } from '../../kit/federation';
import { QUERY_EVENTS } from '../../kit/database';
import type { SubgraphDefinition } from '../../kit/subgraph';
import { AlertResolver } from './alert/alert.resolver';
import { ClusterAlertsResolver } from './cluster/cluster.resolver';
import { Cluster } from './cluster/cluster.type';
import { createContext, type MonitoringContext } from './context';
import { PrismaClient } from './generated/prisma/client';

/** Builds the monitoring subgraph's schema; `Cluster` is listed as orphaned so it is not dropped. */
export function buildMonitoringSchema() {
  return buildFederatedSchema<MonitoringContext>(
    { resolvers: [AlertResolver, ClusterAlertsResolver], orphanedTypes: [Cluster] },
    {
      Alert: { __resolveReference: (ref, { loaders }) => loaders.alertById.load(String(ref.id)) },
      Cluster: { __resolveReference: (ref) => ({ code: String(ref.code) }) },
    },
  );
}

/** The monitoring subgraph: alerts on clusters; adds `alerts` to Cluster. */
export const monitoringSubgraph: SubgraphDefinition<PrismaClient, MonitoringContext> = {
  name: 'monitoring',
  buildSchema: buildMonitoringSchema,
  createClient: (adapter) => new PrismaClient({ adapter, log: [...QUERY_EVENTS] }) as unknown as PrismaClient,
  createContext,
};
