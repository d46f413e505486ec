import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { parseClusterCode } from '../../../kit/clusters';
import { checkFiscalYear, parseId } from '../../../kit/validate';
import { Agency } from '../agency/agency.type';
import type { StrategyContext } from '../context';
import { type Indicator as IndicatorRow, type IndicatorTarget as TargetRow, PlanStatus, type Prisma } from '../generated/prisma/client';
import { readablePlan, readableWhere, readScope } from '../plan/plan.access';
import { Province } from '../province/province.type';
import { Objective } from '../strategy-map/strategy-map.type';
import { AddIndicatorInput, SetIndicatorTargetsInput } from './indicator.input';
import { addIndicator, setIndicatorTargets } from './indicator.service';
import { Indicator, IndicatorTarget, TargetReconciliation } from './indicator.type';
import { compareTargets, formatValue } from './indicator.values';

/** An indicator through the loaders, or null when missing or in a plan the caller may not read. */
export async function readableIndicator(context: StrategyContext, id: string): Promise<IndicatorRow | null> {
  const indicator = await context.loaders.indicatorById.load(id);
  return indicator && (await readablePlan(context, indicator.planId)) ? indicator : null;
}

/** Indicators: queries, the mutations that add one and set its targets, and its fields. */
@Resolver(() => Indicator)
export class IndicatorResolver {
  @Query(() => Indicator, { nullable: true, description: 'One indicator by id; null when none has it or its plan is not readable by the caller.' })
  indicator(@Arg('id', () => ID, { description: 'The indicator id.' }) id: string, @Ctx() context: StrategyContext): Promise<IndicatorRow | null> {
    return readableIndicator(context, parseId(id));
  }

  @Mutation(() => Indicator, {
    nullable: true,
    description: "Adds an indicator to an objective of a DRAFT plan. Needs OSM staff of the plan's cluster or an admin.",
  })
  addIndicator(@Arg('input', () => AddIndicatorInput, { description: 'The new indicator.' }) input: AddIndicatorInput, @Ctx() context: StrategyContext) {
    return addIndicator(context, input);
  }

  @Mutation(() => Indicator, {
    nullable: true,
    description:
      "Sets an indicator's targets for one fiscal year, atomically, while the plan is DRAFT or IN_CONSULTATION. OSM staff of the plan's cluster and admins replace the year's whole set; a province officer of a member province replaces only its own province's target. A province outside the cluster is BAD_USER_INPUT.",
  })
  setIndicatorTargets(@Arg('input', () => SetIndicatorTargetsInput, { description: 'The indicator, the year and the targets.' }) input: SetIndicatorTargetsInput, @Ctx() context: StrategyContext) {
    return setIndicatorTargets(context, input);
  }

