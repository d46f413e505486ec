import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A hearing row; `cluster` and `heldOn` are resolved by the hearing resolver. */
@ObjectType({ description: "A public hearing (การรับฟังความคิดเห็น) on a cluster's plan or projects." })
@Directive('@key(fields: "id")')
export class Hearing {
  @Field(() => ID, { description: 'The hearing id (a UUID).' })
  id!: string;

  @Field(() => String, { description: 'Title in Thai.' })
  titleTh!: string;

  @Field(() => String, { nullable: true, description: 'Where it is held, in Thai.' })
  venueTh!: string | null;

  @Field(() => Date, { description: 'When it was scheduled.' })
  createdAt!: Date;

  @Field(() => Boolean, { description: 'True for the sample records the hub loads at start so a new hub has something to show (left out with SEED_SAMPLE_DATA=false); false for real records.' })
  isSample!: boolean;

  clusterCode!: string;
}
