import { Field, ID, InputType, Int } from 'type-graphql';
import { ResultsVisibility, SurveyStatus } from './survey.type';

/** One option of createSurvey: a subject of the cluster or a free label. */
@InputType({ description: 'One option of a new survey: a strategic issue or proposed project of the cluster (by id), or a free label.' })
export class SurveyOptionInput {
  @Field(() => ID, { nullable: true, description: "A strategic issue or project of the survey's cluster the option stands for; omit for a free label." })
  subjectId?: string | null;

  @Field(() => String, { description: 'The label in Thai (up to 300 characters); labels are unique within a survey.' })
  labelTh!: string;

  @Field(() => String, { nullable: true, description: 'The label in English (up to 300 characters).' })
  labelEn?: string | null;
}

/** What createSurvey takes (survey.service.ts checks it all before writing). */
@InputType({ description: 'A priority survey to create (as a DRAFT).' })
export class CreateSurveyInput {
  @Field(() => String, { description: 'The cluster running the survey, e.g. "N1".' })
  clusterCode!: string;

  @Field(() => Int, { description: 'The Thai fiscal year (Buddhist Era) the priorities are for, e.g. 2570.' })
  fiscalYear!: number;

  @Field(() => String, { description: 'Title in Thai (up to 300 characters).' })
  titleTh!: string;

  @Field(() => String, { nullable: true, description: 'Title in English (up to 300 characters).' })
  titleEn?: string | null;

  @Field(() => String, { nullable: true, description: 'What the survey asks and why, in Thai (up to 4,000 characters, line breaks allowed).' })
  descriptionTh?: string | null;

  @Field(() => ID, { nullable: true, description: "The plan, strategic issue or project of the cluster the survey is about; omit for a survey about the cluster's priorities at large." })
  subjectId?: string | null;

  @Field(() => ResultsVisibility, { defaultValue: ResultsVisibility.AFTER_CLOSE, description: 'When everyone may read the results; AFTER_CLOSE by default.' })
  resultsVisibility!: ResultsVisibility;

  @Field(() => Int, { nullable: true, description: 'The most options one response may rank, 1 to the number of options; default 3 (or the number of options when fewer).' })
  maxChoices?: number | null;

  @Field(() => Date, { nullable: true, description: 'When the survey stops taking answers by itself (an instant in the future); omit to close it by hand.' })
  closesAt?: Date | null;

  @Field(() => [SurveyOptionInput], { description: 'The options, 2 to 30, in the order shown.' })
  options!: SurveyOptionInput[];
}

/** What transitionSurvey takes. */
@InputType({ description: 'A survey and the status to move it to.' })
export class TransitionSurveyInput {
  @Field(() => ID, { description: 'The survey id.' })
  surveyId!: string;

  @Field(() => SurveyStatus, { description: 'The status to move to: OPEN from DRAFT, CLOSED from OPEN.' })
  status!: SurveyStatus;

  @Field(() => Int, { nullable: true, description: 'The version you read; CONFLICT when the survey changed since. Omit to move it whatever its version.' })
  version?: number | null;
}

/** What answerSurvey takes: ranked option ids and, for the public, a contact. */
@InputType({
  description:
    "An answer to an open survey. Signed-in citizens answer under their account; the public must give an e-mail address or phone number (one response per person). Personal data is collected by the survey's cluster, to count one answer per person and contact respondents about the survey only.",
})
export class AnswerSurveyInput {
  @Field(() => ID, { description: 'The survey id.' })
  surveyId!: string;

  @Field(() => [ID], { description: 'Option ids, ranked: the first is your top priority. At least one, at most the survey\'s maxChoices, no repeats.' })
  choices!: string[];

  @Field(() => String, { nullable: true, description: 'Your full name (personal data; up to 200 characters).' })
  fullName?: string | null;

  @Field(() => String, { nullable: true, description: 'Your Thai phone number (personal data); the public must give this or an e-mail address.' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Your e-mail address (personal data); the public must give this or a phone number.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'The name shown with your answer (up to 60 characters); default: your first name and initial, or anonymous.' })
  displayName?: string | null;

  @Field(() => String, { nullable: true, description: "Your province (two-digit code), one of the survey's cluster." })
  provinceCode?: string | null;
}

/** The filter of Query.surveys (validated by surveyListWhere). */
@InputType({ description: 'What to narrow a list of surveys by.' })
export class SurveyFilter {
  @Field(() => String, { nullable: true, description: 'Only surveys of this cluster, e.g. "N1".' })
  clusterCode?: string | null;

  @Field(() => SurveyStatus, { nullable: true, description: 'Only surveys in this status (a survey past its closesAt counts as CLOSED).' })
  status?: SurveyStatus | null;

  @Field(() => Int, { nullable: true, description: 'Only surveys for this fiscal year (Buddhist Era), e.g. 2570.' })
  fiscalYear?: number | null;

  @Field(() => ID, { nullable: true, description: 'Only surveys about this plan, strategic issue or project.' })
  subjectId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only surveys created on or after this date, YYYY-MM-DD (Asia/Bangkok).' })
  createdFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Only surveys created on or before this date, YYYY-MM-DD (Asia/Bangkok).' })
  createdTo?: string | null;

  @Field(() => String, { nullable: true, description: 'Text to find in the Thai or English title (case-insensitive, up to 100 characters).' })
  search?: string | null;
}
