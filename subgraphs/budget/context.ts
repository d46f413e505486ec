import type { Identity } from '../../kit/identity';
import type { PrismaClient } from './generated/prisma/client';
import { createLoaders, type BudgetLoaders } from './loaders';

/** Per-request state of the budget subgraph. */
export interface BudgetContext {
  readonly identity: Identity;
  readonly prisma: PrismaClient;
  readonly loaders: BudgetLoaders;
}

/** Builds the context of one request with fresh loaders. */
export function createContext(prisma: PrismaClient, identity: Identity): BudgetContext {
  return { identity, prisma, loaders: createLoaders(prisma) };
}
