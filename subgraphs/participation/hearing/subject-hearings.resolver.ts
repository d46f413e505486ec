import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { ParticipationContext } from '../context';
import { DevelopmentPlan, Project, StrategicIssue } from '../entities';
import type { Hearing as HearingRow } from '../generated/prisma/client';
import { Hearing, HearingSubjectKind } from './hearing.type';

/** The hearings about one subject of `kind`, earliest start first (one statement for every subject of a request). */
async function hearingsAbout(context: ParticipationContext, id: string, kind: HearingSubjectKind): Promise<HearingRow[]> {
  return (await context.loaders.hearingsOfSubject.load(id)).filter((hearing) => hearing.subjectKind === kind);
}

const DESCRIPTION = (what: string) =>
  `The public hearings about this ${what}, earliest start first. Null, with an error naming the participation subgraph, when it cannot answer.`;

/** `DevelopmentPlan.hearings`. */
@Resolver(() => DevelopmentPlan)
export class PlanHearingsResolver {
  @FieldResolver(() => [Hearing], { nullable: true, description: DESCRIPTION('plan') })
  hearings(@Root() plan: DevelopmentPlan, @Ctx() context: ParticipationContext): Promise<HearingRow[]> {
    return hearingsAbout(context, plan.id, HearingSubjectKind.PLAN);
  }
}

/** `StrategicIssue.hearings`. */
@Resolver(() => StrategicIssue)
export class StrategicIssueHearingsResolver {
  @FieldResolver(() => [Hearing], { nullable: true, description: DESCRIPTION('strategic issue') })
  hearings(@Root() issue: StrategicIssue, @Ctx() context: ParticipationContext): Promise<HearingRow[]> {
    return hearingsAbout(context, issue.id, HearingSubjectKind.STRATEGIC_ISSUE);
  }
}

/** `Project.hearings`. */
@Resolver(() => Project)
export class ProjectHearingsResolver {
  @FieldResolver(() => [Hearing], { nullable: true, description: DESCRIPTION('project') })
  hearings(@Root() project: Project, @Ctx() context: ParticipationContext): Promise<HearingRow[]> {
    return hearingsAbout(context, project.id, HearingSubjectKind.PROJECT);
  }
}
