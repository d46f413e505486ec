import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createGatewayServer } from './gateway/server';
import { SUBGRAPH_NAMES, type HubConfig, type ProcessRole, type SubgraphName } from './kit/config';
import type { Listening } from './kit/http';
import { PROJECT_ROOT } from './kit/paths';
import { runSubgraph, type RunningSubgraph } from './kit/subgraph';
import { SUBGRAPHS } from './subgraphs/registry';

/** The checked-in composed schema the gateway serves (kept fresh by `npm run schema:check`). */
export const SUPERGRAPH_PATH = path.join(PROJECT_ROOT, 'schema', 'supergraph.graphql');

/** What a hub process runs, with one close for all of it. */
export interface Hub {
  /** The gateway endpoint, e.g. `http://127.0.0.1:4000/graphql`, when this process runs the gateway. */
  readonly gatewayUrl?: string;
  readonly subgraphs: readonly RunningSubgraph[];
  /** Closes the gateway first, then every subgraph and its database. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts what `role` names: everything (subgraphs, then the gateway pointed at the ports they
 * actually got), the gateway alone, or one subgraph. If any part fails to start, the parts already
 * started are closed and the error is rethrown.
 */
export async function startHub(config: HubConfig, role: ProcessRole = config.role): Promise<Hub> {
  const names: SubgraphName[] = role === 'all' ? [...SUBGRAPH_NAMES] : role === 'gateway' ? [] : [role];
  const started: RunningSubgraph[] = [];
  let gateway: Listening | undefined;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await gateway?.close();
      await Promise.all(started.map((subgraph) => subgraph.close()));
    })());

  try {
    const results = await Promise.allSettled(
      names.map(async (name) => {
        const subgraph = await runSubgraph(SUBGRAPHS[name], {
          port: config.subgraphs[name].port,
          host: config.host,
          portVariable: `${name.toUpperCase()}_PORT`,
          databaseUrl: config.subgraphs[name].databaseUrl,
          dataDir: config.dataDir,
          internalSecret: config.internalSecret,
          seedSampleData: config.seedSampleData,
        });
        started.push(subgraph);
        return subgraph;
      }),
    );
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;

    if (role === 'all' || role === 'gateway') {
      const subgraphUrls: Record<string, string> = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, config.subgraphs[name].url]));
      for (const subgraph of started) subgraphUrls[subgraph.name] = subgraph.url;
      const server = await createGatewayServer({
        supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
        subgraphUrls,
        auth: config.auth,
        internalSecret: config.internalSecret,
        limits: config.limits,
        subgraphFetch: config.subgraphFetch,
        introspection: config.introspection,
        trustedDocuments: config.trustedDocuments,
        rateLimit: config.rateLimit,
        redisUrl: config.redisUrl,
      });
      gateway = await server.listen(config.gatewayPort, config.host);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    gatewayUrl: gateway ? `${gateway.origin}/graphql` : undefined,
    subgraphs: started,
    close,
  };
}
