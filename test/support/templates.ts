import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../kit/config';
import { openDatabase } from '../../kit/database';
import { copyFolder, installedEmptyCluster } from '../../kit/first-start';
import { prismaDir } from '../../kit/paths';
import { seedDatabase } from '../../kit/seeding';
import { SUBGRAPHS } from '../../subgraphs/registry';
import { ensureBuilt, ROOT } from './processes';
import { oncePerRun, runDir, runId } from './run';

/**
 * Migrated databases made once per test run and copied for each new test storage.
 *
 * A fresh PGlite folder costs 10–15 s of CPU on a small machine (PGlite runs initdb in WebAssembly)
 * and 1–2 s more to migrate (Prisma's WebAssembly schema engine); copying a migrated folder costs a
 * tenth of a second. So a run makes one empty PGlite folder, migrates a copy of it per subgraph
 * with the hub's own `openDatabase` (checking that every migration under
 * `prisma/<name>/migrations` was applied) and loads its reference data with the hub's own
 * `seedDatabase`, and every storage after that starts from a copy: a PGlite folder copied with
 * `cp -R`, a PostgreSQL database made with `CREATE DATABASE … TEMPLATE`. The hub under test opens
 * the copy exactly as it would its own after a first start: nothing left to migrate, reference
 * data recorded as loaded (so not loaded again), sample data loaded if the test asks for it. Suites that must see a first start pass `fresh: true` to createTestStorage;
 * the e2e tier's storage (`builtHub: true`) is copied from a second template whose seed records
 * carry the digest of dist/'s code, so that `node dist/…` does not load the reference data again.
 *
 * Jest runs test files in several worker processes: a template is built by one of them (a
 * directory in the run folder serves as the mutex) and used by all. The run folder and the
 * PostgreSQL template databases are removed by `test/support/global-teardown.ts`.
 */

/** The PostgreSQL template database of a subgraph in this run. */
export function templateDatabaseName(name: SubgraphName): string {
  return `osm_tmpl_${runId()}_${name}`;
}

