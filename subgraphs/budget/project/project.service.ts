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
  const fiscalYear = checkFiscalYear(input.fiscalYear);
  const data = {
    clusterCode,
    code: await nextProjectCode(prisma, clusterCode, fiscalYear),
    fiscalYear,
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

/**
 * The next generated project code of a cluster and year, `<cluster>-<year>-<NNN>` (e.g.
 * "N1-2569-004"): one more than the highest generated number in use there.
 */
async function nextProjectCode(prisma: PrismaClient, clusterCode: string, fiscalYear: number): Promise<string> {
  const prefix = `${clusterCode}-${fiscalYear}-`;
  const taken = await prisma.project.findMany({ where: { clusterCode, code: { startsWith: prefix } }, select: { code: true } });
  const highest = taken.reduce((max, { code }) => Math.max(max, /^\d+$/.test(code.slice(prefix.length)) ? Number(code.slice(prefix.length)) : 0), 0);
  return `${prefix}${String(highest + 1).padStart(3, '0')}`;
}
