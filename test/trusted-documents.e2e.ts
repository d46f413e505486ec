import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { documentHash, readManifest } from '../gateway/trusted-documents';
import { ensureBuilt, ROOT, USER_ENV } from './support/processes';

/** The built `operations:register` script; the gateway's trusted-document modes are tested in trusted-documents.test.ts. */

describe('npm run operations:register (the built script in its own process)', () => {
  let temp: string;
  let appDir: string;
  beforeAll(async () => {
    await ensureBuilt();
    temp = mkdtempSync(path.join(tmpdir(), 'osm-hub-trusted-'));
    appDir = path.join(temp, 'portal');
    mkdirSync(appDir);
  });
  afterAll(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  const register = (manifestFile: string, ...args: string[]) =>
    spawnSync(process.execPath, ['dist/scripts/register-operations.js', ...args], {
      cwd: ROOT,
      env: { ...USER_ENV, TRUSTED_DOCUMENTS_FILE: manifestFile },
      encoding: 'utf8',
    });

  it('refuses an operation that does not validate, naming the file and the GraphQL error, and writes nothing', () => {
    const manifestFile = path.join(temp, 'refused.json');
    const file = path.join(appDir, 'broken.graphql');
    writeFileSync(file, 'query Fine { agencies { code } }\nquery Broken { agencies { code budgetBaht } }\n');
    const result = register(manifestFile, '--app', 'budget-bureau-portal', file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}: operation Broken does not validate`);
    expect(result.stderr).toContain('Cannot query field "budgetBaht" on type "Agency"');
    expect(result.stderr).toContain('Nothing was written');
    expect(existsSync(manifestFile)).toBe(false);

    // An existing manifest is left exactly as it was.
    writeFileSync(manifestFile, readFileSync(path.join(ROOT, 'trusted-documents.json')));
    const before = readFileSync(manifestFile, 'utf8');
    expect(register(manifestFile, '--app', 'budget-bureau-portal', file).status).toBe(1);
    expect(readFileSync(manifestFile, 'utf8')).toBe(before);
    rmSync(file);
  });

  it('registers valid operations, prints hash, app and name, and is idempotent', () => {
    const manifestFile = path.join(temp, 'registered.json');
    const file = path.join(appDir, 'budget.graphql');
    writeFileSync(
      file,
      `query ClusterBudget($code: String!, $year: Int!) {\n  cluster(code: $code) { code nameTh budget(fiscalYear: $year) { projectCount totalBaht } }\n}\n` +
        `query ClusterProjects($code: String!) { cluster(code: $code) { projects { nameTh amountBaht } } }\n`,
    );
    const first = register(manifestFile, '--app', 'budget-bureau-portal', appDir);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const manifest = readManifest(manifestFile);
    const entries = Object.entries(manifest.operations);
    expect(entries.map(([, entry]) => entry.name).sort()).toEqual(['ClusterBudget', 'ClusterProjects']);
    for (const [hash, entry] of entries) {
      expect(first.stdout).toContain(`${hash.slice(0, 12)}  budget-bureau-portal  ${entry.name}  (new)`);
      expect(entry.apps).toEqual(['budget-bureau-portal']);
      expect(documentHash(entry.document)).toBe(hash);
    }
    const written = readFileSync(manifestFile, 'utf8');

    const second = register(manifestFile, '--app', 'budget-bureau-portal', file);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('(unchanged)');
    expect(second.stdout).toContain('nothing written');
    expect(readFileSync(manifestFile, 'utf8')).toBe(written);

    // Another app sending the same text shares the entry.
    const other = register(manifestFile, '--app', 'nesdc-dashboard', file);
    expect(other.status).toBe(0);
    expect(other.stdout).toContain('nesdc-dashboard  ClusterBudget  (added app)');
    expect(Object.values(readManifest(manifestFile).operations).every((entry) => entry.apps.join() === 'budget-bureau-portal,nesdc-dashboard')).toBe(true);

    const check = register(manifestFile, '--check');
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('2 operation(s), all valid');
  });

  it('--check fails on a manifest edited by hand', () => {
    const manifestFile = path.join(temp, 'edited.json');
    writeFileSync(manifestFile, readFileSync(path.join(ROOT, 'trusted-documents.json'), 'utf8').replace('nameTh\\n', 'nameTh nameEn\\n'));
    const check = register(manifestFile, '--check');
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('edited by hand');
  });

  it('the committed trusted-documents.json holds the README examples and passes --check', () => {
    const check = register(path.join(ROOT, 'trusted-documents.json'), '--check');
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    const names = Object.values(readManifest(path.join(ROOT, 'trusted-documents.json')).operations).map((entry) => entry.name);
    expect(names.sort()).toEqual(['ClusterOverview', 'StrategyOverview']);
  });
});
