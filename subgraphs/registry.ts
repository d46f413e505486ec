import type { SubgraphName } from '../kit/config';
import type { PrismaLike } from '../kit/database';
import type { SubgraphDefinition } from '../kit/subgraph';
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
