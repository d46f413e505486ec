import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, NEWEST_FIRST_ORDER, beforeKeyset, parsePage, toConnection, type Connection } from '../../../kit/connection';
import { parseId } from '../../../kit/validate';
import { maySeePersonalData } from '../access';
import { Cluster } from '../cluster/cluster.type';
import type { ParticipationContext } from '../context';
import { DevelopmentPlan, Project, StrategicIssue } from '../entities';
import type { Survey as SurveyRow, SurveyOption as OptionRow, SurveyResponse as ResponseRow } from '../generated/prisma/client';
import type { ChoiceWithOption } from './survey.loaders';
import { AnswerSurveyInput, CreateSurveyInput, SurveyFilter, TransitionSurveyInput } from './survey.input';
import {
  answerSurvey,
  canReadSurvey,
  createSurvey,
  effectiveStatus,
  mayListResponses,
  mayReadResults,
  resultsOf,
  surveyListWhere,
  transitionSurvey,
} from './survey.service';
import {
  Survey,
  SurveyChoice,
  SurveyConnection,
  SurveyOption,
  SurveyResponse,
  SurveyResponseConnection,
  SurveyResults,
  SurveyStatus,
} from './survey.type';

/** The entity a plan/issue/project reference stands for, when the row's subject is of that kind. */
function subjectOf(row: { subjectKind: string | null; subjectId: string | null }, kind: string): { id: string } | null {
  return row.subjectKind === kind && row.subjectId ? { id: row.subjectId } : null;
}

/** The surveys of a subject the caller may read, newest first. */
async function readableSurveysOf({ loaders, identity }: ParticipationContext, subjectId: string): Promise<SurveyRow[]> {
  return (await loaders.surveysOfSubject.load(subjectId)).filter((survey) => canReadSurvey(identity, survey));
}

/** Priority surveys: queries, writes (create, open/close, answer) and computed fields. */
@Resolver(() => Survey)
export class SurveyResolver {
  @Query(() => Survey, { nullable: true, description: "One survey by id; null when none has it or the caller may not read it (a DRAFT, for anyone but its cluster's staff, agencies and admins)." })
  async survey(@Arg('id', () => ID, { description: 'The survey id.' }) id: string, @Ctx() { loaders, identity }: ParticipationContext): Promise<SurveyRow | null> {
    const survey = await loaders.surveyById.load(parseId(id));
    return survey && canReadSurvey(identity, survey) ? survey : null;
  }

  @Directive('@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)')
  @Query(() => SurveyConnection, {
    description:
      "Priority surveys of every cluster, newest first, filtered and paged. The public sees OPEN and CLOSED surveys; a cluster's staff also see its drafts; agencies and admins see all.",
  })
  async surveys(
    @Arg('filter', () => SurveyFilter, { nullable: true, description: 'What to narrow the list by.' }) filter: SurveyFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { prisma, identity }: ParticipationContext,
  ): Promise<Connection<SurveyRow>> {
    const page = parsePage(args);
    const where = surveyListWhere(identity, filter);
    const [rows, total] = await Promise.all([
      prisma.survey.findMany({ where: { AND: [where, beforeKeyset(page.after)] }, orderBy: [...NEWEST_FIRST_ORDER], take: page.first + 1 }),
      prisma.survey.count({ where }),
    ]);
    return toConnection(rows, page, total);
  }

  @Mutation(() => Survey, {
    nullable: true,
    description:
      'Creates a priority survey (DRAFT) with 2 to 30 options: strategic issues or proposed projects of the cluster, or free labels. Needs OSM staff of that cluster, or an admin. Null, with an error at this path, when it was not stored.',
  })
  createSurvey(@Arg('input', () => CreateSurveyInput, { description: 'The survey to create.' }) input: CreateSurveyInput, @Ctx() context: ParticipationContext): Promise<SurveyRow> {
    return createSurvey(context, input);
  }

  @Mutation(() => Survey, {
    nullable: true,
    description:
      "Moves a survey DRAFT → OPEN or OPEN → CLOSED. Needs OSM staff of the survey's cluster, or an admin. CONFLICT when `version` is stale. Null, with an error at this path, when nothing changed.",
  })
  transitionSurvey(
    @Arg('input', () => TransitionSurveyInput, { description: 'The survey, the status to move to, and the version you read.' }) input: TransitionSurveyInput,
    @Ctx() context: ParticipationContext,
  ): Promise<SurveyRow> {
    return transitionSurvey(context, input);
  }

