import DataLoader from 'dataloader';
import { fiscalYearBounds } from '../../../kit/fiscal';
import { checkFiscalYear, parseDate } from '../../../kit/validate';
import { BudgetPhase, Prisma, type PrismaClient, type ProjectKind } from '../generated/prisma/client';
import { plannedShare, todayInBangkok } from './disbursement-plan';
import type { BudgetSummary } from './summary.type';

/** The sets of projects a summary can be of. */
export type SummaryScope = 'cluster' | 'province' | 'strategicIssue' | 'agency' | 'project';

const ZERO = new Prisma.Decimal(0);
const PHASES = [BudgetPhase.REQUESTED, BudgetPhase.APPROVED, BudgetPhase.ADJUSTED, BudgetPhase.EXECUTED] as const;

/** A project as a summary needs it. */
interface ProjectFacts {
  readonly id: string;
  readonly fiscalYear: number;
  readonly kind: ProjectKind | null;
  readonly amountBaht: Prisma.Decimal;
  readonly keys: readonly string[];
}

/** The figures of one project in one fiscal year. */
interface ProjectFigures {
  readonly phases: Map<BudgetPhase, Prisma.Decimal>;
  contracted: Prisma.Decimal;
  disbursed: Prisma.Decimal;
  active: boolean;
}

/** The Prisma filter of the projects of `keys` in `scope`. */
function scopeWhere(scope: SummaryScope, keys: string[]): Prisma.ProjectWhereInput {
  switch (scope) {
    case 'cluster':
      return { clusterCode: { in: keys } };
    case 'province':
      return { provinces: { some: { provinceCode: { in: keys } } } };
    case 'strategicIssue':
      return { strategicIssueId: { in: keys } };
    case 'agency':
      return { agencyCode: { in: keys } };
    default:
      return { id: { in: keys } };
  }
}

/**
 * Loads the projects of every key in `keys` with what summaries need, in at most two statements
 * (the province scope reads the project's provinces too).
 */
async function projectsOf(prisma: PrismaClient, scope: SummaryScope, keys: string[]): Promise<ProjectFacts[]> {
  const rows = await prisma.project.findMany({
    where: scopeWhere(scope, keys),
    select: {
      id: true, clusterCode: true, fiscalYear: true, kind: true, amountBaht: true, strategicIssueId: true, agencyCode: true,
      ...(scope === 'province' ? { provinces: { select: { provinceCode: true } } } : {}),
    },
  });
  const wanted = new Set(keys);
  return rows.map((row) => {
    const provinces = 'provinces' in row ? (row.provinces as { provinceCode: string }[]).map((p) => p.provinceCode) : [];
    const keysOfRow =
      scope === 'cluster' ? [row.clusterCode]
      : scope === 'province' ? provinces.filter((code) => wanted.has(code))
      : scope === 'strategicIssue' ? [row.strategicIssueId ?? '']
      : scope === 'agency' ? [row.agencyCode ?? '']
      : [row.id];
    return { id: row.id, fiscalYear: row.fiscalYear, kind: row.kind, amountBaht: row.amountBaht, keys: keysOfRow };
  });
}

/**
 * The figures of each project in one fiscal year, up to `asOf`: three statements whatever the
 * number of projects (lines summed by project and phase; contracts; disbursements summed by contract).
 */
async function figuresOf(prisma: PrismaClient, projectIds: string[], fiscalYear: number, asOf: string): Promise<Map<string, ProjectFigures>> {
  const figures = new Map<string, ProjectFigures>(projectIds.map((id) => [id, { phases: new Map(), contracted: ZERO, disbursed: ZERO, active: false }]));
  if (projectIds.length === 0) return figures;
  const { startsOn, endsOn } = fiscalYearBounds(fiscalYear);
  const yearStart = new Date(`${startsOn}T00:00:00.000Z`);
  const yearEnd = new Date(`${endsOn}T00:00:00.000Z`);
  const paidUntil = new Date(`${asOf < endsOn ? asOf : endsOn}T00:00:00.000Z`);
  const [lines, contracts] = await Promise.all([
    prisma.budgetLine.groupBy({ by: ['projectId', 'phase'], where: { fiscalYear, projectId: { in: projectIds } }, _sum: { amountBaht: true } }),
    prisma.contract.findMany({ where: { projectId: { in: projectIds } }, select: { id: true, projectId: true, valueBaht: true, signedOn: true } }),
  ]);
  for (const line of lines) {
    const project = figures.get(line.projectId);
    if (!project) continue;
    project.phases.set(line.phase, (project.phases.get(line.phase) ?? ZERO).plus(line._sum.amountBaht ?? ZERO));
    project.active = true;
  }
  const projectOfContract = new Map<string, string>();
  for (const contract of contracts) {
    projectOfContract.set(contract.id, contract.projectId);
    const project = figures.get(contract.projectId);
    if (project && contract.signedOn >= yearStart && contract.signedOn <= yearEnd) {
      project.contracted = project.contracted.plus(contract.valueBaht);
      project.active = true;
    }
  }
  if (contracts.length > 0 && paidUntil >= yearStart) {
    const paid = await prisma.disbursement.groupBy({
      by: ['contractId'],
      where: { contractId: { in: [...projectOfContract.keys()] }, paidOn: { gte: yearStart, lte: paidUntil } },
      _sum: { amountBaht: true },
    });
    for (const row of paid) {
      const project = figures.get(projectOfContract.get(row.contractId) ?? '');
      if (!project) continue;
      project.disbursed = project.disbursed.plus(row._sum.amountBaht ?? ZERO);
      project.active = true;
    }
  }
  return figures;
}

