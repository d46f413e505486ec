import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { GatewayServer } from './gateway/server';
import type { ThreadCommand, ThreadData, ThreadMessage } from './hub-thread';
import { SUBGRAPH_NAMES, type HubConfig, type ProcessRole, type SubgraphName } from './kit/config';
import { StartupError } from './kit/errors';
import {
  ALERT_CHANNEL,
  createRedisBus,
  createThreadBus,
  installProcessAlertBus,
  parseAlertNotice,
  processAlertBus,
  type AlertNotice,
  type EventBus,
} from './kit/events';
import { discardFirstStartFolder, prepareEmptyCluster } from './kit/first-start';
import type { Listening } from './kit/http';
import { createLogger, type Logger } from './kit/logger';
import { PeerDirectory } from './kit/peer';
import { PROJECT_ROOT } from './kit/paths';
import type { RunningSubgraph } from './kit/subgraph';
import { startTracing } from './kit/tracing';

/** The checked-in composed schema the gateway serves (kept fresh by `npm run schema:check`). */
export const SUPERGRAPH_PATH = path.join(PROJECT_ROOT, 'schema', 'supergraph.graphql');

/** A subgraph this hub started, on this thread or in a worker thread: what `npm start` prints. */
export interface StartedSubgraph {
  readonly name: SubgraphName;
  readonly url: string;
  readonly engine: 'pglite' | 'postgresql';
  readonly appliedMigrations: readonly string[];
  /** Whether it runs in a worker thread of its own. */
  readonly threaded: boolean;
}

/** What a hub process runs, with one close for all of it. */
export interface Hub {
  /** The gateway endpoint, e.g. `http://127.0.0.1:4000/graphql`, when this process runs the gateway. */
  readonly gatewayUrl?: string;
  /** The subgraphs running on this thread, with their databases (none when they run in worker threads). */
  readonly subgraphs: readonly RunningSubgraph[];
  /** Every subgraph this hub started, threaded or not. */
  readonly started: readonly StartedSubgraph[];
  /** The process's logger (each service's lines carry `service`). */
  readonly logger: Logger;
  /** Closes the gateway first, then every subgraph and its database, then sends the last spans. Safe to call twice. */
  close(): Promise<void>;
}

/** What a caller may give {@link startHub} instead of what the configuration says. */
export interface HubOptions {
  /** The logger to use; one is made from `config.observability` (standard output) when absent. */
  readonly logger?: Logger;
  /**
   * Called when a subgraph's worker thread stops on its own after it was ready (a crash): the hub
   * is then incomplete, and `npm start` exits so that a supervisor restarts it.
   */
  readonly onThreadExit?: (names: readonly SubgraphName[], error: Error) => void;
  /** Runs these subgraphs and no gateway, whatever the role (a subgraph thread of the embedded hub). */
  readonly onlySubgraphs?: readonly SubgraphName[];
  /**
   * Where this hub's subgraphs find the others (kit/peer.ts); made from the configured URLs when
   * absent. A subgraph thread passes its own, which the main thread completes once every thread
   * has started (ports chosen at start, such as port 0, are known only then).
   */
  readonly peers?: PeerDirectory;
}

/** A worker thread running subgraphs: what they reported when ready, and how to stop them. */
interface SubgraphThread {
  readonly subgraphs: readonly StartedSubgraph[];
  /** Tells the thread's subgraphs where every subgraph is. */
  sendPeers(urls: Readonly<Partial<Record<SubgraphName, string>>>): void;
  close(): Promise<void>;
}

/** How long a closing subgraph thread may take before it is terminated. */
const THREAD_CLOSE_MS = 15_000;

/** The compiled worker entry; threads exist only in the built hub (dist/), not when run from sources (ts-jest). */
const THREAD_ENTRY = path.join(__dirname, 'hub-thread.js');

/**
 * Starts subgraphs in a worker thread (hub-thread.ts) and resolves once they serve, or rejects
 * with the start error (a {@link StartupError} stays one, so `npm start` prints it without a stack).
 */
