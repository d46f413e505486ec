import { parseClusterCode } from '../../common/clusters';
import { BadUserInputError } from '../../common/errors';
import { assertCanWriteCluster, type Identity } from '../../common/identity';
import { checkFiscalYear, cleanOptionalText, cleanText } from '../../common/validate';
import { Prisma, type PrismaClient, type Project } from '../generated/prisma/client';
import type { CreateProjectInput } from './project.input';

const AMOUNT = /^\d{1,16}(\.\d{1,2})?$/;

/**
 * Records a project after checking rights and input; nothing is written unless every check passes.
 *
 * @throws UnauthenticatedError / ForbiddenError when the caller may not write the cluster;
 *   BadUserInputError for an unknown cluster, a bad fiscal year, empty names or a malformed amount.
 */
export async function createProject(prisma: PrismaClient, identity: Identity, input: CreateProjectInput): Promise<Project> {
  const clusterCode = parseClusterCode(input.clusterCode);
  assertCanWriteCluster(identity, clusterCode);
  const amount = input.amountBaht.trim().replace(/,/g, '');
  if (!AMOUNT.test(amount)) {
    throw new BadUserInputError(
      `amountBaht must be a non-negative amount in baht with at most two decimal places, e.g. "2500000.50"; got ${JSON.stringify(input.amountBaht)}.`,
      'amountBaht',
    );
  }
  return prisma.project.create({
    data: {
      clusterCode,
      fiscalYear: checkFiscalYear(input.fiscalYear),
      nameTh: cleanText(input.nameTh, 'nameTh', 300),
      nameEn: cleanOptionalText(input.nameEn, 'nameEn', 300),
      amountBaht: new Prisma.Decimal(amount),
      createdBy: identity.subject ?? identity.role,
    },
  });
}

/** Sums project amounts exactly (decimal, not floating point) as a two-place string. */
export function totalBaht(projects: readonly Project[]): string {
  return projects.reduce((sum, project) => sum.plus(project.amountBaht), new Prisma.Decimal(0)).toFixed(2);
}
