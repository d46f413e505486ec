import { assertFreshVersion } from '../../../kit/concurrency';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError, preview } from '../../../kit/errors';
import { checkFiscalYear, cleanOptionalText, cleanText, parseCode, parseDecimal, parseId } from '../../../kit/validate';
import type { StrategyContext } from '../context';
import { type Indicator, IndicatorDirection, Prisma } from '../generated/prisma/client';
import { recordChange } from '../history/history.service';
import { assertSignedIn, authorizePlanWrite, type PlanWrite } from '../plan/plan.access';
import { assertEditable, STRUCTURE_EDITABLE, TARGETS_EDITABLE, touchPlan } from '../plan/plan.lifecycle';
import type { AddIndicatorInput, SetIndicatorTargetsInput } from './indicator.input';
import { formatValue } from './indicator.values';

const PROVINCE_CODE = /^\d{2}$/;

/** An indicator value from input: an exact decimal string, negatives allowed (see AddIndicatorInput). */
function parseValue(value: string, field: string): Prisma.Decimal {
  return new Prisma.Decimal(parseDecimal(value, field, { allowNegative: true }));
}

/**
 * Checks OPDC scoring thresholds: five values, strictly rising for HIGHER_IS_BETTER, strictly
 * falling for LOWER_IS_BETTER (score 5 is always the best).
 */
function parseThresholds(values: readonly string[] | null | undefined, direction: IndicatorDirection): Prisma.Decimal[] {
  if (values === null || values === undefined || values.length === 0) return [];
  if (values.length !== 5) {
    throw new BadUserInputError(`thresholds are the values that score 1 to 5 on OPDC's scale: give exactly five; got ${values.length}.`, 'thresholds');
  }
  const parsed = values.map((value, index) => parseValue(value, `thresholds[${index}]`));
  const rising = direction === IndicatorDirection.HIGHER_IS_BETTER;
  for (let i = 1; i < parsed.length; i += 1) {
    if (rising ? !parsed[i].greaterThan(parsed[i - 1]) : !parsed[i].lessThan(parsed[i - 1])) {
      throw new BadUserInputError(
        `thresholds must ${rising ? 'rise' : 'fall'} from score 1 to score 5 for a ${direction} indicator; score ${i + 1} (${values[i]}) does not ${rising ? 'exceed' : 'fall below'} score ${i} (${values[i - 1]}).`,
        'thresholds',
      );
    }
  }
  return parsed;
}

/** What an indicator's history rows record of it. */
function indicatorSnapshot(indicator: Indicator) {
  const { id, objectiveId, nameTh, nameEn, unit, direction, cascadeRule, baselineValue, baselineYear, frequency, dataSource, ownerAgencyCode, thresholds, version } =
    indicator;
  return { id, objectiveId, nameTh, nameEn, unit, direction, cascadeRule, baselineValue, baselineYear, frequency, dataSource, ownerAgencyCode, thresholds, version };
}

