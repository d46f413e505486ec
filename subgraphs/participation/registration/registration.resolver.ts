import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { maySeePersonalData } from '../access';
import type { ParticipationContext } from '../context';
import type { Hearing as HearingRow, Registration as RegistrationRow } from '../generated/prisma/client';
import { DEFAULT_PURPOSE_TH } from '../hearing/hearing.service';
import { Hearing } from '../hearing/hearing.type';
import { RecordAttendanceInput, RegisterForHearingInput } from './registration.input';
import { recordAttendance, registerForHearing } from './registration.service';
import { Registration } from './registration.type';

/** A personal field of a registration: its value for those who may see it, else null (PDPA). */
function personal(registration: RegistrationRow, { identity }: ParticipationContext, value: string | null): string | null {
  return maySeePersonalData(identity, registration.clusterCode) ? value : null;
}

/** Registering for hearings, recording attendance, and the fields of a registration. */
@Resolver(() => Registration)
export class RegistrationResolver {
  @Mutation(() => Registration, {
    nullable: true,
    description:
      "Registers a person for a hearing that is SCHEDULED or OPEN; anyone may register (a citizen's token makes it theirs). Phone or e-mail required; one registration per person (CONFLICT for a second); CONFLICT, saying it is full, when all places are taken. Null, with an error at this path, when it was not stored.",
  })
  registerForHearing(
    @Arg('input', () => RegisterForHearingInput, { description: 'The hearing and who registers.' }) input: RegisterForHearingInput,
    @Ctx() context: ParticipationContext,
  ): Promise<RegistrationRow> {
    return registerForHearing(context, input);
  }

  @Mutation(() => Registration, {
    nullable: true,
    description: "Records whether a registered person attended. Needs OSM staff of the hearing's cluster or an admin, while the hearing is OPEN or CLOSED. Null, with an error at this path, when nothing changed.",
  })
  recordAttendance(
    @Arg('input', () => RecordAttendanceInput, { description: 'The registration and whether the person attended.' }) input: RecordAttendanceInput,
    @Ctx() context: ParticipationContext,
  ): Promise<RegistrationRow> {
    return recordAttendance(context, input);
  }

  @FieldResolver(() => Hearing, { description: 'The hearing registered for.' })
  async hearing(@Root() registration: RegistrationRow, @Ctx() { loaders }: ParticipationContext): Promise<HearingRow> {
    return (await loaders.hearingById.load(registration.hearingId)) as HearingRow;
  }

  @FieldResolver(() => String, { description: "Why the person's data is collected and how it is used (the hearing's `purposeTh`), as shown at registration." })
  async purposeTh(@Root() registration: RegistrationRow, @Ctx() { loaders }: ParticipationContext): Promise<string> {
    return (await loaders.hearingById.load(registration.hearingId))?.purposeTh ?? DEFAULT_PURPOSE_TH;
  }

  @FieldResolver(() => String, { nullable: true, description: "Full name. Personal: null unless you are OSM staff of the hearing's cluster or an admin." })
  fullName(@Root() registration: RegistrationRow, @Ctx() context: ParticipationContext): string | null {
    return personal(registration, context, registration.fullName);
  }

  @FieldResolver(() => String, { nullable: true, description: "Phone number (digits, e.g. 0812345678). Personal: null unless you are OSM staff of the hearing's cluster or an admin." })
  phone(@Root() registration: RegistrationRow, @Ctx() context: ParticipationContext): string | null {
    return personal(registration, context, registration.phone);
  }

  @FieldResolver(() => String, { nullable: true, description: "E-mail address (lower case). Personal: null unless you are OSM staff of the hearing's cluster or an admin." })
  email(@Root() registration: RegistrationRow, @Ctx() context: ParticipationContext): string | null {
    return personal(registration, context, registration.email);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The last four digits of the national ID number, when one was given (the number is never stored whole). Personal: null unless you are OSM staff of the hearing's cluster or an admin.",
  })
  nationalIdLast4(@Root() registration: RegistrationRow, @Ctx() context: ParticipationContext): string | null {
    return personal(registration, context, registration.nationalIdLast4);
  }
}
