import { authorizeClusterWrite, type Identity } from '../../../kit/identity';
import { cleanOptionalText, cleanText, parseDate, recordDateRange } from '../../../kit/validate';
import type { Hearing, PrismaClient } from '../generated/prisma/client';
import type { ScheduleHearingInput } from './hearing.input';

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
    heldOn: parseDate(input.heldOn, 'heldOn', recordDateRange('2007-01-01', 5)),
    createdBy: author,
  };
  return prisma.hearing.create({ data });
}