function startThread(data: ThreadData, emptyCluster: Promise<string> | undefined, onExit: (error: Error) => void): Promise<SubgraphThread> {
  const worker = new Worker(THREAD_ENTRY, { workerData: data });
  emptyCluster?.then(
    (folder) => worker.postMessage({ type: 'empty-cluster', folder } satisfies ThreadCommand),
    (error: unknown) => worker.postMessage({ type: 'empty-cluster-failed', message: (error as Error)?.message ?? String(error) } satisfies ThreadCommand),
  );
  return new Promise((resolve, reject) => {
    let ready = false;
    let closing = false;
    let closed: (() => void) | undefined;
    const exited = new Promise<void>((done) => worker.once('exit', () => done()));
    worker.on('error', (error) => {
      if (!ready) reject(error);
      else if (!closing) onExit(error);
    });
    worker.once('exit', (code) => {
      const error = new Error(`the thread of the ${data.names.join(', ')} subgraph(s) stopped (exit code ${code})`);
      if (!ready) reject(error);
      else if (!closing) onExit(error);
      closed?.();
    });
    worker.on('message', (message: ThreadMessage) => {
      if (message.type === 'failed' && !ready) {
        const error = message.startup ? new StartupError(message.message) : Object.assign(new Error(message.message), { stack: message.stack });
        void worker.terminate();
        reject(error);
      } else if (message.type === 'closed') {
        closed?.();
      } else if (message.type === 'ready') {
        ready = true;
        resolve({
          subgraphs: message.subgraphs.map((subgraph) => ({ ...subgraph, threaded: true })),
          sendPeers: (urls) => worker.postMessage({ type: 'peers', urls } satisfies ThreadCommand),
          close: async () => {
            closing = true;
            const done = new Promise<void>((finished) => {
              closed = finished;
            });
            worker.postMessage({ type: 'close' } satisfies ThreadCommand);
            const timer = setTimeout(() => closed?.(), THREAD_CLOSE_MS);
            await done;
            clearTimeout(timer);
            await worker.terminate();
            await exited;
          },
        });
      }
    });
  });
}

