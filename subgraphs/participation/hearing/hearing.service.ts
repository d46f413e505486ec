import { CLUSTER_PROVINCES, parseClusterCode } from '../../../kit/clusters';
import { assertFreshVersion } from '../../../kit/concurrency';
import { bangkokDate, bangkokDays, bangkokTime } from '../../../kit/fiscal';
import { BadUserInputError, ConflictError, NotFoundError, preview } from '../../../kit/errors';
import { assertTransition } from '../../../kit/lifecycle';
import { cleanOptionalText, cleanText, parseDate, parseId, recordDateRange } from '../../../kit/validate';
import { authorizeStaffWrite } from '../access';
import type { ParticipationContext } from '../context';
import { HearingStatus, type Hearing, type Prisma, type PrismaClient } from '../generated/prisma/client';
import { resolveSubject } from '../subject';
import { HearingOrder, type HearingFilter, type ScheduleHearingInput, type TransitionHearingInput } from './hearing.input';
import { HEARING_TRANSITIONS } from './hearing.lifecycle';

/** Why registrants' personal data is collected, shown at registration when the hearing states no other purpose. */
export const DEFAULT_PURPOSE_TH =
  'เพื่อจัดการลงทะเบียนและติดต่อผู้เข้าร่วมการรับฟังความคิดเห็นครั้งนี้ และจัดทำรายงานสรุปผลโดยไม่เปิดเผยข้อมูลส่วนบุคคล';

/** Hearings on record: from the OSM's founding (2007) to five years ahead. */
const HEARING_DATES = () => recordDateRange('2007-01-01', 5);

/** Longest title, venue, description, purpose and report, in characters. */
const TITLE_MAX = 300;
const DESCRIPTION_MAX = 5000;
const PURPOSE_MAX = 2000;
const REPORT_MAX = 20000;
const URL_MAX = 500;
/** The largest capacity a hearing may state (a stadium, not a typo of a few zeros more). */
const CAPACITY_MAX = 100_000;

/** 09:00 Asia/Bangkok on a calendar date (given as midnight UTC of that date). */
export function startOfHearingDay(date: Date): Date {
  return bangkokTime(date, 9);
}

const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Reads a start time: an ISO 8601 instant with its offset (`2026-12-15T13:30:00+07:00`,
 * `2026-12-15T06:30Z`), or a local time without offset (`2026-12-15T13:30`) read as Asia/Bangkok.
 * Its Bangkok date must fall between 2007-01-01 and five years from today.
 *
 * @throws BadUserInputError naming `field` for another format, an impossible date or time, a
 *   Buddhist Era year (with the Gregorian year to use) or a date out of range.
 */
export function parseStartsAt(value: string, field = 'startsAt'): Date {
  const text = value.trim();
  const match = LOCAL_TIME.exec(text);
  const wrong = () =>
    new BadUserInputError(
      `${field} must be an ISO 8601 time with its offset such as "2026-12-15T13:30:00+07:00", or a Bangkok local time such as "2026-12-15T13:30"; got ${preview(value)}.`,
      field,
    );
  if (!match) throw wrong();
  const [, dateText, hours, minutes, seconds = '00', millis = '0', offset = '+07:00'] = match;
  const date = parseDate(dateText, field, { min: '0000-01-01', max: '9999-12-31' });
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) throw wrong();
  const offsetMs = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
  if (Math.abs(offsetMs) > 14 * 3600 * 1000 || Number(offset.slice(4, 6) || 0) > 59) throw wrong();
  const instant = new Date(date.getTime() + ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Number(millis.padEnd(3, '0')) - offsetMs);
  const range = HEARING_DATES();
  const local = bangkokDate(instant);
  if (local < range.min || local > range.max) {
    throw new BadUserInputError(`${field} must fall between ${range.min} and ${range.max} (Bangkok dates); got ${local}.`, field);
  }
  return instant;
}

/** Reads the start of a new hearing from `startsAt` and/or `heldOn` (09:00 Bangkok on that date). */
function startOf(input: Pick<ScheduleHearingInput, 'startsAt' | 'heldOn'>): Date {
  const startsAt = input.startsAt === null || input.startsAt === undefined ? null : parseStartsAt(input.startsAt);
  const heldOn = input.heldOn === null || input.heldOn === undefined ? null : parseDate(input.heldOn, 'heldOn', HEARING_DATES());
  if (startsAt && heldOn && bangkokDate(startsAt) !== heldOn.toISOString().slice(0, 10)) {
    throw new BadUserInputError(
      `heldOn (${heldOn.toISOString().slice(0, 10)}) is not the Bangkok date of startsAt (${bangkokDate(startsAt)}); give one of them, or make them agree.`,
      'heldOn',
    );
  }
  if (startsAt) return startsAt;
  if (heldOn) return startOfHearingDay(heldOn);
  throw new BadUserInputError('Say when the hearing starts: give startsAt (e.g. "2026-12-15T13:30") or heldOn (e.g. "2026-12-15", 09:00 Bangkok time).', 'startsAt');
}

