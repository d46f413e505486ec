import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

/** The kinds of participation record that hold a person's data. */
export enum PersonalDataRecordType {
  REGISTRATION = 'REGISTRATION',
  COMMENT = 'COMMENT',
  SURVEY_RESPONSE = 'SURVEY_RESPONSE',
  CITIZEN_FEEDBACK = 'CITIZEN_FEEDBACK',
  COMMENT_SUPPORT = 'COMMENT_SUPPORT',
  COMMENT_REPORT = 'COMMENT_REPORT',
}

registerEnumType(PersonalDataRecordType, {
  name: 'PersonalDataRecordType',
  description: 'A kind of participation record that holds personal data.',
  valuesConfig: {
    REGISTRATION: { description: 'A registration for a hearing (Registration).' },
    COMMENT: { description: 'A comment (Comment).' },
    SURVEY_RESPONSE: { description: "A survey answer (SurveyResponse)." },
    CITIZEN_FEEDBACK: { description: 'Feedback on a project (CitizenFeedback).' },
    COMMENT_SUPPORT: { description: "A support of a comment by the person's citizen account (CommentSupport); found through the account, as supports carry no contact details." },
    COMMENT_REPORT: { description: "A report of a comment by the person's citizen account, with its reason (CommentReport); found through the account." },
  },
});

@InputType({ description: "A data subject's request (PDPA): the person is found by e-mail address, phone number or both (at least one)." })
export class PersonalDataRequestInput {
  @Field(() => String, { nullable: true, description: 'The e-mail address the person gave, in any case, e.g. "somchai@example.com".' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'The phone number the person gave, in any common form, e.g. "081 234 5678" or "+66812345678".' })
  phone?: string | null;
}

/** One record found, as {@link PersonalDataExport.records} lists it. */
@ObjectType({
  description:
    "One record holding the person's data, with the personal fields in full (the national ID number by its last four digits only: the hub never stores it whole). Only the staff of the cluster that collected it and admins ever get one.",
})
export class PersonalDataRecord {
  @Field(() => PersonalDataRecordType, { description: 'What kind of record it is.' })
  type!: PersonalDataRecordType;

  @Field(() => ID, { description: 'The record id; for a comment support, which has none of its own, the id of the comment supported.' })
  id!: string;

  @Field(() => String, { description: 'The cluster that collected the data, e.g. "N1".' })
  clusterCode!: string;

  @Field(() => String, { description: 'The type of what the record is about: Hearing, Survey, DevelopmentPlan, StrategicIssue, Project, or Comment (supports and reports).' })
  subjectType!: string;

  @Field(() => ID, { description: 'The id of what the record is about.' })
  subjectId!: string;

  @Field(() => Date, { description: 'When the record was made.' })
  createdAt!: Date;

  @Field(() => String, { description: 'The name shown to everyone; supports and reports are never shown by name: "ผู้ไม่ประสงค์ออกนาม".' })
  displayName!: string;

  @Field(() => String, { nullable: true, description: 'Full name, as given (personal).' })
  fullName!: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number, normalised (personal).' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail address, normalised (personal).' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'Last four digits of the national ID number, registrations only (personal).' })
  nationalIdLast4!: string | null;

  @Field(() => String, { nullable: true, description: "The signed-in citizen's subject at its identity provider, when the record was made signed in (personal)." })
  citizenSub!: string | null;

  @Field(() => String, { nullable: true, description: 'What the person wrote: the comment, the feedback text or the reason of a report; null for the other kinds.' })
  text!: string | null;
}

/** How many records of one kind. */
@ObjectType({ description: 'How many records of one kind a request found or erased.' })
export class PersonalDataCount {
  @Field(() => PersonalDataRecordType, { description: 'The kind of record.' })
  type!: PersonalDataRecordType;

  @Field(() => Int, { description: 'How many.' })
  count!: number;
}

/** What both requests answer besides their records. */
@ObjectType({ description: "What both personal-data requests answer (not exposed on its own)." })
abstract class PersonalDataAnswer {
  @Field(() => ID, { description: 'The id of the recorded request (PersonalDataRequest), for the data protection officer\'s log.' })
  requestId!: string;

  @Field(() => String, { description: 'What the person was found by: "email", "phone" or "email+phone".' })
  matchedBy!: string;

  @Field(() => String, { nullable: true, description: "The cluster whose records were searched (OSM staff: their own); null for an admin's request, which searches all." })
  clusterScope!: string | null;

  @Field(() => [PersonalDataCount], { description: 'Records by kind, every kind listed (0 when none).' })
  counts!: PersonalDataCount[];

  @Field(() => Int, { description: 'Records in all.' })
  total!: number;
}

@ObjectType({
  description:
    "The answer to a data subject's access request (PDPA s. 30): every participation record the requester may reach that holds the person's data. Records signed in by the same citizen account are included even when they carry no contact details.",
})
export class PersonalDataExport extends PersonalDataAnswer {
  @Field(() => [PersonalDataRecord], { description: 'The records, by kind, then newest first.' })
  records!: PersonalDataRecord[];
}

@ObjectType({
  description:
    "The answer to a data subject's erasure request (PDPA s. 33): the personal fields of every record found were cleared; comments remain, shown as anonymous. Asking again finds nothing.",
})
export class PersonalDataErasure extends PersonalDataAnswer {
  @Field(() => Date, { description: 'When the records were erased.' })
  erasedAt!: Date;
}
