import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { parseId } from '../../../kit/validate';
import { canReadProject, maySeeSupplierDetails } from '../access';
import type { BudgetContext } from '../context';
import { Disbursement } from '../disbursement/disbursement.type';
import type {
  Contract as ContractRow,
  ContractAmendment as AmendmentRow,
  Disbursement as DisbursementRow,
  Instalment as InstalmentRow,
  Project as ProjectRow,
} from '../generated/prisma/client';
import { Project } from '../project/project.type';
import { AddInstalmentInput, AmendContractInput, RecordContractInput, SetInstalmentStatusInput } from './contract.input';
import { addInstalment, amendContract, recordContract, setInstalmentStatus } from './contract.service';
import { Contract, ContractAmendment, Instalment } from './contract.type';

/** A stored calendar date (UTC midnight) as YYYY-MM-DD. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * A contract the caller may read, or null: it exists and its project is one the caller may read
 * (access.ts). One lookup for `Query.contract` and the reads of other resolvers.
 */
export async function readableContract({ loaders, identity }: BudgetContext, contractId: string): Promise<ContractRow | null> {
  const contract = await loaders.contractById.load(contractId);
  if (!contract) return null;
  const project = await loaders.projectById.load(contract.projectId);
  return project && canReadProject(identity, project) ? contract : null;
}

/** Contracts: the query, the writes, and the fields computed from the row and its children. */
@Resolver(() => Contract)
export class ContractResolver {
  @Query(() => Contract, { nullable: true, description: 'One contract by id; null when none has it or its project is not one you may read.' })
  contract(@Arg('id', () => ID, { description: 'The contract id.' }) id: string, @Ctx() context: BudgetContext): Promise<ContractRow | null> {
    return readableContract(context, parseId(id));
  }

  @Mutation(() => Contract, {
    nullable: true,
    description:
      "Records a contract of a project (APPROVED, CONTRACTED or IN_PROGRESS). Needs OSM staff of the project's cluster, or an admin. Null, with an error at this path, when it was not stored.",
  })
  recordContract(@Arg('input', () => RecordContractInput, { description: 'The contract to record.' }) input: RecordContractInput, @Ctx() { prisma, identity }: BudgetContext) {
    return recordContract(prisma, identity, input);
  }

  @Mutation(() => Contract, {
    nullable: true,
    description:
      "Amends a contract's value and/or end date, keeping the values before and after; the value may not go below what was paid. Needs OSM staff of the cluster, or an admin, and the version you read (CONFLICT when stale).",
  })
  amendContract(@Arg('input', () => AmendContractInput, { description: 'The amendment.' }) input: AmendContractInput, @Ctx() { prisma, identity }: BudgetContext) {
    return amendContract(prisma, identity, input);
  }

  @Mutation(() => Instalment, {
    nullable: true,
    description: "Adds an instalment (งวดงาน) to a contract; the instalments may not total more than the contract's value. Needs OSM staff of the cluster, or an admin.",
  })
  addInstalment(@Arg('input', () => AddInstalmentInput, { description: 'The instalment to add.' }) input: AddInstalmentInput, @Ctx() { prisma, identity }: BudgetContext) {
    return addInstalment(prisma, identity, input);
  }

  @Mutation(() => Instalment, {
    nullable: true,
    description: "Records whether an instalment was delivered (MET, NOT_MET, PARTIALLY_MET, or back to SCHEDULED). Needs OSM staff of the contract's cluster, or an admin.",
  })
  setInstalmentStatus(
    @Arg('input', () => SetInstalmentStatusInput, { description: 'The instalment and its new status.' }) input: SetInstalmentStatusInput,
    @Ctx() { prisma, identity }: BudgetContext,
  ) {
    return setInstalmentStatus(prisma, identity, input);
  }

  @FieldResolver(() => String, { description: 'The current value in baht (after amendments), an exact decimal string, e.g. "4850000.00".' })
  valueBaht(@Root() contract: ContractRow): string {
    return contract.valueBaht.toFixed(2);
  }

  @FieldResolver(() => String, { description: 'What has been paid against the contract in baht: the sum of its disbursements, exact.' })
  async paidBaht(@Root() contract: ContractRow, @Ctx() { loaders }: BudgetContext): Promise<string> {
    return (await loaders.paidOfContract.load(contract.id)).toFixed(2);
  }

  @FieldResolver(() => String, { description: 'What remains to pay in baht: the current value minus what has been paid (never negative).' })
  async remainingBaht(@Root() contract: ContractRow, @Ctx() { loaders }: BudgetContext): Promise<string> {
    return contract.valueBaht.minus(await loaders.paidOfContract.load(contract.id)).toFixed(2);
  }

