import 'reflect-metadata';
import { buildFederatedSchema } from '../../kit/federation';
import { QUERY_EVENTS } from '../../kit/database';
import type { SubgraphDefinition } from '../../kit/subgraph';
import { ClusterBudgetResolver } from './cluster/cluster.resolver';
import { Cluster } from './cluster/cluster.type';
import { createContext, type BudgetContext } from './context';
import { PrismaClient } from './generated/prisma/client';
import { ProjectResolver } from './project/project.resolver';

/** Builds the budget subgraph's schema; `Cluster` is listed as orphaned so it is not dropped. */
export function buildBudgetSchema() {
  return buildFederatedSchema<BudgetContext>(
    { resolvers: [ProjectResolver, ClusterBudgetResolver], orphanedTypes: [Cluster] },
    {
      Project: { __resolveReference: (ref, { loaders }) => loaders.projectById.load(String(ref.id)) },
      Cluster: { __resolveReference: (ref) => ({ code: String(ref.code) }) },
    },
  );
}

/** The budget subgraph: projects and their funding; adds `projects` and `budget` to Cluster. */
export const budgetSubgraph: SubgraphDefinition<PrismaClient, BudgetContext> = {
  name: 'budget',
  buildSchema: buildBudgetSchema,
  createClient: (adapter) => new PrismaClient({ adapter, log: [...QUERY_EVENTS] }) as unknown as PrismaClient,
  createContext,
};
