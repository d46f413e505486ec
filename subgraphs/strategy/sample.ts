import clustersFile from '../../prisma/strategy/seed/clusters.json';
import { parseClusterCode } from '../../kit/clusters';
import { checkFiscalYear, cleanOptionalText, cleanText, parseDate, parseDecimal, parseId } from '../../kit/validate';
import {
  type CascadeRule,
  type CommitteeRole,
  type IndicatorDirection,
  type MeetingStatus,
  type Perspective,
  PlanKind,
  PlanStatus,
  type Prisma,
  type PrismaClient,
  type ReportingFrequency,
} from './generated/prisma/client';
import sampleFile from './sample.json';

/** Who the sample records say created them. */
const SAMPLE_AUTHOR = 'sample-data';
/** The fiscal year the sample targets are for. */
const SAMPLE_TARGET_YEAR = 2569;

/**
 * The fixed id of a sample target: the indicator's id with the year in the second group and the
 * province code (000 for the cluster level) in the third, so a restart finds the same ids.
 */
function targetId(indicatorId: string, year: number, provinceCode: string | null): string {
  const [a, , , d, e] = indicatorId.split('-');
  return [a, String(year), `4${(provinceCode ?? '0').padStart(3, '0')}`, d, e].join('-');
}

/**
 * Loads the sample development plans in `sample.json` (a PUBLISHED five-year plan 2566–2570 for
 * clusters N1 and N2, with strategy maps, indicators and 2569 targets, some deliberately not
 * reconciling) and N1's sample committee with one HELD meeting, marked `isSample: true`. Skipped with `SEED_SAMPLE_DATA=false`.
 *
 * Idempotent, and it runs at every start: rows have fixed ids and are inserted with
 * `skipDuplicates` in one transaction, so a restart adds nothing twice and never changes a row
 * that exists. Texts, years, values and province memberships go through the checks user input does.
 *
 * @throws BadUserInputError when the sample file breaks a rule a user's input would, or Error when
 *   a target names a province outside the plan's cluster.
 */
export async function seedSample(prisma: PrismaClient): Promise<void> {
  const members = new Map(clustersFile.clusters.map((cluster) => [cluster.code, new Set(cluster.member_province_codes)]));
  const plans: Prisma.DevelopmentPlanCreateManyInput[] = [];
  const issues: Prisma.StrategicIssueCreateManyInput[] = [];
  const objectives: Prisma.ObjectiveCreateManyInput[] = [];
  const links: Prisma.ObjectiveLinkCreateManyInput[] = [];
  const indicators: Prisma.IndicatorCreateManyInput[] = [];
  const targets: Prisma.IndicatorTargetCreateManyInput[] = [];
  for (const plan of sampleFile.plans) {
    const clusterCode = parseClusterCode(plan.clusterCode);
    plans.push({
      id: parseId(plan.id),
      clusterCode,
      kind: PlanKind.FIVE_YEAR,
      status: PlanStatus.PUBLISHED,
      titleTh: cleanText(plan.titleTh, 'titleTh', { max: 300 }),
      titleEn: cleanText(plan.titleEn, 'titleEn', { max: 300 }),
      startYear: checkFiscalYear(plan.startYear),
      endYear: checkFiscalYear(plan.endYear),
      createdBy: SAMPLE_AUTHOR,
      createdAt: new Date(plan.createdAt),
      isSample: true,
    });
    plan.issues.forEach((issue, issueIndex) => {
      issues.push({
        id: parseId(issue.id),
        planId: plan.id,
        position: issueIndex + 1,
        titleTh: cleanText(issue.titleTh, 'titleTh', { max: 300 }),
        titleEn: issue.titleEn,
        nationalStrategies: issue.nationalStrategies,
        milestones: issue.milestones,
        sdgGoals: issue.sdgGoals,
        isSample: true,
      });
      issue.objectives.forEach((objective, objectiveIndex) => {
        objectives.push({
          id: parseId(objective.id),
          strategicIssueId: issue.id,
          planId: plan.id,
          perspective: objective.perspective as Perspective,
          position: objectiveIndex + 1,
          titleTh: cleanText(objective.titleTh, 'titleTh', { max: 300 }),
          titleEn: objective.titleEn,
          isSample: true,
        });
        objective.indicators.forEach((indicator, indicatorIndex) => {
          const source = indicator as typeof indicator & { baselineValue?: string; baselineYear?: number; thresholds?: string[]; ownerAgencyCode?: string };
          indicators.push({
            id: parseId(indicator.id),
            objectiveId: objective.id,
            planId: plan.id,
            position: indicatorIndex + 1,
            nameTh: cleanText(indicator.nameTh, 'nameTh', { max: 300 }),
            nameEn: indicator.nameEn,
            unit: indicator.unit,
            direction: indicator.direction as IndicatorDirection,
            cascadeRule: indicator.cascadeRule as CascadeRule,
            baselineValue: source.baselineValue ? parseDecimal(source.baselineValue, 'baselineValue', { allowNegative: true }) : null,
            baselineYear: source.baselineYear ? checkFiscalYear(source.baselineYear, 'baselineYear') : null,
            frequency: indicator.frequency as ReportingFrequency,
            dataSource: indicator.dataSource,
            ownerAgencyCode: source.ownerAgencyCode ?? null,
            thresholds: (source.thresholds ?? []).map((value) => parseDecimal(value, 'thresholds', { allowNegative: true })),
            isSample: true,
          });
          const { cluster, provinces } = indicator.targets2569;
          const entries: [string | null, string][] = [[null, cluster], ...Object.entries(provinces as Record<string, string>)];
          for (const [provinceCode, value] of entries) {
            if (provinceCode !== null && !members.get(clusterCode)?.has(provinceCode)) {
              throw new Error(`sample.json: indicator ${indicator.id} has a target for province ${provinceCode}, which is not a member of ${clusterCode}`);
            }
            targets.push({
              id: targetId(indicator.id, SAMPLE_TARGET_YEAR, provinceCode),
              indicatorId: indicator.id,
              fiscalYear: SAMPLE_TARGET_YEAR,
              provinceCode,
              value: parseDecimal(value, 'value', { allowNegative: true }),
              setBy: SAMPLE_AUTHOR,
              isSample: true,
            });
          }
        });
      });
    });
    for (const [causeId, effectId] of plan.links) links.push({ causeId, effectId, planId: plan.id, isSample: true });
  }
  const committee = committeeRows();
  await prisma.$transaction([
    prisma.developmentPlan.createMany({ skipDuplicates: true, data: plans }),
    prisma.strategicIssue.createMany({ skipDuplicates: true, data: issues }),
    prisma.objective.createMany({ skipDuplicates: true, data: objectives }),
    prisma.objectiveLink.createMany({ skipDuplicates: true, data: links }),
    prisma.indicator.createMany({ skipDuplicates: true, data: indicators }),
    prisma.indicatorTarget.createMany({ skipDuplicates: true, data: targets }),
    prisma.committee.createMany({ skipDuplicates: true, data: committee.committees }),
    prisma.committeeMember.createMany({ skipDuplicates: true, data: committee.members }),
    prisma.meeting.createMany({ skipDuplicates: true, data: committee.meetings }),
    prisma.agendaItem.createMany({ skipDuplicates: true, data: committee.agendaItems }),
    prisma.resolution.createMany({ skipDuplicates: true, data: committee.resolutions }),
    prisma.followUp.createMany({ skipDuplicates: true, data: committee.followUps }),
  ]);
}

