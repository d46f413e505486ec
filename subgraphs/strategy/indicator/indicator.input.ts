import { Field, ID, InputType, Int } from 'type-graphql';
import { CascadeRule, IndicatorDirection, ReportingFrequency } from './indicator.type';

@InputType({
  description:
    'A new indicator of an objective of a DRAFT plan. Values are exact decimal strings with at most four decimals; a leading "-" is allowed (indicators may measure change, e.g. a growth rate).',
})
export class AddIndicatorInput {
  @Field(() => ID, { description: 'The objective it measures.' })
  objectiveId!: string;

  @Field(() => String, { description: 'Name in Thai (up to 300 characters).' })
  nameTh!: string;

  @Field(() => String, { nullable: true, description: 'Name in English (up to 300 characters).' })
  nameEn?: string | null;

  @Field(() => String, { description: 'Unit of the values, e.g. "ร้อยละ" (up to 50 characters).' })
  unit!: string;

  @Field(() => IndicatorDirection, { description: 'Whether higher or lower is better.' })
  direction!: IndicatorDirection;

  @Field(() => CascadeRule, { description: 'How province targets make up the cluster target.' })
  cascadeRule!: CascadeRule;

  @Field(() => String, { nullable: true, description: 'Baseline value, an exact decimal string, e.g. "41250.50"; give baselineYear with it.' })
  baselineValue?: string | null;

  @Field(() => Int, { nullable: true, description: 'Fiscal year of the baseline (Buddhist Era); required with baselineValue.' })
  baselineYear?: number | null;

  @Field(() => ReportingFrequency, { nullable: true, description: 'How often it is reported.' })
  frequency?: ReportingFrequency | null;

  @Field(() => String, { nullable: true, description: 'Where the values come from (up to 300 characters).' })
  dataSource?: string | null;

  @Field(() => String, { nullable: true, description: 'Code of the agency that owns the data, e.g. "NESDC" (see Query.agencies).' })
  ownerAgencyCode?: string | null;

  @Field(() => [String], {
    nullable: true,
    description:
      "The values that score 1, 2, 3, 4 and 5 on OPDC's scale: exactly five exact decimal strings, rising for HIGHER_IS_BETTER and falling for LOWER_IS_BETTER.",
  })
  thresholds?: string[] | null;
}

@InputType({ description: "One member province's target." })
export class ProvinceTargetInput {
  @Field(() => String, { description: 'Two-digit province code of a member of the plan\'s cluster, e.g. "50".' })
  provinceCode!: string;

  @Field(() => String, { description: 'The target, an exact decimal string, e.g. "12.50".' })
  value!: string;
}

@InputType({
  description:
    "An indicator's targets for one fiscal year. OSM staff and admins replace the whole year at once (cluster value and provinces; provinces left out lose their target). A province officer sends only its own province (and no clusterValue), which replaces only that province's target.",
})
export class SetIndicatorTargetsInput {
  @Field(() => ID, { description: 'The indicator.' })
  indicatorId!: string;

  @Field(() => Int, { description: "Thai fiscal year (Buddhist Era) within the plan's years, e.g. 2569." })
  fiscalYear!: number;

  @Field(() => String, { nullable: true, description: 'The cluster-level target, an exact decimal string; null or absent for none.' })
  clusterValue?: string | null;

  @Field(() => [ProvinceTargetInput], { defaultValue: [], description: 'Targets of member provinces, at most one per province.' })
  provinces!: ProvinceTargetInput[];

  @Field(() => Int, { nullable: true, description: "The indicator's `version` as you read it; when given, a stale one is refused with CONFLICT." })
  version?: number | null;
}
