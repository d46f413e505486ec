import { Field, InputType, Int } from 'type-graphql';

@InputType({ description: "A new project in a cluster's plan." })
export class CreateProjectInput {
  @Field(() => String, { description: 'The cluster that owns the project, e.g. "N1".' })
  clusterCode!: string;

  @Field(() => Int, { description: 'Thai fiscal year in the Buddhist Era, e.g. 2569.' })
  fiscalYear!: number;

  @Field(() => String, { description: 'Project name in Thai (up to 300 characters).' })
  nameTh!: string;

  @Field(() => String, { nullable: true, description: 'Project name in English (up to 300 characters).' })
  nameEn?: string | null;

  @Field(() => String, { description: 'Budget in baht as a decimal string with at most two places, e.g. "2500000" or "2500000.50".' })
  amountBaht!: string;
}
