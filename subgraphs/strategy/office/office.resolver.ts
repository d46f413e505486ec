import { Arg, Ctx, Directive, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Agency } from '../agency/agency.type';
import { Cluster } from '../cluster/cluster.type';
import { readsCommitteeFully } from '../committee/committee.access';
import type { StrategyContext } from '../context';
import type { OsmPosition as PositionRow } from '../generated/prisma/client';
import { AddOfficePositionInput, RemoveOfficePositionInput } from './office.input';
import { addOfficePosition, officeOf, removeOfficePosition } from './office.service';
import { OsmOffice, OsmPosition } from './office.type';

/** `Cluster.office`. */
@Resolver(() => Cluster)
export class ClusterOfficeResolver {
  @FieldResolver(() => OsmOffice, { description: "The cluster's Office of Strategy Management, as the founding document sets it up, with its recorded positions." })
  office(@Root() cluster: Cluster): OsmOffice {
    return officeOf(cluster.code);
  }
}

/** The office's reporting line and positions. */
@Resolver(() => OsmOffice)
export class OsmOfficeResolver {
  @FieldResolver(() => Agency, { nullable: true, description: 'The agency it reports to (the Office of the Permanent Secretary for Interior).' })
  parentAgency(@Root() office: OsmOffice, @Ctx() { loaders }: StrategyContext): Promise<Agency | null> {
    return loaders.agencyByCode.load(office.parentAgencyCode);
  }

  @Directive('@listSize(assumedSize: 7)')
  @FieldResolver(() => [OsmPosition], { description: 'The positions recorded for this cluster, oldest first (at most 7 under the framework). Public; holders\' names are not.' })
  positions(@Root() office: OsmOffice, @Ctx() { loaders }: StrategyContext): Promise<PositionRow[]> {
    return loaders.positionsByCluster.load(office.clusterCode);
  }
}

/** Positions: adding and removing them, and who holds one. */
@Resolver(() => OsmPosition)
export class OsmPositionResolver {
  @Mutation(() => OsmPosition, {
    nullable: true,
    description:
      "Adds a position to a cluster's OSM. Refused (BAD_USER_INPUT, quoting the rule) beyond the framework: 4 civil servants, 3 government employees, 7 in all. Needs OSM staff of the cluster or an admin.",
  })
  addOfficePosition(@Arg('input', () => AddOfficePositionInput, { description: 'The position.' }) input: AddOfficePositionInput, @Ctx() context: StrategyContext) {
    return addOfficePosition(context, input);
  }

  @Mutation(() => OsmPosition, { nullable: true, description: "Removes a position from a cluster's OSM and returns it. Needs OSM staff of the cluster or an admin." })
  removeOfficePosition(@Arg('input', () => RemoveOfficePositionInput, { description: 'The position.' }) input: RemoveOfficePositionInput, @Ctx() context: StrategyContext) {
    return removeOfficePosition(context, input);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "Who holds the position, when recorded; visible to the cluster's OSM staff and province officers, agencies and admins, null for anyone else.",
  })
  async holderName(@Root() position: PositionRow, @Ctx() context: StrategyContext): Promise<string | null> {
    return position.holderName !== null && (await readsCommitteeFully(context, position.clusterCode)) ? position.holderName : null;
  }
}
