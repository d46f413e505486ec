import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { BroadcastChannel } from 'node:worker_threads';
import type { Redis } from 'ioredis';
import { HealthCheckFailure } from './health';
import type { Logger } from './logger';
import { firstOutcome, redactedUrl } from './redis';

/**
 * The hub's event bus: a subgraph publishes a small notice ("an alert was stored") after its
 * transaction commits, and the gateway's subscription tailer listens. A notice is a poke, not the
 * truth: the subgraph's table is the log, and a listener that misses a notice catches up by reading
 * the log (the gateway also polls it), so the bus may lose messages without losing events.
 *
 * Three implementations: this thread's memory ({@link createMemoryBus}, the default), the threads
 * of this process ({@link createThreadBus}: the embedded hub, whose subgraphs run in worker
 * threads), and Redis pub/sub across processes ({@link createRedisBus}, with `REDIS_URL`).
 */
export interface EventBus<Notice> {
  /** Hands `notice` to every listener; never throws for a listener's or the transport's failure. */
  publish(notice: Notice): Promise<void>;
  /** Calls `listener` for each notice published from now on; returns the unsubscribe. */
  subscribe(listener: (notice: Notice) => void): () => void;
  /**
   * Calls `listener` when notices may have been missed (the transport reconnected, or a message
   * could not be read): the listener reads the log. Returns the unsubscribe.
   */
  onGap(listener: () => void): () => void;
  /** Resolves when the transport answers (at once in memory); readiness uses it. */
  ping(): Promise<void>;
  /** Drops every listener and disconnects; publishing after close does nothing. Safe to call twice. */
  close(): Promise<void>;
}

/** What monitoring publishes once an alert is committed: enough to route it without reading it. */
export interface AlertNotice {
  /** The alert's `sequence`, as a decimal string. */
  readonly sequence: string;
  readonly id: string;
  readonly clusterCode: string;
  /** `INFO`, `WARNING` or `CRITICAL`. */
  readonly severity: string;
}

/** The Redis channel alert notices travel on, after the deployment's prefix (`REDIS_KEY_PREFIX`). */
export const ALERT_CHANNEL = 'monitoring:alerts';

/** An alert notice from a message, or undefined when it is not one (a malformed or foreign message). */
export function parseAlertNotice(value: unknown): AlertNotice | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { sequence, id, clusterCode, severity } = value as Record<string, unknown>;
  if (typeof sequence !== 'string' || !/^\d{1,19}$/.test(sequence)) return undefined;
  if (typeof id !== 'string' || typeof clusterCode !== 'string' || typeof severity !== 'string') return undefined;
  return { sequence, id, clusterCode, severity };
}

/** Local listeners of a bus: each runs in publish order; one that throws is skipped. */
class Listeners<Notice> {
  private readonly emitter = new EventEmitter();
  closed = false;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  emit(event: 'notice' | 'gap', notice?: Notice): void {
    if (this.closed) return;
    for (const listener of this.emitter.listeners(event)) {
      try {
        (listener as (notice?: Notice) => void)(notice);
      } catch {
        // A listener's failure is its own; the others still get the notice.
      }
    }
  }

  on(event: 'notice' | 'gap', listener: ((notice: Notice) => void) | (() => void)): () => void {
    if (this.closed) return () => undefined;
    const handler = listener as (notice?: Notice) => void;
    this.emitter.on(event, handler);
    return () => this.emitter.off(event, handler);
  }

  clear(): void {
    this.closed = true;
    this.emitter.removeAllListeners();
  }
}

/**
 * An {@link EventBus} in this process's memory. Listeners run synchronously in publish order; one
 * that throws is skipped (its error is swallowed: a listener owns its own failures). It never has gaps.
 */
export function createMemoryBus<Notice>(): EventBus<Notice> {
  const listeners = new Listeners<Notice>();
  return {
    publish: async (notice) => listeners.emit('notice', notice),
    subscribe: (listener) => listeners.on('notice', listener),
    onGap: (listener) => listeners.on('gap', listener),
    ping: async () => undefined,
    close: async () => listeners.clear(),
  };
}

