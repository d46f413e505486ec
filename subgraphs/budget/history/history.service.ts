import type { Identity } from '../../../kit/identity';
import type { Prisma } from '../generated/prisma/client';

/** What one history row says about one change to a budget record. */
export interface BudgetChange {
  /** The kind of record, e.g. "Project", "BudgetLine", "Contract", "Disbursement". */
  readonly entityType: string;
  readonly entityId: string;
  /** The project the record belongs to (the project itself for a project), so its history lists it. */
  readonly projectId: string | null;
  readonly clusterCode: string;
  /** What was done, e.g. `CREATE_PROJECT`, `TRANSITION_PROJECT`, `ADD_BUDGET_LINE`. */
  readonly action: string;
  /** Who did it; recorded as the token's subject, or its role when the token names none. */
  readonly identity: Identity;
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
 * change itself, so the history row exists exactly when the change does: a refused or failed
 * write leaves no row.
 */
export async function recordHistory(tx: Prisma.TransactionClient, change: BudgetChange): Promise<void> {
  await tx.historyEntry.create({
    data: {
      entityType: change.entityType,
      entityId: change.entityId,
      projectId: change.projectId,
      clusterCode: change.clusterCode,
      action: change.action,
      actor: change.identity.subject ?? change.identity.role,
      actorRole: change.identity.role,
      before: toJson(change.before),
      after: toJson(change.after),
    },
  });
}

/**
 * Records many changes at once (a file import: thousands of rows), in the caller's transaction,
 * in statements of at most 1,000 rows: the same rows {@link recordHistory} would write one by one.
 */
export async function recordHistoryMany(tx: Prisma.TransactionClient, changes: readonly BudgetChange[]): Promise<void> {
  for (let start = 0; start < changes.length; start += 1000) {
    await tx.historyEntry.createMany({
      data: changes.slice(start, start + 1000).map((change) => ({
        entityType: change.entityType,
        entityId: change.entityId,
        projectId: change.projectId,
        clusterCode: change.clusterCode,
        action: change.action,
        actor: change.identity.subject ?? change.identity.role,
        actorRole: change.identity.role,
        before: toJson(change.before),
        after: toJson(change.after),
      })),
    });
  }
}
