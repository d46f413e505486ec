import { authorizeClusterWrite, type Identity } from '../../../kit/identity';
import { cleanOptionalText, cleanText, parseDate, recordDateRange } from '../../../kit/validate';
import type { Hearing, PrismaClient } from '../generated/prisma/client';
import type { ScheduleHearingInput } from './hearing.input';

/** Why registrants' personal data is collected, shown at registration when the hearing states no other purpose. */
export const DEFAULT_PURPOSE_TH =
  'เพื่อจัดการลงทะเบียนและติดต่อผู้เข้าร่วมการรับฟังความคิดเห็นครั้งนี้ และจัดทำรายงานสรุปผลโดยไม่เปิดเผยข้อมูลส่วนบุคคล';

/** Bangkok is UTC+7 all year (no daylight saving). */
const BANGKOK_OFFSET_MS = 7 * 3600 * 1000;

/** 09:00 Asia/Bangkok on a calendar date (given as midnight UTC of that date). */
export function startOfHearingDay(date: Date): Date {
  return new Date(date.getTime() + 9 * 3600 * 1000 - BANGKOK_OFFSET_MS);
}

/** The calendar date in Asia/Bangkok of an instant, YYYY-MM-DD. */
export function bangkokDate(instant: Date): string {
  return new Date(instant.getTime() + BANGKOK_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Schedules a hearing after checking rights and input.
 *
 * @throws UnauthenticatedError / ForbiddenError when the caller may not write the cluster;
 *   BadUserInputError for an unknown cluster, empty title or a malformed date.
 */
export async function scheduleHearing(prisma: PrismaClient, identity: Identity, input: ScheduleHearingInput): Promise<Hearing> {
  const { clusterCode, author } = authorizeClusterWrite(identity, input.clusterCode);
  const data = {
    clusterCode,
    titleTh: cleanText(input.titleTh, 'titleTh', { max: 300 }),
    venueTh: cleanOptionalText(input.venueTh, 'venueTh', { max: 300 }),
    // Hearings on record: from the OSM's founding (2007) to five years ahead.
    startsAt: startOfHearingDay(parseDate(input.heldOn, 'heldOn', recordDateRange('2007-01-01', 5))),
    purposeTh: DEFAULT_PURPOSE_TH,
    createdBy: author,
  };
  return prisma.hearing.create({ data });
}
