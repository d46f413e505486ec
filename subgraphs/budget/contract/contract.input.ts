import { Field, ID, InputType, Int } from 'type-graphql';
import { InstalmentStatus } from './contract.type';

@InputType({ description: 'A contract signed for a project (the project must be APPROVED, CONTRACTED or IN_PROGRESS).' })
export class RecordContractInput {
  @Field(() => ID, { description: 'The project the contract is for.' })
  projectId!: string;

  @Field(() => String, { description: 'The contract number as written on it, e.g. "45/2569" (one line, up to 60 characters); unique in the cluster.' })
  contractNo!: string;

  @Field(() => String, { description: "The supplier's name (up to 300 characters)." })
  supplierName!: string;

  @Field(() => String, { description: 'The contract value in baht as a decimal string, more than zero, e.g. "4,850,000.00".' })
  valueBaht!: string;

  @Field(() => String, { description: 'The date it was signed, YYYY-MM-DD (Gregorian), not after today.' })
  signedOn!: string;

  @Field(() => String, { nullable: true, description: 'First day of the contract period, YYYY-MM-DD; not before signedOn.' })
  startsOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Last day of the contract period (delivery deadline), YYYY-MM-DD; not before startsOn or signedOn.' })
  endsOn?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The supplier's 13-digit tax id (เลขประจำตัวผู้เสียภาษี). Shown only to OSM staff of the cluster, the Budget Bureau and admins.",
  })
  supplierTaxId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The supplier's bank account for payments (up to 60 characters). Shown only to OSM staff of the cluster, the Budget Bureau and admins; never exported.",
  })
  supplierBankAccount?: string | null;
}

@InputType({ description: "A change of a contract's value or end date; the amendment keeps the values before and after." })
export class AmendContractInput {
  @Field(() => ID, { description: 'The contract to amend.' })
  contractId!: string;

  @Field(() => Int, { description: 'The contract version you read; a stale one gets CONFLICT and nothing is written.' })
  version!: number;

  @Field(() => String, { description: 'The date of the amendment, YYYY-MM-DD, not before the contract was signed nor after today.' })
  amendedOn!: string;

  @Field(() => String, { description: 'Why the contract is amended (up to 2,000 characters).' })
  reason!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The new contract value in baht; unchanged when omitted. It may not go below what has been paid against the contract.',
  })
  valueBaht?: string | null;

  @Field(() => String, { nullable: true, description: 'The new last day of the contract period, YYYY-MM-DD; unchanged when omitted.' })
  endsOn?: string | null;
}

@InputType({ description: 'An instalment (งวดงาน) added to a contract.' })
export class AddInstalmentInput {
  @Field(() => ID, { description: 'The contract the instalment belongs to.' })
  contractId!: string;

  @Field(() => Int, { nullable: true, description: "The instalment's number (งวดที่), from 1; the next free number when omitted." })
  number?: number | null;

  @Field(() => String, { description: 'When the delivery is due, YYYY-MM-DD.' })
  dueOn!: string;

  @Field(() => String, {
    description: "The instalment's amount in baht, more than zero; all instalments of a contract together may not exceed its value.",
  })
  amountBaht!: string;
}

@InputType({ description: 'The inspection result of an instalment.' })
export class SetInstalmentStatusInput {
  @Field(() => ID, { description: 'The instalment.' })
  instalmentId!: string;

  @Field(() => InstalmentStatus, { description: 'Its new status.' })
  status!: InstalmentStatus;
}
