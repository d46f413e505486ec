import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { InstalmentStatus } from '../generated/prisma/enums';

registerEnumType(InstalmentStatus, {
  name: 'InstalmentStatus',
  description: 'Whether an instalment (งวดงาน) of a contract was delivered as agreed.',
  valuesConfig: {
    SCHEDULED: { description: 'Due, not yet inspected (รอส่งมอบ).' },
    MET: { description: 'Delivered and accepted in full (ส่งมอบครบ).' },
    NOT_MET: { description: 'Not delivered by its due date (ไม่ส่งมอบ).' },
    PARTIALLY_MET: { description: 'Part of it delivered and accepted (ส่งมอบบางส่วน).' },
  },
});

export { InstalmentStatus };

/**
 * A contract row; money fields, dates, supplier details and children are resolved by
 * ContractResolver (supplier details only for callers who may see them).
 */
@ObjectType({
  description:
    "A procurement contract of a project (the contract and implementation sections of the Open Contracting Data Standard): its number, supplier, current value, period, amendments, instalments (งวดงาน) and the disbursements paid against it.",
})
export class Contract {
  @Field(() => ID, { description: 'The contract id (a UUID).' })
  id!: string;

  @Field(() => String, { description: 'The contract number as the cluster writes it, e.g. "45/2569"; unique in the cluster.' })
  contractNo!: string;

  @Field(() => String, { description: "The supplier's name (a company or agency), as on the contract." })
  supplierName!: string;

  @Field(() => Int, { description: 'Optimistic-concurrency counter: send it back with amendContract; raised by every amendment.' })
  version!: number;

  @Field(() => Boolean, { description: 'True for sample records loaded at start (left out with SEED_SAMPLE_DATA=false); false for real records.' })
  isSample!: boolean;

  @Field(() => Date, { description: 'When the contract was recorded in the hub.' })
  createdAt!: Date;

  projectId!: string;
  clusterCode!: string;
}

/** An amendment row; values and dates resolved by ContractAmendmentResolver. */
@ObjectType({ description: "A change of a contract's value or end date (an OCDS amendment), keeping the values before and after it." })
export class ContractAmendment {
  @Field(() => ID, { description: 'The amendment id (a UUID).' })
  id!: string;

  @Field(() => String, { description: 'Why the contract was amended, as recorded.' })
  reason!: string;

  @Field(() => String, { description: 'Who recorded it.' })
  createdBy!: string;

  @Field(() => Date, { description: 'When it was recorded in the hub.' })
  createdAt!: Date;
}

/** An instalment row; amount and due date resolved by InstalmentResolver. */
@ObjectType({ description: 'An instalment (งวดงาน) of a contract: a delivery due on a date, paid on acceptance.' })
export class Instalment {
  @Field(() => ID, { description: 'The instalment id (a UUID).' })
  id!: string;

  @Field(() => Int, { description: 'Its number in the contract, from 1 (งวดที่).' })
  number!: number;

  @Field(() => InstalmentStatus, { description: 'Whether it was delivered: SCHEDULED until inspected.' })
  status!: InstalmentStatus;

  contractId!: string;
}
