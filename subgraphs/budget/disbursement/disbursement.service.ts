import { BadUserInputError } from '../../../kit/errors';
import type { Identity } from '../../../kit/identity';
import { parseCode, parseDate } from '../../../kit/validate';
import {
  authorizeContractWrite,
  LOCKING_TRANSACTION,
  lockContracts,
  paidTotals,
  parsePositiveMoney,
  pastDateRange,
} from '../contract/contract.service';
import type { Contract, Disbursement, Prisma, PrismaClient } from '../generated/prisma/client';
import { recordHistory } from '../history/history.service';
import type { RecordDisbursementInput } from './disbursement.input';

/**
 * Disbursements: payments against a contract. The one rule that matters: the total paid never
 * exceeds the contract's current value. It is checked inside the write's transaction after the
 * contract's row is locked (contract.service.ts `lockContracts`), so two payments recorded at the
 * same moment are checked one after the other: the second sees the first, and is refused if
 * together they would overpay. Nothing is written by a refused payment, history included.
 */

/** A GFMIS document number: letters, digits, "-" and "_", up to 30 characters, upper-cased. */
export function parseGfmisDocumentNo(value: string, field = 'gfmisDocumentNo'): string {
  return parseCode(value, field, '3100012345', 30);
}

/** The message of a payment that would overpay, with what remains to pay. */
export function overpaymentMessage(contract: Pick<Contract, 'contractNo' | 'valueBaht'>, paid: Prisma.Decimal, amount: Prisma.Decimal): string {
  const remaining = contract.valueBaht.minus(paid);
  return (
    `Paying ${amount.toFixed(2)} baht would bring the total paid on contract ${contract.contractNo} to ${paid.plus(amount).toFixed(2)}, ` +
    `over its value of ${contract.valueBaht.toFixed(2)}; at most ${remaining.toFixed(2)} remains to pay. Amend the contract first if its value changed.`
  );
}

/** What the history rows record of a disbursement. */
export function disbursementSnapshot(disbursement: Disbursement) {
  const { id, contractId, paidOn, amountBaht, gfmisDocumentNo } = disbursement;
  return { id, contractId, paidOn, amountBaht, gfmisDocumentNo };
}

/**
 * Records a payment against a contract the caller may write (its cluster's OSM staff, admins).
 *
 * @throws UnauthenticatedError / ForbiddenError / NotFoundError; BadUserInputError for bad input,
 *   a GFMIS number already recorded on the contract, or a payment that would overpay the contract.
 */
export async function recordDisbursement(prisma: PrismaClient, identity: Identity, input: RecordDisbursementInput): Promise<Disbursement> {
  const { contract, author } = await authorizeContractWrite(prisma, identity, input.contractId, 'Recording a disbursement');
  const paidOn = parseDate(input.paidOn, 'paidOn', { min: contract.signedOn.toISOString().slice(0, 10), max: pastDateRange().max });
  const amountBaht = parsePositiveMoney(input.amountBaht, 'amountBaht');
  const gfmisDocumentNo = parseGfmisDocumentNo(input.gfmisDocumentNo);
  return prisma.$transaction(async (tx) => {
    await lockContracts(tx, [contract.id]);
    // Read after the lock: the value may have been amended, and other payments committed, meanwhile.
    const current = await tx.contract.findUniqueOrThrow({ where: { id: contract.id } });
    const recorded = await tx.disbursement.findUnique({ where: { contractId_gfmisDocumentNo: { contractId: contract.id, gfmisDocumentNo } } });
    if (recorded) {
      throw new BadUserInputError(
        `GFMIS document ${gfmisDocumentNo} is already recorded on contract ${current.contractNo} (${recorded.amountBaht.toFixed(2)} baht paid on ${recorded.paidOn.toISOString().slice(0, 10)}).`,
        'gfmisDocumentNo',
      );
    }
    const paid = (await paidTotals(tx, [contract.id])).get(contract.id) as Prisma.Decimal;
    if (paid.plus(amountBaht).gt(current.valueBaht)) throw new BadUserInputError(overpaymentMessage(current, paid, amountBaht), 'amountBaht');
    const disbursement = await tx.disbursement.create({ data: { contractId: contract.id, paidOn, amountBaht, gfmisDocumentNo, createdBy: author } });
    await recordHistory(tx, {
      entityType: 'Disbursement',
      entityId: disbursement.id,
      projectId: contract.projectId,
      clusterCode: contract.clusterCode,
      action: 'RECORD_DISBURSEMENT',
      identity,
      before: null,
      after: disbursementSnapshot(disbursement),
    });
    return disbursement;
  }, LOCKING_TRANSACTION);
}
