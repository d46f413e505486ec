import type { SubgraphContext } from '../../kit/subgraph';
import type { PrismaClient } from './generated/prisma/client';
import type { MonitoringLoaders } from './loaders';

/** Per-request state of the monitoring subgraph. */
export type MonitoringContext = SubgraphContext<PrismaClient, MonitoringLoaders>;