  @Mutation(() => SurveyResponse, {
    nullable: true,
    description:
      'Answers an OPEN survey with up to maxChoices options, ranked (first = top priority). One answer per person: a signed-in citizen by account, the public by e-mail address or phone (required); a second answer is CONFLICT. Null, with an error at this path, when it was not stored.',
  })
  answerSurvey(@Arg('input', () => AnswerSurveyInput, { description: 'The answer.' }) input: AnswerSurveyInput, @Ctx() context: ParticipationContext): Promise<ResponseRow> {
    return answerSurvey(context, input);
  }

  @FieldResolver(() => SurveyStatus, { description: 'Where the survey is: DRAFT, OPEN or CLOSED (an OPEN survey past its closesAt reads as CLOSED).' })
  status(@Root() survey: SurveyRow): SurveyStatus {
    return effectiveStatus(survey);
  }

  @FieldResolver(() => Cluster, { description: 'The cluster running the survey.' })
  cluster(@Root() survey: SurveyRow): Cluster {
    return { code: survey.clusterCode };
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The id of the plan, strategic issue or project the survey is about; null for a survey of the cluster at large.' })
  subjectId(@Root() survey: SurveyRow): string | null {
    return survey.subjectId;
  }

  @FieldResolver(() => DevelopmentPlan, { nullable: true, description: 'The development plan the survey is about; null when it is about something else.' })
  plan(@Root() survey: SurveyRow): DevelopmentPlan | null {
    return subjectOf(survey, 'PLAN');
  }

  @FieldResolver(() => StrategicIssue, { nullable: true, description: 'The strategic issue the survey is about; null when it is about something else.' })
  strategicIssue(@Root() survey: SurveyRow): StrategicIssue | null {
    return subjectOf(survey, 'STRATEGIC_ISSUE');
  }

  @FieldResolver(() => Project, { nullable: true, description: 'The project the survey is about; null when it is about something else.' })
  project(@Root() survey: SurveyRow): Project | null {
    return subjectOf(survey, 'PROJECT');
  }

  @Directive('@listSize(assumedSize: 30)')
  @FieldResolver(() => [SurveyOption], { description: 'The options, in the order shown (by position).' })
  options(@Root() survey: SurveyRow, @Ctx() { loaders }: ParticipationContext): Promise<OptionRow[]> {
    return loaders.optionsOfSurvey.load(survey.id);
  }

  @FieldResolver(() => Int, { description: 'How many people have answered (shown to everyone, even before the results are).' })
  responseCount(@Root() survey: SurveyRow, @Ctx() { loaders }: ParticipationContext): Promise<number> {
    return loaders.responseCountOfSurvey.load(survey.id);
  }

  @FieldResolver(() => SurveyResults, {
    nullable: true,
    description:
      "The results: per option first choices, mentions, Borda points and rank. Everyone sees them once the survey is closed, or while it is open when resultsVisibility is LIVE; before that null (no error), except for the cluster's staff, agencies and admins.",
  })
  async results(@Root() survey: SurveyRow, @Ctx() { loaders, identity }: ParticipationContext): Promise<SurveyResults | null> {
    if (!mayReadResults(identity, survey)) return null;
    return resultsOf(survey, await loaders.tallyOfSurvey.load(survey.id));
  }

  @Directive('@listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)')
  @FieldResolver(() => SurveyResponseConnection, {
    nullable: true,
    description:
      "The answers one by one, newest first, with the respondents' personal data: for the staff of the survey's cluster and admins only; null for everyone else (agencies included), who read responseCount and, when visible, results.",
  })
  async responses(@Root() survey: SurveyRow, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() { loaders, identity }: ParticipationContext): Promise<Connection<ResponseRow> | null> {
    const page = parsePage(args);
    if (!mayListResponses(identity, survey)) return null;
    return loaders.responsesPage(page).load(survey.id);
  }
}

/** The subject entities of a survey option. */
@Resolver(() => SurveyOption)
export class SurveyOptionResolver {
  @FieldResolver(() => ID, { nullable: true, description: 'The id of the strategic issue or project the option stands for; null for a free label.' })
  subjectId(@Root() option: OptionRow): string | null {
    return option.subjectId;
  }