/** The migration folders of a subgraph, in the order they apply. */
function migrationNames(name: SubgraphName): string[] {
  const dir = path.join(prismaDir(name), 'migrations');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * Opens a fresh database with the hub's `openDatabase`, checks that it applied every migration,
 * loads the reference data as a start does (kit/seeding.ts, which records it: a test hub on a copy
 * then skips that seed, as a restart does), and closes it. Sample data is left to the hubs.
 */
async function migrateFresh(name: SubgraphName, where: { dataDir: string; databaseUrl?: string }): Promise<void> {
  const database = await openDatabase({ name, ...where }, (adapter) => SUBGRAPHS[name].createClient(adapter));
  try {
    const expected = migrationNames(name);
    if (JSON.stringify(database.appliedMigrations) !== JSON.stringify(expected)) {
      throw new Error(`a fresh ${name} database applied ${JSON.stringify(database.appliedMigrations)}, expected every migration: ${JSON.stringify(expected)}`);
    }
    await seedDatabase(SUBGRAPHS[name], database, { sample: false });
  } finally {
    await database.close();
  }
}

/** Copies a folder to a new path. */
async function copyFolderTo(from: string, to: string): Promise<void> {
  mkdirSync(to, { recursive: true });
  await copyFolder(from, to);
}

/**
 * An empty PGlite folder as a first start leaves it (initdb run, nothing migrated), made once per
 * run: initdb is the same for every subgraph and the slowest part of a fresh start.
 */
async function emptyPglite(): Promise<string> {
  const folder = path.join(runDir(), 'pglite', '.empty');
  await oncePerRun('pglite-empty', async () => {
    mkdirSync(path.dirname(folder), { recursive: true });
    rmSync(folder, { recursive: true, force: true });
    // The one `npm install` made, as a first start would use it; initdb here only without it.
    const installed = installedEmptyCluster();
    if (installed) {
      await copyFolderTo(installed, folder);
      return;
    }
    const pglite = new PGlite(folder);
    await pglite.waitReady;
    await pglite.close();
  });
  return folder;
}

/** A migrated PGlite folder of `name` with its reference data (no sample data), built once per run. */
async function pgliteTemplate(name: SubgraphName): Promise<string> {
  const folder = path.join(runDir(), 'pglite', name);
  await oncePerRun(`pglite-${name}`, () =>
    buildFolder(folder, name, async (scratch) => {
      await copyFolderTo(await emptyPglite(), scratch);
      await migrateFresh(name, { dataDir: path.dirname(scratch) });
    }),
  );
  return folder;
}

/**
 * The same folder as {@link pgliteTemplate} as the built hub (`node dist/…`) finds it after its
 * first start, made once per run: its seed records carry the digest of dist/'s code instead of the
 * TypeScript sources', so a spawned hub does not load the reference data again (1–2.5 s of CPU).
 */
async function builtPgliteTemplate(name: SubgraphName): Promise<string> {
  const folder = path.join(runDir(), 'pglite-built', name);
  await oncePerRun(`pglite-built-${name}`, async () => {
    const [source, digests] = await Promise.all([pgliteTemplate(name), builtSeedDigests()]);
    await buildFolder(folder, name, async (scratch) => {
      await copyFolderTo(source, scratch);
      await recordBuiltDigest(name, { dataDir: path.dirname(scratch) }, digests[name]);
    });
  });
  return folder;
}

/** Makes `folder` (a subgraph's PGlite folder) with `fill(scratch)` in a scratch folder, then moves it in place whole. */
async function buildFolder(folder: string, name: SubgraphName, fill: (scratch: string) => Promise<void>): Promise<void> {
  const scratch = mkdtempSync(path.join(runDir(), `build-${name}-`));
  try {
    await fill(path.join(scratch, name));
    mkdirSync(path.dirname(folder), { recursive: true });
    rmSync(folder, { recursive: true, force: true });
    renameSync(path.join(scratch, name), folder);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The seed digest (kit/seeding.ts) each subgraph has in the built hub, once per run. It hashes the
 * code that runs, so `node dist/…` computes another one than the tests' hubs (JavaScript, not the
 * TypeScript sources). Brings dist/ up to date first (`ensureBuilt`).
 */
export async function builtSeedDigests(): Promise<Record<SubgraphName, string>> {
  const file = path.join(runDir(), 'built-seed-digests.json');
  await oncePerRun('built-seed-digests', async () => {
    await ensureBuilt();
    const script = `const { seedDigest } = require('./dist/kit/seeding.js'); console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(SUBGRAPH_NAMES)}.map((name) => [name, seedDigest(name)]))));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { cwd: ROOT });
    writeFileSync(file, stdout);
  });
  return JSON.parse(readFileSync(file, 'utf8')) as Record<SubgraphName, string>;
}

/** Records in a subgraph's PGlite database that its seeds ran with the built hub's digest. */
async function recordBuiltDigest(name: SubgraphName, where: { dataDir: string }, digest: string): Promise<void> {
  const database = await openDatabase({ name, ...where }, (adapter) => SUBGRAPHS[name].createClient(adapter));
  try {
    if (!/^[0-9a-f]{64}$/.test(digest)) throw new Error(`not a seed digest: ${digest}`);
    await database.client.$queryRawUnsafe(`UPDATE hub_seed_state SET digest = '${digest}'`);
  } finally {
    await database.close();
  }
}

/**
 * Makes sure the run's templates of `names` exist, one after the other, starting at a place
 * that depends on the Jest worker: two workers that both need all four build two each (one
 * builds, the other waits, per template) instead of one building all while the other waits.
 */
export async function prepareTemplates(engine: 'pglite' | 'postgresql', names: readonly SubgraphName[]): Promise<void> {
  const start = Number(process.env.JEST_WORKER_ID ?? 1) % names.length;
  for (const name of [...names.slice(start), ...names.slice(0, start)]) {
    await (engine === 'pglite' ? pgliteTemplate(name) : postgresTemplate(name));
  }
}

/** Copies this run's migrated PGlite folder of `name` to `<dataDir>/<name>`: the one the built hub opens as its own when `builtHub`. */
export async function copyPgliteTemplate(name: SubgraphName, dataDir: string, builtHub = false): Promise<void> {
  await copyFolderTo(await (builtHub ? builtPgliteTemplate(name) : pgliteTemplate(name)), path.join(dataDir, name));
}

/** Makes this run's migrated PostgreSQL template database of `name` (reference data, no sample data), once per run; resolves with its name. */
export async function postgresTemplate(name: SubgraphName): Promise<string> {
  const database = templateDatabaseName(name);
  await oncePerRun(`postgresql-${name}`, async () => {
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${database}"`);
      const url = new URL(process.env.TEST_DATABASE_URL as string);
      url.pathname = `/${database}`;
      await migrateFresh(name, { dataDir: ':memory:', databaseUrl: url.toString() });
      // CREATE DATABASE … TEMPLATE refuses a source with open sessions: wait for the closed pool's to end.
      const deadline = Date.now() + 30_000;
      for (;;) {
        const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database]);
        if (rows[0].n === 0) break;
        if (Date.now() > deadline) throw new Error(`sessions on the template database ${database} stayed open after the database was closed`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await admin.end();
    }
  });
  return database;
}
