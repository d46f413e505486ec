import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'A payment made against a contract, as GFMIS recorded it.' })
export class RecordDisbursementInput {
  @Field(() => ID, { description: 'The contract paid.' })
  contractId!: string;

  @Field(() => String, { description: 'The payment date, YYYY-MM-DD (Gregorian), not before the contract was signed nor after today.' })
  paidOn!: string;

  @Field(() => String, {
    description: "The amount paid in baht, more than zero, e.g. \"1,200,000.00\". The contract's total paid may not exceed its current value.",
  })
  amountBaht!: string;

  @Field(() => String, { description: 'The GFMIS document number of the payment, e.g. "3100012345" (letters, digits, "-" and "_", up to 30); unique per contract.' })
  gfmisDocumentNo!: string;
}
