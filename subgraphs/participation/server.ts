import 'reflect-metadata';
import { buildFederatedSchema } from '../../kit/federation';
import { QUERY_EVENTS } from '../../kit/database';
import type { SubgraphDefinition } from '../../kit/subgraph';
import { ClusterHearingsResolver } from './cluster/cluster.resolver';
import { Cluster } from './cluster/cluster.type';
import { createContext, type ParticipationContext } from './context';
import { PrismaClient } from './generated/prisma/client';
import { HearingResolver } from './hearing/hearing.resolver';

/** Builds the participation subgraph's schema; `Cluster` is listed as orphaned so it is not dropped. */
export function buildParticipationSchema() {
  return buildFederatedSchema<ParticipationContext>(
    { resolvers: [HearingResolver, ClusterHearingsResolver], orphanedTypes: [Cluster] },
    {
      Hearing: { __resolveReference: (ref, { loaders }) => loaders.hearingById.load(String(ref.id)) },
      Cluster: { __resolveReference: (ref) => ({ code: String(ref.code) }) },
    },
  );
}

/** The participation subgraph: public hearings; adds `hearings` to Cluster. */
export const participationSubgraph: SubgraphDefinition<PrismaClient, ParticipationContext> = {
  name: 'participation',
  buildSchema: buildParticipationSchema,
  createClient: (adapter) => new PrismaClient({ adapter, log: [...QUERY_EVENTS] }) as unknown as PrismaClient,
  createContext,
};
