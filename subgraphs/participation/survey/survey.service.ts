import { CLUSTER_PROVINCES, parseClusterCode } from '../../../kit/clusters';
import { bangkokDays } from '../../../kit/fiscal';
import { BadUserInputError, ConflictError, NotFoundError, preview } from '../../../kit/errors';
import type { Identity } from '../../../kit/identity';
import { checkFiscalYear, cleanOptionalText, cleanText, parseId } from '../../../kit/validate';
import { isUniqueViolation } from '../../../kit/database';
import { authorizeStaffWrite, maySeePersonalData, participantOf, readableWhere, readsUnpublished } from '../access';
import type { ParticipationContext } from '../context';
import { type Prisma, type Survey, type SurveyResponse } from '../generated/prisma/client';
import { contactKey, displayNameOf, parseEmail, parseFullName, parsePhone } from '../personal/contact';
import { resolveSubject, type Subject } from '../subject';
import type { SurveyTally } from './survey.loaders';
import type { AnswerSurveyInput, CreateSurveyInput, SurveyFilter, TransitionSurveyInput } from './survey.input';
import { SurveyStatus, type SurveyResults } from './survey.type';

/** Fewest and most options a survey may have. */
export const SURVEY_OPTIONS = { min: 2, max: 30 } as const;
/** How many options a response may rank when the survey does not say. */
const DEFAULT_MAX_CHOICES = 3;
/** The moves transitionSurvey allows, from each status. */
const NEXT_STATUS: Readonly<Record<SurveyStatus, readonly SurveyStatus[]>> = {
  DRAFT: [SurveyStatus.OPEN],
  OPEN: [SurveyStatus.CLOSED],
  CLOSED: [],
};

/** The status a survey reads as: an OPEN survey past its `closesAt` is CLOSED, before staff close it by hand. */
export function effectiveStatus(survey: Pick<Survey, 'status' | 'closesAt'>, now = new Date()): SurveyStatus {
  if (survey.status === SurveyStatus.OPEN && survey.closesAt && survey.closesAt.getTime() <= now.getTime()) return SurveyStatus.CLOSED;
  return survey.status;
}

/** Whether the caller may read a survey: everyone once it leaves DRAFT; drafts, its cluster's staff, agencies and admins. */
export function canReadSurvey(identity: Identity, survey: Pick<Survey, 'status' | 'clusterCode'>): boolean {
  return survey.status !== SurveyStatus.DRAFT || readsUnpublished(identity, survey.clusterCode);
}

/**
 * Whether the caller may read a survey's results now: its cluster's staff, agencies and admins
 * always; everyone else once it is closed, or while it is open when its results are LIVE.
 */
export function mayReadResults(identity: Identity, survey: Survey, now = new Date()): boolean {
  if (readsUnpublished(identity, survey.clusterCode)) return true;
  const status = effectiveStatus(survey, now);
  return status === SurveyStatus.CLOSED || (status === SurveyStatus.OPEN && survey.resultsVisibility === 'LIVE');
}

/**
 * Who may list a survey's responses one by one: the staff of its cluster and admins, the same
 * callers who may see the respondents' personal data. A person's ranking is theirs; everyone
 * else (agencies included) reads the counts and, when visible, the results.
 */
export function mayListResponses(identity: Identity, survey: Pick<Survey, 'clusterCode'>): boolean {
  return maySeePersonalData(identity, survey.clusterCode);
}

/** The Prisma condition of the surveys a caller may read (see {@link canReadSurvey}). */
function surveysReadableBy(identity: Identity): Prisma.SurveyWhereInput {
  return readableWhere<Prisma.SurveyWhereInput>(identity, { status: { not: SurveyStatus.DRAFT } });
}

/** The Prisma condition of surveys that read as `status` now (see {@link effectiveStatus}). */
function statusWhere(status: SurveyStatus, now: Date): Prisma.SurveyWhereInput {
  if (status === SurveyStatus.OPEN) return { status, OR: [{ closesAt: null }, { closesAt: { gt: now } }] };
  if (status === SurveyStatus.CLOSED) return { OR: [{ status }, { status: SurveyStatus.OPEN, closesAt: { lte: now } }] };
  return { status };
}

/**
 * The Prisma condition of a `surveys` query: what the caller may read, narrowed by the filter
 * (validated first).
 *
 * @throws BadUserInputError naming the filter field at fault.
 */
