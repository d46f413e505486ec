import { Field, ID, ObjectType } from 'type-graphql';
import { createConnectionType } from '../../../kit/connection';

/**
 * A registration row. The personal fields (full name, phone, e-mail, the last four digits of the
 * national ID number) and the hearing are resolved by the registration resolver, which returns
 * the personal ones only to those {@link maySeePersonalData} allows.
 */
@ObjectType({
  description:
    "A person's registration for a public hearing. Everyone sees the display name; the full name, phone, e-mail and the last four digits of the national ID number are returned only to the OSM staff of the hearing's cluster and to admins (PDPA), and are null for everyone else.",
})
export class Registration {
  @Field(() => ID, { description: 'The registration id (a UUID).' })
  id!: string;

  @Field(() => String, { description: 'The name shown to everyone: chosen by the person, else their first name and the initial of their last name.' })
  displayName!: string;

  @Field(() => Boolean, { description: 'Whether the person attended, as recorded by the staff.' })
  attended!: boolean;

  @Field(() => Date, { nullable: true, description: 'When attendance was recorded; null when not attended.' })
  attendedAt!: Date | null;

  @Field(() => Date, { description: 'When the person registered.' })
  createdAt!: Date;

  @Field(() => Boolean, { description: 'True for the sample records the hub loads at start (fictitious people; left out with SEED_SAMPLE_DATA=false); false for real records.' })
  isSample!: boolean;

  hearingId!: string;
  clusterCode!: string;
  fullName!: string | null;
  phone!: string | null;
  email!: string | null;
  nationalIdLast4!: string | null;
}

/** A page of a hearing's registrations (`Hearing.registrations`). */
export const RegistrationConnection = createConnectionType(Registration, 'Registration', 'registration', 'newest first');
