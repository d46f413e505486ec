import { parseClusterCode } from '../../kit/clusters';
import { cleanOptionalText, cleanText } from '../../kit/validate';
import { AlertSeverity } from './generated/prisma/enums';
import type { PrismaClient } from './generated/prisma/client';
import sampleFile from './sample.json';

/** Who the sample records say raised them. */
const SAMPLE_AUTHOR = 'sample-data';

/**
 * Loads the sample alerts in `sample.json` (four clusters, fiscal year 2569), marked
 * `isSample: true`, so a new hub's README examples answer with data. Skipped with
 * `SEED_SAMPLE_DATA=false`. They are stored, not published: subscribers see only real alerts.
 *
 * Idempotent, and it runs at every start: rows have fixed ids and are inserted with
 * `skipDuplicates`, so a restart adds nothing twice and never changes a row that exists, sample or
 * not. A sample row deleted by hand comes back at the next start unless sample data is turned off.
 * The data goes through the same checks as `raiseAlert`.
 *
 * @throws BadUserInputError when the sample file breaks a rule a user's input would.
 */
export async function seedSample(prisma: PrismaClient): Promise<void> {
  await prisma.alert.createMany({
    skipDuplicates: true,
    data: sampleFile.alerts.map((alert) => ({
      id: alert.id,
      clusterCode: parseClusterCode(alert.clusterCode),
      severity: sampleSeverity(alert.severity),
      titleTh: cleanText(alert.titleTh, 'titleTh', { max: 300 }),
      detailTh: cleanOptionalText(alert.detailTh, 'detailTh', { max: 4000, multiline: true }),
      raisedBy: SAMPLE_AUTHOR,
      raisedAt: new Date(alert.raisedAt),
      isSample: true,
    })),
  });
}

/** The sample file's severity as the enum; throws on a value the schema does not have. */
function sampleSeverity(value: string): AlertSeverity {
  const severity = (Object.values(AlertSeverity) as string[]).find((known) => known === value);
  if (!severity) throw new Error(`sample.json: unknown alert severity "${value}"`);
  return severity as AlertSeverity;
}
