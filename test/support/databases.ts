import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../kit/config';
import { builtSeedDigests, copyPgliteTemplate, postgresTemplate, prepareTemplates } from './templates';

/** The database engines the suites run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const ENGINES: readonly ('pglite' | 'postgresql')[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgresql'] : ['pglite'];

/**
 * The one engine of the suites whose subject is the gateway and its transport (hostile input,
 * subscription limits, Server-Sent Events) or the processes' topology (the
 * docker-compose layout of process.e2e.ts): what they check is decided before or
 * above any SQL, and every subgraph's data layer (writes, transactions, locks, refusals that write
 * nothing) is tested on each engine by the subgraphs' own suites. PostgreSQL when TEST_DATABASE_URL
 * is set (a test hub starts on it in 0.8 s of CPU against 2.7 s on PGlite), PGlite otherwise.
 */
export const GATEWAY_ENGINES: readonly ('pglite' | 'postgresql')[] = [ENGINES[ENGINES.length - 1]];

/** Fresh, empty storage for the four subgraphs, and how to remove it. */
export interface TestStorage {
  readonly dataDir: string;
  /** Environment variables that point each subgraph at its database (empty for PGlite). */
  readonly env: Record<string, string>;
  readonly databaseUrls: Partial<Record<SubgraphName, string>>;
  remove(): Promise<void>;
}

/** How {@link createTestStorage} prepares each subgraph's database. */
export interface StorageOptions {
  /**
   * `true`: empty, as on a first start (PGlite initialises and Prisma migrates it when the hub
   * opens it; 5–15 s of CPU per PGlite subgraph). Default `false`: a copy of this run's migrated
   * template with its reference data (see ./templates.ts), which the hub opens as after a first start.
   */
  readonly fresh?: boolean;
  /** The subgraphs to prepare (all four by default). */
  readonly subgraphs?: readonly SubgraphName[];
  /**
   * The storage is for the built hub (`node dist/…`, the e2e tier; dist/ is built first): its seed
   * records carry the digest the built code computes, so the processes open it as after their own
   * first start instead of loading the reference data again. Ignored with `fresh`.
   */
  readonly builtHub?: boolean;
}

/** Records in a PostgreSQL database copied from a template that its seeds ran with `digest`. */
async function recordDigest(url: string, digest: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('UPDATE hub_seed_state SET digest = $1', [digest]);
  } finally {
    await client.end();
  }
}

/**
 * Creates storage for the subgraphs: a temporary PGlite folder, and with `postgresql` four new
 * databases on the server at TEST_DATABASE_URL (dropped by `remove`). Unless `fresh`, each
 * database starts as a copy of the run's migrated template.
 */
export async function createTestStorage(engine: 'pglite' | 'postgresql', options: StorageOptions = {}): Promise<TestStorage> {
  const names = options.subgraphs ?? SUBGRAPH_NAMES;
  if (!options.fresh) await prepareTemplates(engine, names);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'osm-hub-test-'));
  if (engine === 'pglite' && !options.fresh) {
    try {
      await Promise.all(names.map((name) => copyPgliteTemplate(name, dataDir, options.builtHub)));
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }
  const env: Record<string, string> = {};
  const databaseUrls: Partial<Record<SubgraphName, string>> = {};
  const created: string[] = [];
  const admin = engine === 'postgresql' ? new Client({ connectionString: process.env.TEST_DATABASE_URL }) : undefined;
  if (admin) {
    await admin.connect();
    const suffix = randomBytes(4).toString('hex');
    for (const name of names) {
      const database = `osm_test_${suffix}_${name}`;
      const template = options.fresh ? '' : ` TEMPLATE "${await postgresTemplate(name)}"`;
      await admin.query(`CREATE DATABASE "${database}"${template}`);
      created.push(database);
      const url = new URL(process.env.TEST_DATABASE_URL as string);
      url.pathname = `/${database}`;
      if (options.builtHub && !options.fresh) await recordDigest(url.toString(), (await builtSeedDigests())[name]);
      databaseUrls[name] = url.toString();
      env[`${name.toUpperCase()}_DATABASE_URL`] = url.toString();
    }
  }
  return {
    dataDir,
    env,
    databaseUrls,
    remove: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      if (admin) {
        for (const database of created) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await admin.end();
      }
    },
  };
}