/** Whether a subgraph's PGlite folder is new (absent or empty), so its first start needs an empty cluster. */
function needsEmptyCluster(config: HubConfig, name: SubgraphName): boolean {
  if (config.subgraphs[name].databaseUrl || config.dataDir === ':memory:') return false;
  const folder = path.join(config.dataDir, name);
  return !existsSync(folder) || readdirSync(folder).length === 0;
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
  const tracing = await startTracing(config.observability.otlpEndpoint, traceServiceName(role));
  const names: readonly SubgraphName[] = options.onlySubgraphs ?? (role === 'all' ? [...SUBGRAPH_NAMES] : role === 'gateway' ? [] : [role]);
  const runsGateway = !options.onlySubgraphs && (role === 'all' || role === 'gateway');
  // The embedded hub runs its subgraphs in worker threads (HUB_THREADS of them), the gateway here.
  // Run from TypeScript sources (ts-jest, ts-node) there is no compiled thread entry: one thread then.
  const threadCount = role === 'all' && !options.onlySubgraphs && existsSync(THREAD_ENTRY) ? Math.min(config.threads, names.length) : 0;
  const local = threadCount > 0 ? [] : names;
  // The configured URLs until the real ones are known (a subgraph asks a peer only when serving).
  const peers = options.peers ?? new PeerDirectory(Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, config.subgraphs[name].url])));
  const started: RunningSubgraph[] = [];
  const threads: SubgraphThread[] = [];
  let gateway: Listening | undefined;
  let closing: Promise<void> | undefined;
  // With REDIS_URL, alert notices cross processes: monitoring publishes on Redis, every gateway listens.
  const publishesAlerts = local.includes('monitoring');
  const servesSubscriptions = runsGateway;
  let alertBus: EventBus<AlertNotice> | undefined;
  let restoreAlertBus: (() => void) | undefined;
  const close = () =>
    (closing ??= (async () => {
      await gateway?.close();
      await Promise.all([...started.map((subgraph) => subgraph.close()), ...threads.map((thread) => thread.close())]);
      restoreAlertBus?.();
      await alertBus?.close();
      await tracing.shutdown();
    })());

  const configuredUrls = (): Record<string, string> => Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, config.subgraphs[name].url]));
  // Imported here, not at the top: a subgraph thread runs no gateway and need not load it (0.3 s of CPU).
  const buildGateway = async (subgraphUrls: Record<string, string>): Promise<GatewayServer> => {
    const { createGatewayServer } = await import('./gateway/server.js');
    return createGatewayServer({
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
  };
  /** A gateway built while the subgraph threads start, on the URLs their fixed ports give (undefined if building it failed). */
  type EarlyGateway = { readonly urls: Record<string, string>; readonly server: Promise<GatewayServer | undefined> };
  let earlyGateway: EarlyGateway | undefined;
  const takeEarlyGateway = () => {
    const early = earlyGateway;
    earlyGateway = undefined;
    return early;
  };
  const discard = async (early: EarlyGateway | undefined) => {
    await early?.server.then((server) => server?.discard()).catch(() => undefined);
  };

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
    if (threadCount > 0) {
      // Without Redis, the monitoring thread's notices reach this thread's gateway over a BroadcastChannel.
      const alertChannel = config.redisUrl ? undefined : `osm-hub:${ALERT_CHANNEL}:${randomUUID()}`;
      if (alertChannel) alertBus = createThreadBus(alertChannel, parseAlertNotice);
      // initdb once, here, for every new PGlite folder (not once per thread), while the threads load their modules.
      const emptyCluster = names.some((name) => needsEmptyCluster(config, name)) ? prepareEmptyCluster() : undefined;
      // A worker's standard output is not a terminal: the format is decided here, for all threads.
      const terminal = process.stdout.isTTY === true;
      const logFormat = config.observability.logFormat === 'auto' ? (terminal ? 'pretty' : 'json') : config.observability.logFormat;
      // Subgraphs dealt to the threads in turn: with one thread, all four share it.
      const groups = Array.from({ length: threadCount }, (_, index) => names.filter((_name, position) => position % threadCount === index));
      const threadConfig: HubConfig = { ...config, observability: { ...config.observability, logFormat } };
      // With every subgraph port fixed (the default 4001–4004), the subgraphs' URLs are known now:
      // this thread builds the gateway (1 s of CPU) while the threads open their databases, instead of after.
      if (runsGateway && names.every((name) => config.subgraphs[name].port !== 0)) {
        const urls = configuredUrls();
        // Used (or discarded) below; a failure here only means building it again later.
        earlyGateway = { urls, server: buildGateway(urls).catch(() => undefined) };
      }
      const results = await Promise.allSettled(
        groups.map(async (group) => {
          const thread = await startThread({ names: group, config: threadConfig, emptyClusterComing: emptyCluster !== undefined, alertChannel }, emptyCluster, (error) =>
            options.onThreadExit?.(group, error),
          );
          threads.push(thread);
        }),
      );
      await discardFirstStartFolder();
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure) throw failure.reason;
      peers.update(Object.fromEntries(threads.flatMap((thread) => thread.subgraphs.map((subgraph) => [subgraph.name, subgraph.url]))));
      for (const thread of threads) thread.sendPeers(peers.toRecord());
    }
    // Imported only where subgraphs run on this thread: a gateway process, and the gateway thread of
    // the embedded hub, need neither (0.5 s of CPU and the memory of four Prisma clients).
    const results: PromiseSettledResult<RunningSubgraph>[] = [];
    if (local.length > 0) {
      const { runSubgraph } = await import('./kit/subgraph.js');
      const { SUBGRAPHS } = await import('./subgraphs/registry.js');
      const settled = await Promise.allSettled(
        local.map(async (name) => {
          const subgraph = await runSubgraph(SUBGRAPHS[name], {
            port: config.subgraphs[name].port,
            host: config.host,
            portVariable: `${name.toUpperCase()}_PORT`,
            databaseUrl: config.subgraphs[name].databaseUrl,
            dataDir: config.dataDir,
            internalSecret: config.internalSecret,
            logger,
            seedSampleData: config.seedSampleData,
            // Half the gateway's wait for the asking subgraph, so its refusal arrives before the gateway gives up on it.
            peers: { directory: peers, timeoutMs: Math.max(100, Math.floor(config.subgraphFetch.timeoutMs[name] / 2)) },
          });
          peers.update({ [name]: subgraph.url });
          started.push(subgraph);
          return subgraph;
        }),
      );
      results.push(...settled);
    }
    // The empty cluster copied into new PGlite folders is not needed once every subgraph is open.
    await discardFirstStartFolder();
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;

    if (runsGateway) {
      const subgraphUrls = configuredUrls();
      for (const subgraph of [...started, ...threads.flatMap((thread) => thread.subgraphs)]) subgraphUrls[subgraph.name] = subgraph.url;
      // The gateway built while the threads started serves only if the subgraphs are where it assumed.
      const early = takeEarlyGateway();
      const fits = early !== undefined && Object.entries(subgraphUrls).every(([name, url]) => early.urls[name] === url);
      let server = fits ? await early.server : undefined;
      if (!server) {
        await discard(early);
        server = await buildGateway(subgraphUrls);
      }
      gateway = await server.listen(config.gatewayPort, config.host);
    }
  } catch (error) {
    await discard(takeEarlyGateway());
    await close();
    throw error;
  }
  return {
    gatewayUrl: gateway ? `${gateway.origin}/graphql` : undefined,
    subgraphs: started,
    started: [
      ...threads.flatMap((thread) => thread.subgraphs),
      ...started.map((subgraph) => ({
        name: subgraph.name as SubgraphName,
        url: subgraph.url,
        engine: subgraph.database.kind,
        appliedMigrations: subgraph.database.appliedMigrations,
        threaded: false,
      })),
    ],
    logger,
    close,
  };
}
