import DataLoader from 'dataloader';
import { createChildrenLoader, createRowLoader } from '../../../kit/loaders';
import { type Contract, type ContractAmendment, type Disbursement, type Instalment, Prisma, type PrismaClient } from '../generated/prisma/client';

/**
 * The per-request loaders of contracts and what hangs off them, spread into the budget
 * subgraph's `createLoaders`: a list of N projects' contracts, their amendments, instalments,
 * disbursements and paid totals costs one statement each, whatever N.
 */
export function createContractLoaders(prisma: PrismaClient) {
  return {
    contractById: createRowLoader<string, Contract>(
      (ids) => prisma.contract.findMany({ where: { id: { in: [...ids] } } }),
      (contract) => contract.id,
    ),
    /** A project's contracts, in the order they were signed (then recorded). */
    contractsOfProject: createChildrenLoader<string, Contract>(
      (ids) => prisma.contract.findMany({ where: { projectId: { in: [...ids] } }, orderBy: [{ signedOn: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] }),
      (contract) => contract.projectId,
    ),
    amendmentsOfContract: createChildrenLoader<string, ContractAmendment>(
      (ids) => prisma.contractAmendment.findMany({ where: { contractId: { in: [...ids] } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      (amendment) => amendment.contractId,
    ),
    instalmentsOfContract: createChildrenLoader<string, Instalment>(
      (ids) => prisma.instalment.findMany({ where: { contractId: { in: [...ids] } }, orderBy: [{ number: 'asc' }] }),
      (instalment) => instalment.contractId,
    ),
    disbursementsOfContract: createChildrenLoader<string, Disbursement>(
      (ids) => prisma.disbursement.findMany({ where: { contractId: { in: [...ids] } }, orderBy: [{ paidOn: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] }),
      (disbursement) => disbursement.contractId,
    ),
    /** The total paid against each contract (zero when nothing was), summed exactly by the database. */
    paidOfContract: new DataLoader<string, Prisma.Decimal>(async (ids) => {
      const sums = await prisma.disbursement.groupBy({ by: ['contractId'], where: { contractId: { in: [...ids] } }, _sum: { amountBaht: true } });
      const byId = new Map(sums.map((sum) => [sum.contractId, new Prisma.Decimal(sum._sum.amountBaht ?? 0)]));
      return ids.map((id) => byId.get(id) ?? new Prisma.Decimal(0));
    }),
  };
}
