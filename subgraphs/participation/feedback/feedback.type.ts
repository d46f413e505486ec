import { Field, ID, Int, ObjectType } from 'type-graphql';
import { createConnectionType } from '../../../kit/connection';

/** A feedback row; personal fields and the project are resolved by CitizenFeedbackResolver. */
@ObjectType({
  description:
    "A person's satisfaction with a project (1 to 5) with an optional comment and their province. Personal fields (fullName, phone, email) are returned only to the staff of the project's cluster and admins; null for everyone else.",
})
export class CitizenFeedback {
  @Field(() => ID, { description: 'The feedback id (a UUID).' })
  id!: string;

  @Field(() => Int, { description: 'Satisfaction from 1 (very dissatisfied) to 5 (very satisfied).' })
  rating!: number;

  @Field(() => String, { nullable: true, description: 'The comment, plain text, when given.' })
  body!: string | null;

  @Field(() => String, { description: "The giver's province (two-digit code), one of the project's cluster." })
  provinceCode!: string;

  @Field(() => String, { description: 'The name shown with the feedback: chosen by the person, or their first name and initial, or anonymous.' })
  displayName!: string;

  @Field(() => Date, { description: 'When it was given.' })
  createdAt!: Date;

  @Field(() => Boolean, { description: 'True for sample records (left out with SEED_SAMPLE_DATA=false); false for real feedback.' })
  isSample!: boolean;

  projectId!: string;
  clusterCode!: string;
  fullName!: string | null;
  phone!: string | null;
  email!: string | null;
}

/** How many feedbacks gave one rating. */
@ObjectType({ description: 'How many feedbacks gave one rating.' })
export class RatingCount {
  @Field(() => Int, { description: 'The rating, 1 to 5.' })
  rating!: number;

  @Field(() => Int, { description: 'How many feedbacks gave it.' })
  count!: number;
}

/** A project's feedback summed up (computed in the database). */
@ObjectType({ description: "A project's citizen feedback summed up: how many, the average rating and how many gave each rating." })
export class FeedbackSummary {
  @Field(() => Int, { description: 'How many feedbacks the project has.' })
  count!: number;

  @Field(() => String, { nullable: true, description: 'The average rating, an exact decimal string with two places rounded half up, e.g. "4.25"; null when there is no feedback.' })
  average!: string | null;

  @Field(() => [RatingCount], { description: 'How many gave each rating, for all five ratings from 1 to 5 (zero counts included).' })
  distribution!: RatingCount[];
}

/** A page of a project's feedback (Project.feedback), newest first. */
export const CitizenFeedbackConnection = createConnectionType(CitizenFeedback, 'CitizenFeedback', 'citizen feedback', 'newest first');
