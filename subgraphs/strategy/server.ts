import 'reflect-metadata';
import { defineSubgraph } from '../../kit/subgraph';
import { AgencyResolver } from './agency/agency.resolver';
import { ClusterResolver, LeadProvinceClaimResolver } from './cluster/cluster.resolver';
import { PrismaClient } from './generated/prisma/client';
import { createLoaders } from './loaders';
import { NationalPlanResolver } from './national-plan/national-plan.resolver';
import { ProvinceResolver } from './province/province.resolver';
import { seedReferenceData } from './seed';

/**
 * The strategy subgraph: clusters, provinces, agencies and the national plans, seeded with reference data.
 * Entity references go through the same per-request loaders as `Query.cluster`, `Query.province` and `Query.agency`.
 */
export const strategySubgraph = defineSubgraph({
  name: 'strategy',
  PrismaClient,
  resolvers: [ClusterResolver, LeadProvinceClaimResolver, ProvinceResolver, AgencyResolver, NationalPlanResolver],
  references: {
    Cluster: { __resolveReference: (ref, { loaders }) => loaders.clusterByCode.load(String(ref.code)) },
    Province: { __resolveReference: (ref, { loaders }) => loaders.provinceByCode.load(String(ref.code)) },
    Agency: { __resolveReference: (ref, { loaders }) => loaders.agencyByCode.load(String(ref.code)) },
  },
  createLoaders,
  seed: seedReferenceData,
});
