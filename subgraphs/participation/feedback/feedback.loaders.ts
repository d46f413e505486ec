import DataLoader from 'dataloader';
import type { CitizenFeedback, PrismaClient } from '../generated/prisma/client';
import { createNewestPagesLoader, pagesByRequest } from '../survey/newest-pages';

/** How many feedbacks of a project gave each rating (index 0 = rating 1). */
export type RatingCounts = readonly [number, number, number, number, number];

/**
 * The per-request loaders of citizen feedback, spread into the participation subgraph's
 * `createLoaders`: N projects' summaries cost one GROUP BY, a page of their feedback three statements.
 */
export function createFeedbackLoaders(prisma: PrismaClient) {
  return {
    /** Each project's feedback counted by rating, by the database. */
    ratingsOfProject: new DataLoader<string, RatingCounts>(async (ids) => {
      const rows = await prisma.citizenFeedback.groupBy({ by: ['projectId', 'rating'], where: { projectId: { in: [...ids] } }, _count: { _all: true } });
      const byProject = new Map<string, number[]>();
      for (const row of rows) {
        const counts = byProject.get(row.projectId) ?? [0, 0, 0, 0, 0];
        if (row.rating >= 1 && row.rating <= 5) counts[row.rating - 1] += row._count._all;
        byProject.set(row.projectId, counts);
      }
      return ids.map((id) => (byProject.get(id) ?? [0, 0, 0, 0, 0]) as unknown as RatingCounts);
    }),
    /** One page of each project's feedback, newest first (see ../survey/newest-pages.ts). */
    feedbackPage: pagesByRequest((page) =>
      createNewestPagesLoader<CitizenFeedback>(
        'CitizenFeedback',
        page,
        {
          rows: (ids) => prisma.citizenFeedback.findMany({ where: { id: { in: ids } } }),
          totals: async (ids) => {
            const counts = await prisma.citizenFeedback.groupBy({ by: ['projectId'], where: { projectId: { in: ids } }, _count: { _all: true } });
            return new Map(counts.map((row) => [row.projectId, row._count._all]));
          },
          parentOf: (row) => row.projectId,
        },
        prisma,
      ),
    ),
  };
}
