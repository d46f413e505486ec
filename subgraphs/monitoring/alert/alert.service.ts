import { BadUserInputError, preview } from '../../../kit/errors';
import { authorizeClusterWrite, type Identity } from '../../../kit/identity';
import { cleanOptionalText, cleanText } from '../../../kit/validate';
import type { Alert, PrismaClient } from '../generated/prisma/client';
import type { RaiseAlertInput } from './alert.input';

/** Largest number of alerts one list returns. */
export const MAX_ALERTS = 200;

/**
 * Stores a new alert after checking rights and input.
 *
 * @throws UnauthenticatedError / ForbiddenError when the caller may not write the cluster;
 *   BadUserInputError for an unknown cluster or an empty or oversized title.
 */
export async function raiseAlert(prisma: PrismaClient, identity: Identity, input: RaiseAlertInput): Promise<Alert> {
  const { clusterCode, author } = authorizeClusterWrite(identity, input.clusterCode);
  const data = {
    clusterCode,
    severity: input.severity,
    titleTh: cleanText(input.titleTh, 'titleTh', { max: 300 }),
    detailTh: cleanOptionalText(input.detailTh, 'detailTh', { max: 4000, multiline: true }),
    raisedBy: author,
  };
  return prisma.alert.create({ data });
}

/** Checks a list size: 1 to {@link MAX_ALERTS}. */
export function checkLimit(limit: number): number {
  if (Number.isInteger(limit) && limit >= 1 && limit <= MAX_ALERTS) return limit;
  throw new BadUserInputError(`limit must be between 1 and ${MAX_ALERTS}; got ${preview(limit)}.`, 'limit');
}
