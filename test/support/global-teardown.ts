import { rmSync } from 'node:fs';
import { Client } from 'pg';

/** Jest globalTeardown: removes what global-setup.ts and ./templates.ts made for this run. */
export default async function globalTeardown(): Promise<void> {
  const dir = process.env.OSM_TEST_RUN_DIR;
  const id = process.env.OSM_TEST_RUN_ID;
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (id && process.env.TEST_DATABASE_URL) {
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`osm_tmpl_${id}_%`]);
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
}
