import { Field, ID, InputType, Int } from 'type-graphql';

/** What giveFeedback takes (feedback.service.ts checks it all before writing). */
@InputType({
  description:
    "Feedback on a project you can read. Personal data (name, phone, e-mail) is optional, collected by the project's cluster to follow up on the feedback only.",
})
export class GiveFeedbackInput {
  @Field(() => ID, { description: 'The project id.' })
  projectId!: string;

  @Field(() => Int, { description: 'Satisfaction from 1 (very dissatisfied) to 5 (very satisfied).' })
  rating!: number;

  @Field(() => String, { nullable: true, description: 'A comment, plain text (up to 2,000 characters, line breaks allowed).' })
  body?: string | null;

  @Field(() => String, { description: "Your province (two-digit code), one of the project's cluster, e.g. \"50\"." })
  provinceCode!: string;

  @Field(() => String, { nullable: true, description: 'Your full name (personal data; up to 200 characters).' })
  fullName?: string | null;

  @Field(() => String, { nullable: true, description: 'Your Thai phone number (personal data).' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Your e-mail address (personal data).' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'The name shown with your feedback (up to 60 characters); default: your first name and initial, or anonymous.' })
  displayName?: string | null;
}
