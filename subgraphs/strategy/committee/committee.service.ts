import { assertFreshVersion } from '../../../kit/concurrency';
import { BadUserInputError, ConflictError, NotFoundError, preview } from '../../../kit/errors';
import { authorizeClusterWrite } from '../../../kit/identity';
import { assertTransition, type TransitionTable } from '../../../kit/lifecycle';
import { cleanOptionalText, cleanText, parseCode, parseDate, parseId, recordDateRange } from '../../../kit/validate';
import type { StrategyContext } from '../context';
import {
  type AgendaItem,
  type Committee,
  type CommitteeMember,
  CommitteeRole,
  type FollowUp,
  FollowUpStatus,
  type Meeting,
  MeetingStatus,
  type Prisma,
  type Resolution,
} from '../generated/prisma/client';
import { recordChange } from '../history/history.service';
import { assertSignedInForCommittee, bangkokToday, isoDate } from './committee.access';
import type {
  AddAgendaItemInput,
  AddCommitteeMemberInput,
  AddFollowUpInput,
  AddResolutionInput,
  CreateCommitteeInput,
  ScheduleMeetingInput,
  SetMeetingStatusInput,
  UpdateFollowUpInput,
} from './committee.input';

/** A meeting moves once, from SCHEDULED to HELD or CANCELLED. */
export const MEETING_TRANSITIONS: TransitionTable<MeetingStatus> = {
  SCHEDULED: [MeetingStatus.HELD, MeetingStatus.CANCELLED],
  HELD: [],
  CANCELLED: [],
};

/** A follow-up is done or dropped; a done one may be reopened. */
export const FOLLOW_UP_TRANSITIONS: TransitionTable<FollowUpStatus> = {
  OPEN: [FollowUpStatus.DONE, FollowUpStatus.CANCELLED],
  DONE: [FollowUpStatus.OPEN],
  CANCELLED: [],
};

/** The dates a meeting or a due date may carry: from the OSMs' founding year to ten years ahead. */
const COMMITTEE_DATES = () => recordDateRange('2008-01-01', 10);

/** Serialises the writes of one committee: locks its row until the transaction ends. */
async function lockCommittee(tx: Prisma.TransactionClient, committeeId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "Committee" WHERE "id" = ${committeeId} FOR UPDATE`;
}

/** Checks an agency code against the reference data. */
async function checkAgency(context: StrategyContext, value: string | null | undefined, field: string): Promise<string | null> {
  if (value === null || value === undefined || value.trim() === '') return null;
  const code = parseCode(value, field, 'NESDC');
  if (!(await context.loaders.agencyByCode.load(code))) {
    throw new BadUserInputError(`${field} ${JSON.stringify(code)} names no agency; see Query.agencies for the codes.`, field);
  }
  return code;
}

/** The first step of a write under an existing committee: refuses the public, loads it, checks the cluster write. */
async function authorizeCommitteeWrite(context: StrategyContext, committeeId: string): Promise<{ committee: Committee; author: string }> {
  assertSignedInForCommittee(context);
  const committee = await context.prisma.committee.findUnique({ where: { id: parseId(committeeId, 'committeeId') } });
  if (!committee) throw new NotFoundError("committeeId names no committee; read the cluster's `committee` to find the id.", 'committeeId');
  const { author } = authorizeClusterWrite(context.identity, committee.clusterCode);
  return { committee, author };
}

/** Loads a meeting for a write and checks the caller may write its cluster. */
async function authorizeMeetingWrite(context: StrategyContext, meetingId: string): Promise<{ meeting: Meeting; author: string }> {
  assertSignedInForCommittee(context);
  const meeting = await context.prisma.meeting.findUnique({ where: { id: parseId(meetingId, 'meetingId') } });
  if (!meeting) throw new NotFoundError("meetingId names no meeting; read the committee's `meetings` to find the id.", 'meetingId');
  const { author } = authorizeClusterWrite(context.identity, meeting.clusterCode);
  return { meeting, author };
}

/** Creates the committee of a cluster (one per cluster). */
export async function createCommittee(context: StrategyContext, input: CreateCommitteeInput): Promise<Committee> {
  assertSignedInForCommittee(context);
  const { clusterCode, author } = authorizeClusterWrite(context.identity, input.clusterCode);
  const nameTh = cleanText(input.nameTh, 'nameTh', { max: 300 });
  const nameEn = cleanOptionalText(input.nameEn, 'nameEn', { max: 300 });
  const refuse = (id: string) => new BadUserInputError(`Cluster ${clusterCode} already has a committee (${id}); add members and meetings to it.`, 'clusterCode');
  const existing = await context.prisma.committee.findUnique({ where: { clusterCode } });
  if (existing) throw refuse(existing.id);
  return context.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Cluster" WHERE "code" = ${clusterCode} FOR UPDATE`;
    const raced = await tx.committee.findUnique({ where: { clusterCode } });
    if (raced) throw refuse(raced.id);
    const committee = await tx.committee.create({ data: { clusterCode, nameTh, nameEn, createdBy: author } });
    await recordChange(tx, context.identity, author, {
      entityType: 'Committee',
      entityId: committee.id,
      planId: null,
      clusterCode,
      action: 'CREATE_COMMITTEE',
      before: null,
      after: committee,
    });
    return committee;
  });
}