export function surveyListWhere(identity: Identity, filter: SurveyFilter | null | undefined, now = new Date()): Prisma.SurveyWhereInput {
  const where: Prisma.SurveyWhereInput[] = [surveysReadableBy(identity)];
  if (filter?.clusterCode !== null && filter?.clusterCode !== undefined) where.push({ clusterCode: parseClusterCode(filter.clusterCode, 'filter.clusterCode') });
  if (filter?.status) where.push(statusWhere(filter.status, now));
  if (filter?.fiscalYear !== null && filter?.fiscalYear !== undefined) where.push({ fiscalYear: checkFiscalYear(filter.fiscalYear, 'filter.fiscalYear') });
  if (filter?.subjectId !== null && filter?.subjectId !== undefined) where.push({ subjectId: parseId(filter.subjectId, 'filter.subjectId') });
  const created = bangkokDays(filter?.createdFrom, filter?.createdTo, { from: 'filter.createdFrom', to: 'filter.createdTo' });
  if (created) where.push({ createdAt: created });
  if (filter?.search !== null && filter?.search !== undefined) {
    const text = cleanText(filter.search, 'filter.search', { max: 100 });
    where.push({ OR: [{ titleTh: { contains: text, mode: 'insensitive' } }, { titleEn: { contains: text, mode: 'insensitive' } }] });
  }
  return { AND: where };
}

/**
 * A survey's results from its tally: Borda points (`maxChoices` for a first choice down to 1),
 * first choices and mentions per option, best first; equal points and first choices share a rank.
 */
export function resultsOf(survey: Survey, tally: SurveyTally, now = new Date()): SurveyResults {
  const lines = tally.options.map(({ option, byRank }) => ({
    option,
    firstChoiceCount: byRank[0] ?? 0,
    mentions: byRank.reduce((sum, count) => sum + count, 0),
    points: byRank.reduce((sum, count, index) => sum + count * Math.max(survey.maxChoices - index, 0), 0),
  }));
  lines.sort((a, b) => b.points - a.points || b.firstChoiceCount - a.firstChoiceCount || a.option.position - b.option.position);
  const options = lines.map((line, index) => ({ ...line, rank: index + 1 }));
  for (let i = 1; i < options.length; i += 1) {
    const previous = options[i - 1];
    if (options[i].points === previous.points && options[i].firstChoiceCount === previous.firstChoiceCount) options[i].rank = previous.rank;
  }
  return { totalResponses: tally.totalResponses, final: effectiveStatus(survey, now) === SurveyStatus.CLOSED, options };
}

/**
 * Creates a priority survey (DRAFT) with its options, after checking rights and everything in
 * the input: the subject (a plan, strategic issue or project of the cluster) and the options'
 * subjects (strategic issues or projects of the cluster) are asked of their owners as the caller.
 *
 * @throws UnauthenticatedError / ForbiddenError when the caller may not write the cluster;
 *   BadUserInputError naming the field for anything else wrong; SUBGRAPH_UNAVAILABLE when an owner
 *   of a subject does not answer. Nothing is written on any error.
 */