  @FieldResolver(() => StrategicIssue, { nullable: true, description: 'The strategic issue the option stands for; null when it is a project or a free label.' })
  strategicIssue(@Root() option: OptionRow): StrategicIssue | null {
    return subjectOf(option, 'STRATEGIC_ISSUE');
  }

  @FieldResolver(() => Project, { nullable: true, description: 'The proposed project the option stands for; null when it is a strategic issue or a free label (and, through the gateway, when you may not read the project).' })
  project(@Root() option: OptionRow): Project | null {
    return subjectOf(option, 'PROJECT');
  }
}

/** The personal fields and choices of a survey response. */
@Resolver(() => SurveyResponse)
export class SurveyResponseResolver {
  @FieldResolver(() => String, { nullable: true, description: "The respondent's full name: only for the staff of the survey's cluster and admins; null for everyone else, and when not given." })
  fullName(@Root() response: ResponseRow, @Ctx() { identity }: ParticipationContext): string | null {
    return maySeePersonalData(identity, response.clusterCode) ? response.fullName : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "The respondent's phone number: only for the staff of the survey's cluster and admins; null for everyone else, and when not given." })
  phone(@Root() response: ResponseRow, @Ctx() { identity }: ParticipationContext): string | null {
    return maySeePersonalData(identity, response.clusterCode) ? response.phone : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "The respondent's e-mail address: only for the staff of the survey's cluster and admins; null for everyone else, and when not given." })
  email(@Root() response: ResponseRow, @Ctx() { identity }: ParticipationContext): string | null {
    return maySeePersonalData(identity, response.clusterCode) ? response.email : null;
  }

  @FieldResolver(() => Survey, { nullable: true, description: 'The survey answered; null when you may not read it.' })
  async survey(@Root() response: ResponseRow, @Ctx() { loaders, identity }: ParticipationContext): Promise<SurveyRow | null> {
    const survey = await loaders.surveyById.load(response.surveyId);
    return survey && canReadSurvey(identity, survey) ? survey : null;
  }

  @Directive('@listSize(assumedSize: 5)')
  @FieldResolver(() => [SurveyChoice], { description: 'The options the respondent ranked, by rank (1 = first priority).' })
  choices(@Root() response: ResponseRow, @Ctx() { loaders }: ParticipationContext): Promise<ChoiceWithOption[]> {
    return loaders.choicesOfResponse.load(response.id);
  }
}

/** The surveys this subgraph adds to DevelopmentPlan. */
@Resolver(() => DevelopmentPlan)
export class PlanSurveysResolver {
  @Directive('@listSize(assumedSize: 10)')
  @FieldResolver(() => [Survey], {
    nullable: true,
    description: "Priority surveys about the plan, newest first (the public sees OPEN and CLOSED ones). Null, with an error naming the subgraph, when participation cannot answer.",
  })
  surveys(@Root() plan: DevelopmentPlan, @Ctx() context: ParticipationContext): Promise<SurveyRow[]> {
    return readableSurveysOf(context, plan.id);
  }
}

/** The surveys this subgraph adds to StrategicIssue. */
@Resolver(() => StrategicIssue)
export class IssueSurveysResolver {
  @Directive('@listSize(assumedSize: 10)')
  @FieldResolver(() => [Survey], {
    nullable: true,
    description: "Priority surveys about the strategic issue, newest first (the public sees OPEN and CLOSED ones). Null, with an error naming the subgraph, when participation cannot answer.",
  })
  surveys(@Root() issue: StrategicIssue, @Ctx() context: ParticipationContext): Promise<SurveyRow[]> {
    return readableSurveysOf(context, issue.id);
  }
}

/** Every resolver class of the survey area, for the subgraph's resolver list. */
export const SURVEY_RESOLVERS = [SurveyResolver, SurveyOptionResolver, SurveyResponseResolver, PlanSurveysResolver, IssueSurveysResolver] as const;
