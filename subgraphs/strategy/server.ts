import 'reflect-metadata';
import { QUERY_EVENTS } from '../../kit/database';
import type { SubgraphDefinition } from '../../kit/subgraph';
import { buildFederatedSchema } from '../../kit/federation';
import { AgencyResolver } from './agency/agency.resolver';
import { ClusterResolver, LeadProvinceClaimResolver } from './cluster/cluster.resolver';
import { createContext, type StrategyContext } from './context';
import { PrismaClient } from './generated/prisma/client';
import { NationalPlanResolver } from './national-plan/national-plan.resolver';
import { ProvinceResolver } from './province/province.resolver';
import { seedReferenceData } from './seed';

/**
 * Builds the strategy subgraph's schema. Entity references for Cluster, Province and Agency go
 * through the same per-request loaders as `Query.cluster`, `Query.province` and `Query.agency`.
 */
export function buildStrategySchema() {
  return buildFederatedSchema<StrategyContext>(
    {
      resolvers: [ClusterResolver, LeadProvinceClaimResolver, ProvinceResolver, AgencyResolver, NationalPlanResolver],
    },
    {
      Cluster: { __resolveReference: (ref, { loaders }) => loaders.clusterByCode.load(String(ref.code)) },
      Province: { __resolveReference: (ref, { loaders }) => loaders.provinceByCode.load(String(ref.code)) },
      Agency: { __resolveReference: (ref, { loaders }) => loaders.agencyByCode.load(String(ref.code)) },
    },
  );
}

/** The strategy subgraph: clusters, provinces, agencies and the national plans, seeded with reference data. */
export const strategySubgraph: SubgraphDefinition<PrismaClient, StrategyContext> = {
  name: 'strategy',
  buildSchema: buildStrategySchema,
  createClient: (adapter) => new PrismaClient({ adapter, log: [...QUERY_EVENTS] }) as unknown as PrismaClient,
  createContext,
  seed: seedReferenceData,
};
