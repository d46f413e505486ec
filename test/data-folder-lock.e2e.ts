import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '../kit/config';
import { DATA_FOLDER_LOCK_STALE_MS, DataFolderInUseError, lockDataFolder } from '../kit/database';
import { createTestStorage, type TestStorage } from './support/databases';
import { postGraphQL, TEST_INTERNAL_SECRET, TEST_JWT_SECRET } from './support/hub';
import { ensureBuilt, freePort, ROOT, startProcess, stop, USER_ENV } from './support/processes';

/** The data folder lock between processes of the built hub; the lock within one process is tested in data-folder-lock.test.ts. */

beforeAll(() => ensureBuilt());

async function expectClusters(url: string): Promise<void> {
  const { status, data, errors } = await postGraphQL(url, '{ clusters { code } }');
  expect({ status, errors }).toEqual({ status: 200, errors: undefined });
  expect(data?.clusters).toHaveLength(18);
}

/** Runs `node dist/main.js` to its exit (killing it after 60 s) and returns its exit code and output. */
function runToExit(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env: { ...USER_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the second hub was still running after 60 s; it should have refused the locked DATA_DIR:\n${stdout}${stderr}`));
    }, 60000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the PGlite data folder lock, between two `npm start` processes (built dist/)', () => {
  const children: ChildProcess[] = [];
  let dataDir: string;
  let env: Record<string, string>;

  let storage: TestStorage;

  beforeAll(async () => {
    // The run's migrated template copied in (test/process.e2e.ts starts the built hub on an empty folder).
    storage = await createTestStorage('pglite', { builtHub: true });
    dataDir = storage.dataDir;
    // No sample data: the lock does not depend on what the folders hold, and each start would load it.
    env = { DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET, HUB_INTERNAL_SECRET: TEST_INTERNAL_SECRET, SEED_SAMPLE_DATA: 'false' };
    // Each process gets its own gateway PORT; subgraph ports are left to the kernel so that only the folder is shared.
    for (const name of SUBGRAPH_NAMES) env[`${name.toUpperCase()}_PORT`] = '0';
  });
  afterAll(async () => {
    await Promise.all(children.map((child) => stop(child).catch(() => child.kill('SIGKILL'))));
    await storage?.remove();
  });

  it('makes the second process exit non-zero with a one-paragraph explanation while the first keeps answering', async () => {
    const first = await startProcess({ ...env, PORT: String(await freePort()) });
    children.push(first.child);

    const second = await runToExit({ ...env, PORT: String(await freePort()) });
    expect(second.code).not.toBe(0);
    expect(second.code).not.toBeNull();
    expect(second.stderr).toContain(`is in use by another hub process (pid ${first.child.pid})`);
    expect(second.stderr).toContain('DATA_DIR=');
    expect(second.stderr).not.toContain('    at ');
    expect(second.stdout).not.toContain('ready in');

    await expectClusters(first.gatewayUrl);
    expect(await stop(first.child)).toBe(0);

    // Stopped cleanly: the folder is free again at once.
    const third = await startProcess({ ...env, PORT: String(await freePort()) });
    children.push(third.child);
    await expectClusters(third.gatewayUrl);
  });

  it('lets a new process take the folder at once after the holder was killed (kill -9) on this machine', async () => {
    const running = children.find((child) => child.exitCode === null && child.signalCode === null);
    expect(running?.pid).toEqual(expect.any(Number));
    const killed = new Promise((resolve) => running?.once('exit', resolve));
    running?.kill('SIGKILL');
    await killed;
    // The killed hub could not remove its locks; they are fresh, but their owner is gone.
    for (const name of SUBGRAPH_NAMES) expect(Date.now() - statSync(path.join(dataDir, `${name}.lock`)).mtimeMs).toBeLessThan(DATA_FOLDER_LOCK_STALE_MS);

    const after = await startProcess({ ...env, PORT: String(await freePort()) });
    children.push(after.child);
    await expectClusters(after.gatewayUrl);
    expect(await stop(after.child)).toBe(0);
  });
});

describe('the PGlite data folder lock, held by a live process whose event loop is busy', () => {
  let dataDir: string;
  let holder: ChildProcess | undefined;
  afterAll(async () => {
    if (holder && holder.exitCode === null && holder.signalCode === null) {
      const exited = new Promise((resolve) => holder?.once('exit', resolve));
      holder.kill('SIGKILL');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is not taken over when its refreshes stop for longer than the stale time, as long as its owner runs', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'osm-hub-lock-busy-'));
    const folder = path.join(dataDir, 'strategy');
    mkdirSync(folder);
    // A holder that takes the lock as a hub does, then blocks its event loop (as starting PGlite does, for seconds) for a minute.
    const script = `require('./dist/kit/database.js').lockDataFolder(${JSON.stringify(folder)}, 'strategy').then(() => {
      console.log('locked');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
    });`;
    holder = spawn(process.execPath, ['-e', script], { cwd: ROOT, env: USER_ENV, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      holder?.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
      holder?.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
    });

    // Wait until the lock directory alone would say "stale".
    while (Date.now() - statSync(`${folder}.lock`).mtimeMs <= DATA_FOLDER_LOCK_STALE_MS + 500) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const error: unknown = await lockDataFolder(folder, 'strategy').then(
      async (release) => {
        await release();
        return new Error('the lock of a live, busy process was taken over');
      },
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(DataFolderInUseError);
    expect((error as DataFolderInUseError).pid).toBe(holder.pid);
    expect((error as Error).message).toContain(`is in use by another hub process (pid ${holder.pid})`);
  });
});
