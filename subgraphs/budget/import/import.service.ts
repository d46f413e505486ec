import { parseClusterCode } from '../../../kit/clusters';
import { BadUserInputError, CodedError, ConflictError } from '../../../kit/errors';
import type { Identity } from '../../../kit/identity';
import { cleanText } from '../../../kit/validate';
import { isUniqueViolation } from '../../../kit/database';
import { authorizeProjectWrite, BUDGET_BUREAU } from '../access';
import { authorizeBudgetLineWrite } from '../budget-line/budget-line.service';
import { lockContracts, paidTotals, parseContractNo, pastDateRange } from '../contract/contract.service';
import { disbursementSnapshot, overpaymentMessage, parseGfmisDocumentNo } from '../disbursement/disbursement.service';
import { type BudgetCategory, type BudgetPhase, Prisma, type PrismaClient, ProjectStatus } from '../generated/prisma/client';
import { recordHistoryMany } from '../history/history.service';
import {
  BUDGET_LINE_COLUMNS,
  CATEGORY_NAMES,
  dateCell,
  DISBURSEMENT_COLUMNS,
  enumCell,
  fiscalYearCell,
  type MappedTable,
  mapColumns,
  moneyCell,
  PHASE_NAMES,
  RowChecker,
  type RowError,
  textCell,
} from './import.columns';
import { decodeContent, detectFormat, type ImportFormat, readTable } from './import.file';

/**
 * The two imports (issue 9, item 6): budget lines from the Budget Bureau's extracts and
 * disbursements from GFMIS, as CSV or XLSX.
 *
 * Every import runs the same steps: rights for the cluster; the file read as a whole (a file that
 * cannot be read is refused with BAD_USER_INPUT); every row checked (cells, then the database:
 * projects or contracts found, rights per row, duplicates, the overpayment rule over all rows of
 * the file together); then, only when no row has a problem, every row written in one transaction
 * with its history row. A file with any bad row writes nothing and reports each problem with its
 * line (as a spreadsheet numbers it) and column (the header as written).
 *
 * Re-importing changes nothing: a budget line with the same project, year, phase, category and
 * amount, or a disbursement with the same contract and GFMIS document number, date and amount,
 * is counted as `unchanged`. The same key with a different amount is a row error: imports never
 * overwrite a recorded amount (correct a line through its own mutation).
 */

/** The most row errors a report lists; `rejected` still counts every bad row. */
export const MAX_REPORTED_ERRORS = 500;

/**
 * An import's transaction: up to 20 s to start, 120 s to run (10,000 rows and their history on
 * PGlite take about 12 s). The contracts it locks wait for it meanwhile.
 */
const IMPORT_TRANSACTION = { maxWait: 20_000, timeout: 120_000 } as const;

/** What an import reports. */
export interface ImportOutcome {
  readonly format: ImportFormat;
  /** Rows that passed every check (written, or already there). */
  readonly accepted: number;
  /** Rows with at least one problem. */
  readonly rejected: number;
  /** Whether the file was written: true only when no row was rejected. */
  readonly imported: boolean;
  /** Rows written as new records (0 unless imported). */
  readonly created: number;
  /** Rows that were already recorded exactly so. */
  readonly unchanged: number;
  readonly errors: readonly RowError[];
}

/** The one input of both imports. */
export interface ImportFileInput {
  readonly clusterCode: string;
  readonly fileName: string;
  readonly contentBase64: string;
}

/** Which import. */
export type ImportKind = 'lines' | 'disbursements';

/**
 * Who may run an import for a cluster: admins and its OSM staff; for budget lines also the
 * Budget Bureau (whose rows are then checked one by one: it records APPROVED lines only).
 *
 * @throws BadUserInputError for an unknown cluster, UnauthenticatedError / ForbiddenError otherwise.
 */
