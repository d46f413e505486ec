import { parse as parseCsv } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { BadUserInputError, preview } from '../../../kit/errors';

/**
 * Reading an uploaded import file (CSV or XLSX) into a table of raw cells, before any column or row
 * rule applies. Everything here is about the file itself; a file it cannot read is refused as a
 * whole with BAD_USER_INPUT (row problems are reported per row by the import services instead).
 */

/** The largest file an import takes, in bytes after base64 decoding (3 MiB). Its base64 fits the subgraph's 5 MiB body limit. */
export const MAX_IMPORT_BYTES = 3 * 1024 * 1024;

/**
 * The most data rows (below the header) one file may hold: a cluster's extract is hundreds to a few
 * thousand rows. 10,000 rows write in about 12 s on embedded PGlite (well under a second on PostgreSQL).
 */
export const MAX_IMPORT_ROWS = 10_000;

/** The formats an import reads. */
export type ImportFormat = 'csv' | 'xlsx';

/** One cell as the file holds it: text from CSV; text, a number, a date or a boolean from XLSX; null when empty. */
export type RawCell = string | number | Date | boolean | null;

/** One data row: its line as a spreadsheet numbers it (the header is line 1) and its cells. */
export interface RawRow {
  readonly line: number;
  readonly cells: readonly RawCell[];
}

/** A file read into its header (as written) and data rows; wholly empty rows are left out. */
export interface RawTable {
  readonly format: ImportFormat;
  readonly headers: readonly string[];
  readonly rows: readonly RawRow[];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** A zip archive (what an XLSX file is) starts with a local file header. */
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** The old binary Excel format (.xls), an OLE compound file. */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/**
 * Decodes the base64 content of an import, refusing an oversized file before decoding it.
 *
 * @throws BadUserInputError naming `contentBase64` when it is empty, not base64, or larger than {@link MAX_IMPORT_BYTES}.
 */
export function decodeContent(contentBase64: string): Buffer {
  // Length check first, on the encoded text: a 100 MB argument is never decoded or scanned.
  const limit = Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + 4096;
  if (contentBase64.length > limit) {
    throw new BadUserInputError(
      `The file is larger than an import takes (${MAX_IMPORT_BYTES / 1024 / 1024} MiB); split it into several files.`,
      'contentBase64',
    );
  }
  const text = contentBase64.replace(/\s+/g, '');
  if (text.length === 0) throw new BadUserInputError('contentBase64 is empty: send the file\'s bytes encoded as base64.', 'contentBase64');
  if (!BASE64.test(text) || text.length % 4 === 1) {
    throw new BadUserInputError(`contentBase64 must be the file encoded as standard base64 (A–Z, a–z, 0–9, +, /, = padding); got ${preview(contentBase64)}.`, 'contentBase64');
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new BadUserInputError(
      `The file is ${bytes.length} bytes, larger than an import takes (${MAX_IMPORT_BYTES} bytes); split it into several files.`,
      'contentBase64',
    );
  }
  return bytes;
}

/**
 * Decides the format from the file name's extension and checks that the content agrees: an XLSX
 * file is a zip archive (starts with "PK"); a CSV file is UTF-8 text.
 *
 * @throws BadUserInputError naming `fileName` for another extension, an old .xls workbook, or
 *   content that does not match the extension.
 */
export function detectFormat(fileName: string, bytes: Buffer): ImportFormat {
  const name = fileName.trim();
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase();
  const isZip = bytes.subarray(0, 4).equals(ZIP_MAGIC);
  if (extension === 'xls' || bytes.subarray(0, 4).equals(OLE_MAGIC)) {
    throw new BadUserInputError('Old Excel workbooks (.xls) are not read: save the sheet as .xlsx (Excel Workbook) or as CSV UTF-8 and send that.', 'fileName');
  }
  if (extension === 'xlsx') {
    if (!isZip) throw new BadUserInputError(`${preview(name)} is named .xlsx but its content is not an XLSX workbook (a zip archive); send the workbook itself, or rename a CSV file to .csv.`, 'fileName');
    return 'xlsx';
  }
  if (extension === 'csv' || extension === 'txt') {
    if (isZip) throw new BadUserInputError(`${preview(name)} is named .${extension} but holds an XLSX workbook; name it .xlsx.`, 'fileName');
    return 'csv';
  }
  throw new BadUserInputError(`fileName must end in .csv or .xlsx so the format is known; got ${preview(name)}.`, 'fileName');
}

/**
 * Reads a file into a {@link RawTable}: the first worksheet of a workbook, or the records of a CSV
 * file (UTF-8, with or without a byte-order mark; comma separated, double-quoted fields).
 *
 * @throws BadUserInputError for a file that cannot be read, has no header row, or has more than {@link MAX_IMPORT_ROWS} rows.
 */
export async function readTable(format: ImportFormat, bytes: Buffer): Promise<RawTable> {
  const table = format === 'csv' ? readCsv(bytes) : await readXlsx(bytes);
  if (table.headers.every((header) => header === '')) {
    throw new BadUserInputError('The file has no header row: line 1 must name the columns (see the import columns in the budget README).', 'contentBase64');
  }
  if (table.rows.length > MAX_IMPORT_ROWS) {
    throw new BadUserInputError(`The file has ${table.rows.length} rows; an import takes at most ${MAX_IMPORT_ROWS}. Split it into several files.`, 'contentBase64');
  }
  return table;
}

function isEmptyCell(cell: RawCell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

function readCsv(bytes: Buffer): RawTable {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BadUserInputError(
      'The CSV file is not UTF-8 text (Thai files saved as "CSV" by older Excel are Windows-874): save it as "CSV UTF-8" and send it again.',
      'contentBase64',
    );
  }
  if (text.includes('\u0000')) throw new BadUserInputError('The CSV file holds binary data (NUL bytes), not text: send a CSV or XLSX file.', 'contentBase64');
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BadUserInputError(`The CSV file cannot be read: ${reason.slice(0, 200)}. Check its quotes and separators (commas).`, 'contentBase64');
  }
  const [header = [], ...data] = records;
  return {
    format: 'csv',
    headers: header.map((cell) => cell.trim()),
    // A spreadsheet shows each record as one row, so record i (0-based, after the header) is line i + 2.
    rows: data.map((cells, index) => ({ line: index + 2, cells })).filter((row) => !row.cells.every(isEmptyCell)),
  };
}