export async function createSurvey(context: ParticipationContext, input: CreateSurveyInput, now = new Date()): Promise<Survey> {
  const { clusterCode, author } = authorizeStaffWrite(context.identity, input.clusterCode);
  const fiscalYear = checkFiscalYear(input.fiscalYear);
  const titleTh = cleanText(input.titleTh, 'titleTh', { max: 300 });
  const titleEn = cleanOptionalText(input.titleEn, 'titleEn', { max: 300 });
  const descriptionTh = cleanOptionalText(input.descriptionTh, 'descriptionTh', { max: 4000, multiline: true });
  if (input.options.length < SURVEY_OPTIONS.min || input.options.length > SURVEY_OPTIONS.max) {
    throw new BadUserInputError(`options must list ${SURVEY_OPTIONS.min} to ${SURVEY_OPTIONS.max} options; got ${input.options.length}.`, 'options');
  }
  const labels = new Map<string, number>();
  const subjectIds = new Map<string, number>();
  const options = input.options.map((option, index) => {
    const labelTh = cleanText(option.labelTh, `options[${index}].labelTh`, { max: 300 });
    const key = labelTh.toLocaleLowerCase('th');
    if (labels.has(key)) throw new BadUserInputError(`options[${index}].labelTh repeats option ${labels.get(key)}'s label ${preview(labelTh)}; each option needs its own label.`, `options[${index}].labelTh`);
    labels.set(key, index);
    const subjectId = option.subjectId ? parseId(option.subjectId, `options[${index}].subjectId`) : null;
    if (subjectId && subjectIds.has(subjectId)) throw new BadUserInputError(`options[${index}].subjectId repeats option ${subjectIds.get(subjectId)}'s subject; list each issue or project once.`, `options[${index}].subjectId`);
    if (subjectId) subjectIds.set(subjectId, index);
    return { position: index + 1, labelTh, labelEn: cleanOptionalText(option.labelEn, `options[${index}].labelEn`, { max: 300 }), subjectId };
  });
  const maxChoices = input.maxChoices ?? Math.min(DEFAULT_MAX_CHOICES, options.length);
  if (!Number.isInteger(maxChoices) || maxChoices < 1 || maxChoices > options.length) {
    throw new BadUserInputError(`maxChoices must be between 1 and the number of options (${options.length}); got ${maxChoices}.`, 'maxChoices');
  }
  if (input.closesAt && input.closesAt.getTime() <= now.getTime()) {
    throw new BadUserInputError(`closesAt must be in the future; got ${input.closesAt.toISOString()}.`, 'closesAt');
  }
  const inCluster = (subject: Subject, field: string): Subject => {
    if (subject.clusterCode !== clusterCode) throw new BadUserInputError(`${field} belongs to cluster ${subject.clusterCode}, not ${clusterCode}; a survey asks about its own cluster.`, field);
    return subject;
  };
  const [subject, optionSubjects] = await Promise.all([
    input.subjectId ? resolveSubject(context, input.subjectId, 'subjectId', ['PLAN', 'STRATEGIC_ISSUE', 'PROJECT']).then((found) => inCluster(found, 'subjectId')) : null,
    Promise.all(
      options.map((option, index) =>
        option.subjectId
          ? resolveSubject(context, option.subjectId, `options[${index}].subjectId`, ['STRATEGIC_ISSUE', 'PROJECT']).then((found) => inCluster(found, `options[${index}].subjectId`))
          : null,
      ),
    ),
  ]);
  return context.prisma.survey.create({
    data: {
      clusterCode,
      subjectKind: subject?.kind ?? null,
      subjectId: subject?.id ?? null,
      fiscalYear,
      titleTh,
      titleEn,
      descriptionTh,
      resultsVisibility: input.resultsVisibility,
      maxChoices,
      closesAt: input.closesAt ?? null,
      createdBy: author,
      options: {
        create: options.map((option, index) => ({ ...option, subjectKind: optionSubjects[index]?.kind ?? null, subjectId: optionSubjects[index]?.id ?? null })),
      },
    },
  });
}

/** A survey the caller may read, for a write on it, or NOT_FOUND naming `field`. */
async function readableSurvey(context: ParticipationContext, surveyId: string, field = 'surveyId'): Promise<Survey> {
  const survey = await context.prisma.survey.findUnique({ where: { id: parseId(surveyId, field) } });
  if (!survey || !canReadSurvey(context.identity, survey)) throw new NotFoundError(`${field} names no survey you can read; list surveys with Query.surveys to find the id.`, field);
  return survey;
}

/**
 * Moves a survey DRAFT → OPEN or OPEN → CLOSED (staff of its cluster, or an admin), raising its
 * version; with `version`, only when the survey is still at it. Opening needs `closesAt`, if set,
 * to be in the future; closing records `closedAt`.
 *
 * @throws NotFoundError for an unknown survey; UnauthenticatedError / ForbiddenError for a
 *   caller who may not write its cluster; BadUserInputError (field `status`) naming the allowed moves; ConflictError
 *   (with `currentVersion`) when the version is stale or the survey changed meanwhile.
 */
export async function transitionSurvey(context: ParticipationContext, input: TransitionSurveyInput, now = new Date()): Promise<Survey> {
  // Any survey, drafts included: the rights check below says who may move it (UNAUTHENTICATED, FORBIDDEN).
  const survey = await context.prisma.survey.findUnique({ where: { id: parseId(input.surveyId, 'surveyId') } });
  if (!survey) throw new NotFoundError('surveyId names no survey; list surveys with Query.surveys to find the id.', 'surveyId');
  authorizeStaffWrite(context.identity, survey.clusterCode);
  if (input.version !== null && input.version !== undefined && input.version !== survey.version) {
    throw new ConflictError(`The survey changed since you read it (version ${input.version}; it is now at ${survey.version}); read it again and retry.`, survey.version);
  }
  const allowed = NEXT_STATUS[survey.status];
  if (!allowed.includes(input.status)) {
    const moves = allowed.length > 0 ? `it can move to ${allowed.join(' or ')} only` : 'it cannot move any more';
    throw new BadUserInputError(`The survey is ${survey.status}: ${moves}; got ${input.status}.`, 'status');
  }
  if (input.status === SurveyStatus.OPEN && survey.closesAt && survey.closesAt.getTime() <= now.getTime()) {
    throw new BadUserInputError(`The survey's closesAt (${survey.closesAt.toISOString()}) has passed; it cannot open.`, 'status');
  }
  const { count } = await context.prisma.survey.updateMany({
    where: { id: survey.id, version: survey.version, status: survey.status },
    data: { status: input.status, version: { increment: 1 }, ...(input.status === SurveyStatus.CLOSED ? { closedAt: now } : {}) },
  });
  const after = await context.prisma.survey.findUniqueOrThrow({ where: { id: survey.id } });
  if (count === 0) throw new ConflictError(`The survey changed while you moved it (it is now ${after.status}, version ${after.version}); read it again and retry.`, after.version);
  return after;
}

