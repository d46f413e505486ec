import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { BudgetContext } from '../context';
import { isoDate, readableContract } from '../contract/contract.resolver';
import { Contract } from '../contract/contract.type';
import type { Contract as ContractRow, Disbursement as DisbursementRow } from '../generated/prisma/client';
import { RecordDisbursementInput } from './disbursement.input';
import { recordDisbursement } from './disbursement.service';
import { Disbursement } from './disbursement.type';

/** Recording disbursements, and their computed fields. */
@Resolver(() => Disbursement)
export class DisbursementResolver {
  @Mutation(() => Disbursement, {
    nullable: true,
    description:
      "Records a payment against a contract. Refused, writing nothing, when it would make the contract's total paid exceed its current value (also when two are recorded at once) or when its GFMIS number is already recorded on the contract. Needs OSM staff of the contract's cluster, or an admin.",
  })
  recordDisbursement(
    @Arg('input', () => RecordDisbursementInput, { description: 'The payment to record.' }) input: RecordDisbursementInput,
    @Ctx() { prisma, identity }: BudgetContext,
  ) {
    return recordDisbursement(prisma, identity, input);
  }

  @FieldResolver(() => String, { description: 'The payment date, YYYY-MM-DD.' })
  paidOn(@Root() disbursement: DisbursementRow): string {
    return isoDate(disbursement.paidOn);
  }

  @FieldResolver(() => String, { description: 'The amount paid in baht, an exact decimal string.' })
  amountBaht(@Root() disbursement: DisbursementRow): string {
    return disbursement.amountBaht.toFixed(2);
  }

  @FieldResolver(() => Contract, { nullable: true, description: 'The contract paid; null when you may not read its project.' })
  contract(@Root() disbursement: DisbursementRow, @Ctx() context: BudgetContext): Promise<ContractRow | null> {
    return readableContract(context, disbursement.contractId);
  }
}
