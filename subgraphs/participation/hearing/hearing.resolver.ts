import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { parseClusterCode } from '../../../kit/clusters';
import { parseId } from '../../../kit/validate';
import { Cluster } from '../cluster/cluster.type';
import type { ParticipationContext } from '../context';
import type { Hearing as HearingRow } from '../generated/prisma/client';
import { ScheduleHearingInput } from './hearing.input';
import { bangkokDate, scheduleHearing } from './hearing.service';
import { Hearing } from './hearing.type';

/** Queries and mutations of public hearings. */
@Resolver(() => Hearing)
export class HearingResolver {
  @Query(() => Hearing, { nullable: true, description: 'One hearing by id; null when none has it.' })
  hearing(@Arg('id', () => ID, { description: 'The hearing id.' }) id: string, @Ctx() { loaders }: ParticipationContext): Promise<HearingRow | null> {
    return loaders.hearingById.load(parseId(id));
  }

  @Query(() => [Hearing], { description: "A cluster's public hearings, by date." })
  hearings(@Arg('clusterCode', () => String, { description: 'The cluster, e.g. "N1".' }) clusterCode: string, @Ctx() { loaders }: ParticipationContext): Promise<HearingRow[]> {
    const code = parseClusterCode(clusterCode);
    return loaders.hearingsOfCluster.load(code);
  }

  @Mutation(() => Hearing, {
    nullable: true,
    description: 'Schedules a public hearing. Needs OSM staff of that cluster, or an admin. Null, with an error at this path, when it was not stored.',
  })
  scheduleHearing(
    @Arg('input', () => ScheduleHearingInput, { description: 'The hearing to schedule.' }) input: ScheduleHearingInput,
    @Ctx() { prisma, identity }: ParticipationContext,
  ) {
    return scheduleHearing(prisma, identity, input);
  }

  @FieldResolver(() => Cluster, { description: 'The cluster holding the hearing.' })
  cluster(@Root() hearing: HearingRow): Cluster {
    return { code: hearing.clusterCode };
  }

  @FieldResolver(() => String, { description: 'Date of the hearing in Asia/Bangkok, YYYY-MM-DD (Gregorian).' })
  heldOn(@Root() hearing: HearingRow): string {
    return bangkokDate(hearing.startsAt);
  }
}
