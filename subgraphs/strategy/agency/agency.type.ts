import { Directive, Field, ObjectType } from 'type-graphql';

/** A national agency as stored; `parent` is resolved by a field resolver. */
@ObjectType({
  description: 'A national body the OSM works with: OPM, OPDC, OCSC, the Budget Bureau, NESDC, the Ministry of Interior.',
})
@Directive('@key(fields: "code")')
export class Agency {
  @Field(() => String, { description: 'Project-assigned code, e.g. "NESDC", "BB", "OPDC".' })
  code!: string;

  @Field(() => String, { description: 'Official Thai name.' })
  nameTh!: string;

  @Field(() => String, { description: 'English name as the agency uses it.' })
  nameEn!: string;

  @Field(() => String, { nullable: true, description: 'Thai abbreviation. Check `unverifiedFields` before relying on it.' })
  abbreviationTh!: string | null;

  @Field(() => String, { nullable: true, description: 'English abbreviation. Check `unverifiedFields` before relying on it.' })
  abbreviationEn!: string | null;

  @Field(() => String, { description: 'What the agency does in the OSM system (a summary of the sources).' })
  role!: string;

  @Field(() => [String], { description: 'Names of fields the sources do not confirm (e.g. "abbreviationTh").' })
  unverifiedFields!: string[];

  @Field(() => [String], { description: 'Where the facts come from.' })
  sources!: string[];

  parentCode!: string | null;
}
