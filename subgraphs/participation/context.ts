import type { Identity } from '../../kit/identity';
import type { PrismaClient } from './generated/prisma/client';
import { createLoaders, type ParticipationLoaders } from './loaders';

/** Per-request state of the participation subgraph. */
export interface ParticipationContext {
  readonly identity: Identity;
  readonly prisma: PrismaClient;
  readonly loaders: ParticipationLoaders;
}

/** Builds the context of one request with fresh loaders. */
export function createContext(prisma: PrismaClient, identity: Identity): ParticipationContext {
  return { identity, prisma, loaders: createLoaders(prisma) };
}