function authorizeImport(identity: Identity, clusterCode: string, kind: ImportKind): string {
  const cluster = parseClusterCode(clusterCode);
  if (kind === 'lines' && identity.role === 'agency' && identity.agencyCode === BUDGET_BUREAU) return cluster;
  return authorizeProjectWrite(identity, { clusterCode: cluster }).clusterCode;
}

/** Decodes, detects and reads the file, and matches its header to the columns. */
async function readImport<Name extends string>(
  input: ImportFileInput,
  columns: readonly { name: Name; thai: readonly string[] }[],
): Promise<{ format: ImportFormat; table: MappedTable<Name> | null; rowCount: number; headerErrors: RowError[] }> {
  const fileName = cleanText(input.fileName, 'fileName', { max: 255 });
  const bytes = decodeContent(input.contentBase64);
  const format = detectFormat(fileName, bytes);
  const raw = await readTable(format, bytes);
  if (raw.rows.length === 0) {
    throw new BadUserInputError(`The file has a header but no rows below it; put one row per record from line 2 (columns: ${columns.map((c) => c.name).join(', ')}).`, 'contentBase64');
  }
  const mapped = mapColumns(raw, columns);
  return { format, table: mapped.table, rowCount: raw.rows.length, headerErrors: mapped.errors };
}

/** The report of a file, from its problems and what was written. */
function outcome(format: ImportFormat, rowCount: number, errors: RowError[], written: { created: number; unchanged: number } | null): ImportOutcome {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  const headerBroken = sorted.some((error) => error.line === 1);
  const rejected = headerBroken ? rowCount : new Set(sorted.map((error) => error.line)).size;
  return {
    format,
    accepted: rowCount - rejected,
    rejected,
    imported: written !== null,
    created: written?.created ?? 0,
    unchanged: written?.unchanged ?? 0,
    errors: sorted.length > MAX_REPORTED_ERRORS
      ? [...sorted.slice(0, MAX_REPORTED_ERRORS), { line: sorted[MAX_REPORTED_ERRORS].line, column: null, message: `…and ${sorted.length - MAX_REPORTED_ERRORS} more problems; fix these and import again.` }]
      : sorted,
  };
}

/** Runs `write` on slices of at most 1,000 rows (one statement each), concatenating what it returns. */
async function inChunks<Row, Result>(rows: readonly Row[], write: (chunk: Row[]) => Promise<Result[]>): Promise<Result[]> {
  const results: Result[] = [];
  for (let start = 0; start < rows.length; start += 1000) results.push(...(await write(rows.slice(start, start + 1000))));
  return results;
}

/** A unique-index refusal during the write: another writer added the same record meanwhile. */
function raced(error: unknown): never {
  if (isUniqueViolation(error)) {
    throw new ConflictError('Another write recorded some of these rows while the import ran; nothing was imported. Import the file again: rows now recorded count as unchanged.');
  }
  throw error;
}

/** What budget-line history rows record of a line (the same shape as addBudgetLine's). */
function lineSnapshot(line: { id: string; projectId: string; fiscalYear: number; phase: BudgetPhase; category: BudgetCategory; amountBaht: Prisma.Decimal }) {
  const { id, projectId, fiscalYear, phase, category, amountBaht } = line;
  return { id, projectId, fiscalYear, phase, category, amountBaht };
}

/**
 * Imports budget lines of one cluster's projects (columns projectCode, fiscalYear, phase,
 * category, amountBaht; Thai headers accepted). Per row, the rights of addBudgetLine apply:
 * APPROVED lines only by the Budget Bureau and admins, other phases by the cluster's OSM staff and admins.
 *
 * @throws BAD_USER_INPUT for a file that cannot be read; UNAUTHENTICATED / FORBIDDEN for the import as a whole;
 *   CONFLICT when another writer added one of the lines while the import ran (nothing written).
 */