/**
 * An {@link EventBus} between the threads of this process, over a named `BroadcastChannel`: what
 * one thread publishes reaches the listeners of every other thread's bus of the same name (the
 * embedded hub's monitoring thread publishes, its gateway thread listens), and this bus's own
 * listeners too. Messages between threads are not lost, so it never has gaps; the channel does not
 * keep the process alive.
 */
export function createThreadBus<Notice>(name: string, parse: (value: unknown) => Notice | undefined): EventBus<Notice> {
  const listeners = new Listeners<Notice>();
  const channel = new BroadcastChannel(name);
  channel.unref();
  channel.onmessage = (event) => {
    const notice = parse((event as { data: unknown }).data);
    if (notice !== undefined) listeners.emit('notice', notice);
  };
  return {
    publish: async (notice) => {
      if (listeners.closed) return;
      channel.postMessage(notice);
      listeners.emit('notice', notice);
    },
    subscribe: (listener) => listeners.on('notice', listener),
    onGap: (listener) => listeners.on('gap', listener),
    ping: async () => undefined,
    close: async () => {
      if (listeners.closed) return;
      listeners.clear();
      channel.close();
    },
  };
}

/** How {@link createRedisBus} connects. */
export interface RedisBusOptions<Notice> {
  readonly url: string;
  /** The full channel name, e.g. `osm-hub:monitoring:alerts`. */
  readonly channel: string;
  /** Open a connection to publish on (a process that stores events). */
  readonly publisher: boolean;
  /** Open a connection to listen on (a process that serves subscriptions). */
  readonly subscriber: boolean;
  /** Reads a notice from a decoded message; undefined for anything else. */
  readonly parse: (value: unknown) => Notice | undefined;
  readonly logger: Logger;
  /** Redis client name of the connections (`CLIENT LIST`), default `<channel>`. */
  readonly connectionName?: string;
  /** How long the start waits for Redis (default 3000 ms); the bus works without it meanwhile. */
  readonly connectTimeoutMs?: number;
}

/** Longest wait for one PUBLISH or PING. */
const COMMAND_TIMEOUT_MS = 1000;
/** Longest pause between reconnection attempts to an unreachable Redis. */
const MAX_RECONNECT_DELAY_MS = 5000;

/**
 * An {@link EventBus} across processes on Redis pub/sub. A message is the notice as JSON plus the
 * publishing bus's `origin`; local listeners get a local publish at once (so one process running
 * both sides does not depend on Redis) and skip its echo from Redis.
 *
 * Redis is a poke, never the truth, so it is optional at every moment: the start waits for it at
 * most `connectTimeoutMs`; while it is unreachable a publish is dropped (enableOfflineQueue off,
 * 1 s timeout) and the outage is logged once when it starts and once when it ends; reconnection is
 * retried every ≤ 5 s for ever. When the listening connection is (re)established, and when a
 * message cannot be read, gap listeners are called so they read the log.
 *
 * Never throws.
 */
