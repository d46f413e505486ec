import DataLoader from 'dataloader';
import { createChildrenLoader, createRowLoader } from '../../../kit/loaders';
import type { PrismaClient, Survey, SurveyChoice, SurveyOption, SurveyResponse } from '../generated/prisma/client';
import { createNewestPagesLoader, pagesByRequest } from './newest-pages';

/** A ranked choice with its option, as SurveyResponse.choices lists it. */
export type ChoiceWithOption = SurveyChoice & { option: SurveyOption };

/** Counts of one option: responses that ranked it at each rank (index 0 = rank 1). */
export interface OptionTally {
  readonly option: SurveyOption;
  readonly byRank: readonly number[];
}

/** What the results of one survey are computed from: its options' tallies and its number of responses. */
export interface SurveyTally {
  readonly options: readonly OptionTally[];
  readonly totalResponses: number;
}

/**
 * The per-request loaders of surveys, spread into the participation subgraph's `createLoaders`:
 * N surveys' options, response counts and tallies cost one statement each, a page of their
 * responses three, whatever N.
 */
export function createSurveyLoaders(prisma: PrismaClient) {
  const optionsOfSurvey = createChildrenLoader<string, SurveyOption>(
    (ids) => prisma.surveyOption.findMany({ where: { surveyId: { in: [...ids] } }, orderBy: [{ surveyId: 'asc' }, { position: 'asc' }] }),
    (option) => option.surveyId,
  );
  const responseCountOfSurvey = new DataLoader<string, number>(async (ids) => {
    const counts = await prisma.surveyResponse.groupBy({ by: ['surveyId'], where: { surveyId: { in: [...ids] } }, _count: { _all: true } });
    const byId = new Map(counts.map((row) => [row.surveyId, row._count._all]));
    return ids.map((id) => byId.get(id) ?? 0);
  });
  return {
    surveyById: createRowLoader<string, Survey>(
      (ids) => prisma.survey.findMany({ where: { id: { in: [...ids] } } }),
      (survey) => survey.id,
    ),
    /** The surveys about a plan, strategic issue or project, newest first (every status: resolvers filter by reader). */
    surveysOfSubject: createChildrenLoader<string, Survey>(
      (ids) => prisma.survey.findMany({ where: { subjectId: { in: [...ids] } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
      (survey) => survey.subjectId ?? '',
    ),
    optionsOfSurvey,
    responseCountOfSurvey,
    /**
     * How often each option of each survey was ranked at each rank, counted by the database in
     * one GROUP BY for all the surveys asked in a tick, with the surveys' options and response counts.
     */
    tallyOfSurvey: new DataLoader<string, SurveyTally>(async (ids) => {
      const [options, totals, counts] = await Promise.all([
        optionsOfSurvey.loadMany(ids),
        responseCountOfSurvey.loadMany(ids),
        prisma.surveyChoice.groupBy({ by: ['optionId', 'rank'], where: { option: { surveyId: { in: [...ids] } } }, _count: { _all: true } }),
      ]);
      const byOption = new Map<string, number[]>();
      for (const row of counts) {
        const ranks = byOption.get(row.optionId) ?? [];
        ranks[row.rank - 1] = (ranks[row.rank - 1] ?? 0) + row._count._all;
        byOption.set(row.optionId, ranks);
      }
      return ids.map((_, index) => {
        const surveyOptions = options[index];
        const total = totals[index];
        if (surveyOptions instanceof Error) return surveyOptions;
        if (total instanceof Error) return total;
        return {
          totalResponses: total,
          options: surveyOptions.map((option) => ({ option, byRank: Array.from(byOption.get(option.id) ?? [], (count) => count ?? 0) })),
        };
      });
    }),
    /** One page of each survey's responses, newest first (see ./newest-pages.ts). */
    responsesPage: pagesByRequest((page) =>
      createNewestPagesLoader<SurveyResponse>(
        'SurveyResponse',
        page,
        {
          rows: (ids) => prisma.surveyResponse.findMany({ where: { id: { in: ids } } }),
          totals: async (ids) => new Map(await Promise.all(ids.map(async (id) => [id, await responseCountOfSurvey.load(id)] as const))),
          parentOf: (row) => row.surveyId,
        },
        prisma,
      ),
    ),
    /** A response's ranked choices with their options, by rank. */
    choicesOfResponse: createChildrenLoader<string, ChoiceWithOption>(
      (ids) => prisma.surveyChoice.findMany({ where: { responseId: { in: [...ids] } }, include: { option: true }, orderBy: [{ responseId: 'asc' }, { rank: 'asc' }] }),
      (choice) => choice.responseId,
    ),
  };
}
