import type { SubgraphName } from '../kit/config';
import type { AnySubgraph } from '../kit/subgraph';
import { budgetSubgraph } from './budget/server';
import { monitoringSubgraph } from './monitoring/server';
import { participationSubgraph } from './participation/server';
import { strategySubgraph } from './strategy/server';

/**
 * Every subgraph by name. Only the hub launcher and the schema scripts read this list; subgraphs
 * never import each other.
 */
export const SUBGRAPHS: Readonly<Record<SubgraphName, AnySubgraph>> = {
  strategy: strategySubgraph,
  budget: budgetSubgraph,
  monitoring: monitoringSubgraph,
  participation: participationSubgraph,
};