/** Adds a member at the end of a committee's list; a second CHAIR is refused. */
export async function addCommitteeMember(context: StrategyContext, input: AddCommitteeMemberInput): Promise<CommitteeMember> {
  const { committee, author } = await authorizeCommitteeWrite(context, input.committeeId);
  const personName = cleanText(input.personName, 'personName', { max: 200 });
  const agencyCode = await checkAgency(context, input.agencyCode, 'agencyCode');
  return context.prisma.$transaction(async (tx) => {
    await lockCommittee(tx, committee.id);
    if (input.role === CommitteeRole.CHAIR) {
      const chair = await tx.committeeMember.findFirst({ where: { committeeId: committee.id, role: CommitteeRole.CHAIR } });
      if (chair) throw new BadUserInputError(`The committee already has a CHAIR (${preview(chair.personName)}); a committee has one chair.`, 'role');
    }
    const position = (await tx.committeeMember.count({ where: { committeeId: committee.id } })) + 1;
    const member = await tx.committeeMember.create({ data: { committeeId: committee.id, position, personName, agencyCode, role: input.role } });
    await recordChange(tx, context.identity, author, {
      entityType: 'CommitteeMember',
      entityId: member.id,
      planId: null,
      clusterCode: committee.clusterCode,
      action: 'ADD_COMMITTEE_MEMBER',
      before: null,
      after: member,
    });
    return member;
  });
}

/** Reads an https link; anything else is refused. */
function parseOnlineLink(value: string | null | undefined): string | null {
  const text = cleanOptionalText(value, 'onlineLink', { max: 500 });
  if (text === null) return null;
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (!url || url.protocol !== 'https:') {
    throw new BadUserInputError(`onlineLink must be an https:// link, e.g. "https://meet.example.go.th/abc"; got ${preview(text)}.`, 'onlineLink');
  }
  return url.toString();
}

/**
 * Schedules a meeting "number/year", the year being the Buddhist Era calendar year of its date.
 *
 * @throws BadUserInputError for a year that is not the date's, a number taken, or no venue and no link.
 */
export async function scheduleMeeting(context: StrategyContext, input: ScheduleMeetingInput): Promise<Meeting> {
  const { committee, author } = await authorizeCommitteeWrite(context, input.committeeId);
  if (!Number.isInteger(input.number) || input.number < 1 || input.number > 99) {
    throw new BadUserInputError(`number is the meeting's number within its year, 1 to 99; got ${input.number}.`, 'number');
  }
  const date = parseDate(input.date, 'date', COMMITTEE_DATES());
  const year = date.getUTCFullYear() + 543;
  if (input.year !== year) {
    throw new BadUserInputError(
      `year is the Buddhist Era calendar year of the meeting's date (meetings are numbered per calendar year, not fiscal year): ${isoDate(date)} is in ${year}; got ${input.year}.`,
      'year',
    );
  }
  const venue = cleanOptionalText(input.venue, 'venue', { max: 300 });
  const onlineLink = parseOnlineLink(input.onlineLink);
  if (venue === null && onlineLink === null) throw new BadUserInputError('Give a venue, an onlineLink or both: where does the meeting take place?', 'venue');
  return context.prisma.$transaction(async (tx) => {
    await lockCommittee(tx, committee.id);
    if (await tx.meeting.findFirst({ where: { committeeId: committee.id, year, number: input.number } })) {
      throw new BadUserInputError(`Meeting ${input.number}/${year} of this committee exists already; use the next number.`, 'number');
    }
    const meeting = await tx.meeting.create({
      data: { committeeId: committee.id, clusterCode: committee.clusterCode, number: input.number, year, date, venue, onlineLink, createdBy: author },
    });
    await recordChange(tx, context.identity, author, {
      entityType: 'Meeting',
      entityId: meeting.id,
      planId: null,
      clusterCode: committee.clusterCode,
      action: 'SCHEDULE_MEETING',
      before: null,
      after: meeting,
    });
    return meeting;
  });
}

