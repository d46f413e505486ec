import { BadUserInputError, ConflictError, ForbiddenError, UnauthenticatedError } from '../../../kit/errors';
import type { Identity } from '../../../kit/identity';
import { checkFiscalYear, parseMoney } from '../../../kit/validate';
import { isUniqueViolation } from '../../../kit/database';
import { authorizeProjectWrite, BUDGET_BUREAU } from '../access';
import type { BudgetContext } from '../context';
import { BudgetPhase, Prisma, ProjectStatus, type BudgetLine, type Project } from '../generated/prisma/client';
import { recordHistory } from '../history/history.service';
import { projectForWrite } from '../project/project.service';
import type { AddBudgetLineInput } from './budget-line.input';

/**
 * Who may record a budget line of `project` in `phase`: APPROVED lines only the Budget Bureau
 * (agency BB, for every cluster) and admins; REQUESTED, ADJUSTED and EXECUTED lines OSM staff of
 * the project's cluster and admins. Imports apply the same rule to every row.
 *
 * @returns who the write is recorded as.
 * @throws UnauthenticatedError for the public, ForbiddenError for anyone else who may not.
 */
export function authorizeBudgetLineWrite(identity: Identity, project: Pick<Project, 'clusterCode'>, phase: BudgetPhase): string {
  if (phase !== BudgetPhase.APPROVED) return authorizeProjectWrite(identity, { clusterCode: project.clusterCode }).author;
  if (identity.role === 'public') {
    throw new UnauthenticatedError('Recording an approved budget needs a signed-in Budget Bureau officer: send an Authorization: Bearer <token> header.');
  }
  if (identity.role === 'admin' || (identity.role === 'agency' && identity.agencyCode === BUDGET_BUREAU)) return identity.subject ?? identity.role;
  throw new ForbiddenError(`Only the Budget Bureau (agency ${BUDGET_BUREAU}) and admins record APPROVED budget lines; you have role "${identity.role}". OSM staff record REQUESTED, ADJUSTED and EXECUTED lines.`);
}

/** What a line's history rows record of it. */
function lineSnapshot(line: BudgetLine) {
  const { id, projectId, fiscalYear, phase, category, amountBaht } = line;
  return { id, projectId, fiscalYear, phase, category, amountBaht };
}

/**
 * Records one budget line and its history row in one transaction. A line that exists for the same
 * project, year, phase and category is never overwritten: CONFLICT, nothing written.
 *
 * @throws NotFoundError for an unknown project; UNAUTHENTICATED/FORBIDDEN per
 *   {@link authorizeBudgetLineWrite}; BAD_USER_INPUT for a malformed year or amount, or a
 *   CANCELLED project; CONFLICT for a line that exists.
 */
export async function addBudgetLine({ prisma, identity }: BudgetContext, input: AddBudgetLineInput): Promise<BudgetLine> {
  const project = await projectForWrite(prisma, input.projectId);
  const author = authorizeBudgetLineWrite(identity, project, input.phase);
  const fiscalYear = checkFiscalYear(input.fiscalYear);
  const amountBaht = new Prisma.Decimal(parseMoney(input.amountBaht, 'amountBaht'));
  if (project.status === ProjectStatus.CANCELLED) throw new BadUserInputError(`Project ${project.id} is CANCELLED; its budget no longer changes.`, 'projectId');
  try {
    return await prisma.$transaction(async (tx) => {
      const line = await tx.budgetLine.create({
        data: { projectId: project.id, fiscalYear, phase: input.phase, category: input.category, amountBaht, createdBy: author },
      });
      await recordHistory(tx, {
        entityType: 'BudgetLine',
        entityId: line.id,
        projectId: project.id,
        clusterCode: project.clusterCode,
        action: 'ADD_BUDGET_LINE',
        identity,
        before: null,
        after: lineSnapshot(line),
      });
      return line;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError(
        `Project ${project.id} already has a ${input.phase} ${input.category} line for ${fiscalYear}: one line per year, phase and category. Budget lines are not overwritten.`,
      );
    }
    throw error;
  }
}
