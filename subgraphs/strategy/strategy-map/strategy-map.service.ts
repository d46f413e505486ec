import { BadUserInputError, NotFoundError, preview } from '../../../kit/errors';
import { cleanOptionalText, cleanText, parseId } from '../../../kit/validate';
import type { StrategyContext } from '../context';
import type { Objective, ObjectiveLink, StrategicIssue } from '../generated/prisma/client';
import { recordChange } from '../history/history.service';
import { assertSignedIn, authorizePlanWrite } from '../plan/plan.access';
import { assertEditable, STRUCTURE_EDITABLE, touchPlan } from '../plan/plan.lifecycle';
import type { AddObjectiveInput, AddStrategicIssueInput, LinkObjectivesInput } from './strategy-map.input';

/**
 * Checks alignment numbers against the reference table they name (one statement each).
 *
 * @throws BadUserInputError naming the field and the numbers no row has, with the valid range.
 */
async function checkReferenceNumbers(numbers: readonly number[], field: string, known: () => Promise<{ number: number }[]>): Promise<number[]> {
  const unique = [...new Set(numbers)].sort((a, b) => a - b);
  if (unique.length !== numbers.length) throw new BadUserInputError(`${field} lists a number twice; list each once.`, field);
  if (unique.length === 0) return unique;
  const valid = new Set((await known()).map((row) => row.number));
  const unknown = unique.filter((number) => !valid.has(number));
  if (unknown.length > 0) {
    const range = valid.size > 0 ? ` (valid: ${Math.min(...valid)}–${Math.max(...valid)})` : '';
    throw new BadUserInputError(`${field} has numbers the reference data does not: ${unknown.join(', ')}${range}.`, field);
  }
  return unique;
}

/**
 * Adds a strategic issue at the end of a DRAFT plan, aligned to National Strategy strategies,
 * 13th Plan milestones and SDGs by number.
 */
export async function addStrategicIssue(context: StrategyContext, input: AddStrategicIssueInput): Promise<StrategicIssue> {
  const { plan, author } = await authorizePlanWrite(context, input.planId);
  const titleTh = cleanText(input.titleTh, 'titleTh', { max: 300 });
  const titleEn = cleanOptionalText(input.titleEn, 'titleEn', { max: 300 });
  const nationalStrategies = await checkReferenceNumbers(input.nationalStrategies, 'nationalStrategies', () =>
    context.prisma.nationalStrategy.findMany({ select: { number: true } }),
  );
  const milestones = await checkReferenceNumbers(input.milestones, 'milestones', () =>
    context.prisma.planMilestone.findMany({ select: { number: true } }),
  );
  const sdgGoals = await checkReferenceNumbers(input.sdgGoals ?? [], 'sdgGoals', () => context.prisma.sdgGoal.findMany({ select: { number: true } }));
  assertEditable(plan, STRUCTURE_EDITABLE, 'Strategic issues');
  return context.prisma.$transaction(async (tx) => {
    await touchPlan(tx, plan, STRUCTURE_EDITABLE);
    const position = (await tx.strategicIssue.count({ where: { planId: plan.id } })) + 1;
    const issue = await tx.strategicIssue.create({ data: { planId: plan.id, position, titleTh, titleEn, nationalStrategies, milestones, sdgGoals } });
    await recordChange(tx, context.identity, author, {
      entityType: 'StrategicIssue',
      entityId: issue.id,
      planId: plan.id,
      clusterCode: plan.clusterCode,
      action: 'ADD_STRATEGIC_ISSUE',
      before: null,
      after: issue,
    });
    return issue;
  });
}

