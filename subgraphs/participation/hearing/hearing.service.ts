import { parseClusterCode } from '../../common/clusters';
import { BadUserInputError } from '../../common/errors';
import { assertCanWriteCluster, type Identity } from '../../common/identity';
import { cleanOptionalText, cleanText } from '../../common/validate';
import type { Hearing, PrismaClient } from '../generated/prisma/client';
import type { ScheduleHearingInput } from './hearing.input';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Parses a calendar date `YYYY-MM-DD` (Gregorian) into a UTC midnight Date.
 *
 * @throws BadUserInputError for another format, an impossible date, or a Buddhist Era year.
 */
export function parseDate(value: string, field: string): Date {
  const match = ISO_DATE.exec(value.trim());
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !date || date.toISOString().slice(0, 10) !== value.trim()) {
    throw new BadUserInputError(`${field} must be a date written YYYY-MM-DD, e.g. "2026-12-15"; got ${JSON.stringify(value)}.`, field);
  }
  if (Number(match[1]) > 2400) {
    throw new BadUserInputError(
      `${field} takes a Gregorian year; ${match[1]} looks like a Buddhist Era year (use ${Number(match[1]) - 543}).`,
      field,
    );
  }
  return date;
}

/**
 * Schedules a hearing after checking rights and input.
 *
 * @throws UnauthenticatedError / ForbiddenError when the caller may not write the cluster;
 *   BadUserInputError for an unknown cluster, empty title or a malformed date.
 */
export async function scheduleHearing(prisma: PrismaClient, identity: Identity, input: ScheduleHearingInput): Promise<Hearing> {
  const clusterCode = parseClusterCode(input.clusterCode);
  assertCanWriteCluster(identity, clusterCode);
  return prisma.hearing.create({
    data: {
      clusterCode,
      titleTh: cleanText(input.titleTh, 'titleTh', 300),
      venueTh: cleanOptionalText(input.venueTh, 'venueTh', 300),
      heldOn: parseDate(input.heldOn, 'heldOn'),
      createdBy: identity.subject ?? identity.role,
    },
  });
}
