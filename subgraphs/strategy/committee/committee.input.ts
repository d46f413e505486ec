import { Field, ID, InputType, Int } from 'type-graphql';
import { CommitteeRole, FollowUpStatus, MeetingStatus } from './committee.type';

@InputType({ description: "A cluster's committee (one per cluster)." })
export class CreateCommitteeInput {
  @Field(() => String, { description: 'The cluster code, e.g. "N1".' })
  clusterCode!: string;

  @Field(() => String, { description: 'Name in Thai (up to 300 characters).' })
  nameTh!: string;

  @Field(() => String, { nullable: true, description: 'Name in English (up to 300 characters).' })
  nameEn?: string | null;
}

@InputType({ description: 'A new member of a committee.' })
export class AddCommitteeMemberInput {
  @Field(() => ID, { description: 'The committee.' })
  committeeId!: string;

  @Field(() => String, { description: 'The person\'s name, or the title of the position that sits on the committee (up to 200 characters).' })
  personName!: string;

  @Field(() => String, { nullable: true, description: 'The code of the agency the member comes from (see Query.agencies), when it is one of them.' })
  agencyCode?: string | null;

  @Field(() => CommitteeRole, { description: 'Role in the committee; a committee has at most one CHAIR.' })
  role!: CommitteeRole;
}

@InputType({ description: 'A new SCHEDULED meeting of a committee.' })
export class ScheduleMeetingInput {
  @Field(() => ID, { description: 'The committee.' })
  committeeId!: string;

  @Field(() => Int, { description: 'Its number within the year, from 1 (unique per committee and year).' })
  number!: number;

  @Field(() => Int, { description: 'The Buddhist Era calendar year of `date` (its Gregorian year + 543), e.g. 2569.' })
  year!: number;

  @Field(() => String, { description: 'The date, YYYY-MM-DD (Gregorian).' })
  date!: string;

  @Field(() => String, { nullable: true, description: 'Where it meets in person (up to 300 characters). Give a venue, an online link or both.' })
  venue?: string | null;

  @Field(() => String, { nullable: true, description: 'The https link of the online meeting.' })
  onlineLink?: string | null;
}

@InputType({ description: 'A status change of a meeting.' })
export class SetMeetingStatusInput {
  @Field(() => ID, { description: 'The meeting.' })
  meetingId!: string;

  @Field(() => MeetingStatus, { description: 'HELD (on or after its date) or CANCELLED.' })
  to!: MeetingStatus;

  @Field(() => Int, { description: 'The meeting version you read; a stale one gets CONFLICT.' })
  version!: number;
}

@InputType({ description: 'A new item at the end of a meeting agenda, optionally about a plan, a project or a report.' })
export class AddAgendaItemInput {
  @Field(() => ID, { description: 'The meeting (SCHEDULED or HELD).' })
  meetingId!: string;

  @Field(() => String, { description: 'Title in Thai (up to 300 characters).' })
  titleTh!: string;

  @Field(() => ID, { nullable: true, description: "A development plan of the committee's cluster it is about." })
  planId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The id of a budget-subgraph project it is about (a UUID; not checked here, the budget subgraph owns projects).' })
  projectId?: string | null;

  @Field(() => String, { nullable: true, description: 'A report it is about, as free text (up to 200 characters).' })
  reportReference?: string | null;
}

@InputType({ description: 'A resolution on an agenda item of a HELD meeting.' })
export class AddResolutionInput {
  @Field(() => ID, { description: 'The agenda item.' })
  agendaItemId!: string;

  @Field(() => String, { description: 'The text in Thai (up to 2000 characters, line breaks allowed).' })
  textTh!: string;
}

@InputType({ description: 'A follow-up action of a resolution. Name an owner agency, an owner person or both.' })
export class AddFollowUpInput {
  @Field(() => ID, { description: 'The resolution.' })
  resolutionId!: string;

  @Field(() => String, { description: 'What is to be done (up to 1000 characters).' })
  description!: string;

  @Field(() => String, { nullable: true, description: 'The code of the agency responsible (see Query.agencies).' })
  ownerAgencyCode?: string | null;

  @Field(() => String, { nullable: true, description: 'The person or position responsible (up to 200 characters).' })
  ownerPerson?: string | null;

  @Field(() => String, { description: 'The due date, YYYY-MM-DD (Gregorian).' })
  dueDate!: string;
}

@InputType({ description: 'A status change of a follow-up action.' })
export class UpdateFollowUpInput {
  @Field(() => ID, { description: 'The follow-up action.' })
  followUpId!: string;

  @Field(() => FollowUpStatus, { description: 'The new status (OPEN → DONE or CANCELLED; DONE → OPEN).' })
  status!: FollowUpStatus;

  @Field(() => Int, { description: 'The follow-up version you read; a stale one gets CONFLICT.' })
  version!: number;
}