/**
 * The sample committee of `sample.json` (N1: members named by position title, one HELD meeting
 * about the sample plan, resolutions, one overdue follow-up and one not yet due), as rows.
 */
function committeeRows() {
  const committees: Prisma.CommitteeCreateManyInput[] = [];
  const members: Prisma.CommitteeMemberCreateManyInput[] = [];
  const meetings: Prisma.MeetingCreateManyInput[] = [];
  const agendaItems: Prisma.AgendaItemCreateManyInput[] = [];
  const resolutions: Prisma.ResolutionCreateManyInput[] = [];
  const followUps: Prisma.FollowUpCreateManyInput[] = [];
  for (const committee of sampleFile.committees) {
    const clusterCode = parseClusterCode(committee.clusterCode);
    committees.push({
      id: parseId(committee.id),
      clusterCode,
      nameTh: cleanText(committee.nameTh, 'nameTh', { max: 300 }),
      nameEn: cleanText(committee.nameEn, 'nameEn', { max: 300 }),
      createdBy: SAMPLE_AUTHOR,
      createdAt: new Date(committee.createdAt),
      isSample: true,
    });
    committee.members.forEach((member, index) => {
      members.push({
        id: parseId(member.id),
        committeeId: committee.id,
        position: index + 1,
        personName: cleanText(member.personName, 'personName', { max: 200 }),
        agencyCode: member.agencyCode,
        role: member.role as CommitteeRole,
        isSample: true,
      });
    });
    for (const meeting of committee.meetings) {
      const date = parseDate(meeting.date, 'date');
      if (meeting.year !== date.getUTCFullYear() + 543) throw new Error(`sample.json: meeting ${meeting.id} has year ${meeting.year}, not the Buddhist Era year of ${meeting.date}`);
      meetings.push({
        id: parseId(meeting.id),
        committeeId: committee.id,
        clusterCode,
        number: meeting.number,
        year: meeting.year,
        date,
        venue: cleanOptionalText(meeting.venue, 'venue', { max: 300 }),
        onlineLink: meeting.onlineLink,
        status: meeting.status as MeetingStatus,
        createdBy: SAMPLE_AUTHOR,
        createdAt: new Date(meeting.createdAt),
        isSample: true,
      });
      meeting.agendaItems.forEach((item, itemIndex) => {
        agendaItems.push({
          id: parseId(item.id),
          meetingId: meeting.id,
          clusterCode,
          position: itemIndex + 1,
          titleTh: cleanText(item.titleTh, 'titleTh', { max: 300 }),
          planId: item.planId,
          reportReference: cleanOptionalText(item.reportReference, 'reportReference', { max: 200 }),
          isSample: true,
        });
        item.resolutions.forEach((resolution, resolutionIndex) => {
          resolutions.push({
            id: parseId(resolution.id),
            agendaItemId: item.id,
            meetingId: meeting.id,
            clusterCode,
            position: resolutionIndex + 1,
            textTh: cleanText(resolution.textTh, 'textTh', { max: 2000, multiline: true }),
            isSample: true,
          });
          for (const followUp of resolution.followUps) {
            followUps.push({
              id: parseId(followUp.id),
              resolutionId: resolution.id,
              meetingId: meeting.id,
              clusterCode,
              description: cleanText(followUp.description, 'description', { max: 1000, multiline: true }),
              ownerAgencyCode: followUp.ownerAgencyCode,
              ownerPerson: cleanOptionalText(followUp.ownerPerson, 'ownerPerson', { max: 200 }),
              dueDate: parseDate(followUp.dueDate, 'dueDate'),
              createdAt: new Date(followUp.createdAt),
              isSample: true,
            });
          }
        });
      });
    }
  }
  return { committees, members, meetings, agendaItems, resolutions, followUps };
}