/** Adds an indicator at the end of an objective of a DRAFT plan. */
export async function addIndicator(context: StrategyContext, input: AddIndicatorInput): Promise<Indicator> {
  assertSignedIn(context);
  const objective = await context.prisma.objective.findUnique({ where: { id: parseId(input.objectiveId, 'objectiveId') } });
  if (!objective) throw new NotFoundError('objectiveId names no objective; read the strategic issue\'s objectives to find the id.', 'objectiveId');
  const { plan, author } = await authorizePlanWrite(context, objective.planId);
  const baselineValue = input.baselineValue === null || input.baselineValue === undefined ? null : parseValue(input.baselineValue, 'baselineValue');
  const baselineYear = input.baselineYear === null || input.baselineYear === undefined ? null : checkFiscalYear(input.baselineYear, 'baselineYear');
  if ((baselineValue === null) !== (baselineYear === null)) {
    throw new BadUserInputError('baselineValue and baselineYear go together: give both or neither.', baselineValue === null ? 'baselineValue' : 'baselineYear');
  }
  const ownerAgencyCode = input.ownerAgencyCode ? parseCode(input.ownerAgencyCode, 'ownerAgencyCode', 'NESDC') : null;
  if (ownerAgencyCode && !(await context.loaders.agencyByCode.load(ownerAgencyCode))) {
    throw new BadUserInputError(`ownerAgencyCode names no agency; got ${preview(ownerAgencyCode)}. See Query.agencies for the codes.`, 'ownerAgencyCode');
  }
  const data = {
    objectiveId: objective.id,
    planId: plan.id,
    nameTh: cleanText(input.nameTh, 'nameTh', { max: 300 }),
    nameEn: cleanOptionalText(input.nameEn, 'nameEn', { max: 300 }),
    unit: cleanText(input.unit, 'unit', { max: 50 }),
    direction: input.direction,
    cascadeRule: input.cascadeRule,
    baselineValue,
    baselineYear,
    frequency: input.frequency ?? null,
    dataSource: cleanOptionalText(input.dataSource, 'dataSource', { max: 300 }),
    ownerAgencyCode,
    thresholds: parseThresholds(input.thresholds, input.direction),
  };
  assertEditable(plan, STRUCTURE_EDITABLE, 'Indicators');
  return context.prisma.$transaction(async (tx) => {
    await touchPlan(tx, plan, STRUCTURE_EDITABLE);
    const position = (await tx.indicator.count({ where: { objectiveId: objective.id } })) + 1;
    const indicator = await tx.indicator.create({ data: { ...data, position } });
    await recordChange(tx, context.identity, author, {
      entityType: 'Indicator',
      entityId: indicator.id,
      planId: plan.id,
      clusterCode: plan.clusterCode,
      action: 'ADD_INDICATOR',
      before: null,
      after: indicatorSnapshot(indicator),
    });
    return indicator;
  });
}

/**
 * Who may set which targets of a plan: OSM staff of the cluster and admins every target of the
 * year; a province officer only its own province's, and only when its province is a member.
 */
async function authorizeTargetWrite(context: StrategyContext, planId: string): Promise<PlanWrite & { onlyProvince: string | null }> {
  const { identity } = context;
  if (identity.role !== 'province-officer') return { ...(await authorizePlanWrite(context, planId)), onlyProvince: null };
  const [plan, province] = await Promise.all([
    context.prisma.developmentPlan.findUnique({ where: { id: planId } }),
    context.loaders.provinceByCode.load(identity.provinceCode as string),
  ]);
  if (!plan) throw new NotFoundError('indicatorId names an indicator without a plan.', 'indicatorId');
  if (province?.clusterCode !== plan.clusterCode) {
    throw new ForbiddenError(`You are a province officer of province ${identity.provinceCode}, which is not a member of cluster ${plan.clusterCode}; only its member provinces propose targets for its plans.`);
  }
  return { plan, clusterCode: plan.clusterCode, author: identity.subject ?? identity.role, onlyProvince: province.code };
}

/**
 * Sets an indicator's targets for one fiscal year in one transaction. OSM staff and admins replace
 * the year's whole set (cluster value and provinces); a province officer replaces only its own
 * province's target and sends no cluster value. Every province must be a member of the plan's
 * cluster; the year must be one the plan covers; the plan must be DRAFT or IN_CONSULTATION.
 *
 * @throws CONFLICT when `version` is given and stale; BAD_USER_INPUT naming a non-member province.
 */
