import { bangkokDate, fiscalQuarterOf, fiscalYearBounds } from '../../../kit/fiscal';
import { Prisma, ProjectKind } from '../generated/prisma/client';
import targetsFile from '../reference/disbursement-targets.json';

/** Cumulative planned shares (percent, as exact decimal strings) at the end of quarters 1–4. */
type QuarterTargets = readonly [string, string, string, string];

/** One year's disbursement plan: overall, and for investment projects. */
interface YearTargets {
  readonly overall: QuarterTargets;
  readonly investment: QuarterTargets;
}

/**
 * Checks one plan of the reference file: four non-decreasing percentages, the last 100.
 *
 * @throws Error at start when the reference file is malformed (a configuration mistake).
 */
function checkTargets(values: readonly string[], where: string): QuarterTargets {
  const shares = values.map((value) => new Prisma.Decimal(value));
  const ordered = shares.every((share, index) => share.gte(0) && (index === 0 || share.gte(shares[index - 1])));
  if (values.length !== 4 || !ordered || !shares[3].eq(100)) {
    throw new Error(`subgraphs/budget/reference/disbursement-targets.json ${where}: give four cumulative percentages, non-decreasing, the last 100; got ${JSON.stringify(values)}.`);
  }
  return values as unknown as QuarterTargets;
}

const DEFAULT_TARGETS: YearTargets = {
  overall: checkTargets(targetsFile.default.overall, 'default.overall'),
  investment: checkTargets(targetsFile.default.investment, 'default.investment'),
};

const YEAR_TARGETS = new Map<number, YearTargets>(
  Object.entries(targetsFile.years as Record<string, { overall: string[]; investment: string[] }>).map(([year, targets]) => [
    Number(year),
    { overall: checkTargets(targets.overall, `years.${year}.overall`), investment: checkTargets(targets.investment, `years.${year}.investment`) },
  ]),
);

/**
 * The planned cumulative share (a fraction 0–1) of a fiscal year's budget that should be
 * disbursed by `asOf` (a `YYYY-MM-DD` date in Bangkok): the target of the last quarter that has
 * ended by that date (targets are checked at quarter ends), 0 before the end of the first
 * quarter, 1 after the year.
 */
export function plannedShare(fiscalYear: number, kind: ProjectKind | null, asOf: string): Prisma.Decimal {
  const { startsOn, endsOn } = fiscalYearBounds(fiscalYear);
  if (asOf > endsOn) return new Prisma.Decimal(1);
  if (asOf < startsOn) return new Prisma.Decimal(0);
  const { quarter } = fiscalQuarterOf(asOf);
  const quarterEnds = ['12-31', '03-31', '06-30', '09-30'];
  const ended = asOf.slice(5) === quarterEnds[quarter - 1] ? quarter : quarter - 1;
  if (ended === 0) return new Prisma.Decimal(0);
  const targets = YEAR_TARGETS.get(fiscalYear) ?? DEFAULT_TARGETS;
  const plan = kind === ProjectKind.INVESTMENT ? targets.investment : targets.overall;
  return new Prisma.Decimal(plan[ended - 1]).div(100);
}

/** Today's date in Bangkok, the default "as of" date of summaries. */
export function todayInBangkok(): string {
  return bangkokDate(new Date());
}
