import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { copyFolder, discardFirstStartFolder, initialiseEmptyFolder, installedEmptyCluster, scratchEmptyCluster } from '../kit/first-start';

/** A first start initialises PostgreSQL once and copies the empty cluster into each new subgraph folder (kit/first-start.ts). */
describe('the first start of embedded PGlite folders', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'osm-hub-first-start-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // This process's scratch folders (first starts in other test processes are not counted).
  const scratchFolders = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`osm-hub-initdb-${process.pid}-`));

  it('gives each new folder its own working database, and removes the shared copy afterwards', async () => {
    const folders = ['strategy', 'budget'].map((name) => path.join(dataDir, name));
    for (const folder of folders) mkdirSync(folder);
    await Promise.all(folders.map((folder) => initialiseEmptyFolder(folder)));
    // Copied from the cluster npm install made (checked below): nothing is initialised here.
    expect(scratchFolders()).toEqual([]);
    // Each copy was staged beside its folder and renamed into place: nothing else is left in DATA_DIR.
    expect(readdirSync(dataDir).sort()).toEqual(['budget', 'strategy']);
    await discardFirstStartFolder();
    expect(scratchFolders()).toEqual([]);

    const [first, second] = folders.map((folder) => new PGlite(folder));
    try {
      await first.exec("CREATE TABLE note (text text); INSERT INTO note VALUES ('ประเด็นการพัฒนา')");
      expect((await first.query<{ text: string }>('SELECT text FROM note')).rows).toEqual([{ text: 'ประเด็นการพัฒนา' }]);
      // The copies are independent clusters: the other folder has no such table.
      await expect(second.query('SELECT text FROM note')).rejects.toThrow('relation "note" does not exist');
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('copies the empty cluster npm install made, and never changes it', async () => {
    const installed = installedEmptyCluster();
    // `npm install` (postinstall: scripts/pglite-cluster.mjs) made it for the installed PGlite.
    expect(installed).toMatch(/node_modules[/\\].cache[/\\]osm-hub[/\\]pglite-\d+\.\d+\.\d+[/\\]pgdata$/);
    const before = readdirSync(installed as string, { recursive: true }).length;
    const folder = path.join(dataDir, 'participation');
    mkdirSync(folder);
    await initialiseEmptyFolder(folder);
    const pglite = new PGlite(folder);
    try {
      await pglite.exec('CREATE TABLE hearing (id int)');
    } finally {
      await pglite.close();
    }
    expect(readdirSync(installed as string, { recursive: true }).length).toBe(before);
    expect(scratchFolders()).toEqual([]);
  });

  it('without the cluster npm install makes, runs initdb once per process in a scratch folder, and removes it afterwards', async () => {
    // Two first starts at once (two subgraphs of one thread) wait for the same initdb.
    const [made, again] = await Promise.all([scratchEmptyCluster(), scratchEmptyCluster()]);
    expect(again).toBe(made);
    expect(made).not.toBe(installedEmptyCluster());
    expect(scratchFolders()).toHaveLength(1);
    expect(existsSync(path.join(made, 'PG_VERSION'))).toBe(true);

    const folder = path.join(dataDir, 'fallback');
    mkdirSync(folder);
    await copyFolder(made, folder);
    const pglite = new PGlite(folder);
    try {
      await pglite.exec("CREATE TABLE alert (title text); INSERT INTO alert VALUES ('น้ำท่วม')");
      expect((await pglite.query<{ title: string }>('SELECT title FROM alert')).rows).toEqual([{ title: 'น้ำท่วม' }]);
    } finally {
      await pglite.close();
    }

    await discardFirstStartFolder();
    expect(scratchFolders()).toEqual([]);
    expect(existsSync(made)).toBe(false);
  });

  it('leaves a folder that already holds files untouched', async () => {
    const folder = path.join(dataDir, 'monitoring');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'keep.txt'), 'not a database');
    await initialiseEmptyFolder(folder);
    expect(readdirSync(folder)).toEqual(['keep.txt']);
  });
});
