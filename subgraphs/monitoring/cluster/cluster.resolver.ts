import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { checkLimit } from '../alert/alert.service';
import { Alert } from '../alert/alert.type';
import type { MonitoringContext } from '../context';
import type { Alert as AlertRow } from '../generated/prisma/client';
import { Cluster } from './cluster.type';

/** The fields this subgraph adds to Cluster. */
@Resolver(() => Cluster)
export class ClusterAlertsResolver {
  @FieldResolver(() => [Alert], {
    nullable: true,
    description: "The cluster's latest alerts, newest first. Null, with an error naming the subgraph, when monitoring cannot answer.",
  })
  alerts(
    @Root() cluster: Cluster,
    @Arg('limit', () => Int, { defaultValue: 20, description: 'At most this many (1-200).' }) limit: number,
    @Ctx() { loaders }: MonitoringContext,
  ): Promise<AlertRow[]> {
    return loaders.latestAlerts(checkLimit(limit)).load(cluster.code);
  }
}
