import { EventEmitter } from 'node:events';

/**
 * The hub's event bus: a subgraph publishes a small notice ("an alert was stored") after its
 * transaction commits, and the gateway's subscription tailer listens. A notice is a poke, not the
 * truth: the subgraph's table is the log, and a listener that misses a notice catches up by reading
 * the log (the gateway also polls it), so the bus may lose messages without losing events.
 *
 * Today the only implementation is in this process's memory ({@link createMemoryBus}); a Redis
 * implementation (`REDIS_URL`, across processes) will sit behind the same interface.
 */
export interface EventBus<Notice> {
  /** Hands `notice` to every listener; never throws for a listener's failure. */
  publish(notice: Notice): Promise<void>;
  /** Calls `listener` for each notice published from now on; returns the unsubscribe. */
  subscribe(listener: (notice: Notice) => void): () => void;
  /** Drops every listener; publishing after close does nothing. */
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

/**
 * An {@link EventBus} in this process's memory. Listeners run synchronously in publish order; one
 * that throws is skipped (its error is swallowed: a listener owns its own failures).
 */
export function createMemoryBus<Notice>(): EventBus<Notice> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let closed = false;
  return {
    publish: async (notice) => {
      if (closed) return;
      for (const listener of emitter.listeners('notice')) {
        try {
          (listener as (notice: Notice) => void)(notice);
        } catch {
          // A listener's failure is its own; the others still get the notice.
        }
      }
    },
    subscribe: (listener) => {
      if (closed) return () => undefined;
      emitter.on('notice', listener);
      return () => emitter.off('notice', listener);
    },
    close: async () => {
      closed = true;
      emitter.removeAllListeners();
    },
  };
}

let alertBus: EventBus<AlertNotice> | undefined;

/**
 * The alert bus of this process: monitoring publishes on it, the gateway's tailer listens. One per
 * process because the embedded hub runs both in one process and the kit passes no per-hub state to
 * a subgraph's resolvers. So a process must not run two hubs with different monitoring databases at
 * once (test suites start their hubs one after another).
 */
export function processAlertBus(): EventBus<AlertNotice> {
  alertBus ??= createMemoryBus<AlertNotice>();
  return alertBus;
}
