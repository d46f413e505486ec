import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../kit/http';
import { SUBGRAPH_NAMES } from '../../kit/config';
import { removeAtExit, spawnService, stopService, waitUntil } from './processes';
import { hubEnv, type Secrets } from './topology';

/** One start: ms to the first answer (or why it failed), and whether `npm start` rebuilt dist/ first. */
export interface StartupTime {
  readonly ms: number | string;
  /** True when `npm start`'s build check found sources newer than dist/ and ran tsc: not a restart as a user meets it. */
  readonly rebuilt: boolean;
}

/** Start-up times of the embedded default. */
export interface StartupTimes {
  readonly firstStart: StartupTime;
  /** One per restart measured, in order (none when the first start failed). */
  readonly restarts: readonly StartupTime[];
}

/** What counts as the first successful answer: all 18 clusters through the gateway. */
const PROBE = JSON.stringify({ query: '{ clusters { code } }' });

/**
 * Measures `npm start` (the embedded default: gateway and four subgraphs from one command) as a
 * user meets it (issue 10, item 5): from spawning `npm start` to the first successful answer to
 * `{ clusters { code } }`, first on an empty data folder (PGlite initdb, migrations, sample data),
 * then `restarts` times again after a clean stop (SIGTERM) on the same folder. `npm start` first
 * runs its build check (`build-if-stale --run`), which finds dist/ up to date, as on a user's restart.
 * The probe is sent every 20 ms: until the gateway listens it is refused at once, so it costs
 * the starting hub next to nothing and adds at most 20 ms to the figure.
 */
export async function measureStartup(secrets: Secrets, restarts: number): Promise<StartupTimes> {
  const dataDir = removeAtExit(mkdtempSync(path.join(tmpdir(), 'osm-hub-bench-start-')));
  const ports: Record<string, string> = { PORT: String(await freePort()) };
  for (const name of SUBGRAPH_NAMES) ports[`${name.toUpperCase()}_PORT`] = String(await freePort());
  const url = `http://127.0.0.1:${ports.PORT}/graphql`;
  // The defaults of a developer's `npm start`: sample data and info lines on; only ports, folder and token secret are the bench's.
  const { SEED_SAMPLE_DATA: _seed, LOG_LEVEL: _level, HUB_INTERNAL_SECRET: _internal, ...env } = hubEnv(secrets, { DATA_DIR: dataDir, ...ports });
  const once = async (label: string): Promise<StartupTime> => {
    const started = performance.now();
    const service = spawnService(`npm start (${label})`, 'npm', ['start'], env);
    try {
      await waitUntil(
        service,
        async () => {
          const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: PROBE });
          const result = (await response.json()) as { data?: { clusters?: unknown[] } };
          return response.ok && result.data?.clusters?.length === 18;
        },
        300_000,
        20,
      );
      return { ms: performance.now() - started, rebuilt: service.output().includes('build-if-stale: building') };
    } catch (error) {
      // The reason and the last lines the hub wrote.
      const lines = (error instanceof Error ? error.message : String(error)).trim().split('\n');
      return { ms: [lines[0], ...lines.slice(1).slice(-6)].join('\n    '), rebuilt: false };
    } finally {
      await stopService(service, 15_000);
    }
  };
  try {
    const firstStart = await once('first start');
    const times: StartupTime[] = [];
    while (typeof firstStart.ms === 'number' && times.length < restarts) times.push(await once(`restart ${times.length + 1}`));
    return { firstStart, restarts: times };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
