import { Arg, Args, Ctx, Directive, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { parseClusterCode } from '../../../kit/clusters';
import { ConnectionArgs, encodeCursor, pageOfList, parsePage, type Connection } from '../../../kit/connection';
import { Agency } from '../agency/agency.type';
import { Cluster } from '../cluster/cluster.type';
import type { StrategyContext } from '../context';
import {
  type AgendaItem as AgendaItemRow,
  type Committee as CommitteeRow,
  type CommitteeMember as MemberRow,
  type DevelopmentPlan as PlanRow,
  type FollowUp as FollowUpRow,
  FollowUpStatus,
  type Meeting as MeetingRow,
  type Prisma,
  type Resolution as ResolutionRow,
} from '../generated/prisma/client';
import { readablePlan } from '../plan/plan.access';
import { DevelopmentPlan } from '../plan/plan.type';
import { assertCommitteeReader, bangkokToday, isoDate, meetingVisible, readsCommitteeFully } from './committee.access';
import {
  AddAgendaItemInput,
  AddCommitteeMemberInput,
  AddFollowUpInput,
  AddResolutionInput,
  CreateCommitteeInput,
  ScheduleMeetingInput,
  SetMeetingStatusInput,
  UpdateFollowUpInput,
} from './committee.input';
import { addAgendaItem, addCommitteeMember, addFollowUp, addResolution, createCommittee, scheduleMeeting, setMeetingStatus, updateFollowUp } from './committee.service';
import { AgendaItem, Committee, CommitteeMember, FollowUp, FollowUpConnection, Meeting, MeetingConnection, Project, Resolution } from './committee.type';

const PAGED = '@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)';

/** `Cluster.committee`. */
@Resolver(() => Cluster)
export class ClusterCommitteeResolver {
  @FieldResolver(() => Committee, { nullable: true, description: "The cluster's Development Plan and Budget Committee (ก.พ.ก.); null until one is recorded. Public." })
  committee(@Root() cluster: Cluster, @Ctx() { loaders }: StrategyContext): Promise<CommitteeRow | null> {
    return loaders.committeeByCluster.load(cluster.code);
  }
}

/** Committees: creating one, adding members, and the fields of a committee. */
@Resolver(() => Committee)
export class CommitteeResolver {
  @Mutation(() => Committee, { nullable: true, description: "Records a cluster's committee (one per cluster). Needs OSM staff of the cluster or an admin." })
  createCommittee(@Arg('input', () => CreateCommitteeInput, { description: 'The committee.' }) input: CreateCommitteeInput, @Ctx() context: StrategyContext) {
    return createCommittee(context, input);
  }

  @Mutation(() => CommitteeMember, { nullable: true, description: "Adds a member to a committee (at most one CHAIR). Needs OSM staff of the committee's cluster or an admin." })
  addCommitteeMember(@Arg('input', () => AddCommitteeMemberInput, { description: 'The member.' }) input: AddCommitteeMemberInput, @Ctx() context: StrategyContext) {
    return addCommitteeMember(context, input);
  }

  @FieldResolver(() => Cluster, { description: 'The cluster of the committee.' })
  cluster(@Root() committee: CommitteeRow, @Ctx() { loaders }: StrategyContext) {
    return loaders.clusterByCode.load(committee.clusterCode);
  }

  @Directive('@listSize(assumedSize: 30)')
  @FieldResolver(() => [CommitteeMember], { description: 'The members, in list order.' })
  members(@Root() committee: CommitteeRow, @Ctx() { loaders }: StrategyContext): Promise<MemberRow[]> {
    return loaders.membersByCommittee.load(committee.id);
  }

  @Directive(PAGED)
  @FieldResolver(() => MeetingConnection, {
    description: "The meetings, in the order they were recorded, paged. The public and callers outside the cluster see HELD meetings only; the cluster's readers, agencies and admins see all.",
  })
  async meetings(@Root() committee: CommitteeRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: StrategyContext): Promise<Connection<MeetingRow>> {
    const page = parsePage(args);
    const [rows, full] = await Promise.all([context.loaders.meetingsByCommittee.load(committee.id), readsCommitteeFully(context, committee.clusterCode)]);
    return pageOfList(
      rows.filter((meeting) => meetingVisible(full, meeting)),
      page,
    );
  }
}

/** Committee members' agency. */
@Resolver(() => CommitteeMember)
export class CommitteeMemberResolver {
  @FieldResolver(() => Agency, { nullable: true, description: 'The agency the member comes from, when it is one of Query.agencies.' })
  agency(@Root() member: MemberRow, @Ctx() { loaders }: StrategyContext): Promise<Agency | null> | null {
    return member.agencyCode ? loaders.agencyByCode.load(member.agencyCode) : null;
  }
}

/** Meetings: scheduling, status, and the fields of a meeting. */
@Resolver(() => Meeting)
export class MeetingResolver {
  @Mutation(() => Meeting, { nullable: true, description: "Schedules a meeting \"number/year\" (Buddhist Era calendar year of its date). Needs OSM staff of the committee's cluster or an admin." })
  scheduleMeeting(@Arg('input', () => ScheduleMeetingInput, { description: 'The meeting.' }) input: ScheduleMeetingInput, @Ctx() context: StrategyContext) {
    return scheduleMeeting(context, input);
  }

  @Mutation(() => Meeting, {
    nullable: true,
    description: "Marks a SCHEDULED meeting HELD (on or after its date) or CANCELLED, with the `version` you read (CONFLICT when stale). Needs OSM staff of the cluster or an admin.",
  })
  setMeetingStatus(@Arg('input', () => SetMeetingStatusInput, { description: 'The meeting, its version and the new status.' }) input: SetMeetingStatusInput, @Ctx() context: StrategyContext) {
    return setMeetingStatus(context, input);
  }

  @FieldResolver(() => String, { description: 'The date, YYYY-MM-DD (Gregorian).' })
  date(@Root() meeting: MeetingRow): string {
    return isoDate(meeting.date);
  }

  @FieldResolver(() => String, { description: 'The meeting as it is cited, "number/year", e.g. "2/2569".' })
  label(@Root() meeting: MeetingRow): string {
    return `${meeting.number}/${meeting.year}`;
  }

  @Directive('@listSize(assumedSize: 10)')
  @FieldResolver(() => [AgendaItem], { description: 'The agenda, in order.' })
  agendaItems(@Root() meeting: MeetingRow, @Ctx() { loaders }: StrategyContext): Promise<AgendaItemRow[]> {
    return loaders.agendaByMeeting.load(meeting.id);
  }
}

/** Agenda items: adding one, and what it refers to. */
@Resolver(() => AgendaItem)
export class AgendaItemResolver {
  @Mutation(() => AgendaItem, { nullable: true, description: "Adds an item to the agenda of a SCHEDULED or HELD meeting. Needs OSM staff of the cluster or an admin." })
  addAgendaItem(@Arg('input', () => AddAgendaItemInput, { description: 'The agenda item.' }) input: AddAgendaItemInput, @Ctx() context: StrategyContext) {
    return addAgendaItem(context, input);
  }

  @FieldResolver(() => DevelopmentPlan, { nullable: true, description: 'The development plan the item is about; null when none (or when the caller may not read it).' })
  plan(@Root() item: AgendaItemRow, @Ctx() context: StrategyContext): Promise<PlanRow | null> | null {
    return item.planId ? readablePlan(context, item.planId) : null;
  }

  @FieldResolver(() => Project, { nullable: true, description: 'The budget-subgraph project the item is about, by reference; null when none.' })
  project(@Root() item: AgendaItemRow): Project | null {
    return item.projectId ? Object.assign(new Project(), { __typename: 'Project', id: item.projectId }) : null;
  }

  @Directive('@listSize(assumedSize: 3)')
  @FieldResolver(() => [Resolution], { description: 'The resolutions on the item, in order.' })
  resolutions(@Root() item: AgendaItemRow, @Ctx() { loaders }: StrategyContext): Promise<ResolutionRow[]> {
    return loaders.resolutionsByAgendaItem.load(item.id);
  }
}

/** Resolutions: adding one, and its follow-ups. */
@Resolver(() => Resolution)
export class ResolutionResolver {
  @Mutation(() => Resolution, { nullable: true, description: 'Records a resolution on an agenda item of a HELD meeting. Needs OSM staff of the cluster or an admin.' })
  addResolution(@Arg('input', () => AddResolutionInput, { description: 'The resolution.' }) input: AddResolutionInput, @Ctx() context: StrategyContext) {
    return addResolution(context, input);
  }

  @Directive('@listSize(assumedSize: 3)')
  @FieldResolver(() => [FollowUp], {
    description: "The follow-up actions, by due date. Visible to the cluster's OSM staff and province officers, agencies and admins; an empty list for anyone else.",
  })
  async followUps(@Root() resolution: ResolutionRow, @Ctx() context: StrategyContext): Promise<FollowUpRow[]> {
    if (!(await readsCommitteeFully(context, resolution.clusterCode))) return [];
    return context.loaders.followUpsByResolution.load(resolution.id);
  }
}

/** Follow-up actions: adding and updating them, the overdue list, and their fields. */
@Resolver(() => FollowUp)
export class FollowUpResolver {
  @Directive(PAGED)
  @Query(() => FollowUpConnection, {
    description:
      "A cluster's OPEN follow-up actions due before today (Asia/Bangkok), earliest due first, paged. Readable by the cluster's OSM staff and province officers, agencies and admins.",
  })
  async overdueFollowUps(
    @Arg('clusterCode', () => String, { description: 'The cluster code, e.g. "N1".' }) clusterCode: string,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: StrategyContext,
  ): Promise<Connection<FollowUpRow>> {
    const code = parseClusterCode(clusterCode);
    await assertCommitteeReader(context, code, 'follow-up actions');
    const page = parsePage(args);
    const where: Prisma.FollowUpWhereInput = { clusterCode: code, status: FollowUpStatus.OPEN, dueDate: { lt: new Date(`${bangkokToday()}T00:00:00.000Z`) } };
    const after = page.after;
    const afterWhere: Prisma.FollowUpWhereInput = after ? { OR: [{ dueDate: { gt: after.createdAt } }, { dueDate: after.createdAt, id: { gt: after.id } }] } : {};
    const [rows, totalCount] = await Promise.all([
      context.prisma.followUp.findMany({ where: { AND: [where, afterWhere] }, orderBy: [{ dueDate: 'asc' }, { id: 'asc' }], take: page.first + 1 }),
      context.prisma.followUp.count({ where }),
    ]);
    const edges = rows.slice(0, page.first).map((node) => ({ cursor: encodeCursor({ createdAt: node.dueDate, id: node.id }), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > page.first, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
  }

  @Mutation(() => FollowUp, { nullable: true, description: 'Adds an OPEN follow-up action to a resolution. Needs OSM staff of the cluster or an admin.' })
  addFollowUp(@Arg('input', () => AddFollowUpInput, { description: 'The follow-up action.' }) input: AddFollowUpInput, @Ctx() context: StrategyContext) {
    return addFollowUp(context, input);
  }

  @Mutation(() => FollowUp, {
    nullable: true,
    description: "Changes a follow-up's status with the `version` you read (CONFLICT when stale, nothing written). Needs OSM staff of the cluster or an admin.",
  })
  updateFollowUp(@Arg('input', () => UpdateFollowUpInput, { description: 'The follow-up, its version and the new status.' }) input: UpdateFollowUpInput, @Ctx() context: StrategyContext) {
    return updateFollowUp(context, input);
  }

  @FieldResolver(() => String, { description: 'The due date, YYYY-MM-DD (Gregorian).' })
  dueDate(@Root() followUp: FollowUpRow): string {
    return isoDate(followUp.dueDate);
  }

  @FieldResolver(() => Boolean, { description: 'True when OPEN and due before today (Asia/Bangkok).' })
  overdue(@Root() followUp: FollowUpRow): boolean {
    return followUp.status === FollowUpStatus.OPEN && isoDate(followUp.dueDate) < bangkokToday();
  }

  @FieldResolver(() => Agency, { nullable: true, description: 'The agency responsible, when named.' })
  ownerAgency(@Root() followUp: FollowUpRow, @Ctx() { loaders }: StrategyContext): Promise<Agency | null> | null {
    return followUp.ownerAgencyCode ? loaders.agencyByCode.load(followUp.ownerAgencyCode) : null;
  }

  @FieldResolver(() => Meeting, { description: 'The meeting whose resolution set it.' })
  meeting(@Root() followUp: FollowUpRow, @Ctx() { loaders }: StrategyContext) {
    return loaders.meetingById.load(followUp.meetingId);
  }
}
