import { CLUSTER_PROVINCES, parseClusterCode } from '../../../kit/clusters';
import { assertFreshVersion } from '../../../kit/concurrency';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError, preview } from '../../../kit/errors';
import { assertTransition } from '../../../kit/lifecycle';
import { checkFiscalYear, cleanOptionalText, cleanText, parseCode, parseDate, parseId, parseMoney } from '../../../kit/validate';
import { isUniqueViolation } from '../../../kit/database';
import { authorizeProjectWrite, BUDGET_BUREAU } from '../access';
import type { BudgetContext } from '../context';
import { Prisma, ProjectStatus, type PrismaClient, type Project } from '../generated/prisma/client';
import { recordHistory } from '../history/history.service';
import { ProjectOrder, type CreateProjectInput, type ProjectFilter, type TransitionProjectInput } from './project.input';
import { PROJECT_TRANSITIONS } from './project.lifecycle';
import { checkStrategyLinks } from './project.strategy';

/** How many indicators one project may name. */
const MAX_INDICATORS = 20;
/**
 * How many times a generated code is tried when concurrent writes take it: each round at least one
 * of the competing creations wins, so this many creations at the same moment all get a code.
 */
const CODE_ATTEMPTS = 10;

/** What a project's history rows record of it. */
function projectSnapshot(project: Project, links: { provinceCodes?: readonly string[]; indicatorIds?: readonly string[] } = {}) {
  const { id, clusterCode, code, fiscalYear, nameTh, nameEn, amountBaht, kind, status, cancelReason, strategicIssueId, agencyCode, startsOn, endsOn, emenscrId, version } =
    project;
  return {
    id, clusterCode, code, fiscalYear, nameTh, nameEn, amountBaht, kind, status, cancelReason, strategicIssueId, agencyCode,
    startsOn: startsOn?.toISOString().slice(0, 10) ?? null,
    endsOn: endsOn?.toISOString().slice(0, 10) ?? null,
    emenscrId, version, ...links,
  };
}

/** Reads province codes: two digits each, no repeats, members of `clusterCode`. */
function parseProvinceCodes(values: readonly string[], clusterCode: string): string[] {
  const members = CLUSTER_PROVINCES[clusterCode] ?? [];
  const codes = values.map((value) => value.trim());
  for (const code of codes) {
    if (!members.includes(code)) {
      throw new BadUserInputError(
        `provinceCodes must name provinces of cluster ${clusterCode} (${members.join(', ')}); got ${preview(code)}.`,
        'provinceCodes',
      );
    }
  }
  if (new Set(codes).size !== codes.length) throw new BadUserInputError('provinceCodes names a province twice; name each once.', 'provinceCodes');
  return codes;
}

/**
 * Records a project (PROPOSED, version 1) with its provinces and indicators, and its history row,
 * in one transaction, after checking rights and every input; nothing is written unless every
 * check passes.
 *
 * The strategic issue and indicators live in the strategy subgraph: after every local check, it
 * is asked (as the caller) whether they exist, are readable, and belong to the cluster's plans
 * ({@link checkStrategyLinks}); the write happens only after it answered yes.
 *
 * @throws UnauthenticatedError / ForbiddenError unless OSM staff of the cluster, an admin, or a
 *   province officer proposing for its own province; BadUserInputError for any malformed field;
 *   ConflictError when the cluster already has the given code; PeerUnavailableError
 *   (`SUBGRAPH_UNAVAILABLE`) when strategy must be asked and does not answer.
 */