/**
 * Records one person's ranked answer to an OPEN survey. One response per person: a citizen (and
 * any signed-in officer) by its token's subject, the public by e-mail address (else phone), which
 * the public must give; the unique (surveyId, respondentKey) index makes this hold under
 * concurrent answers. The survey row is share-locked while the answer is written, so a survey
 * closed concurrently takes no answer after it closed.
 *
 * @throws NotFoundError for a survey the caller cannot read; BadUserInputError naming the field
 *   for a survey not open, bad choices (none, too many, repeated, not of the survey), contact
 *   details or a province outside the cluster; ConflictError when this person already answered.
 */
export async function answerSurvey(context: ParticipationContext, input: AnswerSurveyInput, now = new Date()): Promise<SurveyResponse> {
  const surveyId = parseId(input.surveyId, 'surveyId');
  const choices = input.choices.map((id, index) => parseId(id, `choices[${index}]`));
  const participant = participantOf(context.identity);
  const fullName = parseFullName(input.fullName);
  const phone = input.phone ? parsePhone(input.phone) : null;
  const email = input.email ? parseEmail(input.email) : null;
  const displayName = displayNameOf(input.displayName, fullName);
  const respondentKey = participant.personKey ?? contactKey(email, phone);
  if (!respondentKey) {
    throw new BadUserInputError('Answering without signing in needs an e-mail address or phone number (one answer per person); give email or phone, or sign in.', 'email');
  }
  const survey = await readableSurvey(context, surveyId);
  const notOpen = (status: SurveyStatus) =>
    new BadUserInputError(
      status === SurveyStatus.DRAFT ? 'The survey is not open yet; it takes answers once its staff open it.' : 'The survey is closed; it takes no more answers. Its results are in Survey.results.',
      'surveyId',
    );
  if (effectiveStatus(survey, now) !== SurveyStatus.OPEN) throw notOpen(effectiveStatus(survey, now));
  if (choices.length < 1 || choices.length > survey.maxChoices) {
    throw new BadUserInputError(`choices must rank 1 to ${survey.maxChoices} options (this survey's maxChoices); got ${choices.length}.`, 'choices');
  }
  const seen = new Set<string>();
  choices.forEach((id, index) => {
    if (seen.has(id)) throw new BadUserInputError(`choices[${index}] repeats an option ranked before it; rank each option once.`, `choices[${index}]`);
    seen.add(id);
  });
  const options = new Set((await context.loaders.optionsOfSurvey.load(survey.id)).map((option) => option.id));
  choices.forEach((id, index) => {
    if (!options.has(id)) throw new BadUserInputError(`choices[${index}] is not an option of this survey; use the ids in Survey.options.`, `choices[${index}]`);
  });
  let provinceCode: string | null = null;
  if (input.provinceCode !== null && input.provinceCode !== undefined && input.provinceCode.trim() !== '') {
    provinceCode = input.provinceCode.trim();
    const members = CLUSTER_PROVINCES[survey.clusterCode] ?? [];
    if (!members.includes(provinceCode)) {
      throw new BadUserInputError(`provinceCode must be a province of cluster ${survey.clusterCode} (${members.join(', ')}); got ${preview(input.provinceCode)}.`, 'provinceCode');
    }
  }
  try {
    return await context.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Survey" WHERE "id" = ${survey.id} FOR SHARE`;
      const current = await tx.survey.findUniqueOrThrow({ where: { id: survey.id } });
      if (effectiveStatus(current) !== SurveyStatus.OPEN) throw notOpen(effectiveStatus(current));
      return tx.surveyResponse.create({
        data: {
          surveyId: survey.id,
          clusterCode: survey.clusterCode,
          respondentKey,
          displayName,
          fullName,
          phone,
          email,
          citizenSub: participant.citizenSub,
          provinceCode,
          choices: { create: choices.map((optionId, index) => ({ optionId, rank: index + 1 })) },
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const who = participant.personKey ? 'You have' : 'Someone with this e-mail address or phone number has';
      throw new ConflictError(`${who} already answered this survey; one answer per person.`);
    }
    throw error;
  }
}
