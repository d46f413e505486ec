import { bangkokDate } from '../../../kit/fiscal';
import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, encodeCursor, pageOfList, parsePage, type Connection } from '../../../kit/connection';
import { parseId } from '../../../kit/validate';
import { Cluster } from '../cluster/cluster.type';
import type { ParticipationContext } from '../context';
import { DevelopmentPlan, Project, Province, StrategicIssue } from '../entities';
import type { Hearing as HearingRow, Prisma, Registration as RegistrationRow } from '../generated/prisma/client';
import { RegistrationConnection } from '../registration/registration.type';
import { HearingFilter, HearingOrder, ScheduleHearingInput, TransitionHearingInput } from './hearing.input';
import { hearingFilterWhere, hearingOrder, scheduleHearing, transitionHearing } from './hearing.service';
import { Hearing, HearingConnection, HearingSubjectKind } from './hearing.type';

/** The subject entity of a hearing when it is of `kind`, else null. */
function subjectOf(hearing: HearingRow, kind: HearingSubjectKind): { id: string } | null {
  return hearing.subjectKind === kind && hearing.subjectId ? { id: hearing.subjectId } : null;
}

/** Queries and mutations of public hearings, and the fields of a hearing. */
@Resolver(() => Hearing)
export class HearingResolver {
  @Query(() => Hearing, { nullable: true, description: 'One hearing by id; null when none has it.' })
  hearing(@Arg('id', () => ID, { description: 'The hearing id.' }) id: string, @Ctx() { loaders }: ParticipationContext): Promise<HearingRow | null> {
    return loaders.hearingById.load(parseId(id));
  }

