import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BudgetCategory, BudgetPhase } from '../generated/prisma/client';

export { BudgetCategory, BudgetPhase };

registerEnumType(BudgetPhase, {
  name: 'BudgetPhase',
  description: 'The phase of a budget amount, as in the Open Fiscal Data Package.',
  valuesConfig: {
    REQUESTED: { description: 'Asked for in the budget request (คำขอ).' },
    APPROVED: { description: 'Granted in the budget act (งบประมาณที่ได้รับอนุมัติ); recorded by the Budget Bureau (agency BB) or an admin.' },
    ADJUSTED: { description: 'After transfers and changes during the year (งบประมาณหลังโอนเปลี่ยนแปลง); replaces APPROVED as the base of the disbursement rate.' },
    EXECUTED: { description: 'Spent (ผลการใช้จ่าย), as the year closes.' },
  },
});

registerEnumType(BudgetCategory, {
  name: 'BudgetCategory',
  description: 'Thai budget categories (งบรายจ่าย).',
  valuesConfig: {
    PERSONNEL: { description: 'งบบุคลากร: salaries and wages.' },
    OPERATING: { description: 'งบดำเนินงาน: operating costs, materials, services.' },
    INVESTMENT: { description: 'งบลงทุน: equipment, land and buildings.' },
    SUBSIDY: { description: 'งบเงินอุดหนุน: subsidies.' },
    OTHER: { description: 'งบรายจ่ายอื่น: other expenditure.' },
  },
});

/** A budget line row; `amountBaht` is resolved by the budget-line resolver. */
@ObjectType({ description: "One amount of a project's budget: at most one line per fiscal year, phase and category. Totals at every level are sums of lines." })
export class BudgetLine {
  @Field(() => ID, { description: 'The line id (a UUID).' })
  id!: string;

  @Field(() => Int, { description: 'Thai fiscal year in the Buddhist Era, e.g. 2569.' })
  fiscalYear!: number;

  @Field(() => BudgetPhase, { description: 'Requested, approved, adjusted or executed.' })
  phase!: BudgetPhase;

  @Field(() => BudgetCategory, { description: 'The Thai budget category.' })
  category!: BudgetCategory;

  @Field(() => Date, { description: 'When the line was recorded.' })
  createdAt!: Date;

  @Field(() => Boolean, { description: 'True for sample data loaded at start; false for real records.' })
  isSample!: boolean;

  projectId!: string;
}
