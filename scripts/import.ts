import 'reflect-metadata';
import { readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../kit/config';
import { openDatabase } from '../kit/database';
import { CodedError } from '../kit/errors';
import type { Identity } from '../kit/identity';
import { MAX_IMPORT_BYTES } from '../subgraphs/budget/import/import.file';
import { importBudgetLines, importDisbursements, type ImportKind } from '../subgraphs/budget/import/import.service';
import { budgetSubgraph } from '../subgraphs/budget/server';

const USAGE = `Imports budget lines or disbursements from a CSV or XLSX file into the budget database.
usage: npm run import -- <file> --cluster N1 [--kind lines|disbursements]
  --kind lines          columns projectCode, fiscalYear, phase, category, amountBaht (default)
  --kind disbursements  columns contractNo, paidOn, amountBaht, gfmisDocumentNo
Thai headers are accepted (รหัสโครงการ, ปีงบประมาณ, ขั้นงบประมาณ, หมวดงบ, จำนวนเงิน; เลขที่สัญญา, วันที่จ่าย, เลขที่เอกสาร GFMIS).
The database is the hub's: PostgreSQL at BUDGET_DATABASE_URL, or PGlite under DATA_DIR (stop the hub first).
Prints the ImportReport as JSON; exit status 0 when imported, 1 when rows were rejected or the file was refused, 2 for bad arguments.`;

/** Where the report and messages go; tests pass their own. */
export interface Output {
  log(text: string): void;
  error(text: string): void;
}

/**
 * Runs one import as an admin named after the operating-system user (`cli:<user>`), with the same
 * service, checks, all-or-nothing transaction and history as the GraphQL mutations.
 *
 * @returns the exit status: 0 imported, 1 rejected rows or a refused file, 2 bad arguments.
 */
export async function runImport(args: readonly string[], env: NodeJS.ProcessEnv, output: Output = console): Promise<number> {
  let values: { cluster?: string; kind?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { cluster: { type: 'string' }, kind: { type: 'string', default: 'lines' }, help: { type: 'boolean' } },
    }));
  } catch (error) {
    output.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    output.log(USAGE);
    return 0;
  }
  const kind = values.kind as ImportKind;
  if (positionals.length !== 1 || !values.cluster || (kind !== 'lines' && kind !== 'disbursements')) {
    output.error(USAGE);
    return 2;
  }
  const file = positionals[0];
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    output.error(`Cannot read ${file}: no such file.`);
    return 2;
  }
  if (size > MAX_IMPORT_BYTES) {
    output.error(`${file} is ${size} bytes; an import takes at most ${MAX_IMPORT_BYTES}. Split it into several files.`);
    return 1;
  }
  const config = loadConfig(env, 'all');
  const identity: Identity = { role: 'admin', subject: `cli:${userInfo().username}` };
  const input = { clusterCode: values.cluster, fileName: path.basename(file), contentBase64: readFileSync(file).toString('base64') };
  const database = await openDatabase(
    { name: 'budget', databaseUrl: config.subgraphs.budget.databaseUrl, dataDir: config.dataDir },
    (adapter) => budgetSubgraph.createClient(adapter),
  );
  try {
    const report = kind === 'lines' ? await importBudgetLines(database.client, identity, input) : await importDisbursements(database.client, identity, input);
    output.log(JSON.stringify(report, null, 2));
    if (!report.imported) output.error(`${report.rejected} row(s) rejected; nothing was imported. Fix the lines listed and run the import again.`);
    return report.imported ? 0 : 1;
  } catch (error) {
    if (error instanceof CodedError) {
      output.error(`${error.extensions.code}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  runImport(process.argv.slice(2), process.env).then(
    (status) => process.exit(status),
    (error: unknown) => {
      console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