export async function importBudgetLines(prisma: PrismaClient, identity: Identity, input: ImportFileInput): Promise<ImportOutcome> {
  const clusterCode = authorizeImport(identity, input.clusterCode, 'lines');
  const { format, table, rowCount, headerErrors } = await readImport(input, BUDGET_LINE_COLUMNS);
  if (!table) return outcome(format, rowCount, headerErrors, null);
  const check = new RowChecker(table.headers);
  const parsed = table.rows.map((row) => {
    const cells = row.cells;
    const projectCode = check.cell(row.line, 'projectCode', () => textCell(cells.projectCode, 'projectCode').toUpperCase());
    const fiscalYear = check.cell(row.line, 'fiscalYear', () => fiscalYearCell(cells.fiscalYear));
    const phase = check.cell(row.line, 'phase', () => enumCell(cells.phase, 'phase', PHASE_NAMES));
    const category = check.cell(row.line, 'category', () => enumCell(cells.category, 'category', CATEGORY_NAMES));
    const amount = check.cell(row.line, 'amountBaht', () => moneyCell(cells.amountBaht));
    if (projectCode === undefined || fiscalYear === undefined || phase === undefined || category === undefined || amount === undefined) return null;
    return { line: row.line, projectCode, fiscalYear, phase, category, amountBaht: new Prisma.Decimal(amount) };
  });
  const rows = parsed.filter((row) => row !== null);
  try {
    return await prisma.$transaction(async (tx) => {
      const projects = await tx.project.findMany({ where: { clusterCode, code: { in: [...new Set(rows.map((row) => row.projectCode))] } } });
      const projectByCode = new Map(projects.map((project) => [project.code, project]));
      const projectById = new Map(projects.map((project) => [project.id, project]));
      const existing = await tx.budgetLine.findMany({ where: { projectId: { in: projects.map((project) => project.id) } } });
      const key = (projectId: string, row: { fiscalYear: number; phase: string; category: string }) => `${projectId}|${row.fiscalYear}|${row.phase}|${row.category}`;
      const existingByKey = new Map(existing.map((line) => [key(line.projectId, line), line]));
      const seen = new Map<string, number>();
      const toCreate: { line: number; projectId: string; fiscalYear: number; phase: BudgetPhase; category: BudgetCategory; amountBaht: Prisma.Decimal; createdBy: string }[] = [];
      let unchanged = 0;
      for (const row of rows) {
        const project = projectByCode.get(row.projectCode);
        if (!project) {
          check.add(row.line, 'projectCode', `No project of cluster ${clusterCode} has the code ${row.projectCode}; check the code (e.g. "${clusterCode}-2569-001") or record the project first.`);
          continue;
        }
        if (project.status === ProjectStatus.CANCELLED) {
          check.add(row.line, 'projectCode', `Project ${project.code} is CANCELLED; its budget no longer changes.`);
          continue;
        }
        const author = check.cell(row.line, 'phase', () => {
          try {
            return authorizeBudgetLineWrite(identity, project, row.phase);
          } catch (error) {
            // A right refused for this row's phase is a problem of the row, reported with the others.
            if (error instanceof CodedError) throw new BadUserInputError(error.message, 'phase');
            throw error;
          }
        });
        if (author === undefined) continue;
        const rowKey = key(project.id, row);
        const earlier = seen.get(rowKey);
        if (earlier !== undefined) {
          check.add(row.line, null, `Line ${earlier} already gives ${project.code} ${row.fiscalYear} ${row.phase} ${row.category}; one line per project, year, phase and category.`);
          continue;
        }
        seen.set(rowKey, row.line);
        const recorded = existingByKey.get(rowKey);
        if (recorded) {
          if (recorded.amountBaht.equals(row.amountBaht)) unchanged += 1;
          else {
            check.add(
              row.line,
              'amountBaht',
              `${project.code} already has a ${row.phase} ${row.category} line for ${row.fiscalYear} of ${recorded.amountBaht.toFixed(2)} baht; an import never overwrites a recorded amount.`,
            );
          }
          continue;
        }
        toCreate.push({ line: row.line, projectId: project.id, fiscalYear: row.fiscalYear, phase: row.phase, category: row.category, amountBaht: row.amountBaht, createdBy: author });
      }
      if (check.errors.length > 0) return outcome(format, rowCount, check.errors, null);
      const created = await inChunks(toCreate.map(({ line: _line, ...data }) => data), (chunk) => tx.budgetLine.createManyAndReturn({ data: chunk }));
      await recordHistoryMany(
        tx,
        created.map((line) => ({
          entityType: 'BudgetLine',
          entityId: line.id,
          projectId: line.projectId,
          clusterCode: (projectById.get(line.projectId) as (typeof projects)[number]).clusterCode,
          action: 'IMPORT_BUDGET_LINE',
          identity,
          before: null,
          after: { ...lineSnapshot(line), fileName: input.fileName.trim() },
        })),
      );
      return outcome(format, rowCount, [], { created: toCreate.length, unchanged });
    }, IMPORT_TRANSACTION);
  } catch (error) {
    raced(error);
  }
}

