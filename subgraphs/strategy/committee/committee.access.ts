import { ForbiddenError, UnauthenticatedError } from '../../../kit/errors';
import type { StrategyContext } from '../context';
import { MeetingStatus } from '../generated/prisma/client';
import { readScope } from '../plan/plan.access';

/**
 * Who may read a cluster committee's records.
 *
 * Everyone (the public included) reads the committee, its members and its HELD meetings with
 * their agenda items and resolutions: they are the public record of the committee's decisions.
 * SCHEDULED and CANCELLED meetings and all follow-up actions are visible only to the cluster's
 * readers: its OSM staff and province officers, agencies and admins. Writes are the plan rule:
 * OSM staff of the cluster, or an admin.
 */

/** Whether the caller reads everything of `clusterCode`'s committee (not only its public record). */
export async function readsCommitteeFully(context: StrategyContext, clusterCode: string): Promise<boolean> {
  const scope = await readScope(context);
  return scope.all || scope.clusterCode === clusterCode;
}

/** Whether a meeting is visible to a caller who reads fully (`full`) or only the public record. */
export function meetingVisible(full: boolean, meeting: { status: MeetingStatus }): boolean {
  return full || meeting.status === MeetingStatus.HELD;
}

/**
 * @throws UnauthenticatedError for the public and ForbiddenError for anyone but the cluster's OSM
 *   staff and province officers, agencies and admins.
 */
export async function assertCommitteeReader(context: StrategyContext, clusterCode: string, what: string): Promise<void> {
  if (context.identity.role === 'public') {
    throw new UnauthenticatedError(`Reading ${what} needs a signed-in officer: send an Authorization: Bearer <token> header.`);
  }
  if (!(await readsCommitteeFully(context, clusterCode))) {
    throw new ForbiddenError(
      `Only OSM staff and province officers of cluster ${clusterCode}, agencies and admins may read ${what}; you have role "${context.identity.role}".`,
    );
  }
}

/** @throws UnauthenticatedError when the caller has no token. */
export function assertSignedInForCommittee({ identity }: StrategyContext): void {
  if (identity.role === 'public') {
    throw new UnauthenticatedError("Changing a committee's records needs a signed-in OSM officer: send an Authorization: Bearer <token> header.");
  }
}

/** Today's date (YYYY-MM-DD) in Asia/Bangkok, where the committees meet. */
export function bangkokToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A stored calendar date (UTC midnight) as YYYY-MM-DD. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
