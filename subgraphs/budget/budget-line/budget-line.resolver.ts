import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { BudgetContext } from '../context';
import type { BudgetLine as BudgetLineRow } from '../generated/prisma/client';
import { AddBudgetLineInput } from './budget-line.input';
import { addBudgetLine } from './budget-line.service';
import { BudgetLine } from './budget-line.type';

/** Budget lines: the mutation and the money field. */
@Resolver(() => BudgetLine)
export class BudgetLineResolver {
  @Mutation(() => BudgetLine, {
    nullable: true,
    description:
      "Records one budget line of a project (one per fiscal year, phase and category; CONFLICT when it exists). APPROVED lines: the Budget Bureau (agency BB) or an admin; other phases: OSM staff of the project's cluster or an admin. Null, with an error at this path, when nothing was stored.",
  })
  addBudgetLine(@Arg('input', () => AddBudgetLineInput, { description: 'The line to record.' }) input: AddBudgetLineInput, @Ctx() context: BudgetContext): Promise<BudgetLineRow> {
    return addBudgetLine(context, input);
  }

  @FieldResolver(() => String, { description: 'The amount in baht as an exact decimal string with two places, e.g. "2500000.00".' })
  amountBaht(@Root() line: BudgetLineRow): string {
    return line.amountBaht.toFixed(2);
  }
}
