import { BadUserInputError, preview } from '../../../kit/errors';
import { checkFiscalYear, parseDate, parseMoney } from '../../../kit/validate';
import { BudgetCategory, BudgetPhase } from '../generated/prisma/enums';
import type { RawCell, RawRow, RawTable } from './import.file';

/**
 * The columns of the two imports, their Thai names, and the strict conversion of one cell to a
 * value. A cell is never reinterpreted: money goes through kit/validate.ts `parseMoney` whether it
 * arrives as text or as an XLSX number, dates are ISO dates or XLSX date cells.
 */

/** One problem found in a file: its line as a spreadsheet numbers it (header = 1), the column header as written, what is wrong. */
export interface RowError {
  readonly line: number;
  readonly column: string | null;
  readonly message: string;
}

/** A column an import reads: its English name (the GraphQL field it feeds) and the Thai headers taken for it. */
export interface ColumnSpec<Name extends string> {
  readonly name: Name;
  readonly thai: readonly string[];
}

/** Columns of `importBudgetLines`. */
export const BUDGET_LINE_COLUMNS = [
  { name: 'projectCode', thai: ['รหัสโครงการ'] },
  { name: 'fiscalYear', thai: ['ปีงบประมาณ', 'ปี งบประมาณ'] },
  { name: 'phase', thai: ['ขั้นงบประมาณ', 'ขั้น', 'ระยะ'] },
  { name: 'category', thai: ['หมวดงบ', 'งบรายจ่าย', 'ประเภทงบ'] },
  { name: 'amountBaht', thai: ['จำนวนเงิน', 'จำนวนเงิน (บาท)'] },
] as const satisfies readonly ColumnSpec<string>[];

/** Columns of `importDisbursements`. */
export const DISBURSEMENT_COLUMNS = [
  { name: 'contractNo', thai: ['เลขที่สัญญา'] },
  { name: 'paidOn', thai: ['วันที่จ่าย', 'วันที่เบิกจ่าย'] },
  { name: 'amountBaht', thai: ['จำนวนเงิน', 'จำนวนเงิน (บาท)'] },
  { name: 'gfmisDocumentNo', thai: ['เลขที่เอกสาร GFMIS', 'เลขที่เอกสาร'] },
] as const satisfies readonly ColumnSpec<string>[];

/** Thai names of the budget phases (beside the enum names). */
export const PHASE_NAMES: Readonly<Record<BudgetPhase, readonly string[]>> = {
  [BudgetPhase.REQUESTED]: ['คำขอ', 'ขอ', 'คำของบประมาณ'],
  [BudgetPhase.APPROVED]: ['อนุมัติ', 'ได้รับอนุมัติ', 'จัดสรร'],
  [BudgetPhase.ADJUSTED]: ['ปรับปรุง', 'ปรับแผน'],
  [BudgetPhase.EXECUTED]: ['เบิกจ่าย', 'ใช้จ่ายจริง'],
};

/** Thai names of the budget categories (beside the enum names), with and without the leading "งบ". */
export const CATEGORY_NAMES: Readonly<Record<BudgetCategory, readonly string[]>> = {
  [BudgetCategory.PERSONNEL]: ['งบบุคลากร', 'บุคลากร'],
  [BudgetCategory.OPERATING]: ['งบดำเนินงาน', 'ดำเนินงาน'],
  [BudgetCategory.INVESTMENT]: ['งบลงทุน', 'ลงทุน'],
  [BudgetCategory.SUBSIDY]: ['งบเงินอุดหนุน', 'เงินอุดหนุน'],
  [BudgetCategory.OTHER]: ['งบรายจ่ายอื่น', 'รายจ่ายอื่น'],
};

/** Header and value comparison: NFC, lower case, no spaces or underscores ("Amount Baht" = "amountBaht" = "amount_baht"). */
function fold(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[\s_]+/g, '');
}

/** A row's values by column name, with the header of each column as written (for error messages). */
export interface MappedRow<Name extends string> {
  readonly line: number;
  readonly cells: Readonly<Record<Name, RawCell>>;
}

/** A table whose header was matched to an import's columns. */
export interface MappedTable<Name extends string> {
  /** The header as written in the file, per column. */
  readonly headers: Readonly<Record<Name, string>>;
  readonly rows: readonly MappedRow<Name>[];
}

/**
 * Matches the file's header (line 1) to the import's columns, in any order, by English or Thai
 * name. Columns the import does not know are ignored (extracts carry more than an import needs).
 *
 * @returns the mapped table, or the header problems (a missing or repeated column) as line-1 errors.
 */
export function mapColumns<Name extends string>(
  table: RawTable,
  columns: readonly ColumnSpec<Name>[],
): { table: MappedTable<Name>; errors: [] } | { table: null; errors: RowError[] } {
  const index = new Map<Name, number>();
  const errors: RowError[] = [];
  table.headers.forEach((header, position) => {
    const folded = fold(header);
    const column = columns.find((spec) => fold(spec.name) === folded || spec.thai.some((thai) => fold(thai) === folded));
    if (!column) return;
    if (index.has(column.name)) {
      errors.push({ line: 1, column: header, message: `Two columns give ${column.name} ("${table.headers[index.get(column.name) as number]}" and "${header}"); keep one.` });
    } else {
      index.set(column.name, position);
    }
  });
  for (const spec of columns) {
    if (!index.has(spec.name)) {
      errors.push({
        line: 1,
        column: null,
        message: `The header has no ${spec.name} column: name one "${spec.name}" or "${spec.thai[0]}". Line 1 must name the columns ${columns.map((c) => c.name).join(', ')}.`,
      });
    }
  }
  if (errors.length > 0) return { table: null, errors };
  const headers = Object.fromEntries(columns.map((spec) => [spec.name, table.headers[index.get(spec.name) as number]])) as Record<Name, string>;
  const rows = table.rows.map((row: RawRow) => ({
    line: row.line,
    cells: Object.fromEntries(columns.map((spec) => [spec.name, row.cells[index.get(spec.name) as number] ?? null])) as Record<Name, RawCell>,
  }));
  return { table: { headers, rows }, errors: [] };
}