export async function setIndicatorTargets(context: StrategyContext, input: SetIndicatorTargetsInput): Promise<Indicator> {
  assertSignedIn(context);
  const indicator = await context.prisma.indicator.findUnique({ where: { id: parseId(input.indicatorId, 'indicatorId') } });
  if (!indicator) throw new NotFoundError('indicatorId names no indicator; read the objective\'s indicators to find the id.', 'indicatorId');
  const { plan, author, onlyProvince } = await authorizeTargetWrite(context, indicator.planId);
  if (onlyProvince !== null) {
    const others = input.provinces.filter((target) => target.provinceCode.trim() !== onlyProvince);
    if (others.length > 0 || (input.clusterValue !== null && input.clusterValue !== undefined)) {
      throw new ForbiddenError(
        `A province officer of province ${onlyProvince} proposes only that province's target: send provinces: [{ provinceCode: "${onlyProvince}", value }] and no clusterValue.`,
      );
    }
  }
  const fiscalYear = checkFiscalYear(input.fiscalYear);
  if (fiscalYear < plan.startYear || fiscalYear > plan.endYear) {
    throw new BadUserInputError(`fiscalYear must be one the plan covers (${plan.startYear}–${plan.endYear}); got ${fiscalYear}.`, 'fiscalYear');
  }
  const clusterValue = input.clusterValue === null || input.clusterValue === undefined ? null : parseValue(input.clusterValue, 'clusterValue');
  const codes = input.provinces.map((target, index) => {
    const code = target.provinceCode.trim();
    if (!PROVINCE_CODE.test(code)) {
      throw new BadUserInputError(`provinces[${index}].provinceCode is a two-digit province code such as "50"; got ${preview(target.provinceCode)}.`, `provinces[${index}].provinceCode`);
    }
    return code;
  });
  const duplicate = codes.find((code, index) => codes.indexOf(code) !== index);
  if (duplicate) throw new BadUserInputError(`provinces lists province ${duplicate} twice; give each province once.`, 'provinces');
  const provinces = await Promise.all(codes.map((code) => context.loaders.provinceByCode.load(code)));
  provinces.forEach((province, index) => {
    if (!province) throw new BadUserInputError(`provinces[${index}].provinceCode names no province; got ${preview(codes[index])}.`, `provinces[${index}].provinceCode`);
    if (province.clusterCode !== plan.clusterCode) {
      const where = province.clusterCode ? `cluster ${province.clusterCode}` : 'no cluster';
      throw new BadUserInputError(
        `Province ${province.code} (${province.nameEn}) belongs to ${where}, not to cluster ${plan.clusterCode}: only member provinces of the plan's cluster have targets.`,
        `provinces[${index}].provinceCode`,
      );
    }
  });
  const values = input.provinces.map((target, index) => parseValue(target.value, `provinces[${index}].value`));
  assertFreshVersion(`Indicator ${indicator.id}`, indicator.version, input.version);
  assertEditable(plan, TARGETS_EDITABLE, 'Indicator targets');
  const rows = [
    ...(clusterValue === null ? [] : [{ provinceCode: null, value: clusterValue }]),
    ...codes.map((provinceCode, index) => ({ provinceCode, value: values[index] })),
  ];
  const replaced = onlyProvince === null ? { indicatorId: indicator.id, fiscalYear } : { indicatorId: indicator.id, fiscalYear, provinceCode: onlyProvince };
  const show = (targets: { provinceCode: string | null; value: Prisma.Decimal }[]) =>
    targets.map((target) => ({ provinceCode: target.provinceCode, value: formatValue(target.value) }));
  return context.prisma.$transaction(async (tx) => {
    await touchPlan(tx, plan, TARGETS_EDITABLE);
    const { count } = await tx.indicator.updateMany({ where: { id: indicator.id, version: indicator.version }, data: { version: { increment: 1 } } });
    if (count === 0) throw new ConflictError(`Indicator ${indicator.id} changed while this write ran; read it again and retry.`);
    const before = await tx.indicatorTarget.findMany({ where: replaced, orderBy: { provinceCode: { sort: 'asc', nulls: 'first' } } });
    await tx.indicatorTarget.deleteMany({ where: replaced });
    await tx.indicatorTarget.createMany({ data: rows.map((row) => ({ ...row, indicatorId: indicator.id, fiscalYear, setBy: author })) });
    await recordChange(tx, context.identity, author, {
      entityType: 'Indicator',
      entityId: indicator.id,
      planId: plan.id,
      clusterCode: plan.clusterCode,
      action: 'SET_INDICATOR_TARGETS',
      before: { fiscalYear, targets: show(before) },
      after: { fiscalYear, targets: show(rows) },
    });
    return tx.indicator.findUniqueOrThrow({ where: { id: indicator.id } });
  });
}
