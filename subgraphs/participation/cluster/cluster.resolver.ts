import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { ParticipationContext } from '../context';
import type { Hearing as HearingRow } from '../generated/prisma/client';
import { Hearing } from '../hearing/hearing.type';
import { Cluster } from './cluster.type';

/** The fields this subgraph adds to Cluster. */
@Resolver(() => Cluster)
export class ClusterHearingsResolver {
  @FieldResolver(() => [Hearing], {
    nullable: true,
    description: "The cluster's public hearings, by date. Null, with an error naming the subgraph, when participation cannot answer.",
  })
  hearings(@Root() cluster: Cluster, @Ctx() { loaders }: ParticipationContext): Promise<HearingRow[]> {
    return loaders.hearingsOfCluster.load(cluster.code);
  }
}
