import 'reflect-metadata';
import { defineSubgraph } from '../../kit/subgraph';
import { ClusterBudgetResolver } from './cluster/cluster.resolver';
import { Cluster } from './cluster/cluster.type';
import { PrismaClient } from './generated/prisma/client';
import { createLoaders } from './loaders';
import { ProjectResolver } from './project/project.resolver';
import { seedSample } from './sample';

/**
 * The budget subgraph: projects and their funding; adds `projects` and `budget` to Cluster.
 */
export const budgetSubgraph = defineSubgraph({
  name: 'budget',
  PrismaClient,
  resolvers: [ProjectResolver, ClusterBudgetResolver],
  orphanedTypes: [Cluster],
  references: {
    Project: { __resolveReference: (ref, { loaders }) => loaders.projectById.load(String(ref.id)) },
    Cluster: { __resolveReference: (ref) => ({ code: String(ref.code) }) },
  },
  createLoaders,
  seedSample,
});
