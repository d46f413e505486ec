import { Field, ID, InputType, Int } from 'type-graphql';
import { BudgetCategory, BudgetPhase } from './budget-line.type';

@InputType({ description: "One amount of a project's budget, for one fiscal year, phase and category." })
export class AddBudgetLineInput {
  @Field(() => ID, { description: 'The project.' })
  projectId!: string;

  @Field(() => Int, { description: 'Thai fiscal year in the Buddhist Era, e.g. 2569.' })
  fiscalYear!: number;

  @Field(() => BudgetPhase, { description: 'REQUESTED, ADJUSTED and EXECUTED by the cluster\'s OSM staff; APPROVED by the Budget Bureau (agency BB). Admins record any.' })
  phase!: BudgetPhase;

  @Field(() => BudgetCategory, { description: 'The Thai budget category.' })
  category!: BudgetCategory;

  @Field(() => String, { description: 'The amount in baht: a decimal string with at most two places, optionally grouped by commas in threes, e.g. "2500000" or "2,500,000.50".' })
  amountBaht!: string;
}
