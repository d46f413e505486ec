import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../kit/config';

/** The database engines the suites run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const ENGINES: readonly ('pglite' | 'postgresql')[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgresql'] : ['pglite'];

/** Fresh, empty storage for the four subgraphs, and how to remove it. */
export interface TestStorage {
  readonly dataDir: string;
  /** Environment variables that point each subgraph at its database (empty for PGlite). */
  readonly env: Record<string, string>;
  readonly databaseUrls: Partial<Record<SubgraphName, string>>;
  remove(): Promise<void>;
}

/**
 * Creates empty storage: a temporary PGlite folder, and with `postgresql` four new databases on
 * the server at TEST_DATABASE_URL (dropped by `remove`).
 */
export async function createTestStorage(engine: 'pglite' | 'postgresql'): Promise<TestStorage> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'osm-hub-test-'));
  const env: Record<string, string> = {};
  const databaseUrls: Partial<Record<SubgraphName, string>> = {};
  const created: string[] = [];
  const admin = engine === 'postgresql' ? new Client({ connectionString: process.env.TEST_DATABASE_URL }) : undefined;
  if (admin) {
    await admin.connect();
    const suffix = randomBytes(4).toString('hex');
    for (const name of SUBGRAPH_NAMES) {
      const database = `osm_test_${suffix}_${name}`;
      await admin.query(`CREATE DATABASE "${database}"`);
      created.push(database);
      const url = new URL(process.env.TEST_DATABASE_URL as string);
      url.pathname = `/${database}`;
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
