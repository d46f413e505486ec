import 'reflect-metadata';
import { defineSubgraph } from '../../kit/subgraph';
import { AlertResolver } from './alert/alert.resolver';
import { ClusterAlertsResolver } from './cluster/cluster.resolver';
import { Cluster } from './cluster/cluster.type';
import { PrismaClient } from './generated/prisma/client';
import { createLoaders } from './loaders';
import { seedSample } from './sample';

/**
 * The monitoring subgraph: alerts on clusters; adds `alerts` to Cluster.
 */
export const monitoringSubgraph = defineSubgraph({
  name: 'monitoring',
  PrismaClient,
  resolvers: [AlertResolver, ClusterAlertsResolver],
  orphanedTypes: [Cluster],
  references: {
    Alert: { __resolveReference: (ref, { loaders }) => loaders.alertById.load(String(ref.id)) },
    Cluster: { __resolveReference: (ref) => ({ code: String(ref.code) }) },
  },
  createLoaders,
  seedSample,
});
