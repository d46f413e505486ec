import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { BudgetContext } from '../context';
import { importBudgetLines, importDisbursements, type ImportOutcome } from './import.service';
import { ImportFileInput, ImportReport } from './import.type';

/** The file imports of budget lines and disbursements. */
@Resolver()
export class ImportResolver {
  @Mutation(() => ImportReport, {
    nullable: true,
    description:
      "Imports budget lines from a Budget Bureau extract (CSV or XLSX; columns projectCode/รหัสโครงการ, fiscalYear/ปีงบประมาณ, phase/ขั้นงบประมาณ, category/หมวดงบ, amountBaht/จำนวนเงิน). All rows or none; the same file twice changes nothing. OSM staff of the cluster and admins; the Budget Bureau for APPROVED lines. Null, with an error, when the file cannot be read.",
  })
  importBudgetLines(@Arg('input', () => ImportFileInput, { description: 'The file and its cluster.' }) input: ImportFileInput, @Ctx() { prisma, identity }: BudgetContext): Promise<ImportOutcome> {
    return importBudgetLines(prisma, identity, input);
  }

  @Mutation(() => ImportReport, {
    nullable: true,
    description:
      "Imports disbursements from a GFMIS extract (CSV or XLSX; columns contractNo/เลขที่สัญญา, paidOn/วันที่จ่าย, amountBaht/จำนวนเงิน, gfmisDocumentNo/เลขที่เอกสาร GFMIS). All rows or none, and no contract paid over its value (rows of the file counted together); the same file twice changes nothing. OSM staff of the cluster and admins. Null, with an error, when the file cannot be read.",
  })
  importDisbursements(@Arg('input', () => ImportFileInput, { description: 'The file and its cluster.' }) input: ImportFileInput, @Ctx() { prisma, identity }: BudgetContext): Promise<ImportOutcome> {
    return importDisbursements(prisma, identity, input);
  }
}