/** The most a workbook may hold once unzipped (its parts' declared sizes together): 64 MiB. */
export const MAX_XLSX_UNZIPPED_BYTES = 64 * 1024 * 1024;

/**
 * The total uncompressed size the zip's central directory declares, or null when the directory
 * cannot be found or uses ZIP64 (which a 3 MiB workbook never needs). A guard against a small file
 * that unzips to gigabytes before exceljs reads it; declared sizes can lie, which only a streaming
 * reader with a byte budget would catch (not done: exceljs reads the whole archive).
 */
function declaredUnzippedBytes(bytes: Buffer): number | null {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  for (let end = bytes.length - 22; end >= Math.max(0, bytes.length - 22 - 0xffff); end -= 1) {
    if (bytes.readUInt32LE(end) !== EOCD) continue;
    const entries = bytes.readUInt16LE(end + 10);
    let offset = bytes.readUInt32LE(end + 16);
    let total = 0;
    for (let entry = 0; entry < entries; entry += 1) {
      if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== CENTRAL) return null;
      const size = bytes.readUInt32LE(offset + 24);
      if (size === 0xffffffff) return null;
      total += size;
      offset += 46 + bytes.readUInt16LE(offset + 28) + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
    }
    return total;
  }
  return null;
}

async function readXlsx(bytes: Buffer): Promise<RawTable> {
  const unzipped = declaredUnzippedBytes(bytes);
  if (unzipped === null) {
    throw new BadUserInputError('The XLSX file cannot be read as an Excel workbook; open it in Excel or LibreOffice, save it as .xlsx again, and send that.', 'contentBase64');
  }
  if (unzipped > MAX_XLSX_UNZIPPED_BYTES) {
    throw new BadUserInputError(
      `The XLSX workbook unzips to ${unzipped} bytes, more than an import reads (${MAX_XLSX_UNZIPPED_BYTES}); keep only the sheet to import, or send it as CSV.`,
      'contentBase64',
    );
  }
  // Loaded on the first XLSX import: exceljs costs a quarter of a second of every start otherwise.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    // exceljs declares its own Buffer type; Node's is what it reads.
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw new BadUserInputError('The XLSX file cannot be read as an Excel workbook; open it in Excel or LibreOffice, save it as .xlsx again, and send that.', 'contentBase64');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new BadUserInputError('The XLSX workbook has no worksheet; put the rows on its first sheet.', 'contentBase64');
  let headers: string[] = [];
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const width = Math.max(row.cellCount, 0);
    const cells: RawCell[] = [];
    for (let column = 1; column <= width; column += 1) cells.push(xlsxCell(row.getCell(column).value));
    if (line === 1) headers = cells.map((cell) => (cell === null ? '' : String(cell instanceof Date ? cell.toISOString() : cell).trim()));
    else if (!cells.every(isEmptyCell)) rows.push({ line, cells });
  });
  return { format: 'xlsx', headers, rows };
}

/** One XLSX cell as a {@link RawCell}: formulas give their cached result, rich text its plain text, errors their code as text. */
function xlsxCell(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    if (result === undefined || result === null) return null;
    return typeof result === 'object' && !(result instanceof Date) ? `${result.error}` : result;
  }
  if ('hyperlink' in value) return value.text;
  if ('error' in value) return String(value.error);
  return null;
}
