import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { lock } from 'proper-lockfile';
import { startHub, type Hub } from '../hub';
import { loadConfig, SUBGRAPH_NAMES, type HubConfig } from '../kit/config';
import { DATA_FOLDER_LOCK_STALE_MS, DataFolderInUseError, lockDataFolder } from '../kit/database';
import { postGraphQL, startTestHub, TEST_INTERNAL_SECRET, TEST_JWT_SECRET } from './support/hub';
import { freePort, ROOT, startProcess, stop, USER_ENV } from './support/processes';

/** What a refused second hub must say, whichever subgraph hit the lock first. */
const IN_USE =
  /The data folder .+[/\\](strategy|budget|monitoring|participation) is in use by another hub process( \(pid \d+\))?\. Stop that process, or give this one its own folder with DATA_DIR=/;

/** The configuration `npm start` would read for a hub on `dataDir`, on free ports. */
function configFor(dataDir: string): HubConfig {
  return loadConfig({ PORT: '0', DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET, HUB_INTERNAL_SECRET: TEST_INTERNAL_SECRET }, 'all');
}

async function expectClusters(url: string): Promise<void> {
  const { status, data, errors } = await postGraphQL(url, '{ clusters { code } }');
  expect({ status, errors }).toEqual({ status: 200, errors: undefined });
  expect(data?.clusters).toHaveLength(18);
}

/** Starts a hub that must be refused and returns why; a hub that starts anyway is closed (so it cannot hold Jest open) and fails the test. */
function refusal(config: HubConfig): Promise<unknown> {
  return startHub(config, 'all').then(
    async (hub: Hub) => {
      await hub.close();
      throw new Error(`a hub started on ${config.dataDir} although its folders are locked`);
    },
    (reason: unknown) => reason,
  );
}

describe('the PGlite data folder lock, within one process', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await (cleanups.pop() as () => Promise<void>)();
  });

  it('refuses a second hub on the same DATA_DIR with a clear message, keeps the first serving, and frees the folder on close', async () => {
    const first = await startTestHub('pglite');
    cleanups.push(() => first.close());
    const config = configFor(first.storage.dataDir);

    const refused = await refusal(config);
    expect(refused).toBeInstanceOf(DataFolderInUseError);
    expect((refused as Error).message).toMatch(IN_USE);
    expect((refused as DataFolderInUseError).pid).toBe(process.pid);
    await expectClusters(first.url);

    // The refused hub released nothing of the first one's: it still serves after a second refusal.
    expect(((await refusal(config)) as Error).message).toMatch(IN_USE);
    await expectClusters(first.url);

    await first.stop();
    const next = await startHub(config, 'all');
    cleanups.push(() => next.close());
    await expectClusters(next.gatewayUrl as string);
  });

  it('releases the locks a failed start had already taken, so the next start succeeds', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'osm-hub-lock-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    // Another holder of one subgraph's folder: the other three open (and lock) theirs, then must let go.
    const held = path.join(dataDir, 'budget');
    mkdirSync(held, { recursive: true });
    const releaseHeld = await lock(held, { stale: DATA_FOLDER_LOCK_STALE_MS, onCompromised: () => undefined });
    cleanups.push(() => releaseHeld().catch(() => undefined));

    const error = await refusal(configFor(dataDir));
    expect(error).toBeInstanceOf(DataFolderInUseError);
    expect((error as DataFolderInUseError).folder).toBe(held);
    expect((error as Error).message).toMatch(IN_USE);

    await releaseHeld();
    const hub = await startHub(configFor(dataDir), 'all');
    cleanups.push(() => hub.close());
    await expectClusters(hub.gatewayUrl as string);
  });

  it('respects a fresh lock of a process on another machine, and takes it over once stale (that process crashed)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'osm-hub-lock-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    // What a hub on another machine sharing the folder leaves: lock directories and owner files it can no longer refresh.
    for (const name of SUBGRAPH_NAMES) {
      mkdirSync(path.join(dataDir, name), { recursive: true });
      mkdirSync(path.join(dataDir, `${name}.lock`));
      writeFileSync(path.join(dataDir, `${name}.lock-owner.json`), JSON.stringify({ pid: 4242, hostname: `not-${hostname()}` }));
    }
    const refused = await refusal(configFor(dataDir));
    expect(refused).toBeInstanceOf(DataFolderInUseError);
    expect((refused as DataFolderInUseError).pid).toBeUndefined();
    expect((refused as Error).message).toMatch(IN_USE);
    expect((refused as Error).message).toContain(`If that process ran on another machine and crashed, its lock expires ${DATA_FOLDER_LOCK_STALE_MS / 1000} s after it died.`);

    const past = new Date(Date.now() - DATA_FOLDER_LOCK_STALE_MS - 5000);
    for (const name of SUBGRAPH_NAMES) utimesSync(path.join(dataDir, `${name}.lock`), past, past);
    const hub = await startHub(configFor(dataDir), 'all');
    cleanups.push(() => hub.close());
    await expectClusters(hub.gatewayUrl as string);
  });
});

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

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'osm-hub-lock-process-'));
    env = { DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET, HUB_INTERNAL_SECRET: TEST_INTERNAL_SECRET };
    // Each process gets its own gateway PORT; subgraph ports are left to the kernel so that only the folder is shared.
    for (const name of SUBGRAPH_NAMES) env[`${name.toUpperCase()}_PORT`] = '0';
  });
  afterAll(async () => {
    await Promise.all(children.map((child) => stop(child).catch(() => child.kill('SIGKILL'))));
    rmSync(dataDir, { recursive: true, force: true });
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
