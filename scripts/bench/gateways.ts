import path from 'node:path';
import { freePort } from '../../kit/http';
import { spawnService, waitUntil, type Service } from './processes';
import { hubEnv, type Secrets, type Topology } from './topology';

/** The gateways the bench compares, in the order it prints them; `apollo` is the baseline of the ratios. */
export const GATEWAY_NAMES = ['apollo', 'ours', 'hive'] as const;

/** One of {@link GATEWAY_NAMES}. */
export type GatewayName = (typeof GATEWAY_NAMES)[number];

/** The gateway every ratio is taken against. */
export const BASELINE_GATEWAY: GatewayName = 'apollo';

/** What each gateway is, for the printed header. */
export const GATEWAY_DESCRIPTIONS: Readonly<Record<GatewayName, string>> = {
  apollo: 'bare @apollo/gateway + Apollo Server standalone (scripts/bench/bare-gateway.ts)',
  ours: 'the hub\'s gateway (node dist/main.js gateway)',
  hive: 'Hive Gateway, @graphql-hive/gateway-runtime defaults (scripts/bench/hive-gateway.ts)',
};

/** A running gateway process. */
export interface RunningGateway {
  readonly name: GatewayName;
  readonly url: string;
  readonly service: Service;
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
  }
}

/**
 * Starts the named gateways, each in its own process on a free loopback port, in front of the
 * same subgraphs, and waits until each answers `{ __typename }`.
 */
export async function startGateways(names: readonly GatewayName[], secrets: Secrets, topology: Topology): Promise<RunningGateway[]> {
  return Promise.all(
    names.map(async (name) => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/graphql`;
      const service = spawnService(name, process.execPath, commandLine(name), hubEnv(secrets, { PORT: String(port), ...topology.urlEnv }));
      await waitUntil(
        service,
        async () => {
          const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
          return response.ok && ((await response.json()) as { data?: unknown }).data !== undefined;
        },
        120_000,
      );
      return { name, url, service };
    }),
  );
}
