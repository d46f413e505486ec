import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { createConnectionType } from '../../../kit/connection';
import { PlanKind, PlanStatus } from '../generated/prisma/client';

export { PlanKind, PlanStatus };

registerEnumType(PlanKind, {
  name: 'PlanKind',
  description: 'How long a development plan runs.',
  valuesConfig: {
    FIVE_YEAR: { description: 'Five consecutive fiscal years, e.g. 2566–2570 (aligned with the 13th National Plan).' },
    ANNUAL: { description: 'One Thai fiscal year (October–September); startYear equals endYear.' },
  },
});

registerEnumType(PlanStatus, {
  name: 'PlanStatus',
  description:
    'Where a plan is in its life. Forward: DRAFT → IN_CONSULTATION → COMMITTEE_APPROVED → PUBLISHED → ARCHIVED. Back: IN_CONSULTATION → DRAFT and COMMITTEE_APPROVED → DRAFT (to change the content again). A published plan is never edited: `revisePlan` copies it into a new draft.',
  valuesConfig: {
    DRAFT: { description: 'Being written by the OSM; the only status in which the strategy map and indicators can change. Invisible to the public.' },
    IN_CONSULTATION: { description: 'Out for consultation with provinces and agencies; province targets may still be proposed. Invisible to the public.' },
    COMMITTEE_APPROVED: { description: 'Approved by the cluster committee (ก.บ.ก.); ready to publish. Invisible to the public.' },
    PUBLISHED: { description: 'In force and public. Publishing a revision archives the version it revises.' },
    ARCHIVED: { description: "Superseded or expired; kept as a record for the cluster's staff, agencies and admins, no longer public. Final." },
  },
});

/** A development plan row; relations are resolved by the plan resolver. */
@ObjectType({
  description:
    "A cluster development plan (แผนพัฒนากลุ่มจังหวัด): a five-year or annual plan of one provincial cluster, with its strategy map (strategic issues, objectives, cause → effect links) and indicators. Drafts are visible only to the cluster's OSM staff and province officers, agencies and admins; the public sees PUBLISHED plans only.",
})
@Directive('@key(fields: "id")')
export class DevelopmentPlan {
  @Field(() => ID, { description: 'The plan id (a UUID).' })
  id!: string;

  @Field(() => PlanKind, { description: 'Five-year or annual.' })
  kind!: PlanKind;

  @Field(() => PlanStatus, { description: 'Where the plan is in its life; change it with `transitionPlan`.' })
  status!: PlanStatus;

  @Field(() => String, { description: 'Title in Thai, e.g. "แผนพัฒนากลุ่มจังหวัดภาคเหนือตอนบน 1 (พ.ศ. 2566–2570)".' })
  titleTh!: string;

  @Field(() => String, { nullable: true, description: 'Title in English, when given.' })
  titleEn!: string | null;

  @Field(() => Int, { description: 'First Thai fiscal year covered (Buddhist Era), e.g. 2566.' })
  startYear!: number;

  @Field(() => Int, { description: 'Last Thai fiscal year covered (Buddhist Era), e.g. 2570; equals startYear for an annual plan.' })
  endYear!: number;

  @Field(() => Int, {
    description:
      'Optimistic-concurrency counter: it grows with every change to the plan or its content. Send the value you read with `transitionPlan`; a stale one is refused with CONFLICT.',
  })
  version!: number;

  @Field(() => Int, { description: 'Which edition of the plan this is: 1 for a first plan, n + 1 for a `revisePlan` copy of edition n.' })
  revision!: number;

  @Field(() => Date, { description: 'When the plan was created.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When the plan row last changed (status or version).' })
  updatedAt!: Date;

  @Field(() => Boolean, { description: 'True for the sample plans the hub loads at start (left out with SEED_SAMPLE_DATA=false); false for real records.' })
  isSample!: boolean;

  clusterCode!: string;
  previousVersionId!: string | null;
  createdBy!: string;
}

/** `Query.plans` and `Cluster.plans`. */
export const DevelopmentPlanConnection = createConnectionType(DevelopmentPlan, 'DevelopmentPlan', 'development plan');

/** What `Query.plans` and `Cluster.plans` narrow the list by; every field is optional and they combine with AND. */
@InputType({ description: 'Narrows a list of plans; the fields combine with AND. Plans the caller may not see are never listed.' })
export class PlanFilter {
  @Field(() => String, { nullable: true, description: 'Only plans of this cluster, e.g. "N1" (ignored by `Cluster.plans`).' })
  clusterCode?: string | null;

  @Field(() => PlanStatus, { nullable: true, description: 'Only plans in this status.' })
  status?: PlanStatus | null;

  @Field(() => PlanKind, { nullable: true, description: 'Only five-year or only annual plans.' })
  kind?: PlanKind | null;

  @Field(() => Int, { nullable: true, description: 'Only plans that cover this Thai fiscal year (Buddhist Era), e.g. 2569.' })
  fiscalYear?: number | null;

  @Field(() => Int, { nullable: true, description: 'Only plans with a strategic issue serving this National Strategy strategy (1–6).' })
  nationalStrategy?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Text the Thai or English title contains, in any case. Any substring matches, so a Thai word finds a title without spaces around it.',
  })
  search?: string | null;
}