export async function createProject({ prisma, identity, peers }: BudgetContext, input: CreateProjectInput): Promise<Project> {
  const clusterCode = parseClusterCode(input.clusterCode);
  const { author } = authorizeProjectWrite(identity, { clusterCode, provinceCodes: (input.provinceCodes ?? []).map((code) => code.trim()) });
  const provinceCodes = parseProvinceCodes(input.provinceCodes ?? [], clusterCode);
  const fiscalYear = checkFiscalYear(input.fiscalYear);
  const startsOn = input.startsOn ? parseDate(input.startsOn, 'startsOn') : null;
  const endsOn = input.endsOn ? parseDate(input.endsOn, 'endsOn') : null;
  if (startsOn && endsOn && endsOn < startsOn) {
    throw new BadUserInputError(`endsOn (${input.endsOn?.trim()}) must not be before startsOn (${input.startsOn?.trim()}).`, 'endsOn');
  }
  const indicatorIds = (input.indicatorIds ?? []).map((id) => parseId(id, 'indicatorIds'));
  if (indicatorIds.length > MAX_INDICATORS) throw new BadUserInputError(`indicatorIds names at most ${MAX_INDICATORS} indicators; got ${indicatorIds.length}.`, 'indicatorIds');
  if (new Set(indicatorIds).size !== indicatorIds.length) throw new BadUserInputError('indicatorIds names an indicator twice; name each once.', 'indicatorIds');
  const givenCode = input.code === null || input.code === undefined ? null : parseCode(input.code, 'code', 'N1-2569-001', 40);
  const data = {
    clusterCode,
    fiscalYear,
    nameTh: cleanText(input.nameTh, 'nameTh', { max: 300 }),
    nameEn: cleanOptionalText(input.nameEn, 'nameEn', { max: 300 }),
    amountBaht: new Prisma.Decimal(parseMoney(input.amountBaht, 'amountBaht')),
    kind: input.kind ?? null,
    strategicIssueId: input.strategicIssueId ? parseId(input.strategicIssueId, 'strategicIssueId') : null,
    agencyCode: input.agencyCode ? parseCode(input.agencyCode, 'agencyCode', 'BB') : null,
    startsOn,
    endsOn,
    emenscrId: cleanOptionalText(input.emenscrId, 'emenscrId', { max: 40 }),
    createdBy: author,
  };
  await checkStrategyLinks(peers, clusterCode, data.strategicIssueId, indicatorIds);
  for (let attempt = 1; ; attempt += 1) {
    const code = givenCode ?? (await nextProjectCode(prisma, clusterCode, fiscalYear));
    try {
      return await prisma.$transaction(async (tx) => {
        const project = await tx.project.create({
          data: {
            ...data,
            code,
            provinces: { create: provinceCodes.map((provinceCode) => ({ provinceCode })) },
            indicators: { create: indicatorIds.map((indicatorId) => ({ indicatorId })) },
          },
        });
        await recordHistory(tx, {
          entityType: 'Project',
          entityId: project.id,
          projectId: project.id,
          clusterCode,
          action: 'CREATE_PROJECT',
          identity,
          before: null,
          after: projectSnapshot(project, { provinceCodes, indicatorIds }),
        });
        return project;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (givenCode !== null) throw new ConflictError(`Cluster ${clusterCode} already has a project with code ${givenCode}; choose another code or omit it to have one generated.`);
      if (attempt >= CODE_ATTEMPTS) throw new ConflictError(`Could not generate a free project code in cluster ${clusterCode} (${CODE_ATTEMPTS} concurrent attempts); retry.`);
    }
  }
}

/**
 * Moves a project to another status (see {@link PROJECT_TRANSITIONS}), conditionally on the
 * status (and `version`, when given) it was read with, and records the move.
 *
 * Rights: OSM staff of the project's cluster and admins; the Budget Bureau (agency BB) may also
 * move a REQUESTED project to APPROVED.
 *
 * @throws NotFoundError for an unknown project; BAD_USER_INPUT naming the allowed moves, or for a
 *   CANCELLED move without a reason; CONFLICT for a stale version.
 */
export async function transitionProject({ prisma, identity }: BudgetContext, input: TransitionProjectInput): Promise<Project> {
  const project = await prisma.project.findUnique({ where: { id: parseId(input.projectId, 'projectId') } });
  if (!project) throw new NotFoundError('projectId names no project; list projects with Query.projects to find the id.', 'projectId');
  const budgetBureauApproves = identity.role === 'agency' && identity.agencyCode === BUDGET_BUREAU && input.to === ProjectStatus.APPROVED;
  if (!budgetBureauApproves) authorizeProjectWrite(identity, { clusterCode: project.clusterCode });
  else if (project.status !== ProjectStatus.REQUESTED) {
    throw new ForbiddenError(`The Budget Bureau approves REQUESTED projects only; project ${project.id} is ${project.status}.`);
  }
  assertFreshVersion(`Project ${project.id}`, project.version, input.version);
  assertTransition(PROJECT_TRANSITIONS, project.status, input.to, 'A project');
  const reason = cleanOptionalText(input.reason, 'reason', { max: 500 });
  if (input.to === ProjectStatus.CANCELLED && !reason) throw new BadUserInputError('Cancelling a project needs a reason: say why in `reason`.', 'reason');
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.project.updateMany({
      where: { id: project.id, version: project.version, status: project.status },
      data: { status: input.to, version: { increment: 1 }, ...(input.to === ProjectStatus.CANCELLED ? { cancelReason: reason } : {}) },
    });
    const updated = await tx.project.findUniqueOrThrow({ where: { id: project.id } });
    if (count === 0) {
      throw new ConflictError(`Project ${project.id} changed while this write ran (now version ${updated.version}); read it again and retry.`, updated.version);
    }
    await recordHistory(tx, {
      entityType: 'Project',
      entityId: project.id,
      projectId: project.id,
      clusterCode: project.clusterCode,
      action: 'TRANSITION_PROJECT',
      identity,
      before: projectSnapshot(project),
      after: { ...projectSnapshot(updated), reason },
    });
    return updated;
  });
}

