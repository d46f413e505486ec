import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { createConnectionType } from '../../../kit/connection';
import { ResultsVisibility, SurveyStatus } from '../generated/prisma/enums';

/** The survey enums of the Prisma schema, registered as GraphQL enums below. */
export { ResultsVisibility, SurveyStatus };

registerEnumType(SurveyStatus, {
  name: 'SurveyStatus',
  description: 'Where a priority survey is in its life: DRAFT → OPEN → CLOSED, one step at a time (transitionSurvey).',
  valuesConfig: {
    DRAFT: { description: "Being prepared; seen only by the cluster's staff, agencies and admins." },
    OPEN: { description: 'Taking answers (answerSurvey) until closed, or until `closesAt` passes.' },
    CLOSED: { description: 'No longer taking answers; its results are final and public. A survey past its `closesAt` reads as CLOSED.' },
  },
});

registerEnumType(ResultsVisibility, {
  name: 'ResultsVisibility',
  description: "When everyone may read a survey's results (its cluster's staff, agencies and admins always may).",
  valuesConfig: {
    LIVE: { description: 'While the survey is open, as answers come in, and after it closes.' },
    AFTER_CLOSE: { description: 'Only once the survey has closed (the default): early results never sway later answers.' },
  },
});

/** A survey row; cluster, subject, options, results and responses are resolved by SurveyResolver. */
@ObjectType({
  description:
    'A priority survey (การสำรวจความต้องการ): which strategic issues or proposed projects matter most to people for a fiscal year. One response per person, each ranking up to `maxChoices` options; results count first choices, mentions and Borda points.',
})
export class Survey {
  @Field(() => ID, { description: 'The survey id (a UUID).' })
  id!: string;

  @Field(() => Int, { description: 'The Thai fiscal year (Buddhist Era) the priorities are for, e.g. 2570.' })
  fiscalYear!: number;

  @Field(() => String, { description: 'Title in Thai.' })
  titleTh!: string;

  @Field(() => String, { nullable: true, description: 'Title in English, when given.' })
  titleEn!: string | null;

  @Field(() => String, { nullable: true, description: 'What the survey asks and why, in Thai, when given.' })
  descriptionTh!: string | null;

  @Field(() => ResultsVisibility, { description: 'When everyone may read the results: LIVE while open, or AFTER_CLOSE.' })
  resultsVisibility!: ResultsVisibility;

  @Field(() => Int, { description: 'The most options one response may rank (rank 1 = first priority).' })
  maxChoices!: number;

  @Field(() => Date, { nullable: true, description: 'When the survey stops taking answers by itself; null when staff close it by hand.' })
  closesAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When staff closed it (transitionSurvey to CLOSED); null while not closed by hand.' })
  closedAt!: Date | null;

  @Field(() => Int, { description: 'Optimistic-concurrency version: send it with transitionSurvey; it goes up with every change.' })
  version!: number;

  @Field(() => Date, { description: 'When the survey was created.' })
  createdAt!: Date;

  @Field(() => Boolean, { description: 'True for the sample records the hub loads at start (left out with SEED_SAMPLE_DATA=false); false for real records.' })
  isSample!: boolean;

  clusterCode!: string;
  status!: SurveyStatus;
  subjectKind!: string | null;
  subjectId!: string | null;
}

/** An option row; its subject entity is resolved by SurveyOptionResolver. */
@ObjectType({ description: 'One option of a priority survey: a strategic issue or a proposed project (by id), or a free label.' })
export class SurveyOption {
  @Field(() => ID, { description: 'The option id: what answerSurvey takes in `choices`.' })
  id!: string;

  @Field(() => Int, { description: 'Its place in the survey, from 1, as the survey lists it.' })
  position!: number;

  @Field(() => String, { description: 'The label in Thai.' })
  labelTh!: string;

  @Field(() => String, { nullable: true, description: 'The label in English, when given.' })
  labelEn!: string | null;

  surveyId!: string;
  subjectKind!: string | null;
  subjectId!: string | null;
}

/** One option's line in a survey's results (computed, not a row). */
@ObjectType({ description: "One option's standing in a survey's results." })
export class SurveyOptionResult {
  @Field(() => SurveyOption, { description: 'The option.' })
  option!: SurveyOption;

  @Field(() => Int, { description: 'Its place in the results, from 1: by points, then first choices; equal options share a place (1, 2, 2, 4).' })
  rank!: number;

  @Field(() => Int, { description: 'How many responses ranked it first.' })
  firstChoiceCount!: number;

  @Field(() => Int, { description: 'How many responses ranked it at all.' })
  mentions!: number;

  @Field(() => Int, { description: "Borda points: each response gives `maxChoices` points to its first choice, one fewer to its second, and so on down to 1." })
  points!: number;
}

/** A survey's results (computed from its responses in the database). */
@ObjectType({ description: "A survey's results: every option with its first choices, mentions and points, best first." })
export class SurveyResults {
  @Field(() => Int, { description: 'How many people answered.' })
  totalResponses!: number;

  @Field(() => Boolean, { description: 'True once the survey is closed: the results will not change any more.' })
  final!: boolean;

  @Field(() => [SurveyOptionResult], { description: 'Every option, best first (rank 1 first; equal ranks by position).' })
  options!: SurveyOptionResult[];
}

/** A response row; personal fields and choices are resolved by SurveyResponseResolver. */
@ObjectType({
  description:
    "One person's answer to a survey. Personal fields (fullName, phone, email) are returned only to the staff of the survey's cluster and admins; null for everyone else.",
})
export class SurveyResponse {
  @Field(() => ID, { description: 'The response id (a UUID).' })
  id!: string;

  @Field(() => String, { description: 'The name shown for the respondent: chosen by them, or their first name and initial.' })
  displayName!: string;

  @Field(() => String, { nullable: true, description: 'Province of the respondent (two-digit code), when given.' })
  provinceCode!: string | null;

  @Field(() => Date, { description: 'When the answer was given.' })
  createdAt!: Date;

  @Field(() => Boolean, { description: 'True for sample records (left out with SEED_SAMPLE_DATA=false); false for real answers.' })
  isSample!: boolean;

  surveyId!: string;
  clusterCode!: string;
  fullName!: string | null;
  phone!: string | null;
  email!: string | null;
}

/** A ranked choice of a response (computed from a SurveyChoice row and its option). */
@ObjectType({ description: 'One ranked choice of a response.' })
export class SurveyChoice {
  @Field(() => Int, { description: 'Its rank in the response: 1 = first priority.' })
  rank!: number;

  @Field(() => SurveyOption, { description: 'The option chosen.' })
  option!: SurveyOption;
}

/** A page of surveys (Query.surveys), newest first. */
export const SurveyConnection = createConnectionType(Survey, 'Survey', 'survey', 'newest first');
/** A page of a survey's responses (Survey.responses), newest first. */
export const SurveyResponseConnection = createConnectionType(SurveyResponse, 'SurveyResponse', 'survey response', 'newest first');
