import { Ctx, Query, Resolver } from 'type-graphql';
import type { StrategyContext } from '../context';
import { NationalStrategy, PlanMilestone, SdgGoal } from './national-plan.type';

/** The national plans that cluster plans must align to. */
@Resolver()
export class NationalPlanResolver {
  @Query(() => [NationalStrategy], { description: 'The six strategies of the National Strategy 2561-2580.' })
  nationalStrategies(@Ctx() { prisma }: StrategyContext): Promise<NationalStrategy[]> {
    return prisma.nationalStrategy.findMany({ orderBy: { number: 'asc' } });
  }

  @Query(() => [PlanMilestone], { description: 'The 13 milestones of the 13th National Economic and Social Development Plan.' })
  planMilestones(@Ctx() { prisma }: StrategyContext): Promise<PlanMilestone[]> {
    return prisma.planMilestone.findMany({ orderBy: { number: 'asc' } });
  }

  @Query(() => [SdgGoal], { description: 'The 17 Sustainable Development Goals, by number.' })
  sdgGoals(@Ctx() { prisma }: StrategyContext): Promise<SdgGoal[]> {
    return prisma.sdgGoal.findMany({ orderBy: { number: 'asc' } });
  }
}
