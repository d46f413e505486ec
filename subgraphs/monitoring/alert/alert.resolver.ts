import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { parseClusterCode } from '../../../kit/clusters';
import { parseId } from '../../../kit/validate';
import { Cluster } from '../cluster/cluster.type';
import type { MonitoringContext } from '../context';
import type { Alert as AlertRow } from '../generated/prisma/client';
import { RaiseAlertInput } from './alert.input';
import { checkLimit, raiseAlert } from './alert.service';
import { Alert } from './alert.type';

/** Queries and mutations of alerts. */
@Resolver(() => Alert)
export class AlertResolver {
  @Query(() => Alert, { nullable: true, description: 'One alert by id; null when none has it.' })
  alert(@Arg('id', () => ID) id: string, @Ctx() { loaders }: MonitoringContext): Promise<AlertRow | null> {
    return loaders.alertById.load(parseId(id));
  }

  @Query(() => [Alert], { description: "A cluster's alerts, newest first." })
  alerts(
    @Arg('clusterCode', () => String) clusterCode: string,
    @Arg('limit', () => Int, { defaultValue: 50, description: 'At most this many (1-200).' }) limit: number,
    @Ctx() { loaders }: MonitoringContext,
  ): Promise<AlertRow[]> {
    const code = parseClusterCode(clusterCode);
    return loaders.latestAlerts(checkLimit(limit)).load(code);
  }

  @Mutation(() => Alert, {
    nullable: true,
    description: 'Raises an alert for a cluster. Needs OSM staff of that cluster, or an admin. Null, with an error at this path, when it was not stored.',
  })
  raiseAlert(@Arg('input', () => RaiseAlertInput) input: RaiseAlertInput, @Ctx() { prisma, identity }: MonitoringContext) {
    return raiseAlert(prisma, identity, input);
  }

  @FieldResolver(() => Cluster, { description: 'The cluster the alert concerns.' })
  cluster(@Root() alert: AlertRow): Cluster {
    return { code: alert.clusterCode };
  }

  @FieldResolver(() => String, {
    description: 'Position of the alert in the order alerts were stored (increasing, as a decimal string); a client resumes after it.',
  })
  sequence(@Root() alert: AlertRow): string {
    return alert.sequence.toString();
  }
}
