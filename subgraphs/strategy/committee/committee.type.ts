import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { createConnectionType } from '../../../kit/connection';
import { CommitteeRole, FollowUpStatus, MeetingStatus } from '../generated/prisma/client';

export { CommitteeRole, FollowUpStatus, MeetingStatus };

registerEnumType(CommitteeRole, {
  name: 'CommitteeRole',
  description: "A member's role in a cluster committee.",
  valuesConfig: {
    CHAIR: { description: 'Chairs the committee (at most one).' },
    VICE_CHAIR: { description: 'Deputises for the chair.' },
    MEMBER: { description: 'An ordinary member.' },
    SECRETARY: { description: 'Secretary of the committee.' },
    ASSISTANT_SECRETARY: { description: 'Assistant secretary (typically the head of the OSM, the secretariat).' },
  },
});

registerEnumType(MeetingStatus, {
  name: 'MeetingStatus',
  description: 'Where a meeting is: SCHEDULED → HELD or CANCELLED (both final).',
  valuesConfig: {
    SCHEDULED: { description: 'Planned; its agenda is visible to the cluster\'s readers only.' },
    HELD: { description: 'Took place; its agenda items and resolutions are public.' },
    CANCELLED: { description: 'Will not take place. Final.' },
  },
});

registerEnumType(FollowUpStatus, {
  name: 'FollowUpStatus',
  description: 'Where a follow-up action is: OPEN → DONE or CANCELLED; DONE → OPEN (reopened).',
  valuesConfig: {
    OPEN: { description: 'Still to do; overdue once its due date has passed (Asia/Bangkok).' },
    DONE: { description: 'Done.' },
    CANCELLED: { description: 'Dropped. Final.' },
  },
});

/** A project of the budget subgraph, referred to by id only (the budget subgraph resolves it). */
@ObjectType({ description: 'A cluster project, owned by the budget subgraph; this subgraph only refers to it by id.' })
@Directive('@key(fields: "id", resolvable: false)')
export class Project {
  @Field(() => ID, { description: 'The project id.' })
  id!: string;
}

/** A committee row. */
@ObjectType({
  description:
    "A cluster's Development Plan and Budget Committee (ก.พ.ก.), whose secretariat is the OSM. The committee, its members and its HELD meetings with their agenda and resolutions are public; scheduled or cancelled meetings and follow-up actions are visible to the cluster's OSM staff and province officers, agencies and admins only.",
})
export class Committee {
  @Field(() => ID, { description: 'The committee id (a UUID).' })
  id!: string;

  @Field(() => String, { description: 'Name in Thai.' })
  nameTh!: string;

  @Field(() => String, { nullable: true, description: 'Name in English, when given.' })
  nameEn!: string | null;

  @Field(() => Boolean, { description: 'True for sample data loaded at start; false for real records.' })
  isSample!: boolean;

  clusterCode!: string;
  createdAt!: Date;
}

/** A committee member row. */
@ObjectType({ description: 'A member of a committee: a person or a position title, the agency they come from and their role.' })
export class CommitteeMember {
  @Field(() => ID, { description: 'The member id (a UUID).' })
  id!: string;

  @Field(() => Int, { description: 'Order in the committee list, from 1.' })
  position!: number;

  @Field(() => String, { description: 'The person\'s name or, as in the sample data, the title of the position that sits on the committee (e.g. "ผู้ว่าราชการจังหวัดเชียงใหม่").' })
  personName!: string;

  @Field(() => CommitteeRole, { description: 'Role in the committee.' })
  role!: CommitteeRole;

  @Field(() => Boolean, { description: 'True for sample data loaded at start; false for real records.' })
  isSample!: boolean;

  agencyCode!: string | null;
}

/** A meeting row; `date` and `label` come from field resolvers. */
@ObjectType({
  description:
    'A meeting of a committee, numbered within a Buddhist Era calendar year ("2/2569" is the second meeting of 2569 = 2026): `year` is always the year of `date` plus 543, not a fiscal year.',
})
export class Meeting {
  @Field(() => ID, { description: 'The meeting id (a UUID).' })
  id!: string;

