import type { Identity } from '../../../kit/identity';
import type { Prisma } from '../generated/prisma/client';

/** What one history row says about one change. */
export interface Change {
  readonly entityType:
    | 'DevelopmentPlan'
    | 'StrategicIssue'
    | 'Objective'
    | 'ObjectiveLink'
    | 'Indicator'
    | 'Committee'
    | 'CommitteeMember'
    | 'Meeting'
    | 'AgendaItem'
    | 'Resolution'
    | 'FollowUp'
    | 'OsmPosition';
  readonly entityId: string;
  /** The plan the entity belongs to; null for committee and office records. */
  readonly planId: string | null;
  readonly clusterCode: string;
  /** What was done, e.g. `TRANSITION_PLAN`. */
  readonly action: string;
  /** The values before the change; null for something new. */
  readonly before: unknown;
  /** The values after the change. */
  readonly after: unknown;
}

/** A value as JSON stores it: Dates as ISO strings, Decimals as exact strings (their toJSON). */
function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === null || value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/**
 * Records a change (who, when, what, before and after). Call it with the transaction client of the
 * change itself, so the history row exists exactly when the change does: a refused or failed write
 * leaves no row.
 */
export async function recordChange(tx: Prisma.TransactionClient, identity: Identity, author: string, change: Change): Promise<void> {
  await tx.historyEntry.create({
    data: {
      entityType: change.entityType,
      entityId: change.entityId,
      planId: change.planId,
      clusterCode: change.clusterCode,
      action: change.action,
      actor: author,
      actorRole: identity.role,
      before: toJson(change.before),
      after: toJson(change.after),
    },
  });
}
