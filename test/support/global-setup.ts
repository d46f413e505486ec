import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Jest globalSetup (once per `jest` run, before any worker starts): a folder for what the run's
 * worker processes share (migrated database templates, the build of dist/ for the e2e tier; see
 * ./templates.ts). Workers inherit the variables; global-teardown.ts removes the folder and the
 * PostgreSQL template databases.
 */
export default function globalSetup(): void {
  process.env.OSM_TEST_RUN_DIR = mkdtempSync(path.join(tmpdir(), 'osm-hub-test-run-'));
  process.env.OSM_TEST_RUN_ID = randomBytes(4).toString('hex');
}
