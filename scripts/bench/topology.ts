import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../kit/http';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../kit/config';
import { atCleanup, removeAtExit, spawnService, waitUntil, type Service } from './processes';

/** Where the subgraphs keep their data: embedded PGlite, or a PostgreSQL server. */
export type Engine = 'pglite' | 'postgresql';

/** The server `--engine postgresql` uses when `BENCH_DATABASE_URL` is unset. */
export const DEFAULT_BENCH_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The secrets of one bench run, made fresh each time and shared by every process of it. */
export interface Secrets {
  /** HS256 secret of caller tokens (`JWT_SECRET`). */
  readonly jwtSecret: string;
  /** Secret of the gateway-signed identity (`HUB_INTERNAL_SECRET`). */
  readonly internalSecret: string;
}

/** Fresh random {@link Secrets}. */
export function createSecrets(): Secrets {
  return { jwtSecret: randomBytes(24).toString('hex'), internalSecret: randomBytes(24).toString('hex') };
}

/** One running subgraph process. */
export interface RunningSubgraph {
  readonly name: SubgraphName;
  readonly url: string;
  readonly service: Service;
}

/** The four subgraph processes the gateways share. */
export interface Topology {
  readonly engine: Engine;
  readonly subgraphs: readonly RunningSubgraph[];
  /** `STRATEGY_URL` … `PARTICIPATION_URL`, for a gateway's environment. */
  readonly urlEnv: Record<string, string>;
  readonly urls: Record<SubgraphName, string>;
  /** How long the four took to answer `/health/ready`, ms. */
  readonly startMs: number;
}

/**
 * The environment every hub process of the bench gets: the user's, minus what would change the
 * hub's behaviour (NODE_ENV, *_DATABASE_URL, REDIS_URL, OTLP), plus the run's secrets, no sample
 * data (the dataset is generated), warnings only (access lines cost CPU in every process alike),
 * and rate limits off (one client sends everything).
 */
export function hubEnv(secrets: Secrets, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'NODE_ENV' || name === 'REDIS_URL' || name.startsWith('OTEL_') || /_(DATABASE_URL|URL|PORT)$/.test(name) || name === 'PORT' || name === 'DATA_DIR') continue;
    env[name] = value;
  }
  return {
    ...env,
    JWT_SECRET: secrets.jwtSecret,
    HUB_INTERNAL_SECRET: secrets.internalSecret,
    SEED_SAMPLE_DATA: 'false',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    RATE_LIMIT_PER_IDENTITY: '0',
    RATE_LIMIT_PER_ADDRESS: '0',
    ...extra,
  };
}

/**
 * Creates one database per subgraph on the server at `serverUrl` (named `osm_bench_<random>_<name>`)
 * and registers their removal (`DROP DATABASE … WITH (FORCE)`) at cleanup.
 *
 * @returns `<NAME>_DATABASE_URL` variables for the subgraphs' environment.
 */
export async function createDatabases(serverUrl: string): Promise<Record<string, string>> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  const created: string[] = [];
  atCleanup(async () => {
    for (const database of created) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  });
  const suffix = randomBytes(4).toString('hex');
  const env: Record<string, string> = {};
  for (const name of SUBGRAPH_NAMES) {
    const database = `osm_bench_${suffix}_${name}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    created.push(database);
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    env[`${name.toUpperCase()}_DATABASE_URL`] = url.toString();
  }
  return env;
}

/**
 * Starts the four subgraphs as separate processes (`node dist/main.js <subgraph>`) on free loopback
 * ports, each on a new, empty database (PGlite in a temporary folder, or a new PostgreSQL database
 * per subgraph), and waits until each answers `GET /health/ready`.
 */
export async function startSubgraphs(secrets: Secrets, engine: Engine, databaseServerUrl: string): Promise<Topology> {
  const dataDir = removeAtExit(mkdtempSync(path.join(tmpdir(), 'osm-hub-bench-')));
  const databaseEnv = engine === 'postgresql' ? await createDatabases(databaseServerUrl) : {};
  const urls = {} as Record<SubgraphName, string>;
  const portEnv: Record<string, string> = {};
  for (const name of SUBGRAPH_NAMES) {
    const port = await freePort();
    portEnv[`${name.toUpperCase()}_PORT`] = String(port);
    urls[name] = `http://127.0.0.1:${port}/graphql`;
  }
  const env = hubEnv(secrets, { DATA_DIR: dataDir, ...databaseEnv, ...portEnv });
  const started = Date.now();
  const subgraphs = SUBGRAPH_NAMES.map((name) => ({
    name,
    url: urls[name],
    service: spawnService(name, process.execPath, [path.join('dist', 'main.js'), name], env),
  }));
  // A first start on PGlite runs initdb in WebAssembly in each process: minutes on a busy machine.
  await Promise.all(
    subgraphs.map(({ url, service }) =>
      waitUntil(service, async () => (await fetch(url.replace(/\/graphql$/, '/health/ready'))).ok, 300_000),
    ),
  );
  const urlEnv = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, urls[name]]));
  return { engine, subgraphs, urlEnv, urls, startMs: Date.now() - started };
}

/**
 * Sums `hub_database_statements_total` over the subgraphs' `/metrics` (the shared subgraphs, or
 * the given subgraph URLs): the SQL statements each has sent since it opened its database.
 */
export async function statementCount(topology: Topology, urls: readonly string[] = topology.subgraphs.map((subgraph) => subgraph.url)): Promise<number> {
  const counts = await Promise.all(
    urls.map(async (url) => {
      const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
      const match = /^hub_database_statements_total(?:\{[^}]*\})? (\S+)$/m.exec(text);
      return match ? Number(match[1]) : Number.NaN;
    }),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}