  @Field(() => Int, { description: 'Its number within the year, from 1.' })
  number!: number;

  @Field(() => Int, { description: 'The Buddhist Era calendar year of its date, e.g. 2569 for a meeting in 2026.' })
  year!: number;

  @Field(() => String, { nullable: true, description: 'Where it meets in person, when it does.' })
  venue!: string | null;

  @Field(() => String, { nullable: true, description: 'The https link of the online meeting, when it is online or hybrid.' })
  onlineLink!: string | null;

  @Field(() => MeetingStatus, { description: 'Scheduled, held or cancelled.' })
  status!: MeetingStatus;

  @Field(() => Int, { description: 'Optimistic-concurrency counter: send it with `setMeetingStatus`.' })
  version!: number;

  @Field(() => Boolean, { description: 'True for sample data loaded at start; false for real records.' })
  isSample!: boolean;

  committeeId!: string;
  clusterCode!: string;
  date!: Date;
  createdAt!: Date;
}

/** An agenda item row. */
@ObjectType({
  description:
    'An item of a meeting agenda. It may refer to a development plan of this subgraph, a project of the budget subgraph, or a report by a free reference string (until the monitoring subgraph owns reports).',
})
export class AgendaItem {
  @Field(() => ID, { description: 'The agenda item id (a UUID).' })
  id!: string;

  @Field(() => Int, { description: 'Its place on the agenda, from 1.' })
  position!: number;

  @Field(() => String, { description: 'Title in Thai.' })
  titleTh!: string;

  @Field(() => String, {
    nullable: true,
    description: 'A reference to a report (e.g. its number or title) as free text: reports are not yet entities of the hub, so it is not checked.',
  })
  reportReference!: string | null;

  @Field(() => Boolean, { description: 'True for sample data loaded at start; false for real records.' })
  isSample!: boolean;

  meetingId!: string;
  clusterCode!: string;
  planId!: string | null;
  projectId!: string | null;
}

/** A resolution row. */
@ObjectType({ description: 'What the committee resolved on an agenda item.' })
export class Resolution {
  @Field(() => ID, { description: 'The resolution id (a UUID).' })
  id!: string;

  @Field(() => Int, { description: 'Its place under the agenda item, from 1.' })
  position!: number;

  @Field(() => String, { description: 'The text of the resolution in Thai.' })
  textTh!: string;

  @Field(() => Boolean, { description: 'True for sample data loaded at start; false for real records.' })
  isSample!: boolean;

  agendaItemId!: string;
  meetingId!: string;
  clusterCode!: string;
}

/** A follow-up row; `dueDate` and `overdue` come from field resolvers. */
@ObjectType({ description: 'A follow-up action of a resolution: what, who (an agency and/or a person), by when, and whether it is done.' })
export class FollowUp {
  @Field(() => ID, { description: 'The follow-up id (a UUID).' })
  id!: string;

  @Field(() => String, { description: 'What is to be done.' })
  description!: string;

  @Field(() => String, { nullable: true, description: 'The person (or position) responsible, when named.' })
  ownerPerson!: string | null;

  @Field(() => FollowUpStatus, { description: 'Open, done or cancelled.' })
  status!: FollowUpStatus;

  @Field(() => Int, { description: 'Optimistic-concurrency counter: send it with `updateFollowUp`.' })
  version!: number;

  @Field(() => Boolean, { description: 'True for sample data loaded at start; false for real records.' })
  isSample!: boolean;

  resolutionId!: string;
  meetingId!: string;
  clusterCode!: string;
  ownerAgencyCode!: string | null;
  dueDate!: Date;
  createdAt!: Date;
}

/** A page of meetings (`Committee.meetings`). */
export const MeetingConnection = createConnectionType(Meeting, 'Meeting', 'meeting');

/** A page of follow-ups (`Query.overdueFollowUps`, by due date). */
export const FollowUpConnection = createConnectionType(FollowUp, 'FollowUp', 'follow-up action');