  @FieldResolver(() => String, { description: 'The date the contract was signed, YYYY-MM-DD.' })
  signedOn(@Root() contract: ContractRow): string {
    return isoDate(contract.signedOn);
  }

  @FieldResolver(() => String, { nullable: true, description: 'First day of the contract period, YYYY-MM-DD, when recorded.' })
  startsOn(@Root() contract: ContractRow): string | null {
    return contract.startsOn ? isoDate(contract.startsOn) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Last day of the contract period (after amendments), YYYY-MM-DD, when recorded.' })
  endsOn(@Root() contract: ContractRow): string | null {
    return contract.endsOn ? isoDate(contract.endsOn) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The supplier's tax id: only for OSM staff of the contract's cluster, the Budget Bureau and admins; null for everyone else, and when not recorded.",
  })
  supplierTaxId(@Root() contract: ContractRow, @Ctx() { identity }: BudgetContext): string | null {
    return maySeeSupplierDetails(identity, contract.clusterCode) ? contract.supplierTaxId : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The supplier's bank account: only for OSM staff of the contract's cluster, the Budget Bureau and admins; null for everyone else, and when not recorded.",
  })
  supplierBankAccount(@Root() contract: ContractRow, @Ctx() { identity }: BudgetContext): string | null {
    return maySeeSupplierDetails(identity, contract.clusterCode) ? contract.supplierBankAccount : null;
  }

  @FieldResolver(() => Project, { nullable: true, description: 'The project the contract is for; null when you may not read it.' })
  async project(@Root() contract: ContractRow, @Ctx() { loaders, identity }: BudgetContext): Promise<ProjectRow | null> {
    const project = await loaders.projectById.load(contract.projectId);
    return project && canReadProject(identity, project) ? project : null;
  }

  @FieldResolver(() => [ContractAmendment], { description: 'The amendments of the contract, oldest first, each with the values before and after.' })
  amendments(@Root() contract: ContractRow, @Ctx() { loaders }: BudgetContext): Promise<AmendmentRow[]> {
    return loaders.amendmentsOfContract.load(contract.id);
  }

  @FieldResolver(() => [Instalment], { description: 'The instalments (งวดงาน) of the contract, by number.' })
  instalments(@Root() contract: ContractRow, @Ctx() { loaders }: BudgetContext): Promise<InstalmentRow[]> {
    return loaders.instalmentsOfContract.load(contract.id);
  }

  @FieldResolver(() => [Disbursement], { description: 'The payments made against the contract, by payment date.' })
  disbursements(@Root() contract: ContractRow, @Ctx() { loaders }: BudgetContext): Promise<DisbursementRow[]> {
    return loaders.disbursementsOfContract.load(contract.id);
  }
}

/** The computed fields of an amendment. */
@Resolver(() => ContractAmendment)
export class ContractAmendmentResolver {
  @FieldResolver(() => String, { description: 'The date of the amendment, YYYY-MM-DD.' })
  amendedOn(@Root() amendment: AmendmentRow): string {
    return isoDate(amendment.amendedOn);
  }

  @FieldResolver(() => String, { description: 'The contract value in baht before the amendment.' })
  valueBeforeBaht(@Root() amendment: AmendmentRow): string {
    return amendment.valueBeforeBaht.toFixed(2);
  }

  @FieldResolver(() => String, { description: 'The contract value in baht after the amendment (equal to before when only the period changed).' })
  valueAfterBaht(@Root() amendment: AmendmentRow): string {
    return amendment.valueAfterBaht.toFixed(2);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The end of the contract period before the amendment, YYYY-MM-DD, when there was one.' })
  endsOnBefore(@Root() amendment: AmendmentRow): string | null {
    return amendment.endsOnBefore ? isoDate(amendment.endsOnBefore) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The end of the contract period after the amendment, YYYY-MM-DD, when there is one.' })
  endsOnAfter(@Root() amendment: AmendmentRow): string | null {
    return amendment.endsOnAfter ? isoDate(amendment.endsOnAfter) : null;
  }
}

/** The computed fields of an instalment. */
@Resolver(() => Instalment)
export class InstalmentResolver {
  @FieldResolver(() => String, { description: 'When the delivery is due, YYYY-MM-DD.' })
  dueOn(@Root() instalment: InstalmentRow): string {
    return isoDate(instalment.dueOn);
  }

  @FieldResolver(() => String, { description: "The instalment's amount in baht, an exact decimal string." })
  amountBaht(@Root() instalment: InstalmentRow): string {
    return instalment.amountBaht.toFixed(2);
  }
}
