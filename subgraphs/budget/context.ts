import type { SubgraphContext } from '../../kit/subgraph';
import type { PrismaClient } from './generated/prisma/client';
import type { BudgetLoaders } from './loaders';

/** Per-request state of the budget subgraph. */
export type BudgetContext = SubgraphContext<PrismaClient, BudgetLoaders>;
