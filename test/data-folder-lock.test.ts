import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { lock } from 'proper-lockfile';
import { startHub, type Hub } from '../hub';
import { loadConfig, SUBGRAPH_NAMES, type HubConfig } from '../kit/config';
import { DATA_FOLDER_LOCK_STALE_MS, DataFolderInUseError } from '../kit/database';
import { createTestStorage } from './support/databases';
import { postGraphQL, startTestHub, TEST_INTERNAL_SECRET, TEST_JWT_SECRET } from './support/hub';

/** What a refused second hub must say, whichever subgraph hit the lock first. */
const IN_USE =
  /The data folder .+[/\\](strategy|budget|monitoring|participation) is in use by another hub process( \(pid \d+\))?\. Stop that process, or give this one its own folder with DATA_DIR=/;

/** The configuration `npm start` would read for a hub on `dataDir`, on free ports (quiet, no sample data). */
function configFor(dataDir: string): HubConfig {
  // Quiet, and without sample data: the lock does not depend on what the folders hold.
  return loadConfig({ PORT: '0', DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET, HUB_INTERNAL_SECRET: TEST_INTERNAL_SECRET, LOG_LEVEL: 'warn', SEED_SAMPLE_DATA: 'false' }, 'all');
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
    // The run's migrated template copied in: what the lock guards does not depend on the folders' contents.
    const storage = await createTestStorage('pglite');
    cleanups.push(() => storage.remove());
    const { dataDir } = storage;
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
    // The run's migrated template copied in: what the lock guards does not depend on the folders' contents.
    const storage = await createTestStorage('pglite');
    cleanups.push(() => storage.remove());
    const { dataDir } = storage;
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
