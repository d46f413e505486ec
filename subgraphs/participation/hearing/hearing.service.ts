import { parseClusterCode } from '../../../kit/clusters';
import { assertCanWriteCluster, authorOf, type Identity } from '../../../kit/identity';
import { cleanOptionalText, cleanText, parseDate } from '../../../kit/validate';
import type { Hearing, PrismaClient } from '../generated/prisma/client';
import type { ScheduleHearingInput } from './hearing.input';

/** Hearings on record: from the OSM's founding (2007) to five years ahead. */
function hearingDateRange(): { min: string; max: string } {
  const max = new Date();
  max.setUTCFullYear(max.getUTCFullYear() + 5);
  return { min: '2007-01-01', max: max.toISOString().slice(0, 10) };
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
  const data = {
    clusterCode,
    titleTh: cleanText(input.titleTh, 'titleTh', { max: 300 }),
    venueTh: cleanOptionalText(input.venueTh, 'venueTh', { max: 300 }),
    heldOn: parseDate(input.heldOn, 'heldOn', hearingDateRange()),
    createdBy: authorOf(identity),
  };
  return prisma.hearing.create({ data });
}