/** Reads an online link: an absolute https URL with a host, no credentials, up to {@link URL_MAX} characters. */
function parseOnlineUrl(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const text = value.trim();
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (!url || url.protocol !== 'https:' || !url.hostname || url.username || url.password || [...text].length > URL_MAX || /\s/.test(text)) {
    throw new BadUserInputError(`onlineUrl must be an https link such as "https://meet.example.go.th/hearing-2569", up to ${URL_MAX} characters, without a user name or password; got ${preview(value)}.`, 'onlineUrl');
  }
  return url.href;
}

/** Reads a province code: two digits, a member of the cluster. */
function parseHearingProvince(value: string | null | undefined, clusterCode: string, field = 'provinceCode'): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const code = value.trim();
  const members = CLUSTER_PROVINCES[clusterCode] ?? [];
  if (!members.includes(code)) {
    throw new BadUserInputError(`${field} must be a province of cluster ${clusterCode} (${members.join(', ')}); got ${preview(value)}.`, field);
  }
  return code;
}

/** Reads a capacity: a whole number from 1 to {@link CAPACITY_MAX}, or null for no limit. */
function parseCapacity(value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > CAPACITY_MAX) {
    throw new BadUserInputError(`capacity must be a whole number from 1 to ${CAPACITY_MAX.toLocaleString('en')}, or null for no limit; got ${value}.`, 'capacity');
  }
  return value;
}

/**
 * Schedules a hearing (SCHEDULED, version 1) after checking rights and every input; its subject,
 * when given, is looked up in its owner subgraph as the caller and must belong to the same
 * cluster. Nothing is written unless every check passes.
 *
 * @throws UnauthenticatedError / ForbiddenError unless OSM staff of the cluster or an admin;
 *   BadUserInputError naming the field for an unknown cluster, an empty or long title, a
 *   malformed or out-of-range time, a subject that does not exist or is another cluster's, a
 *   province outside the cluster, a link that is not https, or a capacity below 1;
 *   PeerUnavailableError (`SUBGRAPH_UNAVAILABLE`) when the subject's owner does not answer.
 */
export async function scheduleHearing(context: ParticipationContext, input: ScheduleHearingInput): Promise<Hearing> {
  const { clusterCode, author } = authorizeStaffWrite(context.identity, input.clusterCode);
  const data = {
    clusterCode,
    titleTh: cleanText(input.titleTh, 'titleTh', { max: TITLE_MAX }),
    titleEn: cleanOptionalText(input.titleEn, 'titleEn', { max: TITLE_MAX }),
    descriptionTh: cleanOptionalText(input.descriptionTh, 'descriptionTh', { max: DESCRIPTION_MAX, multiline: true }),
    startsAt: startOf(input),
    provinceCode: parseHearingProvince(input.provinceCode, clusterCode),
    venueTh: cleanOptionalText(input.venueTh, 'venueTh', { max: TITLE_MAX }),
    onlineUrl: parseOnlineUrl(input.onlineUrl),
    capacity: parseCapacity(input.capacity),
    purposeTh: cleanOptionalText(input.purposeTh, 'purposeTh', { max: PURPOSE_MAX, multiline: true }) ?? DEFAULT_PURPOSE_TH,
    createdBy: author,
  };
  const hasSubject = input.subjectId !== null && input.subjectId !== undefined;
  if (!hasSubject && input.subjectKind) throw new BadUserInputError('subjectKind needs subjectId: give the id of the plan, strategic issue or project.', 'subjectId');
  let subject: { subjectKind: 'PLAN' | 'STRATEGIC_ISSUE' | 'PROJECT'; subjectId: string } | null = null;
  if (hasSubject) {
    const found = await resolveSubject(context, input.subjectId as string, 'subjectId', input.subjectKind ? [input.subjectKind] : ['PLAN', 'STRATEGIC_ISSUE', 'PROJECT']);
    if (found.clusterCode !== clusterCode) {
      throw new BadUserInputError(
        `subjectId names a ${found.kind.toLowerCase().replace('_', ' ')} of cluster ${found.clusterCode}, not of ${clusterCode}: a hearing is about its own cluster's plan, issue or project.`,
        'subjectId',
      );
    }
    subject = { subjectKind: found.kind as 'PLAN' | 'STRATEGIC_ISSUE' | 'PROJECT', subjectId: found.id };
  }
  return context.prisma.hearing.create({ data: { ...data, ...subject } });
}

/** Loads a hearing for a write, or says it does not exist. */
export async function hearingForWrite(prisma: PrismaClient | Prisma.TransactionClient, hearingId: string, field = 'hearingId'): Promise<Hearing> {
  const hearing = await prisma.hearing.findUnique({ where: { id: parseId(hearingId, field) } });
  if (!hearing) throw new NotFoundError(`${field} names no hearing; list hearings with Query.hearings to find the id.`, field);
  return hearing;
}

