import { Directive, Field, ObjectType } from 'type-graphql';

/** A province as stored; `cluster` is resolved by a field resolver. */
@ObjectType({
  description: "One of Thailand's 77 first-level units: 76 provinces (จังหวัด) and Bangkok, which belongs to no cluster.",
})
@Directive('@key(fields: "code")')
export class Province {
  @Field(() => String, { description: 'Two-digit DOPA province code, e.g. "50" for Chiang Mai, "10" for Bangkok.' })
  code!: string;

  @Field(() => String, { description: 'Thai name, e.g. "เชียงใหม่".' })
  nameTh!: string;

  @Field(() => String, { description: 'English name as the source repositories romanise it.' })
  nameEn!: string;

  @Field(() => String, { description: 'Geographic region (6-region system) in Thai. Not the ภาค of the cluster announcement.' })
  regionTh!: string;

  @Field(() => String, { description: 'Geographic region in English.' })
  regionEn!: string;

  @Field(() => Boolean, {
    description: 'False when the province was placed in its cluster by elimination rather than by an explicit source.',
  })
  clusterMembershipVerified!: boolean;

  @Field(() => String, { nullable: true, description: 'A note from the sources, e.g. why Bangkok has no cluster.' })
  note!: string | null;

  clusterCode!: string | null;
}