  @Directive('@listSize(assumedSize: 20)')
  @Query(() => [TargetReconciliation], {
    description:
      "The indicators of a cluster's current plans (not ARCHIVED, covering the year, readable by the caller) that have targets in the fiscal year but whose province targets do not agree with the cluster target under the indicator's cascade rule, or that lack the cluster target or a member province's target. Only the cluster's real member provinces count.",
  })
  async targetReconciliation(
    @Arg('clusterCode', () => String, { description: 'The cluster, e.g. "N1".' }) clusterCode: string,
    @Arg('fiscalYear', () => Int, { description: 'Thai fiscal year (Buddhist Era), e.g. 2569.' }) fiscalYear: number,
    @Ctx() context: StrategyContext,
  ): Promise<TargetReconciliation[]> {
    const code = parseClusterCode(clusterCode);
    const year = checkFiscalYear(fiscalYear);
    const where: Prisma.DevelopmentPlanWhereInput = {
      AND: [readableWhere(await readScope(context)), { clusterCode: code, status: { not: PlanStatus.ARCHIVED }, startYear: { lte: year }, endYear: { gte: year } }],
    };
    const [members, indicators] = await Promise.all([
      context.loaders.provincesByCluster.load(code),
      context.prisma.indicator.findMany({ where: { planId: { in: (await context.loaders.plansOfCluster(where).load(code)).map((plan) => plan.id) } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    ]);
    const memberCodes = members.map((province) => province.code);
    const targets = await Promise.all(indicators.map((indicator) => context.loaders.targetsOfIndicator(year).load(indicator.id)));
    const result: TargetReconciliation[] = [];
    indicators.forEach((indicator, index) => {
      const rows = targets[index];
      if (rows.length === 0) return;
      const cluster = rows.find((row) => row.provinceCode === null)?.value ?? null;
      const byProvince = new Map(rows.filter((row) => row.provinceCode !== null).map((row) => [row.provinceCode as string, row.value]));
      const provinces = memberCodes.filter((member) => byProvince.has(member)).map((member) => ({ code: member, value: byProvince.get(member) as Prisma.Decimal }));
      const missing = memberCodes.filter((member) => !byProvince.has(member));
      const comparison = compareTargets(indicator.cascadeRule, cluster, provinces);
      if (comparison.agrees && missing.length === 0) return;
      result.push({
        indicatorId: indicator.id,
        rule: indicator.cascadeRule,
        clusterValue: cluster === null ? null : formatValue(cluster),
        provinceTotal: comparison.provinceTotal === null ? null : formatValue(comparison.provinceTotal),
        missingProvinceCodes: missing,
        mismatchedProvinceCodes: comparison.mismatched,
      });
    });
    return result;
  }

  @FieldResolver(() => Objective, { description: 'The objective the indicator measures.' })
  objective(@Root() indicator: IndicatorRow, @Ctx() { loaders }: StrategyContext) {
    return loaders.objectiveById.load(indicator.objectiveId);
  }

  @FieldResolver(() => Agency, { nullable: true, description: 'The agency that owns the data, when set.' })
  ownerAgency(@Root() indicator: IndicatorRow, @Ctx() { loaders }: StrategyContext) {
    return indicator.ownerAgencyCode ? loaders.agencyByCode.load(indicator.ownerAgencyCode) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The baseline value as an exact decimal string, e.g. "41250.50"; null when not set.' })
  baselineValue(@Root() indicator: IndicatorRow): string | null {
    return indicator.baselineValue === null ? null : formatValue(indicator.baselineValue);
  }

  @Directive('@listSize(assumedSize: 5)')
  @FieldResolver(() => [String], { description: "The values that score 1 to 5 on OPDC's scale, as exact decimal strings; empty when not set." })
  thresholds(@Root() indicator: IndicatorRow): string[] {
    return indicator.thresholds.map(formatValue);
  }

  @Directive('@listSize(assumedSize: 6)')
  @FieldResolver(() => [IndicatorTarget], { description: 'Targets, cluster level first then provinces by code; of one fiscal year, or of every year when none is given.' })
  async targets(
    @Root() indicator: IndicatorRow,
    @Arg('fiscalYear', () => Int, { nullable: true, description: 'Only this Thai fiscal year (Buddhist Era), e.g. 2569.' }) fiscalYear: number | null,
    @Ctx() { loaders }: StrategyContext,
  ): Promise<IndicatorTarget[]> {
    const year = fiscalYear === null || fiscalYear === undefined ? null : checkFiscalYear(fiscalYear);
    const rows: TargetRow[] = await loaders.targetsOfIndicator(year).load(indicator.id);
    return rows.map((row) => ({ fiscalYear: row.fiscalYear, provinceCode: row.provinceCode, value: formatValue(row.value), setBy: row.setBy }));
  }
}

/** The province of a target. */
@Resolver(() => IndicatorTarget)
export class IndicatorTargetResolver {
  @FieldResolver(() => Province, { nullable: true, description: 'The province the target is for; null for the cluster-level target.' })
  province(@Root() target: IndicatorTarget, @Ctx() { loaders }: StrategyContext) {
    return target.provinceCode ? loaders.provinceByCode.load(target.provinceCode) : null;
  }
}

/** The indicator and provinces of a reconciliation item. */
@Resolver(() => TargetReconciliation)
export class TargetReconciliationResolver {
  @FieldResolver(() => Indicator, { description: 'The indicator whose targets do not reconcile.' })
  indicator(@Root() item: TargetReconciliation, @Ctx() { loaders }: StrategyContext) {
    return loaders.indicatorById.load(item.indicatorId);
  }

  @Directive('@listSize(assumedSize: 7)')
  @FieldResolver(() => [Province], { description: 'Member provinces of the cluster with no target in the year, by code.' })
  async missingProvinces(@Root() item: TargetReconciliation, @Ctx() { loaders }: StrategyContext) {
    return Promise.all(item.missingProvinceCodes.map((code) => loaders.provinceByCode.load(code)));
  }

  @Directive('@listSize(assumedSize: 7)')
  @FieldResolver(() => [Province], {
    description: 'Member provinces whose own target breaks the rule: below the cluster target (MINIMUM) or different from it (SAME); empty for SUM and AVERAGE.',
  })
  async mismatchedProvinces(@Root() item: TargetReconciliation, @Ctx() { loaders }: StrategyContext) {
    return Promise.all(item.mismatchedProvinceCodes.map((code) => loaders.provinceByCode.load(code)));
  }
}
