import { Field, InputType } from 'type-graphql';

@InputType({ description: 'A public hearing to schedule.' })
export class ScheduleHearingInput {
  @Field(() => String, { description: 'The cluster holding the hearing, e.g. "S2".' })
  clusterCode!: string;

  @Field(() => String, { description: 'Title in Thai (up to 300 characters).' })
  titleTh!: string;

  @Field(() => String, { nullable: true, description: 'Venue in Thai (up to 300 characters).' })
  venueTh?: string | null;

  @Field(() => String, { description: 'Date of the hearing, YYYY-MM-DD in the Gregorian calendar, e.g. "2026-12-15".' })
  heldOn!: string;
}
