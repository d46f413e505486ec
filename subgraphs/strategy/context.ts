import type { SubgraphContext } from '../../kit/subgraph';
import type { PrismaClient } from './generated/prisma/client';
import type { StrategyLoaders } from './loaders';

/** Per-request state of the strategy subgraph: who calls, the database, fresh loaders. */
export type StrategyContext = SubgraphContext<PrismaClient, StrategyLoaders>;
