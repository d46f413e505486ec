import { Field, ID, InputType, Int } from 'type-graphql';
import { Perspective } from './strategy-map.type';

@InputType({ description: 'A new strategic issue of a DRAFT plan, with its alignment to the national plans.' })
export class AddStrategicIssueInput {
  @Field(() => ID, { description: 'The DRAFT plan to add it to.' })
  planId!: string;

  @Field(() => String, { description: 'Title in Thai (up to 300 characters).' })
  titleTh!: string;

  @Field(() => String, { nullable: true, description: 'Title in English (up to 300 characters).' })
  titleEn?: string | null;

  @Field(() => [Int], { defaultValue: [], description: 'Numbers of the National Strategy strategies it serves (1–6; see Query.nationalStrategies).' })
  nationalStrategies!: number[];

  @Field(() => [Int], { defaultValue: [], description: 'Numbers of the 13th Plan milestones it serves (1–13; see Query.planMilestones).' })
  milestones!: number[];

  @Field(() => [Int], { defaultValue: [], description: 'Numbers of the Sustainable Development Goals it serves (1–17; see Query.sdgGoals).' })
  sdgGoals!: number[];
}

@InputType({ description: 'A new objective of a strategic issue of a DRAFT plan.' })
export class AddObjectiveInput {
  @Field(() => ID, { description: 'The strategic issue it serves.' })
  strategicIssueId!: string;

  @Field(() => Perspective, { description: 'The Balanced Scorecard perspective it belongs to.' })
  perspective!: Perspective;

  @Field(() => String, { description: 'Title in Thai (up to 300 characters).' })
  titleTh!: string;

  @Field(() => String, { nullable: true, description: 'Title in English (up to 300 characters).' })
  titleEn?: string | null;
}

@InputType({ description: 'A cause → effect link between two objectives of the same DRAFT plan.' })
export class LinkObjectivesInput {
  @Field(() => ID, { description: 'The objective that drives the other.' })
  causeId!: string;

  @Field(() => ID, { description: 'The objective it drives; it must not already lead back to the cause.' })
  effectId!: string;
}
