import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { parseCode } from '../../../kit/validate';
import type { StrategyContext } from '../context';
import { Agency } from './agency.type';

/** Queries of the national agencies. */
@Resolver(() => Agency)
export class AgencyResolver {
  @Query(() => [Agency], { description: 'The national agencies the OSM works with, ordered by code.' })
  agencies(@Ctx() { prisma }: StrategyContext): Promise<Agency[]> {
    return prisma.agency.findMany({ orderBy: { code: 'asc' } });
  }

  @Query(() => Agency, { nullable: true, description: 'One agency by code (e.g. "NESDC"); null when none has it.' })
  agency(@Arg('code', () => String, { description: 'The agency code, e.g. "NESDC".' }) code: string, @Ctx() { loaders }: StrategyContext): Promise<Agency | null> {
    return loaders.agencyByCode.load(parseCode(code, 'code', 'NESDC'));
  }

  @FieldResolver(() => Agency, { nullable: true, description: 'The agency this one is attached to (e.g. OPM for NESDC).' })
  parent(@Root() agency: Agency, @Ctx() { loaders }: StrategyContext): Promise<Agency | null> | null {
    return agency.parentCode ? loaders.agencyByCode.load(agency.parentCode) : null;
  }
}
