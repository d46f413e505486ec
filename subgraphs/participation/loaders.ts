import { createCommentLoaders } from './comment/comment.loaders';
import { createFeedbackLoaders } from './feedback/feedback.loaders';
import { createArticleLoaders } from './article/article.loaders';
import type { PrismaClient } from './generated/prisma/client';
import { createHearingLoaders } from './hearing/hearing.loaders';
import { createRegistrationLoaders } from './registration/registration.loaders';
import { createSurveyLoaders } from './survey/survey.loaders';

/** The participation subgraph's dataloaders, created per request by {@link createLoaders}. */
export type ParticipationLoaders = ReturnType<typeof createLoaders>;

/** Creates the per-request loaders: one statement per kind of lookup, whatever the number of clusters. */
export function createLoaders(prisma: PrismaClient) {
  return {
    ...createHearingLoaders(prisma),
    ...createRegistrationLoaders(prisma),
    ...createCommentLoaders(prisma),
    ...createSurveyLoaders(prisma),
    ...createFeedbackLoaders(prisma),
    ...createArticleLoaders(prisma),
  };
}