/** Adds an objective at the end of a strategic issue of a DRAFT plan. */
export async function addObjective(context: StrategyContext, input: AddObjectiveInput): Promise<Objective> {
  assertSignedIn(context);
  const issue = await context.prisma.strategicIssue.findUnique({ where: { id: parseId(input.strategicIssueId, 'strategicIssueId') } });
  if (!issue) throw new NotFoundError('strategicIssueId names no strategic issue; read the plan\'s strategicIssues to find the id.', 'strategicIssueId');
  const { plan, author } = await authorizePlanWrite(context, issue.planId);
  const titleTh = cleanText(input.titleTh, 'titleTh', { max: 300 });
  const titleEn = cleanOptionalText(input.titleEn, 'titleEn', { max: 300 });
  assertEditable(plan, STRUCTURE_EDITABLE, 'Objectives');
  return context.prisma.$transaction(async (tx) => {
    await touchPlan(tx, plan, STRUCTURE_EDITABLE);
    const position = (await tx.objective.count({ where: { strategicIssueId: issue.id } })) + 1;
    const objective = await tx.objective.create({
      data: { strategicIssueId: issue.id, planId: plan.id, perspective: input.perspective, position, titleTh, titleEn },
    });
    await recordChange(tx, context.identity, author, {
      entityType: 'Objective',
      entityId: objective.id,
      planId: plan.id,
      clusterCode: plan.clusterCode,
      action: 'ADD_OBJECTIVE',
      before: null,
      after: objective,
    });
    return objective;
  });
}

/**
 * The path from `from` to `to` along the links, or null when there is none (breadth-first, so
 * the shortest path is named).
 */
function findPath(links: readonly Pick<ObjectiveLink, 'causeId' | 'effectId'>[], from: string, to: string): string[] | null {
  const effects = new Map<string, string[]>();
  for (const link of links) effects.set(link.causeId, [...(effects.get(link.causeId) ?? []), link.effectId]);
  const previous = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    if (node === to) {
      const path = [to];
      while (path[0] !== from) path.unshift(previous.get(path[0]) as string);
      return path;
    }
    for (const next of effects.get(node) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return null;
}

/**
 * Links a cause objective to an effect objective of the same DRAFT plan. Refuses a self-link, a
 * link across plans, a link that exists, and a link that would close a cycle (naming the path).
 *
 * @returns the cause objective.
 */
export async function linkObjectives(context: StrategyContext, input: LinkObjectivesInput): Promise<Objective> {
  assertSignedIn(context);
  const causeId = parseId(input.causeId, 'causeId');
  const effectId = parseId(input.effectId, 'effectId');
  if (causeId === effectId) throw new BadUserInputError('An objective cannot cause itself: causeId and effectId must differ.', 'effectId');
  const found = await context.prisma.objective.findMany({ where: { id: { in: [causeId, effectId] } } });
  const cause = found.find((objective) => objective.id === causeId);
  const effect = found.find((objective) => objective.id === effectId);
  if (!cause) throw new NotFoundError('causeId names no objective.', 'causeId');
  if (!effect) throw new NotFoundError('effectId names no objective.', 'effectId');
  const { plan, author } = await authorizePlanWrite(context, cause.planId);
  if (effect.planId !== cause.planId) {
    throw new BadUserInputError(`Objectives link only within one plan: the cause is in plan ${cause.planId}, the effect in plan ${effect.planId}.`, 'effectId');
  }
  assertEditable(plan, STRUCTURE_EDITABLE, 'Cause → effect links');
  const links = await context.prisma.objectiveLink.findMany({ where: { planId: plan.id } });
  if (links.some((link) => link.causeId === causeId && link.effectId === effectId)) {
    throw new BadUserInputError(`${preview(cause.titleTh)} is already linked to ${preview(effect.titleTh)}.`, 'effectId');
  }
  const back = findPath(links, effectId, causeId);
  if (back) {
    const titles = new Map((await context.prisma.objective.findMany({ where: { id: { in: back } } })).map((o) => [o.id, o.titleTh]));
    const named = [...back, effectId].map((id) => preview(titles.get(id) ?? id)).join(' → ');
    throw new BadUserInputError(`Linking these objectives would make a cycle: ${named}. A strategy map reads cause → effect one way; remove a link of that path first.`, 'effectId');
  }
  return context.prisma.$transaction(async (tx) => {
    await touchPlan(tx, plan, STRUCTURE_EDITABLE);
    const link = await tx.objectiveLink.create({ data: { causeId, effectId, planId: plan.id } });
    await recordChange(tx, context.identity, author, {
      entityType: 'ObjectiveLink',
      entityId: causeId,
      planId: plan.id,
      clusterCode: plan.clusterCode,
      action: 'LINK_OBJECTIVES',
      before: null,
      after: link,
    });
    return cause;
  });
}
