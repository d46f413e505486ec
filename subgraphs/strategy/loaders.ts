import type DataLoader from 'dataloader';
import type {
  Agency,
  AgendaItem,
  Cluster,
  Committee,
  CommitteeMember,
  DevelopmentPlan,
  FollowUp,
  Indicator,
  IndicatorTarget,
  Meeting,
  NationalStrategy,
  Objective,
  ObjectiveLink,
  OsmPosition,
  PlanMilestone,
  Prisma,
  PrismaClient,
  Province,
  Resolution,
  SdgGoal,
  StrategicIssue,
} from './generated/prisma/client';
import { createChildrenLoader, createRowLoader } from '../../kit/loaders';

/** The strategy subgraph's dataloaders, created per request by {@link createLoaders}. */
export type StrategyLoaders = ReturnType<typeof createLoaders>;

/**
 * Creates the per-request loaders: one statement per entity type and tick, whatever the number of
 * clusters, provinces, agencies, plans, issues, objectives or indicators a query or a batch of
 * entity references asks for.
 *
 * `plansOfCluster(where)` and `targetsOfIndicator(year)` make one loader per filter (a filter is
 * the same for every parent of one field), so N parents cost one statement.
 */
export function createLoaders(prisma: PrismaClient) {
  const plansByFilter = new Map<string, DataLoader<string, DevelopmentPlan[]>>();
  const targetsByYear = new Map<string, DataLoader<string, IndicatorTarget[]>>();
  return {
    clusterByCode: createRowLoader<string, Cluster>(
      (codes) => prisma.cluster.findMany({ where: { code: { in: [...codes] } } }),
      (cluster) => cluster.code,
    ),
    provinceByCode: createRowLoader<string, Province>(
      (codes) => prisma.province.findMany({ where: { code: { in: [...codes] } } }),
      (province) => province.code,
    ),
    provincesByCluster: createChildrenLoader<string, Province>(
      (codes) => prisma.province.findMany({ where: { clusterCode: { in: [...codes] } }, orderBy: { code: 'asc' } }),
      (province) => province.clusterCode as string,
    ),
    agencyByCode: createRowLoader<string, Agency>(
      (codes) => prisma.agency.findMany({ where: { code: { in: [...codes] } } }),
      (agency) => agency.code,
    ),
    nationalStrategyByNumber: createRowLoader<number, NationalStrategy>(
      (numbers) => prisma.nationalStrategy.findMany({ where: { number: { in: [...numbers] } } }),
      (strategy) => strategy.number,
    ),
    milestoneByNumber: createRowLoader<number, PlanMilestone>(
      (numbers) => prisma.planMilestone.findMany({ where: { number: { in: [...numbers] } } }),
      (milestone) => milestone.number,
    ),
    positionsByCluster: createChildrenLoader<string, OsmPosition>(
      (codes) => prisma.osmPosition.findMany({ where: { clusterCode: { in: [...codes] } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      (position) => position.clusterCode,
    ),
    committeeByCluster: createRowLoader<string, Committee>(
      (codes) => prisma.committee.findMany({ where: { clusterCode: { in: [...codes] } } }),
      (committee) => committee.clusterCode,
    ),
    membersByCommittee: createChildrenLoader<string, CommitteeMember>(
      (ids) => prisma.committeeMember.findMany({ where: { committeeId: { in: [...ids] } }, orderBy: [{ position: 'asc' }, { id: 'asc' }] }),
      (member) => member.committeeId,
    ),
    meetingById: createRowLoader<string, Meeting>(
      (ids) => prisma.meeting.findMany({ where: { id: { in: [...ids] } } }),
      (meeting) => meeting.id,
    ),
    /** Meetings of committees in keyset order (creation time, then id). */
    meetingsByCommittee: createChildrenLoader<string, Meeting>(
      (ids) => prisma.meeting.findMany({ where: { committeeId: { in: [...ids] } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      (meeting) => meeting.committeeId,
    ),
    agendaByMeeting: createChildrenLoader<string, AgendaItem>(
      (ids) => prisma.agendaItem.findMany({ where: { meetingId: { in: [...ids] } }, orderBy: [{ position: 'asc' }, { id: 'asc' }] }),
      (item) => item.meetingId,
    ),
    resolutionsByAgendaItem: createChildrenLoader<string, Resolution>(
      (ids) => prisma.resolution.findMany({ where: { agendaItemId: { in: [...ids] } }, orderBy: [{ position: 'asc' }, { id: 'asc' }] }),
      (resolution) => resolution.agendaItemId,
    ),
    followUpsByResolution: createChildrenLoader<string, FollowUp>(
      (ids) => prisma.followUp.findMany({ where: { resolutionId: { in: [...ids] } }, orderBy: [{ dueDate: 'asc' }, { id: 'asc' }] }),
      (followUp) => followUp.resolutionId,
    ),
    sdgGoalByNumber: createRowLoader<number, SdgGoal>(
      (numbers) => prisma.sdgGoal.findMany({ where: { number: { in: [...numbers] } } }),
      (goal) => goal.number,
    ),
    planById: createRowLoader<string, DevelopmentPlan>(
      (ids) => prisma.developmentPlan.findMany({ where: { id: { in: [...ids] } } }),
      (plan) => plan.id,
    ),
    /** The plans of clusters that match `where` (already narrowed to what the caller may read), oldest first. */
    plansOfCluster(where: Prisma.DevelopmentPlanWhereInput): DataLoader<string, DevelopmentPlan[]> {
      const key = JSON.stringify(where);
      let loader = plansByFilter.get(key);
      if (!loader) {
        loader = createChildrenLoader<string, DevelopmentPlan>(
          (codes) =>
            prisma.developmentPlan.findMany({
              where: { AND: [where, { clusterCode: { in: [...codes] } }] },
              orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
            }),
          (plan) => plan.clusterCode,
        );
        plansByFilter.set(key, loader);
      }
      return loader;
    },
    issueById: createRowLoader<string, StrategicIssue>(
      (ids) => prisma.strategicIssue.findMany({ where: { id: { in: [...ids] } } }),
      (issue) => issue.id,
    ),
    issuesByPlan: createChildrenLoader<string, StrategicIssue>(
      (ids) => prisma.strategicIssue.findMany({ where: { planId: { in: [...ids] } }, orderBy: [{ position: 'asc' }, { id: 'asc' }] }),
      (issue) => issue.planId,
    ),
    objectiveById: createRowLoader<string, Objective>(
      (ids) => prisma.objective.findMany({ where: { id: { in: [...ids] } } }),
      (objective) => objective.id,
    ),
    objectivesByIssue: createChildrenLoader<string, Objective>(
      (ids) =>
        prisma.objective.findMany({ where: { strategicIssueId: { in: [...ids] } }, orderBy: [{ position: 'asc' }, { id: 'asc' }] }),
      (objective) => objective.strategicIssueId,
    ),
    objectivesByPlan: createChildrenLoader<string, Objective>(
      (ids) => prisma.objective.findMany({ where: { planId: { in: [...ids] } }, orderBy: [{ position: 'asc' }, { id: 'asc' }] }),
      (objective) => objective.planId,
    ),
    linksByPlan: createChildrenLoader<string, ObjectiveLink>(
      (ids) => prisma.objectiveLink.findMany({ where: { planId: { in: [...ids] } }, orderBy: [{ createdAt: 'asc' }, { causeId: 'asc' }, { effectId: 'asc' }] }),
      (link) => link.planId,
    ),
    indicatorById: createRowLoader<string, Indicator>(
      (ids) => prisma.indicator.findMany({ where: { id: { in: [...ids] } } }),
      (indicator) => indicator.id,
    ),
    indicatorsByObjective: createChildrenLoader<string, Indicator>(
      (ids) => prisma.indicator.findMany({ where: { objectiveId: { in: [...ids] } }, orderBy: [{ position: 'asc' }, { id: 'asc' }] }),
      (indicator) => indicator.objectiveId,
    ),
    /** Targets of indicators in one fiscal year (or all years for `null`): cluster level first, then provinces by code. */
    targetsOfIndicator(fiscalYear: number | null): DataLoader<string, IndicatorTarget[]> {
      const key = String(fiscalYear ?? 'all');
      let loader = targetsByYear.get(key);
      if (!loader) {
        loader = createChildrenLoader<string, IndicatorTarget>(
          (ids) =>
            prisma.indicatorTarget.findMany({
              where: { indicatorId: { in: [...ids] }, ...(fiscalYear === null ? {} : { fiscalYear }) },
              orderBy: [{ fiscalYear: 'asc' }, { provinceCode: { sort: 'asc', nulls: 'first' } }],
            }),
          (target) => target.indicatorId,
        );
        targetsByYear.set(key, loader);
      }
      return loader;
    },
  };
}