/**
 * Moves a hearing one step (see {@link HEARING_TRANSITIONS}), conditionally on the status and
 * version it was read with; REPORTED stores the summary report and its time.
 *
 * @throws NotFoundError for an unknown hearing; UnauthenticatedError / ForbiddenError unless OSM
 *   staff of its cluster or an admin; BadUserInputError naming the allowed moves, for REPORTED
 *   without a report, or a report given for another move; ConflictError for a stale version.
 */
export async function transitionHearing({ prisma, identity }: ParticipationContext, input: TransitionHearingInput): Promise<Hearing> {
  const hearing = await hearingForWrite(prisma, input.hearingId);
  authorizeStaffWrite(identity, hearing.clusterCode);
  assertFreshVersion(`Hearing ${hearing.id}`, hearing.version, input.version);
  assertTransition(HEARING_TRANSITIONS, hearing.status, input.status, 'A hearing', 'status');
  const reportTh = cleanOptionalText(input.reportTh, 'reportTh', { max: REPORT_MAX, multiline: true });
  const reporting = input.status === HearingStatus.REPORTED;
  if (reporting && !reportTh) throw new BadUserInputError('Moving a hearing to REPORTED needs its summary report: give reportTh (what was heard, in Thai).', 'reportTh');
  if (!reporting && reportTh) throw new BadUserInputError(`reportTh is the summary report, given when moving to REPORTED; leave it out when moving to ${input.status}.`, 'reportTh');
  const { count } = await prisma.hearing.updateMany({
    where: { id: hearing.id, version: hearing.version, status: hearing.status },
    data: { status: input.status, version: { increment: 1 }, ...(reporting ? { reportTh, reportedAt: new Date() } : {}) },
  });
  const updated = await prisma.hearing.findUniqueOrThrow({ where: { id: hearing.id } });
  if (count === 0) throw new ConflictError(`Hearing ${hearing.id} changed while this write ran (now version ${updated.version}, ${updated.status}); read it again and retry.`, updated.version);
  return updated;
}

/** The Prisma conditions of `Query.hearings`' arguments (validated first). */
export function hearingFilterWhere(clusterCode: string | null | undefined, filter: HearingFilter | null | undefined): Prisma.HearingWhereInput[] {
  const where: Prisma.HearingWhereInput[] = [];
  if (clusterCode !== null && clusterCode !== undefined) where.push({ clusterCode: parseClusterCode(clusterCode) });
  if (!filter) return where;
  if (filter.clusterCode !== null && filter.clusterCode !== undefined) where.push({ clusterCode: parseClusterCode(filter.clusterCode, 'filter.clusterCode') });
  if (filter.provinceCode !== null && filter.provinceCode !== undefined) {
    const code = filter.provinceCode.trim();
    if (!/^\d{2}$/.test(code)) throw new BadUserInputError(`filter.provinceCode is a two-digit province code such as "50"; got ${preview(filter.provinceCode)}.`, 'filter.provinceCode');
    where.push({ provinceCode: code });
  }
  if (filter.statuses !== null && filter.statuses !== undefined) where.push({ status: { in: [...filter.statuses] } });
  if (filter.subjectId !== null && filter.subjectId !== undefined) where.push({ subjectId: parseId(filter.subjectId, 'filter.subjectId') });
  const starts = bangkokDays(filter.startsOnOrAfter, filter.startsOnOrBefore, { from: 'filter.startsOnOrAfter', to: 'filter.startsOnOrBefore' });
  if (starts) where.push({ startsAt: starts });
  if (filter.search !== null && filter.search !== undefined) {
    const text = cleanText(filter.search, 'filter.search', { max: 100 });
    where.push({
      OR: [
        { titleTh: { contains: text, mode: 'insensitive' } },
        { titleEn: { contains: text, mode: 'insensitive' } },
        { descriptionTh: { contains: text, mode: 'insensitive' } },
        { venueTh: { contains: text, mode: 'insensitive' } },
      ],
    });
  }
  return where;
}

/**
 * The Prisma order of a hearing list, and the "after this cursor" condition. The cursor holds the
 * row's sort time (`createdAt` for NEWEST_FIRST, `startsAt` for BY_START_TIME) and its id.
 */
export function hearingOrder(order: HearingOrder, after: { createdAt: Date; id: string } | null) {
  if (order === HearingOrder.BY_START_TIME) {
    return {
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }] satisfies Prisma.HearingOrderByWithRelationInput[],
      after: after ? { OR: [{ startsAt: { gt: after.createdAt } }, { startsAt: after.createdAt, id: { gt: after.id } }] } : {},
      keyOf: (hearing: Hearing) => ({ createdAt: hearing.startsAt, id: hearing.id }),
    };
  }
  return {
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] satisfies Prisma.HearingOrderByWithRelationInput[],
    after: after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {},
    keyOf: (hearing: Hearing) => ({ createdAt: hearing.createdAt, id: hearing.id }),
  };
}
