import { authorizeClusterWrite, type Identity } from '../../../kit/identity';
import { checkFiscalYear, cleanOptionalText, cleanText, parseMoney } from '../../../kit/validate';
import { Prisma, type PrismaClient, type Project } from '../generated/prisma/client';
import type { CreateProjectInput } from './project.input';

/**
 * Records a project after checking rights and input; nothing is written unless every check passes.
 *
 * @throws UnauthenticatedError / ForbiddenError when the caller may not write the cluster;
 *   BadUserInputError for an unknown cluster, a bad fiscal year, empty names or a malformed amount.
 */
export async function createProject(prisma: PrismaClient, identity: Identity, input: CreateProjectInput): Promise<Project> {
  const { clusterCode, author } = authorizeClusterWrite(identity, input.clusterCode);
  const data = {
    clusterCode,
    fiscalYear: checkFiscalYear(input.fiscalYear),
    nameTh: cleanText(input.nameTh, 'nameTh', { max: 300 }),
    nameEn: cleanOptionalText(input.nameEn, 'nameEn', { max: 300 }),
    amountBaht: new Prisma.Decimal(parseMoney(input.amountBaht, 'amountBaht')),
    createdBy: author,
  };
  return prisma.project.create({ data });
}

/** Sums project amounts exactly (decimal, not floating point) as a two-place string. */
export function totalBaht(projects: readonly Project[]): string {
  return projects.reduce((sum, project) => sum.plus(project.amountBaht), new Prisma.Decimal(0)).toFixed(2);
}
