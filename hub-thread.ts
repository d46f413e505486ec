import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import type { HubConfig, SubgraphName } from './kit/config';
import { StartupError } from './kit/errors';
import { createThreadBus, installProcessAlertBus, parseAlertNotice } from './kit/events';
import { useEmptyCluster } from './kit/first-start';
import { createLogger } from './kit/logger';
import { PeerDirectory } from './kit/peer';
import { compilePglite } from './kit/pglite-wasm';
import { startHub, type Hub } from './hub';

/**
 * Subgraphs of the embedded hub in a worker thread (see `startHub` with `config.threads`): the same
 * start as `node dist/main.js <subgraph>`, so the subgraphs and the gateway use more than one core
 * while staying one process with one Ctrl-C.
 */

/** What the main thread hands a subgraph thread. */
export interface ThreadData {
  /** The subgraphs this thread runs. */
  readonly names: readonly SubgraphName[];
  /** The hub's configuration, log format already resolved (a worker's standard output is not a terminal). */
  readonly config: HubConfig;
  /**
   * Whether the main thread is making the initialised empty cluster new PGlite folders are filled
   * from: it sends its folder (`empty-cluster`) when initdb is done, so that this thread loads its
   * modules meanwhile, on the other core.
   */
  readonly emptyClusterComing: boolean;
  /** The BroadcastChannel alert notices travel on between the threads, when there is no Redis. */
  readonly alertChannel?: string;
}

/** A subgraph a thread started, as reported to the main thread. */
export interface ThreadSubgraph {
  readonly name: SubgraphName;
  readonly url: string;
  readonly engine: 'pglite' | 'postgresql';
  readonly appliedMigrations: readonly string[];
}

/** What a subgraph thread tells the main thread. */
export type ThreadMessage =
  | { readonly type: 'ready'; readonly subgraphs: readonly ThreadSubgraph[] }
  | { readonly type: 'failed'; readonly message: string; readonly startup: boolean; readonly stack?: string }
  | { readonly type: 'closed' };

/** What the main thread tells a subgraph thread: to close, or where every subgraph is (once all threads are ready). */
export type ThreadCommand =
  | { readonly type: 'close' }
  | { readonly type: 'empty-cluster'; readonly folder: string }
  | { readonly type: 'empty-cluster-failed'; readonly message: string }
  | { readonly type: 'peers'; readonly urls: Readonly<Partial<Record<SubgraphName, string>>> };

/** The empty cluster the main thread announces (see {@link ThreadData.emptyClusterComing}). */
function announcedEmptyCluster(port: NonNullable<typeof parentPort>): Promise<string> {
  return new Promise((resolve, reject) => {
    const listen = (command: ThreadCommand) => {
      if (command.type === 'empty-cluster') resolve(command.folder);
      else if (command.type === 'empty-cluster-failed') reject(new Error(command.message));
      else return;
      port.off('message', listen);
    };
    port.on('message', listen);
  });
}

async function run(port: NonNullable<typeof parentPort>, data: ThreadData): Promise<void> {
  // On V8's background threads while this thread loads the subgraphs (see kit/pglite-wasm.ts).
  if (data.names.some((name) => !data.config.subgraphs[name].databaseUrl)) void compilePglite().catch(() => undefined);
  if (data.emptyClusterComing) useEmptyCluster(announcedEmptyCluster(port));
  if (data.alertChannel) installProcessAlertBus(createThreadBus(data.alertChannel, parseAlertNotice));
  const { observability } = data.config;
  const logger = createLogger({ level: observability.logLevel, format: observability.logFormat });
  const config = data.config;
  const peers = new PeerDirectory(Object.fromEntries(Object.values(config.subgraphs).map((subgraph) => [subgraph.name, subgraph.url])));
  let hub: Hub;
  try {
    hub = await startHub(config, 'all', { logger, onlySubgraphs: data.names, peers });
  } catch (error) {
    const message: ThreadMessage = {
      type: 'failed',
      message: (error as Error)?.message ?? String(error),
      startup: error instanceof StartupError,
      stack: (error as Error)?.stack,
    };
    port.postMessage(message);
    return;
  }
  port.on('message', (command: ThreadCommand) => {
    if (command.type === 'peers') peers.update(command.urls);
    if (command.type !== 'close') return;
    hub.close().then(
      () => port.postMessage({ type: 'closed' } satisfies ThreadMessage),
      (error: unknown) => port.postMessage({ type: 'failed', message: (error as Error)?.message ?? String(error), startup: false } satisfies ThreadMessage),
    );
  });
  port.postMessage({
    type: 'ready',
    subgraphs: hub.started.map(({ name, url, engine, appliedMigrations }) => ({ name, url, engine, appliedMigrations })),
  } satisfies ThreadMessage);
}

if (parentPort) void run(parentPort, workerData as ThreadData);
