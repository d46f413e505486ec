import { CLUSTER_PROVINCES, parseClusterCode } from '../../kit/clusters';
import { BadUserInputError } from '../../kit/errors';
import { checkFiscalYear, cleanOptionalText, cleanText, parseCode, parseDate, parseId, parseMoney } from '../../kit/validate';
import { BudgetCategory, BudgetPhase, Prisma, ProjectKind, ProjectStatus, type PrismaClient } from './generated/prisma/client';
import { seedSampleContracts } from './contract/contract.sample';
import sampleFile from './sample.json';

/** Who the sample records say created them. */
export const SAMPLE_AUTHOR = 'sample-data';

/** One step of loading the sample data; steps run in order, each idempotent. */
export type SampleStep = (prisma: PrismaClient) => Promise<void>;

/** Reads an enum value of the sample file, refusing one the enum does not have. */
function enumValue<Value extends string>(values: Record<string, Value>, value: string, field: string): Value {
  if (!(Object.values(values) as string[]).includes(value)) throw new BadUserInputError(`${field} must be one of ${Object.values(values).join(', ')}; got ${value}.`, field);
  return value as Value;
}

/** The sample projects, with their province and the indicators they serve. */
async function seedProjects(prisma: PrismaClient): Promise<void> {
  const projects = sampleFile.projects.map((project) => {
    const clusterCode = parseClusterCode(project.clusterCode);
    if (!CLUSTER_PROVINCES[clusterCode]?.includes(project.provinceCode)) {
      throw new BadUserInputError(`Sample project ${project.code}: province ${project.provinceCode} is not in cluster ${clusterCode}.`, 'provinceCode');
    }
    return {
      id: parseId(project.id),
      code: parseCode(project.code, 'code', 'N1-2569-001', 40),
      clusterCode,
      fiscalYear: checkFiscalYear(project.fiscalYear),
      nameTh: cleanText(project.nameTh, 'nameTh', { max: 300 }),
      nameEn: cleanOptionalText(project.nameEn, 'nameEn', { max: 300 }),
      amountBaht: new Prisma.Decimal(parseMoney(project.amountBaht, 'amountBaht')),
      status: enumValue(ProjectStatus, project.status, 'status'),
      kind: enumValue(ProjectKind, project.kind, 'kind'),
      strategicIssueId: project.strategicIssueId ? parseId(project.strategicIssueId, 'strategicIssueId') : null,
      agencyCode: parseCode(project.agencyCode, 'agencyCode', 'BB'),
      startsOn: project.startsOn ? parseDate(project.startsOn, 'startsOn') : null,
      endsOn: project.endsOn ? parseDate(project.endsOn, 'endsOn') : null,
      createdBy: SAMPLE_AUTHOR,
      createdAt: new Date(project.createdAt),
      isSample: true,
    };
  });
  await prisma.project.createMany({ skipDuplicates: true, data: projects });
  await prisma.projectProvince.createMany({
    skipDuplicates: true,
    data: sampleFile.projects.map((project) => ({ projectId: project.id, provinceCode: project.provinceCode })),
  });
  await prisma.projectIndicator.createMany({
    skipDuplicates: true,
    data: sampleFile.projects.flatMap((project) => project.indicatorIds.map((indicatorId) => ({ projectId: project.id, indicatorId: parseId(indicatorId, 'indicatorIds') }))),
  });
}

/** The sample budget lines: every phase, several categories. */
async function seedBudgetLines(prisma: PrismaClient): Promise<void> {
  await prisma.budgetLine.createMany({
    skipDuplicates: true,
    data: sampleFile.lines.map((line) => ({
      id: parseId(line.id),
      projectId: parseId(line.projectId),
      fiscalYear: checkFiscalYear(line.fiscalYear),
      phase: enumValue(BudgetPhase, line.phase, 'phase'),
      category: enumValue(BudgetCategory, line.category, 'category'),
      amountBaht: new Prisma.Decimal(parseMoney(line.amountBaht, 'amountBaht')),
      createdBy: SAMPLE_AUTHOR,
      isSample: true,
    })),
  });
}

/**
 * The steps of {@link seedSample}, in order: projects (with provinces and indicators), then budget
 * lines. Contracts, instalments and disbursements add their step after these (they need the projects).
 */
export const SAMPLE_STEPS: SampleStep[] = [seedProjects, seedBudgetLines, seedSampleContracts];

/**
 * Loads the sample data in `sample.json` (projects of five clusters, their budget lines in every
 * phase), marked `isSample: true`, so a new hub's README examples answer with data. Skipped with
 * `SEED_SAMPLE_DATA=false`.
 *
 * Idempotent, and it runs at every start: rows have fixed ids and are inserted with
 * `skipDuplicates`, so a restart adds nothing twice and never changes a row that exists, sample or
 * not. A sample row deleted by hand comes back at the next start unless sample data is turned off.
 * The data goes through the same checks as user input.
 *
 * @throws BadUserInputError when the sample file breaks a rule a user's input would.
 */
export async function seedSample(prisma: PrismaClient): Promise<void> {
  for (const step of SAMPLE_STEPS) await step(prisma);
}