/** Marks a meeting HELD (not before its date, in Asia/Bangkok) or CANCELLED, at the version the caller read. */
export async function setMeetingStatus(context: StrategyContext, input: SetMeetingStatusInput): Promise<Meeting> {
  const { meeting, author } = await authorizeMeetingWrite(context, input.meetingId);
  assertFreshVersion(`Meeting ${meeting.id}`, meeting.version, input.version);
  assertTransition(MEETING_TRANSITIONS, meeting.status, input.to, 'A meeting');
  const today = bangkokToday();
  if (input.to === MeetingStatus.HELD && isoDate(meeting.date) > today) {
    throw new BadUserInputError(`A meeting is HELD on or after its date: this one is on ${isoDate(meeting.date)}, and today is ${today} (Asia/Bangkok).`, 'to');
  }
  return context.prisma.$transaction(async (tx) => {
    const { count } = await tx.meeting.updateMany({ where: { id: meeting.id, version: input.version }, data: { status: input.to, version: { increment: 1 } } });
    const updated = await tx.meeting.findUniqueOrThrow({ where: { id: meeting.id } });
    if (count === 0) throw new ConflictError(`Meeting ${meeting.id} changed while this write ran (now version ${updated.version}); read it again and retry.`, updated.version);
    await recordChange(tx, context.identity, author, {
      entityType: 'Meeting',
      entityId: meeting.id,
      planId: null,
      clusterCode: meeting.clusterCode,
      action: 'SET_MEETING_STATUS',
      before: meeting,
      after: updated,
    });
    return updated;
  });
}

/** Adds an item at the end of the agenda of a SCHEDULED or HELD meeting. */
export async function addAgendaItem(context: StrategyContext, input: AddAgendaItemInput): Promise<AgendaItem> {
  const { meeting, author } = await authorizeMeetingWrite(context, input.meetingId);
  if (meeting.status === MeetingStatus.CANCELLED) throw new BadUserInputError('The meeting is CANCELLED: its agenda is closed.', 'meetingId');
  const titleTh = cleanText(input.titleTh, 'titleTh', { max: 300 });
  let planId: string | null = null;
  if (input.planId !== null && input.planId !== undefined) {
    planId = parseId(input.planId, 'planId');
    const plan = await context.prisma.developmentPlan.findUnique({ where: { id: planId }, select: { clusterCode: true } });
    if (!plan) throw new NotFoundError('planId names no development plan.', 'planId');
    if (plan.clusterCode !== meeting.clusterCode) {
      throw new BadUserInputError(`planId is a plan of cluster ${plan.clusterCode}; an agenda item of cluster ${meeting.clusterCode}'s committee refers to its own plans.`, 'planId');
    }
  }
  const projectId = input.projectId === null || input.projectId === undefined ? null : parseId(input.projectId, 'projectId');
  const reportReference = cleanOptionalText(input.reportReference, 'reportReference', { max: 200 });
  return context.prisma.$transaction(async (tx) => {
    await lockCommittee(tx, meeting.committeeId);
    const position = (await tx.agendaItem.count({ where: { meetingId: meeting.id } })) + 1;
    const item = await tx.agendaItem.create({
      data: { meetingId: meeting.id, clusterCode: meeting.clusterCode, position, titleTh, planId, projectId, reportReference },
    });
    await recordChange(tx, context.identity, author, {
      entityType: 'AgendaItem',
      entityId: item.id,
      planId,
      clusterCode: meeting.clusterCode,
      action: 'ADD_AGENDA_ITEM',
      before: null,
      after: item,
    });
    return item;
  });
}

