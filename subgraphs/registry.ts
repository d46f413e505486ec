import type { SubgraphName } from './common/config';
import type { PrismaLike } from './common/database';
import type { SubgraphDefinition } from './common/subgraph';
import { budgetSubgraph } from './budget/server';
import { monitoringSubgraph } from './monitoring/server';
import { participationSubgraph } from './participation/server';
import { strategySubgraph } from './strategy/server';

/**
 * Every subgraph by name. Only the hub launcher and the schema scripts read this list; subgraphs
 * never import each other.
 */
export const SUBGRAPHS: Readonly<Record<SubgraphName, SubgraphDefinition<PrismaLike, any>>> = {
  strategy: strategySubgraph as unknown as SubgraphDefinition<PrismaLike, never>,
  budget: budgetSubgraph as unknown as SubgraphDefinition<PrismaLike, never>,
  monitoring: monitoringSubgraph as unknown as SubgraphDefinition<PrismaLike, never>,
  participation: participationSubgraph as unknown as SubgraphDefinition<PrismaLike, never>,
};
