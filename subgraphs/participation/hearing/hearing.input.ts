import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { HearingStatus, HearingSubjectKind } from './hearing.type';

@InputType({ description: 'A public hearing to schedule. It starts SCHEDULED (registration open). Give the start as `startsAt`, or as `heldOn` (a date; 09:00 Bangkok time).' })
export class ScheduleHearingInput {
  @Field(() => String, { description: 'The cluster holding the hearing, e.g. "S2".' })
  clusterCode!: string;

  @Field(() => String, { description: 'Title in Thai (up to 300 characters).' })
  titleTh!: string;

  @Field(() => String, { nullable: true, description: 'Title in English (up to 300 characters).' })
  titleEn?: string | null;

  @Field(() => String, { nullable: true, description: 'What the hearing is about and how it runs, in Thai (plain text, line breaks allowed, up to 5,000 characters).' })
  descriptionTh?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "What the hearing is about: the id of a development plan, strategic issue or project of the same cluster (owned by the strategy and budget subgraphs, which are asked as you).",
  })
  subjectId?: string | null;

  @Field(() => HearingSubjectKind, { nullable: true, description: 'The kind of `subjectId`, to look only there; every kind is tried when omitted. Needs `subjectId`.' })
  subjectKind?: HearingSubjectKind | null;

  @Field(() => String, {
    nullable: true,
    description:
      'When it starts: an ISO 8601 time with its offset, e.g. "2026-12-15T13:30:00+07:00" or "2026-12-15T06:30:00Z", or a local time "2026-12-15T13:30" read as Asia/Bangkok. Give this or `heldOn`.',
  })
  startsAt?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Date of the hearing, YYYY-MM-DD in the Gregorian calendar, e.g. "2026-12-15": it starts at 09:00 Bangkok time. With `startsAt`, it must be the Bangkok date of `startsAt`.',
  })
  heldOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Two-digit code of the province of the venue, a member of the cluster, e.g. "83".' })
  provinceCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Venue in Thai (up to 300 characters).' })
  venueTh?: string | null;

  @Field(() => String, { nullable: true, description: 'The https link to join online (up to 500 characters).' })
  onlineUrl?: string | null;

  @Field(() => Int, { nullable: true, description: 'Most registrations to accept (1 to 100,000); no limit when omitted.' })
  capacity?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Why registrants' personal data is collected and how it is used, in Thai, shown at registration (up to 2,000 characters); the hub's standard statement when omitted.",
  })
  purposeTh?: string | null;
}

@InputType({ description: 'Moves a hearing to its next status: SCHEDULED → OPEN → CLOSED → REPORTED.' })
export class TransitionHearingInput {
  @Field(() => ID, { description: 'The hearing to move.' })
  hearingId!: string;

  @Field(() => HearingStatus, { description: 'The status to move to.' })
  status!: HearingStatus;

  @Field(() => Int, { nullable: true, description: "The hearing's `version` as you read it; CONFLICT when it changed since. When omitted, the move still fails if another change lands while it runs." })
  version?: number | null;

  @Field(() => String, { nullable: true, description: 'The summary report of what was heard, in Thai (plain text, line breaks allowed, up to 20,000 characters): required to move to REPORTED, refused otherwise.' })
  reportTh?: string | null;
}

/** The orders `Query.hearings` can list in. */
export enum HearingOrder {
  NEWEST_FIRST = 'NEWEST_FIRST',
  BY_START_TIME = 'BY_START_TIME',
}

registerEnumType(HearingOrder, {
  name: 'HearingOrder',
  description: 'The order of a list of hearings (ties broken by id, so paging is stable).',
  valuesConfig: {
    NEWEST_FIRST: { description: 'Most recently scheduled first (the default).' },
    BY_START_TIME: { description: 'Earliest start first: a calendar of hearings.' },
  },
});

@InputType({ description: 'What to narrow a list of hearings by; all given conditions must hold.' })
export class HearingFilter {
  @Field(() => String, { nullable: true, description: 'Only hearings of this cluster, e.g. "N1".' })
  clusterCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only hearings held in this province (two-digit code), e.g. "50".' })
  provinceCode?: string | null;

  @Field(() => [HearingStatus], { nullable: true, description: 'Only hearings in one of these statuses.' })
  statuses?: HearingStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Only hearings about this plan, strategic issue or project (its id).' })
  subjectId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only hearings starting on or after this date (YYYY-MM-DD, Asia/Bangkok).' })
  startsOnOrAfter?: string | null;

  @Field(() => String, { nullable: true, description: 'Only hearings starting on or before this date (YYYY-MM-DD, Asia/Bangkok).' })
  startsOnOrBefore?: string | null;

  @Field(() => String, { nullable: true, description: 'Text to find in the Thai or English title, the description or the venue (case-insensitive, up to 100 characters), e.g. "หมอกควัน".' })
  search?: string | null;
}
