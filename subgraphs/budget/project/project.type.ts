import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/** A project row; `cluster` and `amountBaht` are resolved by the project resolver. */
@ObjectType({ description: "A development project in a cluster's plan, funded in one fiscal year." })
@Directive('@key(fields: "id")')
export class Project {
  @Field(() => ID, { description: 'The project id (a UUID).' })
  id!: string;

  @Field(() => Int, { description: 'Thai fiscal year in the Buddhist Era, e.g. 2569 (Oct 2025 – Sep 2026).' })
  fiscalYear!: number;

  @Field(() => String, { description: 'Project name in Thai.' })
  nameTh!: string;

  @Field(() => String, { nullable: true, description: 'Project name in English, when given.' })
  nameEn!: string | null;

  @Field(() => Date, { description: 'When the project was recorded.' })
  createdAt!: Date;

  @Field(() => Boolean, { description: 'True for the sample records the hub loads at start so a new hub has something to show (left out with SEED_SAMPLE_DATA=false); false for real records.' })
  isSample!: boolean;

  clusterCode!: string;
}
