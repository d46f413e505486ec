import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createGatewayServer } from './gateway/server';
import { SUBGRAPH_NAMES, type HubConfig, type ProcessRole, type SubgraphName } from './kit/config';
import { ALERT_CHANNEL, createRedisBus, installProcessAlertBus, parseAlertNotice, processAlertBus, type AlertNotice, type EventBus } from './kit/events';
import { discardFirstStartFolder } from './kit/first-start';
import type { Listening } from './kit/http';
import { createLogger, type Logger } from './kit/logger';
import { PROJECT_ROOT } from './kit/paths';
import { runSubgraph, type RunningSubgraph } from './kit/subgraph';
import { startTracing } from './kit/tracing';
import { SUBGRAPHS } from './subgraphs/registry';

/** The checked-in composed schema the gateway serves (kept fresh by `npm run schema:check`). */
export const SUPERGRAPH_PATH = path.join(PROJECT_ROOT, 'schema', 'supergraph.graphql');

/** What a hub process runs, with one close for all of it. */
export interface Hub {
  /** The gateway endpoint, e.g. `http://127.0.0.1:4000/graphql`, when this process runs the gateway. */
  readonly gatewayUrl?: string;
  readonly subgraphs: readonly RunningSubgraph[];
  /** The process's logger (each service's lines carry `service`). */
  readonly logger: Logger;
  /** Closes the gateway first, then every subgraph and its database, then sends the last spans. Safe to call twice. */
  close(): Promise<void>;
}

/** What a caller may give {@link startHub} instead of what the configuration says. */
export interface HubOptions {
  /** The logger to use; one is made from `config.observability` (standard output) when absent. */
  readonly logger?: Logger;
}

/** The `service.name` of this process's traces: one name for the embedded hub, one per service otherwise. */
function traceServiceName(role: ProcessRole): string {
  return role === 'all' ? 'osm-hub' : `osm-hub-${role}`;
}

/**
 * Starts what `role` names: everything (subgraphs, then the gateway pointed at the ports they
 * actually got), the gateway alone, or one subgraph. If any part fails to start, the parts already
 * started are closed and the error is rethrown.
 */
export async function startHub(config: HubConfig, role: ProcessRole = config.role, options: HubOptions = {}): Promise<Hub> {
  const logger = options.logger ?? createLogger({ level: config.observability.logLevel, format: config.observability.logFormat });
  const tracing = startTracing(config.observability.otlpEndpoint, traceServiceName(role));
  const names: SubgraphName[] = role === 'all' ? [...SUBGRAPH_NAMES] : role === 'gateway' ? [] : [role];
  const started: RunningSubgraph[] = [];
  let gateway: Listening | undefined;
  let closing: Promise<void> | undefined;
  // With REDIS_URL, alert notices cross processes: monitoring publishes on Redis, every gateway listens.
  const publishesAlerts = names.includes('monitoring');
  const servesSubscriptions = role === 'all' || role === 'gateway';
  let alertBus: EventBus<AlertNotice> | undefined;
  let restoreAlertBus: (() => void) | undefined;
  const close = () =>
    (closing ??= (async () => {
      await gateway?.close();
      await Promise.all(started.map((subgraph) => subgraph.close()));
      restoreAlertBus?.();
      await alertBus?.close();
      await tracing.shutdown();
    })());

  try {
    if (config.redisUrl && (publishesAlerts || servesSubscriptions)) {
      alertBus = await createRedisBus<AlertNotice>({
        url: config.redisUrl,
        channel: `${config.redisKeyPrefix}:${ALERT_CHANNEL}`,
        publisher: publishesAlerts,
        subscriber: servesSubscriptions,
        parse: parseAlertNotice,
        logger: logger.child({ service: role === 'all' ? 'hub' : role }),
        connectionName: `${config.redisKeyPrefix}:${role}`,
      });
      if (publishesAlerts) restoreAlertBus = installProcessAlertBus(alertBus);
    }
    const results = await Promise.allSettled(
      names.map(async (name) => {
        const subgraph = await runSubgraph(SUBGRAPHS[name], {
          port: config.subgraphs[name].port,
          host: config.host,
          portVariable: `${name.toUpperCase()}_PORT`,
          databaseUrl: config.subgraphs[name].databaseUrl,
          dataDir: config.dataDir,
          internalSecret: config.internalSecret,
          logger,
          seedSampleData: config.seedSampleData,
        });
        started.push(subgraph);
        return subgraph;
      }),
    );
    // The empty cluster copied into new PGlite folders is not needed once every subgraph is open.
    await discardFirstStartFolder();
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
        redisKeyPrefix: config.redisKeyPrefix,
        alertBus: alertBus ?? processAlertBus(),
        subscriptions: config.subscriptions,
        logger,
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
    logger,
    close,
  };
}