/** Records a resolution on an agenda item of a HELD meeting. */
export async function addResolution(context: StrategyContext, input: AddResolutionInput): Promise<Resolution> {
  assertSignedInForCommittee(context);
  const item = await context.prisma.agendaItem.findUnique({ where: { id: parseId(input.agendaItemId, 'agendaItemId') } });
  if (!item) throw new NotFoundError("agendaItemId names no agenda item; read the meeting's agendaItems to find the id.", 'agendaItemId');
  const { meeting, author } = await authorizeMeetingWrite(context, item.meetingId);
  if (meeting.status !== MeetingStatus.HELD) {
    throw new BadUserInputError(`Resolutions are recorded for a HELD meeting; this one is ${meeting.status}. Mark it HELD with setMeetingStatus first.`, 'agendaItemId');
  }
  const textTh = cleanText(input.textTh, 'textTh', { max: 2000, multiline: true });
  return context.prisma.$transaction(async (tx) => {
    await lockCommittee(tx, meeting.committeeId);
    const position = (await tx.resolution.count({ where: { agendaItemId: item.id } })) + 1;
    const resolution = await tx.resolution.create({ data: { agendaItemId: item.id, meetingId: meeting.id, clusterCode: meeting.clusterCode, position, textTh } });
    await recordChange(tx, context.identity, author, {
      entityType: 'Resolution',
      entityId: resolution.id,
      planId: null,
      clusterCode: meeting.clusterCode,
      action: 'ADD_RESOLUTION',
      before: null,
      after: resolution,
    });
    return resolution;
  });
}

/** Adds an OPEN follow-up action to a resolution, owned by an agency and/or a person. */
export async function addFollowUp(context: StrategyContext, input: AddFollowUpInput): Promise<FollowUp> {
  assertSignedInForCommittee(context);
  const resolution = await context.prisma.resolution.findUnique({ where: { id: parseId(input.resolutionId, 'resolutionId') } });
  if (!resolution) throw new NotFoundError('resolutionId names no resolution.', 'resolutionId');
  const { author } = authorizeClusterWrite(context.identity, resolution.clusterCode);
  const description = cleanText(input.description, 'description', { max: 1000, multiline: true });
  const ownerAgencyCode = await checkAgency(context, input.ownerAgencyCode, 'ownerAgencyCode');
  const ownerPerson = cleanOptionalText(input.ownerPerson, 'ownerPerson', { max: 200 });
  if (ownerAgencyCode === null && ownerPerson === null) {
    throw new BadUserInputError('A follow-up needs an owner: give ownerAgencyCode, ownerPerson or both.', 'ownerPerson');
  }
  const dueDate = parseDate(input.dueDate, 'dueDate', COMMITTEE_DATES());
  return context.prisma.$transaction(async (tx) => {
    const followUp = await tx.followUp.create({
      data: { resolutionId: resolution.id, meetingId: resolution.meetingId, clusterCode: resolution.clusterCode, description, ownerAgencyCode, ownerPerson, dueDate },
    });
    await recordChange(tx, context.identity, author, {
      entityType: 'FollowUp',
      entityId: followUp.id,
      planId: null,
      clusterCode: resolution.clusterCode,
      action: 'ADD_FOLLOW_UP',
      before: null,
      after: followUp,
    });
    return followUp;
  });
}

/** Changes a follow-up's status at the version the caller read (CONFLICT when stale, nothing written). */
export async function updateFollowUp(context: StrategyContext, input: UpdateFollowUpInput): Promise<FollowUp> {
  assertSignedInForCommittee(context);
  const followUp = await context.prisma.followUp.findUnique({ where: { id: parseId(input.followUpId, 'followUpId') } });
  if (!followUp) throw new NotFoundError('followUpId names no follow-up action.', 'followUpId');
  const { author } = authorizeClusterWrite(context.identity, followUp.clusterCode);
  assertFreshVersion(`Follow-up ${followUp.id}`, followUp.version, input.version);
  assertTransition(FOLLOW_UP_TRANSITIONS, followUp.status, input.status, 'A follow-up', 'status');
  return context.prisma.$transaction(async (tx) => {
    const { count } = await tx.followUp.updateMany({ where: { id: followUp.id, version: input.version }, data: { status: input.status, version: { increment: 1 } } });
    const updated = await tx.followUp.findUniqueOrThrow({ where: { id: followUp.id } });
    if (count === 0) throw new ConflictError(`Follow-up ${followUp.id} changed while this write ran (now version ${updated.version}); read it again and retry.`, updated.version);
    await recordChange(tx, context.identity, author, {
      entityType: 'FollowUp',
      entityId: followUp.id,
      planId: null,
      clusterCode: followUp.clusterCode,
      action: 'UPDATE_FOLLOW_UP',
      before: followUp,
      after: updated,
    });
    return updated;
  });
}
