import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { createConnectionType } from '../../../kit/connection';
import { ProjectKind, ProjectStatus } from '../generated/prisma/client';

export { ProjectKind, ProjectStatus };

registerEnumType(ProjectStatus, {
  name: 'ProjectStatus',
  description:
    'Where a project is in its life. Forward one step at a time: PROPOSED → SCREENED → PRIORITISED → REQUESTED → APPROVED → CONTRACTED → IN_PROGRESS → COMPLETED (APPROVED may also go to IN_PROGRESS); CANCELLED, with a reason, from any status before COMPLETED. The public sees projects from APPROVED on.',
  valuesConfig: {
    PROPOSED: { description: 'Proposed by the OSM or a province; not public.' },
    SCREENED: { description: 'Screened by the OSM against the plan; not public.' },
    PRIORITISED: { description: "Ranked by the cluster's committee; not public." },
    REQUESTED: { description: 'In the budget request to the Budget Bureau; not public.' },
    APPROVED: { description: 'Funded in the budget act; public from here on.' },
    CONTRACTED: { description: 'Procurement done, a contract signed.' },
    IN_PROGRESS: { description: 'Being carried out.' },
    COMPLETED: { description: 'Done. Final.' },
    CANCELLED: { description: 'Stopped, with a reason (`cancelReason`). Final; not public.' },
  },
});

registerEnumType(ProjectKind, {
  name: 'ProjectKind',
  description: 'What a project spends on; investment projects are held to the investment disbursement targets.',
  valuesConfig: {
    INVESTMENT: { description: 'Builds or buys an asset (งบลงทุน-led).' },
    OPERATING: { description: 'Runs an activity (training, promotion, events).' },
  },
});

/** A project row; relations, money and dates are resolved by the project resolver. */
@ObjectType({
  description:
    "A development project of a provincial cluster, serving a strategic issue of its plan, with budget lines per fiscal year, phase and category. The public sees projects from APPROVED on; the cluster's staff and province officers, agencies and admins see all.",
})
@Directive('@key(fields: "id")')
export class Project {
  @Field(() => ID, { description: 'The project id (a UUID).' })
  id!: string;

  @Field(() => String, { description: 'The project code, unique in its cluster, e.g. "N1-2569-004" (generated as <cluster>-<year>-<NNN> when not given).' })
  code!: string;

  @Field(() => Int, { description: 'Thai fiscal year in the Buddhist Era in which the project starts, e.g. 2569 (Oct 2025 – Sep 2026).' })
  fiscalYear!: number;

  @Field(() => String, { description: 'Project name in Thai.' })
  nameTh!: string;

  @Field(() => String, { nullable: true, description: 'Project name in English, when given.' })
  nameEn!: string | null;

  @Field(() => ProjectKind, { nullable: true, description: 'Investment or operating; null when not given.' })
  kind!: ProjectKind | null;

  @Field(() => ProjectStatus, { description: 'Where the project is in its life.' })
  status!: ProjectStatus;

  @Field(() => String, { nullable: true, description: 'Why the project was cancelled; null unless CANCELLED.' })
  cancelReason!: string | null;

  @Field(() => String, { nullable: true, description: 'The project id in eMENSCR (the national project tracking system), where there is one.' })
  emenscrId!: string | null;

  @Field(() => Int, { description: 'Optimistic-concurrency version: send it with `transitionProject`; it goes up with every change.' })
  version!: number;

  @Field(() => Date, { description: 'When the project was recorded.' })
  createdAt!: Date;

  @Field(() => Boolean, { description: 'True for the sample records the hub loads at start so a new hub has something to show (left out with SEED_SAMPLE_DATA=false); false for real records.' })
  isSample!: boolean;

  clusterCode!: string;
}

/** `Query.projects`, `StrategicIssue.projects`, `Indicator.projects`. */
export const ProjectConnection = createConnectionType(Project, 'Project', 'project');
