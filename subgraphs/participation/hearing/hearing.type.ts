import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { createConnectionType } from '../../../kit/connection';
import { HearingStatus } from '../generated/prisma/client';

export { HearingStatus };

registerEnumType(HearingStatus, {
  name: 'HearingStatus',
  description:
    'Where a hearing is in its life, forward one step at a time: SCHEDULED → OPEN → CLOSED → REPORTED. People register while SCHEDULED or OPEN; staff record attendance while OPEN or CLOSED; REPORTED needs the summary report.',
  valuesConfig: {
    SCHEDULED: { description: 'Announced; registration is open.' },
    OPEN: { description: 'Under way (doors open): registration and attendance are recorded.' },
    CLOSED: { description: 'Over; attendance may still be corrected, no more registrations.' },
    REPORTED: { description: 'Its summary report is published (`reportTh`). Final.' },
  },
});

/** The kinds of subject a hearing may be about (a hearing is never about another hearing). */
export enum HearingSubjectKind {
  PLAN = 'PLAN',
  STRATEGIC_ISSUE = 'STRATEGIC_ISSUE',
  PROJECT = 'PROJECT',
}

registerEnumType(HearingSubjectKind, {
  name: 'HearingSubjectKind',
  description: 'What a hearing is about: an entity of another subgraph, referred to by id.',
  valuesConfig: {
    PLAN: { description: "A cluster's development plan (DevelopmentPlan, strategy subgraph)." },
    STRATEGIC_ISSUE: { description: 'A strategic issue of a plan (StrategicIssue, strategy subgraph).' },
    PROJECT: { description: 'A project (Project, budget subgraph).' },
  },
});

/**
 * A hearing row. Relations, times, counts and the registrations are resolved by the hearing
 * resolver; the columns without `@Field` are read by those resolvers only.
 */
@ObjectType({ description: "A public hearing (การรับฟังความคิดเห็น) on a cluster's development plan, strategic issue or project." })
@Directive('@key(fields: "id")')
export class Hearing {
  @Field(() => ID, { description: 'The hearing id (a UUID).' })
  id!: string;

  @Field(() => String, { description: 'Title in Thai.' })
  titleTh!: string;

  @Field(() => String, { nullable: true, description: 'Title in English, when given.' })
  titleEn!: string | null;

  @Field(() => String, { nullable: true, description: 'What the hearing is about and how it runs, in Thai (plain text, may have line breaks).' })
  descriptionTh!: string | null;

  @Field(() => Date, { description: 'When it starts (an instant; the hub shows dates in Asia/Bangkok, UTC+7). Hearings scheduled with a date only start at 09:00 Bangkok time.' })
  startsAt!: Date;

  @Field(() => String, { nullable: true, description: 'Where it is held, in Thai; null for an online-only hearing or before a venue is chosen.' })
  venueTh!: string | null;

  @Field(() => String, { nullable: true, description: 'The https link to join online, when it is (also) held online.' })
  onlineUrl!: string | null;

  @Field(() => Int, { nullable: true, description: 'Most registrations accepted; null when there is no limit.' })
  capacity!: number | null;

  @Field(() => HearingStatus, { description: 'Where the hearing is in its life (SCHEDULED → OPEN → CLOSED → REPORTED).' })
  status!: HearingStatus;

  @Field(() => String, {
    description:
      "Why registrants' personal data (name, phone, e-mail, national ID number) is collected and how it is used: shown to people when they register (PDPA s. 23).",
  })
  purposeTh!: string;

  @Field(() => String, { nullable: true, description: 'The summary report of what was heard, in Thai; set when the hearing moves to REPORTED.' })
  reportTh!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the summary report was published; null before REPORTED.' })
  reportedAt!: Date | null;

  @Field(() => Int, { description: 'Bumped by every change of the hearing; send it back as `version` to transitionHearing to be told (CONFLICT) when someone else changed it first.' })
  version!: number;

  @Field(() => Date, { description: 'When it was scheduled.' })
  createdAt!: Date;

  @Field(() => Boolean, { description: 'True for the sample records the hub loads at start so a new hub has something to show (left out with SEED_SAMPLE_DATA=false); false for real records.' })
  isSample!: boolean;

  clusterCode!: string;
  subjectKind!: string | null;
  subjectId!: string | null;
  provinceCode!: string | null;
}

/** A page of hearings (`Query.hearings`). */
export const HearingConnection = createConnectionType(Hearing, 'Hearing', 'hearing', 'newest first');