/**
 * Collects the problems of one row: `check` converts the row, and each {@link BadUserInputError}
 * it throws for a field becomes a {@link RowError} naming that column's header as written.
 * Use {@link cellCheck} inside to convert each cell, so that every bad cell of a row is reported, not only the first.
 */
export class RowChecker<Name extends string> {
  readonly errors: RowError[] = [];

  constructor(private readonly headers: Readonly<Record<Name, string>>) {}

  /** Converts one cell with `convert`; on a BadUserInputError records it for `column` and returns undefined. */
  cell<Value>(line: number, column: Name, convert: () => Value): Value | undefined {
    try {
      return convert();
    } catch (error) {
      if (!(error instanceof BadUserInputError)) throw error;
      this.errors.push({ line, column: this.headers[column], message: error.message });
      return undefined;
    }
  }

  /** Records a problem of a row (a rule across cells, or a lookup) against one column. */
  add(line: number, column: Name | null, message: string): void {
    this.errors.push({ line, column: column === null ? null : this.headers[column], message });
  }
}

/** The text of a cell, or an error when it is empty. */
function requiredText(cell: RawCell, field: string): string {
  if (cell === null || (typeof cell === 'string' && cell.trim() === '')) throw new BadUserInputError(`${field} is empty; every row needs one.`, field);
  if (cell instanceof Date) throw new BadUserInputError(`${field} holds a date; expected text.`, field);
  return String(cell).trim();
}

/** Most significant digits a double carries exactly: a number cell with more cannot be trusted to the satang. */
const EXACT_DIGITS = 15;

/**
 * An amount of baht from a cell: text goes through `parseMoney` as typed ("1,250,000.50"); an
 * XLSX number is written out as its shortest exact decimal (what Excel shows with General format)
 * and checked the same way, so 0.1 + 0.2 stored as 0.30000000000000004, a negative, or a number
 * with more than two decimals is refused, never rounded.
 */
export function moneyCell(cell: RawCell, field = 'amountBaht'): string {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new BadUserInputError(`${field} is not a number.`, field);
    const text = String(cell);
    if (/e/i.test(text) || text.replace(/^-|\./g, '').replace(/^0+/, '').length > EXACT_DIGITS) {
      throw new BadUserInputError(
        `${field} ${text} has more digits than a spreadsheet number holds exactly (${EXACT_DIGITS}); format the cell as text and type the amount, e.g. "12500000000.25".`,
        field,
      );
    }
    return parseMoney(text, field);
  }
  if (typeof cell === 'boolean') throw new BadUserInputError(`${field} holds TRUE/FALSE; expected an amount in baht.`, field);
  return parseMoney(requiredText(cell, field), field);
}

/** A Thai fiscal year (Buddhist Era) from a cell: a whole number or its digits as text. */
export function fiscalYearCell(cell: RawCell, field = 'fiscalYear'): number {
  if (typeof cell === 'number') return checkFiscalYear(cell, field);
  const text = requiredText(cell, field);
  if (!/^\d{4}$/.test(text)) throw new BadUserInputError(`${field} is a Thai fiscal year in the Buddhist Era, four digits such as 2569; got ${preview(text)}.`, field);
  return checkFiscalYear(Number(text), field);
}

/**
 * A calendar date from a cell: an XLSX date cell (a date without a time of day), or text written
 * YYYY-MM-DD. A bare number (a date cell formatted as General) is refused with how to fix it.
 */
export function dateCell(cell: RawCell, field: string): Date {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) throw new BadUserInputError(`${field} is not a valid date.`, field);
    const iso = cell.toISOString();
    if (!iso.endsWith('T00:00:00.000Z')) throw new BadUserInputError(`${field} holds a time of day (${iso}); give the date alone.`, field);
    return parseDate(iso.slice(0, 10), field);
  }
  if (typeof cell === 'number') {
    throw new BadUserInputError(`${field} is a plain number (${cell}), not a date: format the cell as a date, or type the date as YYYY-MM-DD.`, field);
  }
  return parseDate(requiredText(cell, field), field);
}

/** Text of a required cell (numbers from XLSX written in full, e.g. a GFMIS number stored as a number). */
export function textCell(cell: RawCell, field: string): string {
  if (typeof cell === 'number') {
    if (!Number.isSafeInteger(cell)) throw new BadUserInputError(`${field} ${cell} is not a whole number; format the cell as text.`, field);
    return String(cell);
  }
  return requiredText(cell, field);
}

/**
 * An enum value from a cell: its English name in any case, or one of its Thai names.
 *
 * @throws BadUserInputError listing the accepted names.
 */
export function enumCell<Value extends string>(cell: RawCell, field: string, names: Readonly<Record<Value, readonly string[]>>): Value {
  const folded = fold(requiredText(cell, field));
  for (const [value, thai] of Object.entries(names) as [Value, readonly string[]][]) {
    if (fold(value) === folded || thai.some((name) => fold(name) === folded)) return value;
  }
  const accepted = (Object.entries(names) as [Value, readonly string[]][]).map(([value, thai]) => `${value} (${thai[0]})`).join(', ');
  throw new BadUserInputError(`${field} must be one of ${accepted}; got ${preview(String(cell))}.`, field);
}
