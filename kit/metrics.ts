import type http from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of one service (the gateway or one subgraph). Each service has its own
 * registry, so the embedded one-process hub still shows each service's figures at its own
 * `GET /metrics`. Every name starts with `hub_`; process metrics (CPU, memory, event loop, GC)
 * come from prom-client's defaults.
 */

/** Longest operation name kept as a label; longer ones are cut. */
const OPERATION_NAME_LIMIT = 64;
/** Distinct operation names one service labels at most; later names count as `other`. */
const OPERATION_NAMES_LIMIT = 200;
/** Latency buckets in seconds, from a cached lookup to a slow report. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Why a subgraph fetch failed, as the gateway's data source classifies it. */
export type FetchFailureReason = 'TIMEOUT' | 'UNREACHABLE' | 'CIRCUIT_OPEN' | 'BAD_RESPONSE';

/** What the gateway's data source records about each subgraph fetch. */
export interface SubgraphFetchMetrics {
  /** One fetch that ended after `seconds`; `failure` when it failed. */
  observeFetch(subgraph: string, seconds: number, failure?: FetchFailureReason): void;
  /** One query that joined an identical fetch already in flight instead of sending its own. */
  observeSharedFetch(subgraph: string): void;
  /** One client query that joined an identical operation already in flight (gateway/shared-fetches.ts). */
  observeSharedOperation(): void;
}

/** The parts of an open database the metrics read (see kit/database.ts). */
export interface DatabaseFigures {
  statementCount(): number;
  /** PostgreSQL pool connections; undefined on PGlite. */
  poolStats(): { readonly total: number; readonly idle: number; readonly waiting: number } | undefined;
}

/** The metrics of one service. */
export interface ServiceMetrics extends SubgraphFetchMetrics {
  readonly registry: Registry;
  /**
   * One GraphQL request answered, labelled by operation and outcome (`success`, or `error` and the
   * first error code); `seconds` undefined when it was refused before it ran (not timed).
   */
  observeGraphQLRequest(operationName: string | null | undefined, seconds: number | undefined, errorCode?: string): void;
  /** Counts `server`'s open HTTP connections in `hub_http_open_connections`. */
  trackConnections(server: http.Server): void;
  /** Open subscriptions at the gateway (graphql-ws), raised and lowered by gateway/subscriptions/ws.ts. */
  readonly openSubscriptions: Gauge;
  /** Exposes the database's statement count and, on PostgreSQL, its pool. */
  trackDatabase(database: DatabaseFigures): void;
}

/**
 * The label of an operation name: `anonymous` when absent, cut to {@link OPERATION_NAME_LIMIT}
 * characters, and `other` once {@link OPERATION_NAMES_LIMIT} names are in use, so clients
 * cannot grow the metrics without bound by inventing names.
 */
function createOperationLabeler(): (name: string | null | undefined) => string {
  const seen = new Set<string>();
  return (name) => {
    if (!name) return 'anonymous';
    const label = name.slice(0, OPERATION_NAME_LIMIT);
    if (seen.has(label)) return label;
    if (seen.size >= OPERATION_NAMES_LIMIT) return 'other';
    seen.add(label);
    return label;
  };
}

/** Creates the registry and metrics of the service named `service` (its `service` label on every series). */
export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const labelOperation = createOperationLabeler();

  const requests = new Counter({
    name: 'hub_graphql_requests_total',
    help: 'GraphQL requests answered, by operation name and outcome (success, or error with the first error code).',
    labelNames: ['operation', 'outcome', 'code'] as const,
    registers,
  });
  const requestDuration = new Histogram({
    name: 'hub_graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL request to sending its answer, by operation name.',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const fetchDuration = new Histogram({
    name: 'hub_subgraph_fetch_duration_seconds',
    help: 'Time of each gateway fetch to a subgraph, retries included, by subgraph.',
    labelNames: ['subgraph'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const fetchErrors = new Counter({
    name: 'hub_subgraph_fetch_errors_total',
    help: 'Gateway fetches to a subgraph that failed, by subgraph and reason (TIMEOUT, UNREACHABLE, CIRCUIT_OPEN, BAD_RESPONSE).',
    labelNames: ['subgraph', 'reason'] as const,
    registers,
  });
  const sharedFetches = new Counter({
    name: 'hub_subgraph_fetches_shared_total',
    help: 'Gateway queries to a subgraph answered by joining an identical fetch in flight for callers of the same rights (not sent again), by subgraph.',
    labelNames: ['subgraph'] as const,
    registers,
  });
  const sharedOperations = new Counter({
    name: 'hub_gateway_operations_shared_total',
    help: 'Client queries that joined an identical query in flight for a caller of the same rights instead of running again (one whose answer had errors is not shared: its joiners then run their own).',
    registers,
  });
  const openConnections = new Gauge({ name: 'hub_http_open_connections', help: 'Open HTTP connections to this service.', registers });
  const openSubscriptions = new Gauge({ name: 'hub_open_subscriptions', help: 'Open GraphQL subscriptions.', registers });

  return {
    registry,
    openSubscriptions,
    observeGraphQLRequest: (operationName, seconds, errorCode) => {
      const operation = labelOperation(operationName);
      requests.inc({ operation, outcome: errorCode ? 'error' : 'success', code: errorCode ?? '' });
      if (seconds !== undefined) requestDuration.observe({ operation }, seconds);
    },
    observeFetch: (subgraph, seconds, failure) => {
      fetchDuration.observe({ subgraph }, seconds);
      if (failure) fetchErrors.inc({ subgraph, reason: failure });
    },
    observeSharedFetch: (subgraph) => sharedFetches.inc({ subgraph }),
    observeSharedOperation: () => sharedOperations.inc(),
    trackConnections: (server) => {
      server.on('connection', (socket) => {
        openConnections.inc();
        socket.once('close', () => openConnections.dec());
      });
    },
    trackDatabase: (database) => trackDatabase(registry, database),
  };
}

/** Registers the database's statement counter and pool gauges, read at each scrape. */
function trackDatabase(registry: Registry, database: DatabaseFigures): void {
  new Counter({
    name: 'hub_database_statements_total',
    help: 'SQL statements sent through Prisma since the database was opened.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(database.statementCount());
    },
  });
  new Gauge({
    name: 'hub_database_pool_connections',
    help: 'PostgreSQL pool connections by state: total, idle, and waiting (requests queued for a connection). Absent on PGlite.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const stats = database.poolStats();
      this.reset();
      if (!stats) return;
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
}
