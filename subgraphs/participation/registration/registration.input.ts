import { Field, ID, InputType } from 'type-graphql';

@InputType({
  description:
    "A registration for a hearing that is SCHEDULED or OPEN. Give a phone number or an e-mail address (or both): the OSM contacts you there, and it makes one registration per person. Read the hearing's `purposeTh` first: it says why these details are collected.",
})
export class RegisterForHearingInput {
  @Field(() => ID, { description: 'The hearing to register for.' })
  hearingId!: string;

  @Field(() => String, { description: 'Your full name (up to 200 characters); shown only to the OSM staff of the cluster and admins.' })
  fullName!: string;

  @Field(() => String, { nullable: true, description: 'A Thai phone number, e.g. "081 234 5678" or "+66 81 234 5678". Phone or email is required.' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'An e-mail address, e.g. "somchai@example.co.th". Phone or email is required.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'The name shown to everyone (up to 60 characters); your first name and the initial of your last name when omitted.' })
  displayName?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Your Thai national ID number (13 digits, spaces or dashes allowed), when the hearing asks for it: checked, stored only as a protected hash with its last four digits, and never returned whole.',
  })
  nationalId?: string | null;
}

@InputType({ description: "Records whether a registered person attended a hearing (while it is OPEN or CLOSED)." })
export class RecordAttendanceInput {
  @Field(() => ID, { description: 'The registration.' })
  registrationId!: string;

  @Field(() => Boolean, { description: 'True when the person attended; false to correct a mistake.' })
  attended!: boolean;
}
