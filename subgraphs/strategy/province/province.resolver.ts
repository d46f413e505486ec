import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError, preview } from '../../../kit/errors';
import { parseClusterCode } from '../../../kit/clusters';
import { Cluster } from '../cluster/cluster.type';
import type { StrategyContext } from '../context';
import { Province } from './province.type';

const PROVINCE_CODE = /^\d{2}$/;

/** Queries of provinces and the link from a province to its cluster. */
@Resolver(() => Province)
export class ProvinceResolver {
  @Query(() => [Province], { description: 'Provinces ordered by code: all 77, or the members of one cluster.' })
  provinces(
    @Arg('clusterCode', () => String, { nullable: true, description: 'Only the members of this cluster, e.g. "N1".' })
    clusterCode: string | null,
    @Ctx() { prisma }: StrategyContext,
  ): Promise<Province[]> {
    if (clusterCode !== null && clusterCode !== undefined) {
      return prisma.province.findMany({ where: { clusterCode: parseClusterCode(clusterCode) }, orderBy: { code: 'asc' } });
    }
    return prisma.province.findMany({ orderBy: { code: 'asc' } });
  }

  @Query(() => Province, {
    nullable: true,
    description: 'One province by its two-digit DOPA code (e.g. "50"); null when no province has that code.',
  })
  province(@Arg('code', () => String, { description: 'Two-digit DOPA province code, e.g. "50".' }) code: string, @Ctx() { loaders }: StrategyContext): Promise<Province | null> {
    const trimmed = code.trim();
    if (!PROVINCE_CODE.test(trimmed)) {
      throw new BadUserInputError(
        `code is a two-digit DOPA province code such as "50" (Chiang Mai) or "10" (Bangkok); got ${preview(code)}.`,
        'code',
      );
    }
    return loaders.provinceByCode.load(trimmed);
  }

  @FieldResolver(() => Cluster, { nullable: true, description: 'The cluster the province belongs to; null for Bangkok.' })
  cluster(@Root() province: Province, @Ctx() { loaders }: StrategyContext): Promise<Cluster | null> | null {
    return province.clusterCode ? loaders.clusterByCode.load(province.clusterCode) : null;
  }
}
