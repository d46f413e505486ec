import type { SubgraphContext } from '../../kit/subgraph';
import type { PrismaClient } from './generated/prisma/client';
import type { ParticipationLoaders } from './loaders';

/** Per-request state of the participation subgraph. */
export type ParticipationContext = SubgraphContext<PrismaClient, ParticipationLoaders>;
