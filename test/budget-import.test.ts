import { randomUUID } from 'node:crypto';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openDatabase } from '../kit/database';
import { type Identity, PUBLIC_IDENTITY } from '../kit/identity';
import { runImport } from '../scripts/import';
import type { PrismaClient } from '../subgraphs/budget/generated/prisma/client';
import { budgetSubgraph } from '../subgraphs/budget/server';
import { createTestStorage, ENGINES } from './support/databases';
import { openTestSubgraph, type TestSubgraph } from './support/subgraph';

const ADMIN: Identity = { role: 'admin', subject: 'admin-1' };
const STAFF: Identity = { role: 'osm-staff', clusterCode: 'C1', subject: 'wanna' };
const N2_STAFF: Identity = { role: 'osm-staff', clusterCode: 'N2', subject: 'malee' };
const BUDGET_BUREAU: Identity = { role: 'agency', agencyCode: 'BB', subject: 'bb-officer' };
const OTHER_AGENCY: Identity = { role: 'agency', agencyCode: 'DOH', subject: 'doh-officer' };

const REPORT = 'accepted rejected imported created unchanged format errors { line column message }';
const IMPORT_LINES = `mutation($input: ImportFileInput!) { importBudgetLines(input: $input) { ${REPORT} } }`;
const IMPORT_DISBURSEMENTS = `mutation($input: ImportFileInput!) { importDisbursements(input: $input) { ${REPORT} } }`;
const EXAMPLES = path.join(__dirname, '..', 'docs', 'examples');

const base64 = (content: string | Buffer) => Buffer.from(content).toString('base64');

/** A workbook built the way a user's spreadsheet holds it: numbers as numbers, dates as date cells. */
async function workbook(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const utc = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day));