/**
 * Imports GFMIS disbursements of one cluster's contracts (columns contractNo, paidOn, amountBaht,
 * gfmisDocumentNo; Thai headers accepted). The contracts named are locked for the transaction,
 * and the paid total of each, with every new row of the file added in file order, may not exceed
 * its value: the row that would cross it is reported, and nothing is written.
 *
 * @throws BAD_USER_INPUT for a file that cannot be read; UNAUTHENTICATED / FORBIDDEN unless an admin or the cluster's OSM staff.
 */
export async function importDisbursements(prisma: PrismaClient, identity: Identity, input: ImportFileInput): Promise<ImportOutcome> {
  const clusterCode = authorizeImport(identity, input.clusterCode, 'disbursements');
  const author = identity.subject ?? identity.role;
  const { format, table, rowCount, headerErrors } = await readImport(input, DISBURSEMENT_COLUMNS);
  if (!table) return outcome(format, rowCount, headerErrors, null);
  const check = new RowChecker(table.headers);
  const range = pastDateRange();
  const parsed = table.rows.map((row) => {
    const cells = row.cells;
    const contractNo = check.cell(row.line, 'contractNo', () => parseContractNo(textCell(cells.contractNo, 'contractNo')));
    const paidOn = check.cell(row.line, 'paidOn', () => {
      const date = dateCell(cells.paidOn, 'paidOn');
      const day = date.toISOString().slice(0, 10);
      if (day > range.max) throw new BadUserInputError(`paidOn ${day} is in the future; a disbursement is recorded once paid.`, 'paidOn');
      return date;
    });
    const amount = check.cell(row.line, 'amountBaht', () => {
      const value = new Prisma.Decimal(moneyCell(cells.amountBaht));
      if (value.lte(0)) throw new BadUserInputError('amountBaht must be more than zero.', 'amountBaht');
      return value;
    });
    const gfmisDocumentNo = check.cell(row.line, 'gfmisDocumentNo', () => parseGfmisDocumentNo(textCell(cells.gfmisDocumentNo, 'gfmisDocumentNo')));
    if (contractNo === undefined || paidOn === undefined || amount === undefined || gfmisDocumentNo === undefined) return null;
    return { line: row.line, contractNo, paidOn, amountBaht: amount, gfmisDocumentNo };
  });
  const rows = parsed.filter((row) => row !== null);
  try {
    return await prisma.$transaction(async (tx) => {
      const named = await tx.contract.findMany({ where: { clusterCode, contractNo: { in: [...new Set(rows.map((row) => row.contractNo))] } }, select: { id: true } });
      await lockContracts(tx, named.map((contract) => contract.id));
      // Read after the locks: values and payments as they stand now, and no other writer changes them until commit.
      const contracts = await tx.contract.findMany({ where: { id: { in: named.map((contract) => contract.id) } } });
      const contractByNo = new Map(contracts.map((contract) => [contract.contractNo, contract]));
      const contractById = new Map(contracts.map((contract) => [contract.id, contract]));
      const paid = await paidTotals(tx, contracts.map((contract) => contract.id));
      const recorded = await tx.disbursement.findMany({
        where: { contractId: { in: contracts.map((contract) => contract.id) }, gfmisDocumentNo: { in: [...new Set(rows.map((row) => row.gfmisDocumentNo))] } },
      });
      const recordedByKey = new Map(recorded.map((d) => [`${d.contractId}|${d.gfmisDocumentNo}`, d]));
      const seen = new Map<string, number>();
      const toCreate: { contractId: string; paidOn: Date; amountBaht: Prisma.Decimal; gfmisDocumentNo: string }[] = [];
      let unchanged = 0;
      for (const row of rows) {
        const contract = contractByNo.get(row.contractNo);
        if (!contract) {
          check.add(row.line, 'contractNo', `No contract of cluster ${clusterCode} has the number "${row.contractNo}"; record the contract first (recordContract).`);
          continue;
        }
        if (row.paidOn < contract.signedOn) {
          check.add(row.line, 'paidOn', `paidOn ${row.paidOn.toISOString().slice(0, 10)} is before contract ${contract.contractNo} was signed (${contract.signedOn.toISOString().slice(0, 10)}).`);
          continue;
        }
        const rowKey = `${contract.id}|${row.gfmisDocumentNo}`;
        const earlier = seen.get(rowKey);
        if (earlier !== undefined) {
          check.add(row.line, 'gfmisDocumentNo', `Line ${earlier} already gives GFMIS document ${row.gfmisDocumentNo} for contract ${contract.contractNo}.`);
          continue;
        }
        seen.set(rowKey, row.line);
        const existing = recordedByKey.get(rowKey);
        if (existing) {
          if (existing.amountBaht.equals(row.amountBaht) && existing.paidOn.getTime() === row.paidOn.getTime()) unchanged += 1;
          else {
            check.add(
              row.line,
              'gfmisDocumentNo',
              `GFMIS document ${row.gfmisDocumentNo} is already recorded on contract ${contract.contractNo} as ${existing.amountBaht.toFixed(2)} baht paid on ${existing.paidOn.toISOString().slice(0, 10)}; an import never changes a recorded payment.`,
            );
          }
          continue;
        }
        const before = paid.get(contract.id) as Prisma.Decimal;
        if (before.plus(row.amountBaht).gt(contract.valueBaht)) {
          check.add(row.line, 'amountBaht', `${overpaymentMessage(contract, before, row.amountBaht)} (Rows above in this file are counted.)`);
          continue;
        }
        paid.set(contract.id, before.plus(row.amountBaht));
        toCreate.push({ contractId: contract.id, paidOn: row.paidOn, amountBaht: row.amountBaht, gfmisDocumentNo: row.gfmisDocumentNo });
      }
      if (check.errors.length > 0) return outcome(format, rowCount, check.errors, null);
      const created = await inChunks(toCreate.map((data) => ({ ...data, createdBy: author })), (chunk) => tx.disbursement.createManyAndReturn({ data: chunk }));
      await recordHistoryMany(
        tx,
        created.map((disbursement) => {
          const contract = contractById.get(disbursement.contractId) as (typeof contracts)[number];
          return {
            entityType: 'Disbursement',
            entityId: disbursement.id,
            projectId: contract.projectId,
            clusterCode: contract.clusterCode,
            action: 'IMPORT_DISBURSEMENT',
            identity,
            before: null,
            after: { ...disbursementSnapshot(disbursement), fileName: input.fileName.trim() },
          };
        }),
      );
      return outcome(format, rowCount, [], { created: toCreate.length, unchanged });
    }, IMPORT_TRANSACTION);
  } catch (error) {
    raced(error);
  }
}