  @Directive('@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)')
  @Query(() => HearingConnection, {
    description:
      'Public hearings of every cluster, filtered (cluster, province, status, subject, dates, Thai or English text) and paged; most recently scheduled first unless `order` says otherwise. Everyone reads every hearing.',
  })
  async hearings(
    @Arg('clusterCode', () => String, { nullable: true, description: 'Only hearings of this cluster, e.g. "N1" (the same as `filter.clusterCode`).' }) clusterCode: string | null,
    @Arg('filter', () => HearingFilter, { nullable: true, description: 'What to narrow the list by.' }) filter: HearingFilter | null,
    @Arg('order', () => HearingOrder, { defaultValue: HearingOrder.NEWEST_FIRST, description: 'The order of the list; NEWEST_FIRST by default.' }) order: HearingOrder,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { prisma }: ParticipationContext,
  ): Promise<Connection<HearingRow>> {
    const page = parsePage(args);
    const where: Prisma.HearingWhereInput = { AND: hearingFilterWhere(clusterCode, filter) };
    const sort = hearingOrder(order, page.after);
    const [rows, totalCount] = await Promise.all([
      prisma.hearing.findMany({ where: { AND: [where, sort.after] }, orderBy: sort.orderBy, take: page.first + 1 }),
      prisma.hearing.count({ where }),
    ]);
    const edges = rows.slice(0, page.first).map((node) => ({ cursor: encodeCursor(sort.keyOf(node)), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > page.first, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
  }

  @Mutation(() => Hearing, {
    nullable: true,
    description:
      "Schedules a public hearing (SCHEDULED), optionally about a plan, strategic issue or project of its cluster. Needs OSM staff of that cluster, or an admin. Null, with an error at this path, when it was not stored.",
  })
  scheduleHearing(
    @Arg('input', () => ScheduleHearingInput, { description: 'The hearing to schedule.' }) input: ScheduleHearingInput,
    @Ctx() context: ParticipationContext,
  ): Promise<HearingRow> {
    return scheduleHearing(context, input);
  }

  @Mutation(() => Hearing, {
    nullable: true,
    description:
      "Moves a hearing one step: SCHEDULED → OPEN → CLOSED → REPORTED (with its summary report). Needs OSM staff of the hearing's cluster or an admin. CONFLICT when `version` is stale. Null, with an error at this path, when nothing changed.",
  })
  transitionHearing(
    @Arg('input', () => TransitionHearingInput, { description: 'The hearing, the status to move to, and its version.' }) input: TransitionHearingInput,
    @Ctx() context: ParticipationContext,
  ): Promise<HearingRow> {
    return transitionHearing(context, input);
  }

  @FieldResolver(() => Cluster, { description: 'The cluster holding the hearing.' })
  cluster(@Root() hearing: HearingRow): Cluster {
    return { code: hearing.clusterCode };
  }

  @FieldResolver(() => String, { description: 'Date of the hearing in Asia/Bangkok, YYYY-MM-DD (Gregorian).' })
  heldOn(@Root() hearing: HearingRow): string {
    return bangkokDate(hearing.startsAt);
  }

  @FieldResolver(() => HearingSubjectKind, { nullable: true, description: 'What kind of thing the hearing is about; null for hearings scheduled without a subject.' })
  subjectKind(@Root() hearing: HearingRow): HearingSubjectKind | null {
    return (hearing.subjectKind as HearingSubjectKind | null) ?? null;
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The id of the plan, strategic issue or project the hearing is about; null without a subject.' })
  subjectId(@Root() hearing: HearingRow): string | null {
    return hearing.subjectId;
  }

  @FieldResolver(() => DevelopmentPlan, { nullable: true, description: 'The development plan the hearing is about, when its subject is a plan.' })
  plan(@Root() hearing: HearingRow): DevelopmentPlan | null {
    return subjectOf(hearing, HearingSubjectKind.PLAN);
  }

  @FieldResolver(() => StrategicIssue, { nullable: true, description: 'The strategic issue the hearing is about, when its subject is one.' })
  strategicIssue(@Root() hearing: HearingRow): StrategicIssue | null {
    return subjectOf(hearing, HearingSubjectKind.STRATEGIC_ISSUE);
  }

  @FieldResolver(() => Project, { nullable: true, description: 'The project the hearing is about, when its subject is a project.' })
  project(@Root() hearing: HearingRow): Project | null {
    return subjectOf(hearing, HearingSubjectKind.PROJECT);
  }

  @FieldResolver(() => Province, { nullable: true, description: 'The province of the venue; null when not given.' })
  province(@Root() hearing: HearingRow): Province | null {
    return hearing.provinceCode ? { code: hearing.provinceCode } : null;
  }

  @FieldResolver(() => Int, { description: 'How many people registered.' })
  async registrationCount(@Root() hearing: HearingRow, @Ctx() { loaders }: ParticipationContext): Promise<number> {
    return (await loaders.registrationCountsOfHearing.load(hearing.id)).registered;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Places still free (capacity minus registrations, never below 0); null when there is no limit.' })
  async placesLeft(@Root() hearing: HearingRow, @Ctx() { loaders }: ParticipationContext): Promise<number | null> {
    if (hearing.capacity === null) return null;
    return Math.max(0, hearing.capacity - (await loaders.registrationCountsOfHearing.load(hearing.id)).registered);
  }

  @FieldResolver(() => Int, { description: 'How many registered people attended, as recorded by the staff.' })
  async attendanceCount(@Root() hearing: HearingRow, @Ctx() { loaders }: ParticipationContext): Promise<number> {
    return (await loaders.registrationCountsOfHearing.load(hearing.id)).attended;
  }

  @Directive('@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)')
  @FieldResolver(() => RegistrationConnection, {
    description:
      "Who registered, newest first. Everyone may list them and sees display names, attendance and times; full names, phones, e-mails and national ID digits are null unless you are OSM staff of the hearing's cluster or an admin.",
  })
  async registrations(@Root() hearing: HearingRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() { loaders }: ParticipationContext): Promise<Connection<RegistrationRow>> {
    const page = parsePage(args);
    return pageOfList(await loaders.registrationsOfHearing.load(hearing.id), page, 'newest first');
  }
}
