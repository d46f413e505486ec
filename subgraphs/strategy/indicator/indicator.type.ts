import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CascadeRule, IndicatorDirection, ReportingFrequency } from '../generated/prisma/client';

export { CascadeRule, IndicatorDirection, ReportingFrequency };

registerEnumType(IndicatorDirection, {
  name: 'IndicatorDirection',
  description: 'Whether a higher or a lower value of an indicator is better.',
  valuesConfig: {
    HIGHER_IS_BETTER: { description: 'More is better, e.g. income from tourism.' },
    LOWER_IS_BETTER: { description: 'Less is better, e.g. days with PM2.5 over the standard.' },
  },
});

registerEnumType(CascadeRule, {
  name: 'CascadeRule',
  description: "How the member provinces' targets of an indicator make up the cluster target (checked by `targetReconciliation`).",
  valuesConfig: {
    SUM: { description: 'The province targets add up to the cluster target.' },
    AVERAGE: { description: 'The mean of the province targets, rounded half-up to two decimals, equals the cluster target rounded the same way.' },
    MINIMUM: { description: 'The lowest province target equals the cluster target.' },
    SAME: { description: 'Every province target equals the cluster target.' },
  },
});

registerEnumType(ReportingFrequency, {
  name: 'ReportingFrequency',
  description: 'How often an indicator is reported.',
  valuesConfig: {
    MONTHLY: { description: 'Every month.' },
    QUARTERLY: { description: 'Every quarter of the fiscal year.' },
    SEMIANNUAL: { description: 'Twice a fiscal year.' },
    ANNUAL: { description: 'Once a fiscal year.' },
  },
});

/** An indicator row; values and relations are resolved by the indicator resolver. */
@ObjectType({
  description:
    'A key performance indicator (KPI, ตัวชี้วัด) of an objective, with targets per fiscal year for the cluster and its member provinces. Values are exact decimals carried as strings, never floats.',
})
@Directive('@key(fields: "id")')
export class Indicator {
  @Field(() => ID, { description: 'The indicator id (a UUID).' })
  id!: string;

  @Field(() => Int, { description: 'Its place within its objective, from 1.' })
  position!: number;

  @Field(() => String, { description: 'Name in Thai.' })
  nameTh!: string;

  @Field(() => String, { nullable: true, description: 'Name in English, when given.' })
  nameEn!: string | null;

  @Field(() => String, { description: 'Unit of the values, e.g. "ล้านบาท", "ร้อยละ", "วัน".' })
  unit!: string;

  @Field(() => IndicatorDirection, { description: 'Whether higher or lower is better.' })
  direction!: IndicatorDirection;

  @Field(() => CascadeRule, { description: 'How province targets make up the cluster target.' })
  cascadeRule!: CascadeRule;

  @Field(() => Int, { nullable: true, description: 'The fiscal year of the baseline value (Buddhist Era).' })
  baselineYear!: number | null;

  @Field(() => ReportingFrequency, { nullable: true, description: 'How often it is reported, when set.' })
  frequency!: ReportingFrequency | null;

  @Field(() => String, { nullable: true, description: 'Where the values come from, e.g. "สำนักงานสถิติแห่งชาติ".' })
  dataSource!: string | null;

  @Field(() => Int, { description: 'Optimistic-concurrency counter; grows with every change to the indicator or its targets. Send it with `setIndicatorTargets` to refuse stale writes.' })
  version!: number;

  @Field(() => Boolean, { description: 'True for sample data loaded at start; false for real records.' })
  isSample!: boolean;

  objectiveId!: string;
  planId!: string;
  ownerAgencyCode!: string | null;
}

/** One target as the resolver returns it. */
@ObjectType({ description: 'The target of an indicator for one fiscal year, for the whole cluster (`province` null) or for one member province.' })
export class IndicatorTarget {
  @Field(() => Int, { description: 'Thai fiscal year (Buddhist Era), e.g. 2569.' })
  fiscalYear!: number;

  @Field(() => String, { description: 'The target as an exact decimal string with at least two decimals, e.g. "12.50" or "0.125".' })
  value!: string;

  @Field(() => String, { description: 'Who set it.' })
  setBy!: string;

  provinceCode!: string | null;
}

/** One indicator whose province targets do not agree with its cluster target. */
@ObjectType({ description: "An indicator whose province targets for a fiscal year do not agree with its cluster target under its cascade rule, or are incomplete." })
export class TargetReconciliation {
  @Field(() => CascadeRule, { description: "The indicator's cascade rule, which says how the province targets should make up the cluster target." })
  rule!: CascadeRule;

  @Field(() => String, { nullable: true, description: 'The cluster-level target; null when it is not set.' })
  clusterValue!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The member provinces' targets combined under the rule: the sum (SUM), the mean rounded half-up to two decimals (AVERAGE), the lowest (MINIMUM), or the common value (SAME; null when they differ). Null when no member province has a target.",
  })
  provinceTotal!: string | null;

  indicatorId!: string;
  missingProvinceCodes!: string[];
  mismatchedProvinceCodes!: string[];
}
