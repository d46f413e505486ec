import { Field, ID, ObjectType } from 'type-graphql';

/** A disbursement row; amount, date and contract resolved by DisbursementResolver. */
@ObjectType({ description: 'A payment made against a contract (an OCDS implementation transaction), as recorded in GFMIS.' })
export class Disbursement {
  @Field(() => ID, { description: 'The disbursement id (a UUID).' })
  id!: string;

  @Field(() => String, { description: 'The GFMIS document number of the payment; unique per contract.' })
  gfmisDocumentNo!: string;

  @Field(() => Boolean, { description: 'True for sample records loaded at start (left out with SEED_SAMPLE_DATA=false); false for real records.' })
  isSample!: boolean;

  @Field(() => Date, { description: 'When it was recorded in the hub.' })
  createdAt!: Date;

  contractId!: string;
}
