import type { Identity } from '../../kit/identity';
import type { PrismaClient } from './generated/prisma/client';
import { createLoaders, type MonitoringLoaders } from './loaders';

/** Per-request state of the monitoring subgraph. */
export interface MonitoringContext {
  readonly identity: Identity;
  readonly prisma: PrismaClient;
  readonly loaders: MonitoringLoaders;
}

/** Builds the context of one request with fresh loaders. */
export function createContext(prisma: PrismaClient, identity: Identity): MonitoringContext {
  return { identity, prisma, loaders: createLoaders(prisma) };
}
