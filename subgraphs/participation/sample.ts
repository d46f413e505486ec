import { seedSampleArticles } from './article/article.sample';
import { seedCommentSample } from './comment/comment.sample';
import { seedSampleFeedback } from './feedback/feedback.sample';
import type { PrismaClient } from './generated/prisma/client';
import { seedHearingSample } from './hearing/hearing.sample';
import { seedSampleSurveys } from './survey/survey.sample';

/**
 * Loads the participation subgraph's sample records, marked `isSample: true`, so a new hub's
 * README examples answer with data: each area's own loader (hearings and registrations from
 * `sample.json`). Skipped with `SEED_SAMPLE_DATA=false`.
 *
 * Idempotent, and it runs at every start: rows have fixed ids and are inserted with
 * `skipDuplicates`, so a restart adds nothing twice and never changes a row that exists, sample or
 * not. A sample row deleted by hand comes back at the next start unless sample data is turned off.
 *
 * @throws BadUserInputError when a sample file breaks a rule a user's input would.
 */
export async function seedSample(prisma: PrismaClient): Promise<void> {
  await seedHearingSample(prisma);
  await seedCommentSample(prisma);
  await seedSampleSurveys(prisma);
  await seedSampleFeedback(prisma);
  await seedSampleArticles(prisma);
}
