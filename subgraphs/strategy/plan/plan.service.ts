import { randomUUID } from 'node:crypto';
import { parseClusterCode } from '../../../kit/clusters';
import { assertFreshVersion } from '../../../kit/concurrency';
import { BadUserInputError, ConflictError } from '../../../kit/errors';
import { authorizeClusterWrite } from '../../../kit/identity';
import { assertTransition } from '../../../kit/lifecycle';
import { checkFiscalYear, cleanOptionalText, cleanText } from '../../../kit/validate';
import type { StrategyContext } from '../context';
import { type DevelopmentPlan, PlanKind, PlanStatus } from '../generated/prisma/client';
import { recordChange } from '../history/history.service';
import { assertSignedIn, authorizePlanWrite } from './plan.access';
import type { CreatePlanInput, RevisePlanInput, TransitionPlanInput } from './plan.input';
import { PLAN_TRANSITIONS } from './plan.lifecycle';

/** What a plan's history rows record of it. */
function planSnapshot(plan: DevelopmentPlan) {
  const { id, clusterCode, kind, status, titleTh, titleEn, startYear, endYear, version, revision, previousVersionId } = plan;
  return { id, clusterCode, kind, status, titleTh, titleEn, startYear, endYear, version, revision, previousVersionId };
}

/**
 * Checks a plan's years: Thai fiscal years (Buddhist Era) in the hub's range; a five-year plan
 * spans exactly five, an annual plan one.
 *
 * @throws BadUserInputError naming the field to fix.
 */
function checkPlanYears(kind: PlanKind, startYear: number, endYear: number): void {
  checkFiscalYear(startYear, 'startYear');
  checkFiscalYear(endYear, 'endYear');
  if (kind === PlanKind.FIVE_YEAR && endYear !== startYear + 4) {
    throw new BadUserInputError(
      `A FIVE_YEAR plan spans exactly five fiscal years: endYear must be startYear + 4 = ${startYear + 4}; got ${endYear}.`,
      'endYear',
    );
  }
  if (kind === PlanKind.ANNUAL && endYear !== startYear) {
    throw new BadUserInputError(`An ANNUAL plan covers one fiscal year: endYear must equal startYear (${startYear}); got ${endYear}.`, 'endYear');
  }
}

/**
 * Creates a DRAFT plan of a cluster (revision 1, version 1) and records it.
 *
 * @throws UnauthenticatedError / ForbiddenError unless OSM staff of the cluster or an admin;
 *   BadUserInputError for an unknown cluster, bad years or empty titles.
 */
export async function createPlan(context: StrategyContext, input: CreatePlanInput): Promise<DevelopmentPlan> {
  assertSignedIn(context);
  const { clusterCode, author } = authorizeClusterWrite(context.identity, parseClusterCode(input.clusterCode));
  checkPlanYears(input.kind, input.startYear, input.endYear);
  const data = {
    clusterCode,
    kind: input.kind,
    titleTh: cleanText(input.titleTh, 'titleTh', { max: 300 }),
    titleEn: cleanOptionalText(input.titleEn, 'titleEn', { max: 300 }),
    startYear: input.startYear,
    endYear: input.endYear,
    createdBy: author,
  };
  return context.prisma.$transaction(async (tx) => {
    const plan = await tx.developmentPlan.create({ data });
    await recordChange(tx, context.identity, author, {
      entityType: 'DevelopmentPlan',
      entityId: plan.id,
      planId: plan.id,
      clusterCode,
      action: 'CREATE_PLAN',
      before: null,
      after: planSnapshot(plan),
    });
    return plan;
  });
}

/**
 * Moves a plan to another status (see {@link PLAN_TRANSITIONS}), on condition that it still has
 * the `version` the caller read. Publishing a revision archives the published version it revises,
 * in the same transaction.
 *
 * @throws CONFLICT for a stale version (nothing written), BAD_USER_INPUT naming the allowed moves.
 */
export async function transitionPlan(context: StrategyContext, input: TransitionPlanInput): Promise<DevelopmentPlan> {
  const { plan, author } = await authorizePlanWrite(context, input.planId);
  assertFreshVersion(`Plan ${plan.id}`, plan.version, input.version);
  assertTransition(PLAN_TRANSITIONS, plan.status, input.to, 'A plan');
  return context.prisma.$transaction(async (tx) => {
    const { count } = await tx.developmentPlan.updateMany({
      where: { id: plan.id, version: input.version, status: plan.status },
      data: { status: input.to, version: { increment: 1 } },
    });
    const updated = await tx.developmentPlan.findUniqueOrThrow({ where: { id: plan.id } });
    if (count === 0) {
      throw new ConflictError(`Plan ${plan.id} changed while this write ran (now version ${updated.version}); read it again and retry.`, updated.version);
    }
    await recordChange(tx, context.identity, author, {
      entityType: 'DevelopmentPlan',
      entityId: plan.id,
      planId: plan.id,
      clusterCode: plan.clusterCode,
      action: 'TRANSITION_PLAN',
      before: planSnapshot(plan),
      after: planSnapshot(updated),
    });
    if (input.to === PlanStatus.PUBLISHED && plan.previousVersionId) {
      const previous = await tx.developmentPlan.findUnique({ where: { id: plan.previousVersionId } });
      if (previous?.status === PlanStatus.PUBLISHED) {
        const archived = await tx.developmentPlan.update({
          where: { id: previous.id },
          data: { status: PlanStatus.ARCHIVED, version: { increment: 1 } },
        });
        await recordChange(tx, context.identity, author, {
          entityType: 'DevelopmentPlan',
          entityId: previous.id,
          planId: previous.id,
          clusterCode: previous.clusterCode,
          action: 'ARCHIVE_REVISED_PLAN',
          before: planSnapshot(previous),
          after: planSnapshot(archived),
        });
      }
    }
    return updated;
  });
}

