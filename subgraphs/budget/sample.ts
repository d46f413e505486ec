import { parseClusterCode } from '../../kit/clusters';
import { checkFiscalYear, cleanOptionalText, cleanText, parseCode, parseMoney } from '../../kit/validate';
import { Prisma, type PrismaClient } from './generated/prisma/client';
import sampleFile from './sample.json';

/** Who the sample records say created them. */
const SAMPLE_AUTHOR = 'sample-data';

/**
 * Loads the sample projects in `sample.json` (four clusters, fiscal year 2569), marked
 * `isSample: true`, so a new hub's README examples answer with data. Skipped with
 * `SEED_SAMPLE_DATA=false`.
 *
 * Idempotent, and it runs at every start: rows have fixed ids and are inserted with
 * `skipDuplicates`, so a restart adds nothing twice and never changes a row that exists, sample or
 * not. A sample row deleted by hand comes back at the next start unless sample data is turned off.
 * The data goes through the same checks as `createProject`.
 *
 * @throws BadUserInputError when the sample file breaks a rule a user's input would.
 */
export async function seedSample(prisma: PrismaClient): Promise<void> {
  await prisma.project.createMany({
    skipDuplicates: true,
    data: sampleFile.projects.map((project) => ({
      id: project.id,
      code: parseCode(project.code, 'code', 'N1-2569-001', 40),
      clusterCode: parseClusterCode(project.clusterCode),
      fiscalYear: checkFiscalYear(project.fiscalYear),
      nameTh: cleanText(project.nameTh, 'nameTh', { max: 300 }),
      nameEn: cleanOptionalText(project.nameEn, 'nameEn', { max: 300 }),
      amountBaht: new Prisma.Decimal(parseMoney(project.amountBaht, 'amountBaht')),
      createdBy: SAMPLE_AUTHOR,
      createdAt: new Date(project.createdAt),
      isSample: true,
    })),
  });
}
