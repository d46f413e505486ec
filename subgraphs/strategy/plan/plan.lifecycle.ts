import type { TransitionTable } from '../../../kit/lifecycle';
import { BadUserInputError, ConflictError } from '../../../kit/errors';
import { type DevelopmentPlan, PlanStatus, type Prisma } from '../generated/prisma/client';

/**
 * The moves a plan may make. Forward: DRAFT → IN_CONSULTATION → COMMITTEE_APPROVED → PUBLISHED →
 * ARCHIVED. Back, to change the content again: IN_CONSULTATION → DRAFT (consultation asks for
 * changes) and COMMITTEE_APPROVED → DRAFT (the committee's approval is withdrawn). A published plan
 * is never edited: it is revised (`revisePlan`) or archived. ARCHIVED is final.
 */
export const PLAN_TRANSITIONS: TransitionTable<PlanStatus> = {
  DRAFT: [PlanStatus.IN_CONSULTATION],
  IN_CONSULTATION: [PlanStatus.COMMITTEE_APPROVED, PlanStatus.DRAFT],
  COMMITTEE_APPROVED: [PlanStatus.PUBLISHED, PlanStatus.DRAFT],
  PUBLISHED: [PlanStatus.ARCHIVED],
  ARCHIVED: [],
};

/** Statuses in which the strategy map and the indicators may change. */
export const STRUCTURE_EDITABLE: readonly PlanStatus[] = [PlanStatus.DRAFT];
/** Statuses in which indicator targets may be set: provinces propose theirs during consultation too. */
export const TARGETS_EDITABLE: readonly PlanStatus[] = [PlanStatus.DRAFT, PlanStatus.IN_CONSULTATION];

/**
 * @throws BadUserInputError when the plan's status does not allow `what`, saying how to get there.
 */
export function assertEditable(plan: DevelopmentPlan, statuses: readonly PlanStatus[], what: string): void {
  if (statuses.includes(plan.status)) return;
  const hint =
    plan.status === PlanStatus.PUBLISHED || plan.status === PlanStatus.ARCHIVED
      ? 'a published plan is never edited in place: copy it into a new draft with revisePlan'
      : 'move it back to DRAFT with transitionPlan first';
  throw new BadUserInputError(`${what} can change only while the plan is ${statuses.join(' or ')}; plan ${plan.id} is ${plan.status}: ${hint}.`);
}

/**
 * Bumps the plan's version inside the write's transaction, on condition that it is still in one of
 * `statuses` (a concurrent transition makes the write fail instead of editing a plan that moved on).
 *
 * @throws ConflictError when the plan left `statuses` since it was read; the transaction rolls back.
 */
export async function touchPlan(tx: Prisma.TransactionClient, plan: DevelopmentPlan, statuses: readonly PlanStatus[]): Promise<void> {
  const { count } = await tx.developmentPlan.updateMany({
    where: { id: plan.id, status: { in: [...statuses] } },
    data: { version: { increment: 1 } },
  });
  if (count === 0) throw new ConflictError(`Plan ${plan.id} changed status while this write ran; read it again and retry.`);
}