describe.each(ENGINES)('budget imports on %s', (engine) => {
  let subgraph: TestSubgraph<PrismaClient>;
  let prisma: PrismaClient;

  beforeAll(async () => {
    subgraph = await openTestSubgraph(budgetSubgraph, engine);
    prisma = subgraph.database.client;
  });
  afterAll(() => subgraph?.close());

  /** A project straight in the database, in cluster C1 unless told, with a unique code. */
  async function project(status: 'PROPOSED' | 'APPROVED' | 'CANCELLED' = 'APPROVED', clusterCode = 'C1') {
    const code = `IMP-${randomUUID().slice(0, 8)}`.toUpperCase();
    return prisma.project.create({
      data: { clusterCode, code, fiscalYear: 2569, nameTh: 'โครงการนำเข้า', amountBaht: '1000000', status, createdBy: 'test' },
    });
  }

  /** A contract straight in the database. */
  async function contract(valueBaht: string, paidBaht?: string) {
    const { id: projectId, clusterCode } = await project();
    const row = await prisma.contract.create({
      data: { projectId, clusterCode, contractNo: `สัญญา ${randomUUID().slice(0, 6)}/2569`, supplierName: 'บริษัท ก', valueBaht, signedOn: utc(2025, 11, 1), createdBy: 'test' },
    });
    if (paidBaht) await prisma.disbursement.create({ data: { contractId: row.id, paidOn: utc(2025, 12, 1), amountBaht: paidBaht, gfmisDocumentNo: `OLD-${row.id.slice(0, 6)}`, createdBy: 'test' } });
    return row;
  }

  const counts = async () => ({
    lines: await prisma.budgetLine.count(),
    disbursements: await prisma.disbursement.count(),
    history: await prisma.historyEntry.count(),
  });

  const importLines = (fileName: string, content: string | Buffer, identity: Identity = ADMIN, clusterCode = 'C1') =>
    subgraph.execute(IMPORT_LINES, { variables: { input: { clusterCode, fileName, contentBase64: base64(content) } }, identity });
  const importPayments = (fileName: string, content: string | Buffer, identity: Identity = ADMIN, clusterCode = 'C1') =>
    subgraph.execute(IMPORT_DISBURSEMENTS, { variables: { input: { clusterCode, fileName, contentBase64: base64(content) } }, identity });

  describe('importBudgetLines', () => {
    it('imports a good CSV with history, and importing the same file again changes nothing', async () => {
      const { code } = await project();
      const csv = `projectCode,fiscalYear,phase,category,amountBaht\n${code},2569,REQUESTED,INVESTMENT,"12,500,000,000.25"\n${code},2569,REQUESTED,OPERATING,750000\n${code},2569,EXECUTED,OPERATING,0.05\n`;
      const before = await counts();
      const first = await importLines('lines.csv', csv);
      expect(first.errors).toBeUndefined();
      expect(first.data?.importBudgetLines).toEqual({ accepted: 3, rejected: 0, imported: true, created: 3, unchanged: 0, format: 'csv', errors: [] });
      const lines = await prisma.budgetLine.findMany({ where: { project: { code } }, orderBy: { amountBaht: 'desc' } });
      expect(lines.map((line) => line.amountBaht.toFixed(2))).toEqual(['12500000000.25', '750000.00', '0.05']);
      const history = await prisma.historyEntry.findMany({ where: { entityId: { in: lines.map((line) => line.id) } } });
      expect(history.map((entry) => entry.action)).toEqual(['IMPORT_BUDGET_LINE', 'IMPORT_BUDGET_LINE', 'IMPORT_BUDGET_LINE']);
      const after = await counts();
      expect(after).toEqual({ ...before, lines: before.lines + 3, history: before.history + 3 });
      const again = await importLines('lines.csv', csv);
      expect(again.data?.importBudgetLines).toMatchObject({ accepted: 3, rejected: 0, imported: true, created: 0, unchanged: 3 });
      expect(await counts()).toEqual(after);
    });

    it('reads Thai headers, Thai phase and category names, a byte-order mark and columns in another order', async () => {
      const { code } = await project('PROPOSED');
      const csv = `\uFEFFหมวดงบ,จำนวนเงิน,รหัสโครงการ,ขั้นงบประมาณ,ปีงบประมาณ,หมายเหตุ\nงบลงทุน,"1,000.50",${code.toLowerCase()},คำขอ,2570,ถนนสายหลัก\nเงินอุดหนุน,20,${code},ปรับปรุง,2570,\n`;
      const { data, errors } = await importLines('งบประมาณ.CSV', csv, STAFF);
      expect(errors).toBeUndefined();
      expect(data?.importBudgetLines).toMatchObject({ accepted: 2, imported: true, created: 2 });
      const lines = await prisma.budgetLine.findMany({ where: { project: { code } }, orderBy: { phase: 'asc' } });
      expect(lines.map((line) => [line.phase, line.category, line.amountBaht.toFixed(2), line.createdBy])).toEqual([
        ['REQUESTED', 'INVESTMENT', '1000.50', 'wanna'],
        ['ADJUSTED', 'SUBSIDY', '20.00', 'wanna'],
      ]);
    });

    it('writes nothing when one row is bad, and reports its line, its column as written and the reason', async () => {
      const { code } = await project();
      const csv = `รหัสโครงการ,ปีงบประมาณ,ขั้นงบประมาณ,หมวดงบ,จำนวนเงิน\n${code},2569,คำขอ,งบลงทุน,100\n\n${code},2569,คำขอ,งบดำเนินงาน,"12,50"\n${code},2569,คำขอ,งบบุคลากร,300\n`;
      const before = await counts();
      const { data, errors } = await importLines('lines.csv', csv);
      expect(errors).toBeUndefined();
      expect(data?.importBudgetLines).toMatchObject({ accepted: 2, rejected: 1, imported: false, created: 0 });
      // Line 3 is the blank one: a spreadsheet shows it, so the bad row is line 4.
      expect(data?.importBudgetLines.errors).toEqual([{ line: 4, column: 'จำนวนเงิน', message: expect.stringContaining('amountBaht must be an amount in baht') }]);
      expect(await counts()).toEqual(before);
    });

    it('reports every problem of every row: unknown project, bad year, phase and category, duplicates and a changed amount', async () => {
      const { code } = await project();
      const cancelled = await project('CANCELLED');
      await importLines('seed.csv', `projectCode,fiscalYear,phase,category,amountBaht\n${code},2569,REQUESTED,OTHER,10\n`);
      const csv = [
        'projectCode,fiscalYear,phase,category,amountBaht',
        `NOPE-1,2569,REQUESTED,OTHER,10`,
        `${code},2026,REQUESTED,OTHER,10`,
        `${code},2569,PLANNED,งบอื่นๆ,10`,
        `${code},2569,REQUESTED,OTHER,11`,
        `${code},2569,EXECUTED,OTHER,10`,
        `${code},2569,EXECUTED,OTHER,10`,
        `${cancelled.code},2569,EXECUTED,OTHER,10`,
        `${code},2569,ADJUSTED,OTHER,1e3`,
      ].join('\r\n');
      const before = await counts();
      const report = (await importLines('lines.csv', csv)).data?.importBudgetLines;
      expect(report).toMatchObject({ accepted: 1, rejected: 7, imported: false });
      expect(report.errors.map((e: any) => [e.line, e.column])).toEqual([
        [2, 'projectCode'],
        [3, 'fiscalYear'],
        [4, 'phase'],
        [4, 'category'],
        [5, 'amountBaht'],
        [7, null],
        [8, 'projectCode'],
        [9, 'amountBaht'],
      ]);
      expect(report.errors[1].message).toContain('Did you mean 2569');
      expect(report.errors[2].message).toContain('REQUESTED (คำขอ)');
      expect(report.errors[4].message).toContain('never overwrites');
      expect(report.errors[5].message).toContain('Line 6 already gives');
      expect(await counts()).toEqual(before);
    });

    it('applies the rights of addBudgetLine to every row: APPROVED lines by the Budget Bureau and admins only', async () => {
      const { code } = await project();
      const approved = `projectCode,fiscalYear,phase,category,amountBaht\n${code},2569,APPROVED,INVESTMENT,500\n`;
      const requested = `projectCode,fiscalYear,phase,category,amountBaht\n${code},2569,REQUESTED,INVESTMENT,600\n`;
      const before = await counts();
      const staff = (await importLines('a.csv', approved, STAFF)).data?.importBudgetLines;
      expect(staff).toMatchObject({ imported: false, rejected: 1, errors: [{ line: 2, column: 'phase', message: expect.stringContaining('Budget Bureau') }] });
      const bureauRequested = (await importLines('r.csv', requested, BUDGET_BUREAU)).data?.importBudgetLines;
      expect(bureauRequested).toMatchObject({ imported: false, errors: [{ line: 2, column: 'phase' }] });
      for (const [identity, code] of [
        [PUBLIC_IDENTITY, 'UNAUTHENTICATED'],
        [N2_STAFF, 'FORBIDDEN'],
        [OTHER_AGENCY, 'FORBIDDEN'],
      ] as const) {
        const refused = await importLines('r.csv', requested, identity);
        expect(refused.data).toEqual({ importBudgetLines: null });
        expect(refused.errors?.[0].extensions?.code).toBe(code);
      }
      expect(await counts()).toEqual(before);
      expect((await importLines('a.csv', approved, BUDGET_BUREAU)).data?.importBudgetLines).toMatchObject({ imported: true, created: 1 });
      expect((await importLines('r.csv', requested, STAFF)).data?.importBudgetLines).toMatchObject({ imported: true, created: 1 });
    });

    it('reports a missing or repeated column on line 1, and every row as rejected', async () => {
      const { code } = await project();
      const missing = (await importLines('x.csv', `projectCode,fiscalYear,phase,amountBaht\n${code},2569,REQUESTED,5\n`)).data?.importBudgetLines;
      expect(missing).toMatchObject({ accepted: 0, rejected: 1, imported: false, errors: [{ line: 1, column: null, message: expect.stringContaining('no category column') }] });
      const twice = (await importLines('x.csv', `projectCode,fiscalYear,phase,category,amountBaht,จำนวนเงิน\n${code},2569,REQUESTED,OTHER,5,5\n`)).data?.importBudgetLines;
      expect(twice.errors).toEqual([{ line: 1, column: 'จำนวนเงิน', message: expect.stringContaining('Two columns give amountBaht') }]);
    });
  });

  describe('importDisbursements', () => {
    it('imports a good XLSX with number and date cells, exact to the satang, and the same file again changes nothing', async () => {
      const target = await contract('25000000000.00');
      const file = await workbook([
        ['contractNo', 'paidOn', 'amountBaht', 'gfmisDocumentNo'],
        [target.contractNo, utc(2026, 1, 15), 12345678901.23, 3100000001],
        [target.contractNo, '2026-02-15', '10,000,000,000.01', '3100000002'],
        [],
        [target.contractNo, utc(2026, 3, 15), 0.1, 'X-3'],
      ]);
      const before = await counts();
      const first = await importPayments('GFMIS export.xlsx', file, STAFF);
      expect(first.errors).toBeUndefined();
      expect(first.data?.importDisbursements).toEqual({ accepted: 3, rejected: 0, imported: true, created: 3, unchanged: 0, format: 'xlsx', errors: [] });
      const { data } = await subgraph.execute(`query($id: ID!) { contract(id: $id) { paidBaht remainingBaht disbursements { paidOn amountBaht gfmisDocumentNo } } }`, {
        variables: { id: target.id },
        identity: STAFF,
      });
      expect(data?.contract).toEqual({
        paidBaht: '22345678901.34',
        remainingBaht: '2654321098.66',
        disbursements: [
          { paidOn: '2026-01-15', amountBaht: '12345678901.23', gfmisDocumentNo: '3100000001' },
          { paidOn: '2026-02-15', amountBaht: '10000000000.01', gfmisDocumentNo: '3100000002' },
          { paidOn: '2026-03-15', amountBaht: '0.10', gfmisDocumentNo: 'X-3' },
        ],
      });
      const after = await counts();
      expect(after).toEqual({ ...before, disbursements: before.disbursements + 3, history: before.history + 3 });
      expect((await importPayments('GFMIS export.xlsx', file, STAFF)).data?.importDisbursements).toMatchObject({ imported: true, created: 0, unchanged: 3 });
      expect(await counts()).toEqual(after);
    });

    it('refuses spreadsheet numbers it cannot take exactly, and dates that are plain numbers, naming line and column', async () => {
      const target = await contract('1000');
      const file = await workbook([
        ['เลขที่สัญญา', 'วันที่จ่าย', 'จำนวนเงิน', 'เลขที่เอกสาร GFMIS'],
        [target.contractNo, utc(2026, 1, 15), 0.1 + 0.2, 'A-1'],
        [target.contractNo, utc(2026, 1, 15), 1.005, 'A-2'],
        [target.contractNo, 46000, 5, 'A-3'],
        [target.contractNo, utc(2026, 1, 15), -5, 'A-4'],
        [target.contractNo, '15/01/2569', 5, 'A-5'],
      ]);
      const before = await counts();
      const report = (await importPayments('bad.xlsx', file, STAFF)).data?.importDisbursements;
      expect(report).toMatchObject({ accepted: 0, rejected: 5, imported: false });
      expect(report.errors.map((e: any) => [e.line, e.column])).toEqual([
        [2, 'จำนวนเงิน'],
        [3, 'จำนวนเงิน'],
        [4, 'วันที่จ่าย'],
        [5, 'จำนวนเงิน'],
        [6, 'วันที่จ่าย'],
      ]);
      expect(report.errors[0].message).toContain('0.30000000000000004');
      expect(report.errors[2].message).toContain('format the cell as a date');
      expect(await counts()).toEqual(before);
    });

    it('refuses rows that together would overpay a contract, counting what was already paid, and writes nothing', async () => {
      const target = await contract('100.00', '50.00');
      const other = await contract('100.00');
      const csv = `contractNo,paidOn,amountBaht,gfmisDocumentNo\n${other.contractNo},2026-01-10,100.00,B-0\n${target.contractNo},2026-01-10,30.00,B-1\n${target.contractNo},2026-01-11,30.00,B-2\n`;
      const before = await counts();
      const report = (await importPayments('over.csv', csv, STAFF)).data?.importDisbursements;
      expect(report).toMatchObject({ accepted: 2, rejected: 1, imported: false });
      expect(report.errors).toEqual([{ line: 4, column: 'amountBaht', message: expect.stringContaining('at most 20.00 remains to pay') }]);
      expect(await counts()).toEqual(before);
    });

    it('of an import and a payment recorded at the same moment that together overpay, lets exactly one through', async () => {
      for (let round = 0; round < 3; round += 1) {
        const target = await contract('100.00');
        const csv = `contractNo,paidOn,amountBaht,gfmisDocumentNo\n${target.contractNo},2026-01-10,30.00,F-1\n${target.contractNo},2026-01-11,30.00,F-2\n`;
        const [file, single] = await Promise.all([
          importPayments('race.csv', csv, STAFF),
          subgraph.execute(`mutation($input: RecordDisbursementInput!) { recordDisbursement(input: $input) { id } }`, {
            variables: { input: { contractId: target.id, paidOn: '2026-01-12', amountBaht: '60.00', gfmisDocumentNo: 'S-1' } },
            identity: STAFF,
          }),
        ]);
        const fileWritten = file.data?.importDisbursements.imported === true;
        const singleWritten = Boolean(single.data?.recordDisbursement);
        expect(fileWritten !== singleWritten).toBe(true);
        const paid = await prisma.disbursement.aggregate({ where: { contractId: target.id }, _sum: { amountBaht: true } });
        expect(paid._sum.amountBaht?.toFixed(2)).toBe('60.00');
      }
    });

    it('reports unknown contracts, repeated or changed GFMIS documents and payments before signing', async () => {
      const target = await contract('1000.00');
      await importPayments('one.csv', `contractNo,paidOn,amountBaht,gfmisDocumentNo\n${target.contractNo},2026-01-10,10,D-1\n`, STAFF);
      const csv = [
        'contractNo,paidOn,amountBaht,gfmisDocumentNo',
        `ไม่มีสัญญานี้,2026-01-10,10,D-9`,
        `${target.contractNo},2026-01-10,11,D-1`,
        `${target.contractNo},2026-01-10,10,D-2`,
        `${target.contractNo},2026-01-10,10,d-2`,
        `${target.contractNo},2025-10-01,10,D-3`,
        `${target.contractNo},2099-01-01,10,D-4`,
      ].join('\n');
      const before = await counts();
      const report = (await importPayments('bad.csv', csv, STAFF)).data?.importDisbursements;
      expect(report.errors.map((e: any) => [e.line, e.column])).toEqual([
        [2, 'contractNo'],
        [3, 'gfmisDocumentNo'],
        [5, 'gfmisDocumentNo'],
        [6, 'paidOn'],
        [7, 'paidOn'],
      ]);
      expect(await counts()).toEqual(before);
    });

    it('lets only OSM staff of the cluster and admins import disbursements', async () => {
      const target = await contract('1000.00');
      const csv = `contractNo,paidOn,amountBaht,gfmisDocumentNo\n${target.contractNo},2026-01-10,10,R-1\n`;
      for (const [identity, code] of [
        [PUBLIC_IDENTITY, 'UNAUTHENTICATED'],
        [N2_STAFF, 'FORBIDDEN'],
        [BUDGET_BUREAU, 'FORBIDDEN'],
        [OTHER_AGENCY, 'FORBIDDEN'],
      ] as const) {
        expect((await importPayments('r.csv', csv, identity)).errors?.[0].extensions?.code).toBe(code);
      }
      expect((await importPayments('r.csv', csv, ADMIN)).data?.importDisbursements).toMatchObject({ imported: true, created: 1 });
    });
  });

  describe('files that cannot be read', () => {
    it.each([
      ['text that is not base64', 'x.csv', null, 'not base64 at all!', 'standard base64'],
      ['an empty file', 'x.csv', null, '', 'empty'],
      ['a file over the size limit', 'x.csv', null, 'A'.repeat(5 * 1024 * 1024), 'larger than an import takes'],
      ['a CSV named .xlsx', 'x.xlsx', 'a,b\n1,2\n', null, 'not an XLSX workbook'],
      ['a workbook named .csv', 'x.csv', 'PK\u0003\u0004rest', null, 'holds an XLSX workbook'],
      ['a broken zip named .xlsx', 'x.xlsx', 'PK\u0003\u0004not really a zip', null, 'cannot be read as an Excel workbook'],
      ['an old .xls workbook', 'x.xls', '\u00d0\u00cf\u0011\u00e0', null, '.xls'],
      ['a PDF', 'report.pdf', '%PDF-1.7', null, 'must end in .csv or .xlsx'],
      ['a CSV in Windows-874', 'x.csv', Buffer.from([0xc3, 0xcb, 0xd1, 0xca, 0x0a, 0x31]), null, 'CSV UTF-8'],
      ['a CSV with an open quote', 'x.csv', 'projectCode,fiscalYear\n"N1,2569\n', null, 'cannot be read'],
      ['a header with no rows', 'x.csv', 'projectCode,fiscalYear,phase,category,amountBaht\n', null, 'no rows'],
      ['more than 10,000 rows', 'x.csv', `projectCode,fiscalYear,phase,category,amountBaht\n${'P-1,2569,REQUESTED,OTHER,1\n'.repeat(10_001)}`, null, 'at most 10000'],
    ])('refuses %s with BAD_USER_INPUT, writing nothing', async (_label, fileName, content, rawBase64, hint) => {
      const before = await counts();
      const contentBase64 = rawBase64 ?? base64(typeof content === 'string' ? Buffer.from(content, 'latin1') : (content as Buffer));
      const { data, errors } = await subgraph.execute(IMPORT_LINES, { variables: { input: { clusterCode: 'C1', fileName, contentBase64 } }, identity: ADMIN });
      expect(data).toEqual({ importBudgetLines: null });
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0].message).toContain(hint);
      expect(await counts()).toEqual(before);
    });
  });

  it('refuses a workbook that would unzip to more than an import reads, before reading it', async () => {
    const file = await workbook([['projectCode', 'fiscalYear', 'phase', 'category', 'amountBaht']]);
    // Declare a huge uncompressed size for the first part in the zip's central directory.
    const central = file.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    file.writeUInt32LE(0x7fffffff, central + 24);
    const { errors } = await importLines('bomb.xlsx', file);
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0].message).toContain('unzips to');
  });

  describe('npm run import', () => {
    it('imports the example files into a hub database with the sample data, reports, and exits non-zero on rejected rows', async () => {
      const storage = await createTestStorage(engine, { subgraphs: ['budget'] });
      try {
        const env = { DATA_DIR: storage.dataDir, ...storage.env };
        const database = await openDatabase({ name: 'budget', dataDir: storage.dataDir, databaseUrl: storage.databaseUrls.budget }, (adapter) =>
          budgetSubgraph.createClient(adapter),
        );
        await budgetSubgraph.seedSample?.(database.client);
        await database.close();
        const run = async (...args: string[]) => {
          const out: string[] = [];
          const err: string[] = [];
          const status = await runImport(args, env, { log: (text) => out.push(text), error: (text) => err.push(text) });
          return { status, report: out.length > 0 && out[0].startsWith('{') ? JSON.parse(out[0]) : null, stderr: err.join('\n') };
        };
        const lines = await run(path.join(EXAMPLES, 'budget-lines.csv'), '--cluster', 'N1');
        expect(lines).toMatchObject({ status: 0, report: { imported: true, accepted: 4, created: 3, unchanged: 1, format: 'csv' } });
        const payments = await run(path.join(EXAMPLES, 'disbursements.csv'), '--cluster', 'N1', '--kind', 'disbursements');
        expect(payments).toMatchObject({ status: 0, report: { imported: true, created: 2 } });
        const sameAsXlsx = await run(path.join(EXAMPLES, 'disbursements.xlsx'), '--cluster', 'N1', '--kind', 'disbursements');
        expect(sameAsXlsx).toMatchObject({ status: 0, report: { imported: true, created: 0, unchanged: 2, format: 'xlsx' } });
        const wrongKind = await run(path.join(EXAMPLES, 'disbursements.csv'), '--cluster', 'N1');
        expect(wrongKind.status).toBe(1);
        expect(wrongKind.report).toMatchObject({ imported: false, errors: [{ line: 1 }, { line: 1 }, { line: 1 }, { line: 1 }] });
        expect(wrongKind.stderr).toContain('nothing was imported');
        expect((await run(path.join(EXAMPLES, 'nope.csv'), '--cluster', 'N1')).status).toBe(2);
        expect((await run('--cluster', 'N1')).status).toBe(2);
        const reopened = await openDatabase({ name: 'budget', dataDir: storage.dataDir, databaseUrl: storage.databaseUrls.budget }, (adapter) =>
          budgetSubgraph.createClient(adapter),
        );
        try {
          const paid = await reopened.client.disbursement.aggregate({ where: { contract: { contractNo: 'N1-ก 12/2569' } }, _sum: { amountBaht: true } });
          expect(paid._sum.amountBaht?.toFixed(2)).toBe('11800000.00');
          expect(await reopened.client.historyEntry.count({ where: { actor: { startsWith: 'cli:' } } })).toBe(5);
        } finally {
          await reopened.close();
        }
      } finally {
        await storage.remove();
      }
    });
  });
});
