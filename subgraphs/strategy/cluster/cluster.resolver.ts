import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { parseCode } from '../../../kit/validate';
import type { StrategyContext } from '../context';
import { Province } from '../province/province.type';
import { Cluster, LeadProvinceClaim, LeadProvinceStatus } from './cluster.type';

/** Queries of clusters and the fields that link a cluster to its provinces. */
@Resolver(() => Cluster)
export class ClusterResolver {
  @Query(() => [Cluster], { description: 'All 18 provincial clusters, ordered by code.' })
  clusters(@Ctx() { prisma }: StrategyContext): Promise<Cluster[]> {
    return prisma.cluster.findMany({ orderBy: { code: 'asc' } });
  }

  @Query(() => Cluster, { nullable: true, description: 'One cluster by code (e.g. "N1"); null when no cluster has that code.' })
  cluster(@Arg('code', () => String, { description: 'The cluster code, e.g. "N1" (case and spaces do not matter).' }) code: string, @Ctx() { loaders }: StrategyContext): Promise<Cluster | null> {
    return loaders.clusterByCode.load(parseCode(code, 'code', 'N1', 5));
  }

  @FieldResolver(() => [Province], { description: 'Member provinces, ordered by province code.' })
  provinces(@Root() cluster: Cluster, @Ctx() { loaders }: StrategyContext): Promise<Province[]> {
    return loaders.provincesByCluster.load(cluster.code);
  }

  @FieldResolver(() => Province, {
    nullable: true,
    description:
      'The operations-centre (lead) province, only when the sources confirm it for the current arrangement; null otherwise. See `leadProvinceClaim` for candidates and evidence.',
  })
  leadProvince(@Root() cluster: Cluster, @Ctx() { loaders }: StrategyContext): Promise<Province | null> | null {
    if (!cluster.leadProvinceVerified || !cluster.leadProvinceCode) return null;
    return loaders.provinceByCode.load(cluster.leadProvinceCode);
  }

  @FieldResolver(() => LeadProvinceClaim, { description: 'What the sources say about the lead province, candidate included.' })
  leadProvinceClaim(@Root() cluster: Cluster): LeadProvinceClaim {
    return {
      status: cluster.leadProvinceStatus as LeadProvinceStatus,
      verified: cluster.leadProvinceVerified,
      basis: cluster.leadProvinceBasis,
      provinceCode: cluster.leadProvinceCode,
    };
  }
}

/** Resolves the candidate province of a lead-province claim. */
@Resolver(() => LeadProvinceClaim)
export class LeadProvinceClaimResolver {
  @FieldResolver(() => Province, { nullable: true, description: 'The province the evidence points to (a candidate unless `verified`).' })
  province(@Root() claim: LeadProvinceClaim, @Ctx() { loaders }: StrategyContext): Promise<Province | null> | null {
    return claim.provinceCode ? loaders.provinceByCode.load(claim.provinceCode) : null;
  }
}
