import { parseClusterCode } from '../../kit/clusters';
import { cleanOptionalText, cleanText, parseDate } from '../../kit/validate';
import type { PrismaClient } from './generated/prisma/client';
import { DEFAULT_PURPOSE_TH, startOfHearingDay } from './hearing/hearing.service';
import sampleFile from './sample.json';

/** Who the sample records say created them. */
const SAMPLE_AUTHOR = 'sample-data';

/**
 * Loads the sample hearings in `sample.json` (four clusters, fiscal year 2569), marked
 * `isSample: true`, so a new hub's README examples answer with data. Skipped with
 * `SEED_SAMPLE_DATA=false`.
 *
 * Idempotent, and it runs at every start: rows have fixed ids and are inserted with
 * `skipDuplicates`, so a restart adds nothing twice and never changes a row that exists, sample or
 * not. A sample row deleted by hand comes back at the next start unless sample data is turned off.
 * The data goes through the same checks as `scheduleHearing`.
 *
 * @throws BadUserInputError when the sample file breaks a rule a user's input would.
 */
export async function seedSample(prisma: PrismaClient): Promise<void> {
  await prisma.hearing.createMany({
    skipDuplicates: true,
    data: sampleFile.hearings.map((hearing) => ({
      id: hearing.id,
      clusterCode: parseClusterCode(hearing.clusterCode),
      titleTh: cleanText(hearing.titleTh, 'titleTh', { max: 300 }),
      venueTh: cleanOptionalText(hearing.venueTh, 'venueTh', { max: 300 }),
      startsAt: startOfHearingDay(parseDate(hearing.heldOn, 'heldOn')),
      purposeTh: DEFAULT_PURPOSE_TH,
      createdBy: SAMPLE_AUTHOR,
      createdAt: new Date(hearing.createdAt),
      isSample: true,
    })),
  });
}
