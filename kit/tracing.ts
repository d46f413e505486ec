import type { IncomingHttpHeaders } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { ATTR_DB_QUERY_TEXT, ATTR_DB_SYSTEM_NAME, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { PrismaLike } from './database';

/**
 * Traces (OpenTelemetry). Off unless an OTLP endpoint is configured: then one tracer provider is
 * registered for the process, spans are batched to `<endpoint>/v1/traces` (OTLP/HTTP, JSON), and
 * W3C trace context (`traceparent`) links the gateway's spans with the subgraphs'. While off,
 * every span below is a no-op of @opentelemetry/api and costs next to nothing.
 */

/**
 * The tracer of the hub's own spans (@apollo/gateway adds its own: `gateway.request`,
 * `gateway.fetch`, …). Looked up at each span, not once at load: a tracer taken from the global
 * API keeps the first provider it saw, and tests register and shut down several.
 */
function tracer() {
  return trace.getTracer('osm-hub');
}

/** The process's tracing, for its close. */
export interface Tracing {
  readonly enabled: boolean;
  /** Sends the spans still batched and unregisters the provider. Safe to call twice. */
  shutdown(): Promise<void>;
}

/**
 * Starts tracing when `endpoint` is set: resource `service.name` = `serviceName`, batch export
 * to `<endpoint>/v1/traces`, W3C trace-context propagation, async context kept across awaits.
 * Without an endpoint nothing is registered, and the SDK is not even loaded (its modules cost
 * 0.1 s of CPU at every start of a process or subgraph thread).
 */
export async function startTracing(endpoint: string | undefined, serviceName: string): Promise<Tracing> {
  if (!endpoint) return { enabled: false, shutdown: async () => undefined };
  const [{ W3CTraceContextPropagator }, { OTLPTraceExporter }, { resourceFromAttributes }, { BatchSpanProcessor }, { NodeTracerProvider }] = await Promise.all([
    import('@opentelemetry/core'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/sdk-trace-node'),
  ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }))],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  let stopping: Promise<void> | undefined;
  return {
    enabled: true,
    shutdown: () =>
      (stopping ??= provider.shutdown().finally(() => {
        trace.disable();
        propagation.disable();
        context.disable();
      })),
  };
}

/** The trace context a caller sent in `traceparent`/`tracestate`, or none. */
export function extractTraceContext(headers: IncomingHttpHeaders): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

/** Writes the active trace context into outgoing request headers (`traceparent`). */
export function injectTraceContext(headers: { set(name: string, value: string): void }): void {
  propagation.inject(context.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
}

/** Ends `span` as failed when `error` is given, as succeeded otherwise. */
export function endSpan(span: Span, error?: string): void {
  if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
  span.end();
}

/** A server span around one incoming request, opened under the caller's trace context. */
export function startServerSpan(name: string, parent: Context, attributes: Record<string, string>): Span {
  return tracer().startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
}

/** A client span of one outgoing call, under the active span. */
export function startClientSpan(name: string, attributes: Record<string, string>): Span {
  return tracer().startSpan(name, { kind: SpanKind.CLIENT, attributes });
}

/**
 * Records a span per SQL statement Prisma reports, under the span active when the statement ran
 * (the subgraph's request), with the statement's own start time and duration. Parameters are
 * never recorded: they may hold personal data.
 */
export function traceQueries(client: PrismaLike, engine: 'pglite' | 'postgresql'): void {
  client.$on('query', (event) => {
    if (!trace.getActiveSpan()) return;
    const start = event.timestamp.getTime();
    const span = tracer().startSpan(`sql ${event.query.trimStart().split(/\s/, 1)[0]?.toUpperCase() ?? 'SQL'}`, {
      kind: SpanKind.CLIENT,
      startTime: start,
      attributes: { [ATTR_DB_SYSTEM_NAME]: 'postgresql', 'db.engine': engine, [ATTR_DB_QUERY_TEXT]: event.query },
    });
    span.end(start + event.duration);
  });
}