/** The Prisma conditions of a project filter (validated first). */
export function projectFilterWhere(filter: ProjectFilter | null | undefined): Prisma.ProjectWhereInput[] {
  if (!filter) return [];
  const where: Prisma.ProjectWhereInput[] = [];
  if (filter.clusterCode !== null && filter.clusterCode !== undefined) where.push({ clusterCode: parseClusterCode(filter.clusterCode, 'filter.clusterCode') });
  if (filter.provinceCode !== null && filter.provinceCode !== undefined) {
    const code = filter.provinceCode.trim();
    if (!/^\d{2}$/.test(code)) throw new BadUserInputError(`filter.provinceCode is a two-digit province code such as "50"; got ${preview(filter.provinceCode)}.`, 'filter.provinceCode');
    where.push({ provinces: { some: { provinceCode: code } } });
  }
  if (filter.fiscalYear !== null && filter.fiscalYear !== undefined) {
    const year = checkFiscalYear(filter.fiscalYear, 'filter.fiscalYear');
    where.push({ OR: [{ fiscalYear: year }, { budgetLines: { some: { fiscalYear: year } } }] });
  }
  if (filter.statuses !== null && filter.statuses !== undefined) where.push({ status: { in: [...filter.statuses] } });
  if (filter.strategicIssueId !== null && filter.strategicIssueId !== undefined) where.push({ strategicIssueId: parseId(filter.strategicIssueId, 'filter.strategicIssueId') });
  if (filter.agencyCode !== null && filter.agencyCode !== undefined) where.push({ agencyCode: parseCode(filter.agencyCode, 'filter.agencyCode', 'BB') });
  if (filter.search !== null && filter.search !== undefined) {
    const text = cleanText(filter.search, 'filter.search', { max: 100 });
    where.push({ OR: [{ nameTh: { contains: text, mode: 'insensitive' } }, { nameEn: { contains: text, mode: 'insensitive' } }, { code: { contains: text, mode: 'insensitive' } }] });
  }
  return where;
}

/** The Prisma order and the "after this cursor" condition of a project list in `order`. */
export function projectOrder(order: ProjectOrder, after: { createdAt: Date; id: string } | null) {
  const direction = order === ProjectOrder.NEWEST_FIRST ? 'desc' : 'asc';
  const beyond = direction === 'desc' ? 'lt' : 'gt';
  return {
    orderBy: [{ createdAt: direction }, { id: direction }] satisfies Prisma.ProjectOrderByWithRelationInput[],
    after: after ? { OR: [{ createdAt: { [beyond]: after.createdAt } }, { createdAt: after.createdAt, id: { [beyond]: after.id } }] } : {},
  };
}

/**
 * The next generated project code of a cluster and year, `<cluster>-<year>-<NNN>` (e.g.
 * "N1-2569-004"): one more than the highest generated number in use there. Two concurrent
 * creations may compute the same code; the unique index refuses the second, which retries.
 */
async function nextProjectCode(prisma: PrismaClient, clusterCode: string, fiscalYear: number): Promise<string> {
  const prefix = `${clusterCode}-${fiscalYear}-`;
  const taken = await prisma.project.findMany({ where: { clusterCode, code: { startsWith: prefix } }, select: { code: true } });
  const highest = taken.reduce((max, { code }) => Math.max(max, /^\d+$/.test(code.slice(prefix.length)) ? Number(code.slice(prefix.length)) : 0), 0);
  return `${prefix}${String(highest + 1).padStart(3, '0')}`;
}

/** Loads a project for a write, or says it does not exist. */
export async function projectForWrite(prisma: PrismaClient, projectId: string, field = 'projectId'): Promise<Project> {
  const project = await prisma.project.findUnique({ where: { id: parseId(projectId, field) } });
  if (!project) throw new NotFoundError(`${field} names no project; list projects with Query.projects to find the id.`, field);
  return project;
}
