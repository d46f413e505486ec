import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { maySeePersonalData } from '../access';
import type { ParticipationContext } from '../context';
import { erasePersonalData, exportPersonalData } from './personal-data.service';
import { PersonalDataErasure, PersonalDataExport, PersonalDataRecord, PersonalDataRequestInput } from './personal-data.type';

const WHO = "Needs an admin (all clusters) or OSM staff (the records their own cluster collected); the public gets UNAUTHENTICATED, other roles FORBIDDEN. Null, with an error at this path, when it was refused.";

/** `exportPersonalData` and `erasePersonalData`: a data subject's requests under the PDPA. */
@Resolver(() => PersonalDataExport)
export class PersonalDataResolver {
  @Mutation(() => PersonalDataExport, {
    nullable: true,
    description: `Answers a data subject's access request: every registration, comment, survey answer and project feedback holding the data of the person with this e-mail address or phone number, with the personal fields in full, and every support and report of a comment made with the citizen account of those records. The request is recorded (who, when, what matched; not the e-mail or phone). ${WHO}`,
  })
  exportPersonalData(
    @Arg('input', () => PersonalDataRequestInput, { description: 'The e-mail address, the phone number or both.' }) input: PersonalDataRequestInput,
    @Ctx() { prisma, identity }: ParticipationContext,
  ): Promise<PersonalDataExport> {
    return exportPersonalData(prisma, identity, input);
  }

  @Mutation(() => PersonalDataErasure, {
    nullable: true,
    description: `Answers a data subject's erasure request: clears the person's name, phone, e-mail, national ID and account from every record found (as exportPersonalData finds them), in one transaction; comments stay, shown as anonymous; supports and reports stay, counted, under keys that name no one. Recorded like an export. Asking again finds nothing. ${WHO}`,
  })
  erasePersonalData(
    @Arg('input', () => PersonalDataRequestInput, { description: 'The e-mail address, the phone number or both.' }) input: PersonalDataRequestInput,
    @Ctx() { prisma, identity }: ParticipationContext,
  ): Promise<PersonalDataErasure> {
    return erasePersonalData(prisma, identity, input);
  }
}

/**
 * The personal fields of an exported record, checked once more against the caller's rights
 * (the export is only ever answered to them; this keeps the rule in one place for every type).
 */
@Resolver(() => PersonalDataRecord)
export class PersonalDataRecordResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Full name, as given (personal).' })
  fullName(@Root() record: PersonalDataRecord, @Ctx() { identity }: ParticipationContext): string | null {
    return maySeePersonalData(identity, record.clusterCode) ? record.fullName : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Phone number, normalised (personal).' })
  phone(@Root() record: PersonalDataRecord, @Ctx() { identity }: ParticipationContext): string | null {
    return maySeePersonalData(identity, record.clusterCode) ? record.phone : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'E-mail address, normalised (personal).' })
  email(@Root() record: PersonalDataRecord, @Ctx() { identity }: ParticipationContext): string | null {
    return maySeePersonalData(identity, record.clusterCode) ? record.email : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Last four digits of the national ID number, registrations only (personal).' })
  nationalIdLast4(@Root() record: PersonalDataRecord, @Ctx() { identity }: ParticipationContext): string | null {
    return maySeePersonalData(identity, record.clusterCode) ? record.nationalIdLast4 : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "The signed-in citizen's subject at its identity provider (personal)." })
  citizenSub(@Root() record: PersonalDataRecord, @Ctx() { identity }: ParticipationContext): string | null {
    return maySeePersonalData(identity, record.clusterCode) ? record.citizenSub : null;
  }
}
