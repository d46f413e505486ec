import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../kit/config';
import { freePort } from '../../kit/http';
import { generateDataset } from './dataset';
import { removeAtExit, spawnService, waitUntil, type Service } from './processes';
import { createDatabases, hubEnv, type Engine, type Secrets, type Topology } from './topology';

/**
 * The gateways the bench compares, in the order it prints them; `apollo` is the baseline of the
 * ratios. `embedded` is `npm start`'s hub with its own subgraphs (see {@link startEmbedded}).
 */
export const GATEWAY_NAMES = ['apollo', 'ours', 'hive', 'embedded'] as const;

/** One of {@link GATEWAY_NAMES}. */
export type GatewayName = (typeof GATEWAY_NAMES)[number];

/** The gateway every ratio is taken against. */
export const BASELINE_GATEWAY: GatewayName = 'apollo';

/** What each gateway is, for the printed header. */
export const GATEWAY_DESCRIPTIONS: Readonly<Record<GatewayName, string>> = {
  apollo: 'bare @apollo/gateway + Apollo Server standalone (scripts/bench/bare-gateway.ts)',
  ours: 'the hub\'s gateway (node dist/main.js gateway)',
  hive: 'Hive Gateway, @graphql-hive/gateway-runtime defaults (scripts/bench/hive-gateway.ts)',
  embedded: 'npm start\'s embedded hub (node dist/main.js: gateway, subgraphs in worker threads) on its own copy of the dataset',
};

/** A running gateway process. */
export interface RunningGateway {
  readonly name: GatewayName;
  readonly url: string;
  readonly service: Service;
  /** The subgraphs inside this process (`embedded`), whose SQL the bench counts instead of the shared ones'. */
  readonly ownSubgraphUrls?: readonly string[];
}

/** What {@link startGateways} needs besides the shared subgraphs: for `embedded`, which builds its own. */
export interface GatewayStartOptions {
  readonly engine: Engine;
  readonly databaseServerUrl: string;
  readonly scale: number;
}

/** The command line of each gateway: ours is the hub's own entry; the others are compiled with it into dist/. */
function commandLine(name: GatewayName): string[] {
  switch (name) {
    case 'ours':
      return [path.join('dist', 'main.js'), 'gateway'];
    case 'apollo':
      return [require.resolve('./bare-gateway')];
    case 'hive':
      return [require.resolve('./hive-gateway')];
    case 'embedded':
      return [path.join('dist', 'main.js')];
  }
}

/** Waits until the gateway at `url` answers `{ __typename }`. */
function untilAnswers(service: Service, url: string, withinMs: number): Promise<void> {
  return waitUntil(
    service,
    async () => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      return response.ok && ((await response.json()) as { data?: unknown }).data !== undefined;
    },
    withinMs,
  );
}

/**
 * Starts `npm start`'s hub as a user runs it (`node dist/main.js`: the gateway on the main thread,
 * the subgraphs in worker threads, `HUB_THREADS` at its default) on its own new storage of the run's
 * engine, and writes the same generated dataset into it through its subgraphs' ports. It is
 * measured like the gateways, so its row says how the one-command hub compares with the same code
 * as separate processes (`ours`). Its gateway CPU is the whole process (gateway and subgraph threads).
 */
async function startEmbedded(secrets: Secrets, options: GatewayStartOptions): Promise<RunningGateway> {
  const dataDir = removeAtExit(mkdtempSync(path.join(tmpdir(), 'osm-hub-bench-embedded-')));
  const databaseEnv = options.engine === 'postgresql' ? await createDatabases(options.databaseServerUrl) : {};
  const ports: Record<string, string> = { PORT: String(await freePort()) };
  const subgraphUrls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPH_NAMES) {
    const port = await freePort();
    ports[`${name.toUpperCase()}_PORT`] = String(port);
    subgraphUrls[name] = `http://127.0.0.1:${port}/graphql`;
  }
  const url = `http://127.0.0.1:${ports.PORT}/graphql`;
  const service = spawnService('embedded', process.execPath, commandLine('embedded'), hubEnv(secrets, { DATA_DIR: dataDir, ...databaseEnv, ...ports }));
  await untilAnswers(service, url, 300_000);
  await Promise.all(Object.values(subgraphUrls).map((subgraph) => waitUntil(service, async () => (await fetch(subgraph.replace(/\/graphql$/, '/health/ready'))).ok, 300_000)));
  await generateDataset(subgraphUrls, secrets.internalSecret, options.scale);
  return { name: 'embedded', url, service, ownSubgraphUrls: Object.values(subgraphUrls) };
}

/**
 * Starts the named gateways, each in its own process on a free loopback port, in front of the
 * same subgraphs, and waits until each answers `{ __typename }`.
 */
export async function startGateways(names: readonly GatewayName[], secrets: Secrets, topology: Topology, options: GatewayStartOptions): Promise<RunningGateway[]> {
  return Promise.all(
    names.map(async (name) => {
      if (name === 'embedded') return startEmbedded(secrets, options);
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/graphql`;
      const service = spawnService(name, process.execPath, commandLine(name), hubEnv(secrets, { PORT: String(port), ...topology.urlEnv }));
      await untilAnswers(service, url, 120_000);
      return { name, url, service };
    }),
  );
}