/** A percentage `part ÷ whole × 100` with two decimals (half up), or null when `whole` is zero. */
function percent(part: Prisma.Decimal, whole: Prisma.Decimal): string | null {
  return whole.isZero() ? null : part.div(whole).times(100).toFixed(2, Prisma.Decimal.ROUND_HALF_UP);
}

/** Sums the figures of a set of projects into a summary. */
function summarise(projects: readonly ProjectFacts[], figures: Map<string, ProjectFigures>, fiscalYear: number, asOf: string): BudgetSummary {
  let count = 0;
  let total = ZERO;
  let budget = ZERO;
  let planned = ZERO;
  let contracted = ZERO;
  let disbursed = ZERO;
  const phases = new Map<BudgetPhase, Prisma.Decimal>(PHASES.map((phase) => [phase, ZERO]));
  for (const project of projects) {
    const own = figures.get(project.id);
    if (project.fiscalYear === fiscalYear) total = total.plus(project.amountBaht);
    if (project.fiscalYear !== fiscalYear && !own?.active) continue;
    count += 1;
    if (!own) continue;
    for (const [phase, amount] of own.phases) phases.set(phase, (phases.get(phase) ?? ZERO).plus(amount));
    const base = own.phases.get(BudgetPhase.ADJUSTED) ?? own.phases.get(BudgetPhase.APPROVED) ?? ZERO;
    budget = budget.plus(base);
    planned = planned.plus(base.times(plannedShare(fiscalYear, project.kind, asOf)));
    contracted = contracted.plus(own.contracted);
    disbursed = disbursed.plus(own.disbursed);
  }
  const behind = planned.toDecimalPlaces(2, Prisma.Decimal.ROUND_HALF_UP).minus(disbursed);
  return {
    fiscalYear,
    asOf,
    projectCount: count,
    totalBaht: total.toFixed(2),
    byPhase: PHASES.map((phase) => ({ phase, amountBaht: (phases.get(phase) ?? ZERO).toFixed(2) })),
    budgetBaht: budget.toFixed(2),
    contractedBaht: contracted.toFixed(2),
    disbursedBaht: disbursed.toFixed(2),
    disbursementRate: percent(disbursed, budget),
    plannedRate: percent(planned, budget),
    behindPlanBaht: (behind.isNegative() ? ZERO : behind).toFixed(2),
  };
}

/** Reads the `fiscalYear` and `asOf` arguments of a summary field. */
export function summaryArgs(fiscalYear: number, asOf: string | null | undefined): { fiscalYear: number; asOf: string } {
  const year = checkFiscalYear(fiscalYear);
  if (asOf === null || asOf === undefined) return { fiscalYear: year, asOf: todayInBangkok() };
  return { fiscalYear: year, asOf: parseDate(asOf, 'asOf').toISOString().slice(0, 10) };
}

/**
 * Per-request summary loaders: `summaryLoader(scope, year, asOf)` answers every key of one scope,
 * year and date asked in one tick with at most five statements, whatever the number of keys,
 * projects, lines, contracts and disbursements.
 */
export function createSummaryLoaders(prisma: PrismaClient) {
  const loaders = new Map<string, DataLoader<string, BudgetSummary>>();
  return {
    summaryLoader(scope: SummaryScope, fiscalYear: number, asOf: string): DataLoader<string, BudgetSummary> {
      const key = `${scope}:${fiscalYear}:${asOf}`;
      let loader = loaders.get(key);
      if (!loader) {
        loader = new DataLoader<string, BudgetSummary>(async (keys) => {
          const projects = await projectsOf(prisma, scope, [...keys]);
          const figures = await figuresOf(prisma, projects.map((project) => project.id), fiscalYear, asOf);
          return keys.map((wanted) => summarise(projects.filter((project) => project.keys.includes(wanted)), figures, fiscalYear, asOf));
        });
        loaders.set(key, loader);
      }
      return loader;
    },
  };
}
