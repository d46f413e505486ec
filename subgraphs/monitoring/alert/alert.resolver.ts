import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { parseClusterCode } from '../../../kit/clusters';
import { BadRequestError } from '../../../kit/errors';
import { parseId } from '../../../kit/validate';
import { Cluster } from '../cluster/cluster.type';
import type { MonitoringContext } from '../context';
import type { Alert as AlertRow } from '../generated/prisma/client';
import { RaiseAlertInput } from './alert.input';
import { checkLimit, MAX_ALERTS, raiseAlert, readAlertLog, readAlertLogHead } from './alert.service';
import { Alert, AlertSeverity } from './alert.type';

/** Why this subgraph refuses `alertRaised`: the gateway serves it (gateway/subscriptions/). */
const SERVED_BY_THE_GATEWAY =
  'alertRaised is served by the gateway over WebSocket (graphql-ws at ws://<gateway>/graphql), not by the monitoring subgraph: subscribe there.';

/** Queries and mutations of alerts. */
@Resolver(() => Alert)
export class AlertResolver {
  @Query(() => Alert, { nullable: true, description: 'One alert by id; null when none has it.' })
  alert(@Arg('id', () => ID, { description: 'The alert id.' }) id: string, @Ctx() { loaders }: MonitoringContext): Promise<AlertRow | null> {
    return loaders.alertById.load(parseId(id));
  }

  @Query(() => [Alert], { description: "A cluster's alerts, newest first." })
  alerts(
    @Arg('clusterCode', () => String, { description: 'The cluster, e.g. "N1".' }) clusterCode: string,
    @Arg('limit', () => Int, { defaultValue: 50, description: 'At most this many (1-200).' }) limit: number,
    @Ctx() { loaders }: MonitoringContext,
  ): Promise<AlertRow[]> {
    const code = parseClusterCode(clusterCode);
    return loaders.latestAlerts(checkLimit(limit)).load(code);
  }

  @Query(() => [Alert], {
    description:
      'Internal (the gateway\'s subscription tailer; admin only): the alerts stored after sequence `after`, oldest first. Hidden from the public graph.',
  })
  @Directive('@inaccessible')
  alertLog(
    @Arg('after', () => String, { description: 'A sequence ("0" for the start); alerts with a greater one are returned.' }) after: string,
    @Arg('clusterCode', () => String, { nullable: true, description: 'Only alerts of this cluster; every cluster when omitted.' }) clusterCode: string | null,
    @Arg('minSeverity', () => AlertSeverity, { nullable: true, description: 'Only alerts at least this severe; all when omitted.' }) minSeverity: AlertSeverity | null,
    @Arg('limit', () => Int, { defaultValue: MAX_ALERTS, description: 'At most this many (1-200).' }) limit: number,
    @Ctx() { prisma, identity }: MonitoringContext,
  ): Promise<AlertRow[]> {
    return readAlertLog(prisma, identity, { after, clusterCode, minSeverity, limit });
  }

  @Query(() => String, { description: 'Internal (admin only): the highest sequence stored, "0" when none. Hidden from the public graph.' })
  @Directive('@inaccessible')
  alertLogHead(@Ctx() { prisma, identity }: MonitoringContext): Promise<string> {
    return readAlertLogHead(prisma, identity);
  }

  @Mutation(() => Alert, {
    nullable: true,
    description: 'Raises an alert for a cluster. Needs OSM staff of that cluster, or an admin. Null, with an error at this path, when it was not stored.',
  })
  raiseAlert(@Arg('input', () => RaiseAlertInput, { description: 'The alert to store and publish.' }) input: RaiseAlertInput, @Ctx() { prisma, identity }: MonitoringContext) {
    return raiseAlert(prisma, identity, input);
  }

  @Subscription(() => Alert, {
    description:
      'Alerts as they are raised, served by the gateway over WebSocket (graphql-ws). OSM staff and province officers receive their own cluster only; agencies and admins any cluster or all (clusterCode omitted). With `after` (the sequence of the last alert seen) the alerts stored since then are replayed first, in order, then live ones: nothing lost, nothing twice.',
    subscribe: () => {
      throw new BadRequestError(SERVED_BY_THE_GATEWAY);
    },
  })
  alertRaised(
    @Root() alert: AlertRow,
    @Arg('clusterCode', () => String, { nullable: true, description: 'One cluster; omitted: every cluster the caller may see (OSM staff: their own).' })
    _clusterCode: string | null,
    @Arg('minSeverity', () => AlertSeverity, { nullable: true, description: 'Only alerts at least this severe.' }) _minSeverity: AlertSeverity | null,
    @Arg('after', () => String, { nullable: true, description: 'Resume after this sequence (the last alert received).' }) _after: string | null,
  ): AlertRow {
    return alert;
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
