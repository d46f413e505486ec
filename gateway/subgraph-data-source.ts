import { performance } from 'node:perf_hooks';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Fetcher } from '@apollo/utils.fetcher';
import {
  BrokenCircuitError,
  circuitBreaker,
  ConsecutiveBreaker,
  ConstantBackoff,
  handleAll,
  handleWhen,
  retry,
  timeout,
  TimeoutStrategy,
  TaskCancelledError,
  wrap,
  type IPolicy,
} from 'cockatiel';
import { context as traceContext, trace } from '@opentelemetry/api';
import { Kind, parse, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { Agent, fetch as undiciFetch } from 'undici';
import { causeCode, ErrorCode } from '../kit/errors';
import { IDENTITY_HEADER, identityClassKey, type Identity } from '../kit/identity';
import type { Logger } from '../kit/logger';
import { REQUEST_ID_HEADER } from '../kit/masking';
import type { FetchFailureReason, SubgraphFetchMetrics } from '../kit/metrics';
import { endSpan, injectTraceContext, startClientSpan } from '../kit/tracing';
import type { SharedFetches } from './shared-fetches';

/** Whether a subgraph fetch is a mutation: the planner prints each fetch's operation with its keyword first. */
function isMutation(query: string | undefined): boolean {
  return /^\s*mutation\b/.test(query ?? '');
}

/** What the data source reads from the gateway's per-request context. */
export interface ForwardingContext {
  readonly identity: Identity;
  /** Gateway-signed identity for subgraphs; absent for the public. */
  readonly forwardedIdentity?: string;
  /** Signs the identity mutations carry for the public and citizens (with their client key); absent for officers. */
  readonly writeIdentity?: () => Promise<string>;
  readonly requestId: string;
}

/** How one subgraph is called. */
export interface SubgraphCallOptions {
  readonly name: string;
  readonly url: string;
  /** Longest wait for the answer, headers and body included. */
  readonly timeoutMs: number;
  /** Open connections at most; further calls wait in the pool's queue. */
  readonly maxConnections: number;
  /** Consecutive failures that open the circuit. */
  readonly breakerFailures: number;
  /** How long an open circuit fails fast before it lets one trial call through. */
  readonly breakerResetMs: number;
  /** Where each fetch's latency and failure are counted. */
  readonly metrics: SubgraphFetchMetrics;
  /** Where failed fetches are written (the gateway's logger). */
  readonly logger: Logger;
  /** In-flight fetches identical queries share (one for all of a gateway's subgraphs); none: every query is sent. */
  readonly shared?: SharedFetches;
}

/** Thrown inside the policy for a 5xx answer, so the circuit breaker counts it. */
class SubgraphStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

function reasonOf(error: unknown): FetchFailureReason {
  if (error instanceof BrokenCircuitError) return 'CIRCUIT_OPEN';
  if (error instanceof TaskCancelledError) return 'TIMEOUT';
  const code = causeCode(error);
  const name = (error as Error)?.name;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || name === 'AbortError' || name === 'TimeoutError') return 'TIMEOUT';
  // ECONNREFUSED, ECONNRESET, EPIPE, EHOSTUNREACH, ENOTFOUND…, and undici's socket errors.
  if (code && (/^E[A-Z]+$/.test(code) || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CONNECT_TIMEOUT')) return 'UNREACHABLE';
  return 'BAD_RESPONSE';
}

/** The operation of a fetch the planner built (one per fetch); parsed only when a fetch failed. */
function operationOf(query: string | undefined): OperationDefinitionNode | undefined {
  if (!query) return undefined;
  try {
    return parse(query).definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return undefined;
  }
}

/** Response keys a failed fetch would have filled: the root fields, or the fields asked of each entity. */
function responseKeys(selectionSet: SelectionSetNode): string[] {
  const keys: string[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') keys.push(selection.alias?.value ?? selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      keys.push(...responseKeys(selection.selectionSet));
    }
  }
  return [...new Set(keys)];
}

/** At most this many errors describe one failed fetch; one summary error stands for the rest. */
const MAX_ERRORS_PER_FAILURE = 50;

/**
 * The gateway's connection to one subgraph: a bounded keep-alive connection pool (undici), a
 * timeout on every call, one retry of queries whose connection failed (never of mutations), and
 * a circuit breaker that fails fast while the subgraph is down and lets a trial call through
 * after `breakerResetMs` (so recovery needs no restart).
 *
 * A call that fails never throws into the gateway: it becomes `SUBGRAPH_UNAVAILABLE` errors at
 * the paths of the fields that subgraph would have filled, which are null, while the other
 * subgraphs' data is returned. Neither the subgraph's URL nor its internal messages reach the
 * client. For a mutation, `extensions.outcome` says whether the write was surely not applied
 * (`NOT_APPLIED`) or may have been (`UNKNOWN`, after a timeout or a broken answer).
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<ForwardingContext & Record<string, unknown>> {
  private readonly queryRetry: IPolicy;
  private readonly agent: Agent;

  constructor(readonly options: SubgraphCallOptions) {
    const agent = new Agent({
      connections: options.maxConnections,
      pipelining: 1,
      keepAliveTimeout: 10_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    const breaker = circuitBreaker(handleAll, {
      halfOpenAfter: options.breakerResetMs,
      breaker: new ConsecutiveBreaker(options.breakerFailures),
    });
    const deadline = timeout(options.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
    const guarded = wrap(breaker, deadline);
    const fetcher = (async (url, init) =>
      guarded.execute(async ({ signal }) => {
        const response = await undiciFetch(url, { ...(init as object), signal, dispatcher: agent });
        if (response.status >= 500) {
          await response.body?.cancel();
          throw new SubgraphStatusError(response.status);
        }
        return response;
        // A signal per call: cockatiel's shared default would collect one listener per call in flight.
      }, new AbortController().signal)) as Fetcher;
    super({ url: options.url, fetcher });
    this.agent = agent;
    this.queryRetry = retry(
      handleWhen((error) => reasonOf(error) === 'UNREACHABLE'),
      { maxAttempts: 1, backoff: new ConstantBackoff(50) },
    );
  }

  /**
   * Forwards the gateway-signed identity, the request id and the trace context (`traceparent`);
   * a client's own identity header never passes.
   */
  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<ForwardingContext & Record<string, unknown>>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers) return;
    headers.delete(IDENTITY_HEADER);
    const identity = context.writeIdentity && isMutation(request.query) ? await context.writeIdentity() : context.forwardedIdentity;
    if (identity) headers.set(IDENTITY_HEADER, identity);
    if (context.requestId) headers.set(REQUEST_ID_HEADER, context.requestId);
    injectTraceContext(headers);
  }

  /**
   * Sends a mutation, or a query unless an identical one is in flight for a caller of the same
   * rights class, whose answer it then shares (see shared-fetches.ts; off without `shared`).
   */
  override async process(options: GraphQLDataSourceProcessOptions<ForwardingContext & Record<string, unknown>>): Promise<GatewayGraphQLResponse> {
    const mutation = isMutation(options.request.query);
    const { shared } = this.options;
    if (!shared) return this.send(options, mutation);
    if (mutation) {
      shared.noteWrite(this.options.name);
      try {
        return await this.send(options, mutation);
      } finally {
        shared.noteWrite(this.options.name);
      }
    }
    const identity = (options.context as Partial<ForwardingContext>).identity;
    // Without an identity in the context (not a client request), nothing is shared.
    if (!identity) return this.send(options, mutation);
    const key = [this.options.name, identityClassKey(identity), options.request.query ?? '', JSON.stringify(options.request.variables ?? {})].join('\n');
    return shared.run(this.options.name, key, () => this.send(options, mutation), () => this.options.metrics.observeSharedFetch(this.options.name));
  }

  /**
   * Sends one fetch (retried once when a query's connection failed) inside a `subgraph.fetch`
   * span, and counts its latency and any failure in the metrics.
   */
  private async send(options: GraphQLDataSourceProcessOptions<ForwardingContext & Record<string, unknown>>, isMutation: boolean): Promise<GatewayGraphQLResponse> {
    const { name } = this.options;
    const span = startClientSpan(`subgraph.fetch ${name}`, { 'hub.subgraph': name, 'graphql.operation.type': isMutation ? 'mutation' : 'query' });
    const started = performance.now();
    const send = () => traceContext.with(trace.setSpan(traceContext.active(), span), () => super.process(options));
    try {
      const response = isMutation ? await send() : await this.queryRetry.execute(send);
      this.options.metrics.observeFetch(name, (performance.now() - started) / 1000);
      endSpan(span);
      return response;
    } catch (error) {
      const reason = reasonOf(error);
      this.options.metrics.observeFetch(name, (performance.now() - started) / 1000, reason);
      endSpan(span, reason);
      this.options.logger.error({ subgraph: name, reason, error: (error as Error)?.message ?? String(error) }, `subgraph ${name} failed (${reason})`);
      return this.unavailable(options, reason, isMutation);
    }
  }

  /** Closes the pool's connections (the gateway's close calls it). */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private unavailable(
    options: GraphQLDataSourceProcessOptions<ForwardingContext & Record<string, unknown>>,
    reason: FetchFailureReason,
    isMutation: boolean,
  ): GatewayGraphQLResponse {
    const why = {
      TIMEOUT: `did not answer within ${this.options.timeoutMs} ms`,
      UNREACHABLE: 'could not be reached',
      CIRCUIT_OPEN: 'is failing and is given a pause before the next try',
      BAD_RESPONSE: 'gave an answer the gateway could not use',
    }[reason];
    const outcome = !isMutation ? undefined : reason === 'UNREACHABLE' || reason === 'CIRCUIT_OPEN' ? 'NOT_APPLIED' : 'UNKNOWN';
    const advice = !isMutation
      ? 'The other subgraphs answered; retry later for these fields.'
      : outcome === 'NOT_APPLIED'
        ? 'The change was not applied; it is safe to send it again later.'
        : 'The change may or may not have been applied: read it back before sending it again.';
    const message = `The ${this.options.name} subgraph ${why}; its fields here are null. ${advice}`;
    const extensions = { code: ErrorCode.SUBGRAPH_UNAVAILABLE, reason, ...(outcome ? { outcome } : {}) };

    const representations = options.request.variables?.representations;
    const operation = operationOf(options.request.query);
    const selection = operation?.selectionSet;
    const entities = Array.isArray(representations)
      ? selection?.selections.find((s) => s.kind === Kind.FIELD && s.name.value === '_entities')
      : undefined;
    const paths: (string | number)[][] = [];
    if (entities && entities.kind === Kind.FIELD && entities.selectionSet && Array.isArray(representations)) {
      const keys = responseKeys(entities.selectionSet);
      representations.forEach((_, index) => keys.forEach((key) => paths.push(['_entities', index, key])));
    } else if (selection) {
      paths.push(...responseKeys(selection).map((key) => [key]));
    }
    const errors = paths.slice(0, MAX_ERRORS_PER_FAILURE).map((path) => ({ message, path, extensions }));
    if (paths.length > MAX_ERRORS_PER_FAILURE || errors.length === 0) errors.push({ message, extensions } as never);
    return { errors };
  }
}