/**
 * Copies a PUBLISHED plan, with its strategic issues, objectives, links, indicators and targets,
 * into a new DRAFT plan whose `previousVersion` is the original and whose `revision` is one more.
 * One revision at a time: while a copy is not yet published or archived, another is refused.
 *
 * @throws BAD_USER_INPUT for a plan that is not PUBLISHED or already being revised.
 */
export async function revisePlan(context: StrategyContext, input: RevisePlanInput): Promise<DevelopmentPlan> {
  const { plan, author } = await authorizePlanWrite(context, input.planId);
  if (plan.status !== PlanStatus.PUBLISHED) {
    throw new BadUserInputError(
      `Only a PUBLISHED plan is revised; plan ${plan.id} is ${plan.status}${plan.status === PlanStatus.ARCHIVED ? '' : ' and can still be edited through transitionPlan'}.`,
      'planId',
    );
  }
  const pending = await context.prisma.developmentPlan.findFirst({
    where: { previousVersionId: plan.id, status: { in: [PlanStatus.DRAFT, PlanStatus.IN_CONSULTATION, PlanStatus.COMMITTEE_APPROVED] } },
    select: { id: true },
  });
  if (pending) {
    throw new BadUserInputError(`Plan ${plan.id} is already being revised by plan ${pending.id}; continue that draft instead.`, 'planId');
  }
  return context.prisma.$transaction(async (tx) => {
    const [issues, objectives, links, indicators] = await Promise.all([
      tx.strategicIssue.findMany({ where: { planId: plan.id } }),
      tx.objective.findMany({ where: { planId: plan.id } }),
      tx.objectiveLink.findMany({ where: { planId: plan.id } }),
      tx.indicator.findMany({ where: { planId: plan.id } }),
    ]);
    const targets = await tx.indicatorTarget.findMany({ where: { indicatorId: { in: indicators.map((indicator) => indicator.id) } } });
    const newId = new Map<string, string>();
    const mapped = (id: string): string => {
      let copy = newId.get(id);
      if (!copy) newId.set(id, (copy = randomUUID()));
      return copy;
    };
    const copy = await tx.developmentPlan.create({
      data: {
        clusterCode: plan.clusterCode,
        kind: plan.kind,
        titleTh: plan.titleTh,
        titleEn: plan.titleEn,
        startYear: plan.startYear,
        endYear: plan.endYear,
        revision: plan.revision + 1,
        previousVersionId: plan.id,
        createdBy: author,
      },
    });
    await tx.strategicIssue.createMany({
      data: issues.map(({ id, position, titleTh, titleEn, nationalStrategies, milestones, sdgGoals }) => ({
        id: mapped(id),
        planId: copy.id,
        position,
        titleTh,
        titleEn,
        nationalStrategies,
        milestones,
        sdgGoals,
      })),
    });
    await tx.objective.createMany({
      data: objectives.map(({ id, strategicIssueId, perspective, position, titleTh, titleEn }) => ({
        id: mapped(id),
        strategicIssueId: mapped(strategicIssueId),
        planId: copy.id,
        perspective,
        position,
        titleTh,
        titleEn,
      })),
    });
    await tx.objectiveLink.createMany({
      data: links.map(({ causeId, effectId }) => ({ causeId: mapped(causeId), effectId: mapped(effectId), planId: copy.id })),
    });
    await tx.indicator.createMany({
      data: indicators.map(({ id, objectiveId, isSample: _sample, createdAt: _created, version: _version, planId: _plan, ...rest }) => ({
        ...rest,
        id: mapped(id),
        objectiveId: mapped(objectiveId),
        planId: copy.id,
      })),
    });
    await tx.indicatorTarget.createMany({
      data: targets.map(({ indicatorId, fiscalYear, provinceCode, value, setBy }) => ({
        indicatorId: mapped(indicatorId),
        fiscalYear,
        provinceCode,
        value,
        setBy,
      })),
    });
    await recordChange(tx, context.identity, author, {
      entityType: 'DevelopmentPlan',
      entityId: copy.id,
      planId: copy.id,
      clusterCode: copy.clusterCode,
      action: 'REVISE_PLAN',
      before: planSnapshot(plan),
      after: { ...planSnapshot(copy), copied: { strategicIssues: issues.length, objectives: objectives.length, links: links.length, indicators: indicators.length, targets: targets.length } },
    });
    return copy;
  });
}
