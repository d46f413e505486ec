import { Field, ID, InputType, Int } from 'type-graphql';
import { PlanKind, PlanStatus } from './plan.type';

@InputType({ description: 'A new development plan of a cluster; it starts in DRAFT.' })
export class CreatePlanInput {
  @Field(() => String, { description: 'The cluster whose plan it is, e.g. "N1".' })
  clusterCode!: string;

  @Field(() => PlanKind, { description: 'FIVE_YEAR (exactly five fiscal years) or ANNUAL (one).' })
  kind!: PlanKind;

  @Field(() => String, { description: 'Title in Thai (up to 300 characters).' })
  titleTh!: string;

  @Field(() => String, { nullable: true, description: 'Title in English (up to 300 characters).' })
  titleEn?: string | null;

  @Field(() => Int, { description: 'First Thai fiscal year (Buddhist Era), e.g. 2566.' })
  startYear!: number;

  @Field(() => Int, { description: 'Last Thai fiscal year: startYear + 4 for FIVE_YEAR, startYear for ANNUAL.' })
  endYear!: number;
}

@InputType({ description: "Moves a plan to another status (see PlanStatus for the allowed moves)." })
export class TransitionPlanInput {
  @Field(() => ID, { description: 'The plan to move.' })
  planId!: string;

  @Field(() => PlanStatus, { description: 'The status to move to.' })
  to!: PlanStatus;

  @Field(() => Int, { description: "The plan's `version` as you read it; CONFLICT when the plan changed since." })
  version!: number;
}

@InputType({ description: 'Copies a published plan into a new DRAFT edition that links back to it.' })
export class RevisePlanInput {
  @Field(() => ID, { description: 'The PUBLISHED plan to revise.' })
  planId!: string;
}
