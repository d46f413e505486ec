import { Field, Int, ObjectType } from 'type-graphql';
import { BudgetPhase } from '../budget-line/budget-line.type';

@ObjectType({ description: 'The total of the budget lines of one phase.' })
export class PhaseAmount {
  @Field(() => BudgetPhase, { description: 'The phase.' })
  phase!: BudgetPhase;

  @Field(() => String, { description: 'The sum of the lines of this phase in the fiscal year, in baht, an exact decimal string with two places.' })
  amountBaht!: string;
}

@ObjectType({
  description:
    "The budget of a set of projects (a cluster's, a province's, a strategic issue's, an agency's or one project) in one fiscal year, computed from budget lines, contracts and disbursements at read time. Money is exact decimal strings with two places; rates are percentages as decimal strings with two places. Public: totals count every project, whatever its status.",
})
export class BudgetSummary {
  @Field(() => Int, { description: 'Thai fiscal year in the Buddhist Era, e.g. 2569.' })
  fiscalYear!: number;

  @Field(() => String, { description: 'The date (YYYY-MM-DD, Bangkok) the disbursement plan is measured at: the `asOf` argument, or today.' })
  asOf!: string;

  @Field(() => Int, { description: 'How many projects fall in the fiscal year: starting in it, or with a budget line, a contract signed or a disbursement in it.' })
  projectCount!: number;

  @Field(() => String, { description: 'The total cost estimate (วงเงินโครงการ, `Project.amountBaht`) of the projects starting in the fiscal year, in baht. Budget amounts per phase are in `byPhase`.' })
  totalBaht!: string;

  @Field(() => [PhaseAmount], { description: 'The budget lines of the fiscal year summed per phase, every phase listed (zero when none), in the order REQUESTED, APPROVED, ADJUSTED, EXECUTED.' })
  byPhase!: PhaseAmount[];

  @Field(() => String, {
    description: 'The budget to disburse in the year, in baht: per project, its ADJUSTED lines when it has any in the year, otherwise its APPROVED lines. The base of `disbursementRate` and `behindPlanBaht`.',
  })
  budgetBaht!: string;

  @Field(() => String, { description: 'The value of the contracts signed in the fiscal year (current value, after amendments), in baht.' })
  contractedBaht!: string;

  @Field(() => String, { description: 'What was paid against the contracts from the start of the fiscal year to `asOf`, in baht.' })
  disbursedBaht!: string;

  @Field(() => String, { nullable: true, description: 'disbursedBaht ÷ budgetBaht as a percentage with two decimals, e.g. "45.20"; null when budgetBaht is zero.' })
  disbursementRate!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "What should have been disbursed by `asOf` as a percentage of budgetBaht, with two decimals: per project, the disbursement plan's cumulative target of the last quarter ended (investment targets for INVESTMENT projects); null when budgetBaht is zero.",
  })
  plannedRate!: string | null;

  @Field(() => String, { description: 'How far disbursement is behind plan at `asOf`, in baht: planned amount − disbursedBaht, never below zero ("0.00" when on or ahead of plan).' })
  behindPlanBaht!: string;
}
