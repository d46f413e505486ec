import type { Identity } from '../../kit/identity';
import type { PrismaClient } from './generated/prisma/client';
import { createLoaders, type StrategyLoaders } from './loaders';

/** Per-request state of the strategy subgraph: who calls, the database, fresh loaders. */
export interface StrategyContext {
  readonly identity: Identity;
  readonly prisma: PrismaClient;
  readonly loaders: StrategyLoaders;
}

/** Builds the context of one request; loaders never outlive it, so no data leaks between callers. */
export function createContext(prisma: PrismaClient, identity: Identity): StrategyContext {
  return { identity, prisma, loaders: createLoaders(prisma) };
}
