import { execFile } from 'node:child_process';
import path from 'node:path';
import { createTestStorage } from './support/databases';
import { ensureBuilt, ROOT, USER_ENV } from './support/processes';

/** Runs the built import script as `npm run import` does, and resolves with its exit code and output. */
function runBuilt(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'dist', 'scripts', 'import.js'), ...args], { cwd: ROOT, env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run import (the built script)', () => {
  beforeAll(() => ensureBuilt());

  it('imports a file into an embedded data folder, prints the report, and exits non-zero when rows are rejected', async () => {
    const storage = await createTestStorage('pglite', { subgraphs: ['budget'], builtHub: true });
    try {
      const env = { ...USER_ENV, DATA_DIR: storage.dataDir };
      const help = await runBuilt(['--help'], env);
      expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('npm run import -- <file> --cluster N1') });
      // No sample data in this folder: the example's project codes are unknown, so every row is rejected and nothing written.
      const rejected = await runBuilt([path.join(ROOT, 'docs', 'examples', 'budget-lines.csv'), '--cluster', 'N1'], env);
      expect(rejected.code).toBe(1);
      expect(JSON.parse(rejected.stdout)).toMatchObject({ imported: false, accepted: 0, rejected: 4, errors: [{ line: 2, column: 'รหัสโครงการ' }, {}, {}, {}] });
      expect(rejected.stderr).toContain('nothing was imported');
      const badArguments = await runBuilt(['--cluster', 'N1'], env);
      expect(badArguments.code).toBe(2);
    } finally {
      await storage.remove();
    }
  });
});