export async function createRedisBus<Notice>(options: RedisBusOptions<Notice>): Promise<EventBus<Notice>> {
  const { logger, channel } = options;
  const shown = redactedUrl(options.url);
  // Loaded only with REDIS_URL (50 ms of CPU at every start otherwise).
  const { Redis } = await import('ioredis');
  const origin = randomUUID();
  const listeners = new Listeners<Notice>();
  const name = (options.connectionName ?? channel).replace(/[^\w:.-]/g, '_');
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  const common = {
    connectTimeout: Math.min(connectTimeoutMs, 10_000),
    // On close, a socket that failed to connect never reports "close"; ioredis's default 2 s timer would keep Node alive.
    disconnectTimeout: 200,
    retryStrategy: (attempt: number) => Math.min(attempt * 250, MAX_RECONNECT_DELAY_MS),
  };
  let down = false;
  const watch = (client: Redis) => {
    client.on('error', (error: Error) => {
      if (down || listeners.closed) return;
      down = true;
      logger.error(
        `Alert notices on ${channel} are not carried while Redis (${shown}) is unreachable (${error.message}); subscriptions follow the log by polling until it is back. Check REDIS_URL and that Redis is running.`,
      );
    });
    client.on('ready', () => {
      if (!down) return;
      down = false;
      logger.warn(`Redis (${shown}) is reachable again; alert notices on ${channel} are carried again.`);
    });
  };

  const publisher = options.publisher
    ? new Redis(options.url, { ...common, connectionName: `${name}:publisher`, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS })
    : undefined;
  // The subscriber queues its SUBSCRIBE until Redis answers, however long that takes.
  const subscriber = options.subscriber ? new Redis(options.url, { ...common, connectionName: `${name}:subscriber`, maxRetriesPerRequest: null }) : undefined;
  let unreadable = false;
  if (publisher) watch(publisher);
  if (subscriber) {
    watch(subscriber);
    subscriber.on('message', (from: string, message: string) => {
      if (from !== channel) return;
      let decoded: unknown;
      try {
        decoded = JSON.parse(message);
      } catch {
        decoded = undefined;
      }
      const notice = options.parse(decoded);
      if (!notice) {
        if (!unreadable) {
          unreadable = true;
          logger.warn(`an unreadable message arrived on ${channel}; the log is read instead (logged once)`);
        }
        listeners.emit('gap');
        return;
      }
      if ((decoded as { origin?: unknown }).origin === origin) return;
      listeners.emit('notice', notice);
    });
    // On every (re)connection: subscribe (autoResubscribe does too; twice is harmless), then have the
    // listeners read what was published while the connection was away.
    subscriber.on('ready', () => {
      subscriber.subscribe(channel).then(
        () => listeners.emit('gap'),
        () => undefined,
      );
    });
  }
  await Promise.all([publisher, subscriber].filter((client): client is Redis => client !== undefined).map((client) => firstOutcome(client, connectTimeoutMs)));

  const disconnect = async (client: Redis | undefined) => {
    if (!client) return;
    if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
    else client.disconnect();
  };
  return {
    publish: async (notice) => {
      if (listeners.closed) return;
      listeners.emit('notice', notice);
      if (publisher?.status !== 'ready') return;
      // A lost notice costs a delay (the poll), never an event: the failure is the outage already logged.
      await publisher.publish(channel, JSON.stringify({ ...notice, origin })).catch(() => undefined);
    },
    subscribe: (listener) => listeners.on('notice', listener),
    onGap: (listener) => listeners.on('gap', listener),
    ping: async () => {
      if (subscriber && subscriber.status !== 'ready') throw new HealthCheckFailure('does not answer (the alert notices connection is down)');
      if (publisher) await publisher.ping();
    },
    close: async () => {
      if (listeners.closed) return;
      listeners.clear();
      await Promise.all([disconnect(publisher), disconnect(subscriber)]);
    },
  };
}

let alertBus: EventBus<AlertNotice> | undefined;

/**
 * The alert bus of this process: monitoring publishes on it, the gateway's tailer listens. One per
 * process because the embedded hub runs both in one process and the kit passes no per-hub state to
 * a subgraph's resolvers. So a process must not run two hubs with different monitoring databases at
 * once (test suites start their hubs one after another). In memory unless one was installed
 * ({@link installProcessAlertBus}: the hub does with `REDIS_URL`).
 */
export function processAlertBus(): EventBus<AlertNotice> {
  alertBus ??= createMemoryBus<AlertNotice>();
  return alertBus;
}

/** Makes `bus` this process's alert bus; the returned function puts the previous one back. */
export function installProcessAlertBus(bus: EventBus<AlertNotice>): () => void {
  const previous = alertBus;
  alertBus = bus;
  return () => {
    if (alertBus === bus) alertBus = previous;
  };
}
