import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ApolloServer, type ApolloServerOptions, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { context as traceContext, trace } from '@opentelemetry/api';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { ErrorCode, StartupError } from './errors';
import { mountHealthRoutes, type HealthCheck } from './health';
import { runWithRequestId, type Logger } from './logger';
import { REQUEST_ID_HEADER, requestId } from './masking';
import type { ServiceMetrics } from './metrics';
import { endSpan, extractTraceContext, startServerSpan } from './tracing';

/** A listening HTTP server with the URL it answers on and an idempotent close. */
export interface Listening {
  readonly server: http.Server;
  readonly port: number;
  /** Base URL without path, e.g. `http://127.0.0.1:4001`. */
  readonly origin: string;
  /**
   * Stops accepting connections, closes idle keep-alive connections at once, lets requests in
   * flight finish for up to {@link CLOSE_GRACE_MS}, then cuts what is left. Idempotent.
   */
  close(): Promise<void>;
}

/** How long in-flight requests may run on after a close before their connections are cut. */
export const CLOSE_GRACE_MS = 5000;

/**
 * Starts `server` on `port` (0 picks a free port) and resolves once it listens; rejects when the
 * port is taken, with a message naming the port and the variable that moves it.
 */
function listen(server: http.Server, port: number, host: string, portVariable: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new StartupError(`Port ${port} on ${host} is already in use. Stop what uses it or set ${portVariable}.`));
      } else {
        reject(error);
      }
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const actual = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      let closing: Promise<void> | undefined;
      resolve({
        server,
        port: actual,
        origin: `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${actual}`,
        close: () => {
          closing ??= new Promise<void>((done) => {
            if (!server.listening) return done();
            server.close(() => done());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
          });
          return closing;
        },
      });
    });
  });
}

/**
 * Express error handler for what fails before GraphQL runs (a body that is not JSON, a body over
 * the size limit): answers in the GraphQL response shape with a code (`BAD_REQUEST`,
 * `REQUEST_TOO_LARGE` with HTTP 413), never an HTML page with a stack trace.
 *
 * @param logger where unexpected (5xx) errors are written.
 * @param bodyLimitBytes the body limit in force, quoted in the 413 message.
 */
function createJsonErrorHandler(logger: Logger, bodyLimitBytes: number): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    let code: ErrorCode = status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL_SERVER_ERROR;
    let message = status < 500 ? 'The request could not be read.' : 'Internal server error.';
    if (error?.type === 'entity.parse.failed') {
      message = 'The request body is not valid JSON. Send {"query": "...", "variables": {...}} with content-type application/json.';
    } else if (error?.type === 'entity.too.large') {
      code = ErrorCode.REQUEST_TOO_LARGE;
      message = `The request body is larger than ${bodyLimitBytes} bytes. Send a smaller document or fewer variables.`;
    } else if (error?.type === 'encoding.unsupported' || error?.type === 'charset.unsupported') {
      message = 'The request body must be UTF-8 JSON.';
    }
    if (status >= 500) logger.error({ err: error }, 'unhandled error');
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
}

/** What a request's access line reports beyond HTTP: filled by {@link observabilityPlugin}, kept in `res.locals`. */
interface RequestRecord {
  operationName?: string;
  /** The first error's code, when the answer carried errors. */
  errorCode?: string;
}

/**
 * Where a context carries its request's {@link RequestRecord}: a symbol no resolver reads, and an
 * own enumerable property, so it survives the copy Apollo makes of the context for each operation.
 */
const REQUEST_RECORD = Symbol('requestRecord');

/** The request record a context carries, if any. */
function recordOf(contextValue: object): RequestRecord | undefined {
  return (contextValue as { [REQUEST_RECORD]?: RequestRecord })[REQUEST_RECORD];
}

/** The path of a request without its query string (a GET /graphql query string holds the document and variables). */
function pathOf(req: express.Request): string {
  return req.originalUrl.split('?', 1)[0];
}

/**
 * Writes one access line per request when its response is done: request id, method, path,
 * status, duration and, for GraphQL, the operation name and first error code. GraphQL requests
 * are logged at `info`; health checks, metrics scrapes and GraphiQL assets at `debug`.
 */
function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('close', () => {
      const record = res.locals as RequestRecord;
      const path = pathOf(req);
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      const line = {
        requestId: req.headers[REQUEST_ID_HEADER],
        method: req.method,
        path,
        status: res.statusCode,
        durationMs,
        ...(record.operationName ? { operationName: record.operationName } : {}),
        ...(record.errorCode ? { errorCode: record.errorCode } : {}),
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      const what = path === '/graphql' && req.method === 'POST' ? `graphql ${record.operationName ?? '(anonymous)'}` : `${req.method} ${path}`;
      const level = path.startsWith('/graphql') && !path.startsWith('/graphiql') ? 'info' : 'debug';
      logger[level](line, `${what} ${res.statusCode} ${durationMs} ms`);
    });
    next();
  };
}

/**
 * Runs the rest of a GraphQL request inside its scope: every log line carries its request id,
 * and a server span (under the caller's `traceparent`, if any) is the parent of everything the
 * request does. Mounted after the body parser, whose stream callbacks would lose the scope.
 */
function requestScope(service: string): RequestHandler {
  return (req, res, next) => {
    const span = startServerSpan(`${req.method} /graphql`, extractTraceContext(req.headers), {
      'http.request.method': req.method,
      'http.route': '/graphql',
      'hub.service': service,
    });
    res.once('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      endSpan(span, res.statusCode >= 500 ? `HTTP ${res.statusCode}` : undefined);
    });
    const id = req.headers[REQUEST_ID_HEADER] as string;
    runWithRequestId(id, () => traceContext.with(trace.setSpan(traceContext.active(), span), next));
  };
}

/**
 * Apollo plugin of every server: counts each GraphQL request in the metrics (operation, outcome,
 * latency), names the operation on the request's span, and fills the request's access line.
 * Requests refused while the context is built (401 bad token, 429 rate limited) are counted too,
 * as `anonymous` with their code and no latency.
 */
function observabilityPlugin<Context extends BaseContext>(metrics: ServiceMetrics): ApolloServerPlugin<Context> {
  return {
    async contextCreationDidFail({ error }) {
      const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
      metrics.observeGraphQLRequest(undefined, undefined, String(code ?? ErrorCode.INTERNAL_SERVER_ERROR));
    },
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response, operationName, contextValue }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const errorCode = errors?.length ? String(errors[0].extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR) : undefined;
          metrics.observeGraphQLRequest(operationName, (performance.now() - started) / 1000, errorCode);
          if (operationName) trace.getActiveSpan()?.setAttribute('graphql.operation.name', operationName);
          const record = recordOf(contextValue);
          if (!record) return;
          record.operationName = operationName ?? undefined;
          record.errorCode = errorCode;
        },
      };
    },
  };
}

/** What {@link createServiceHttp} builds a service's HTTP server from. */
export interface ServiceHttpOptions<Context extends BaseContext> {
  /** The service: `gateway` or a subgraph's name (log lines, metrics, spans). */
  readonly name: string;
  /** The service's logger (already carrying `service`). */
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  /** Apollo Server's options; the observability plugin is added to `plugins`. */
  readonly apollo: ApolloServerOptions<Context>;
  /** Largest `/graphql` body; a larger one gets 413 `REQUEST_TOO_LARGE`. */
  readonly bodyLimitBytes: number;
  /** Builds the per-request context; what it throws is answered as Apollo answers it (e.g. 401, 429). */
  context(args: { req: express.Request; res: express.Response }): Promise<Context>;
  /** The dependencies `GET /health/ready` checks, by the name its body reports them under. */
  readonly ready: Readonly<Record<string, HealthCheck>>;
  /** Express `trust proxy` (the gateway behind a load balancer); unset trusts none. */
  readonly trustProxy?: boolean | number | string;
  /** Extra routes mounted before `/graphql` (GraphiQL). */
  routes?(app: express.Express): void;
  /** Closes what the service holds beyond HTTP and Apollo (data sources, rate limiter); runs last. */
  onClose?(): Promise<void>;
  /**
   * Closes long-lived connections the HTTP close would wait for (the gateway's WebSockets); runs
   * first, before the server stops accepting connections.
   */
  beforeClose?(): Promise<void>;
}

/** A service's HTTP server, not yet listening. */
export interface ServiceHttp<Context extends BaseContext> {
  readonly app: express.Express;
  /** The server `listen` starts; a WebSocket server can attach to it (it is drained by close). */
  readonly httpServer: http.Server;
  readonly apollo: ApolloServer<Context>;
  /**
   * Starts listening (see {@link listen}); `close()` on the result runs `beforeClose`, stops HTTP,
   * then Apollo, then `onClose`. When listening fails, Apollo and `onClose` are closed before the error is rethrown.
   */
  listen(port: number, host: string, portVariable: string): Promise<Listening>;
}

/**
 * Builds the HTTP server every service of the hub runs: request ids, one access line per request,
 * `GET /health/live`, `/health/ready` (and `/health`), `GET /metrics` (Prometheus), the caller's
 * extra routes, then `POST /graphql` (JSON body up to `bodyLimitBytes`, Apollo Server with
 * metrics, logs and a server span per request), and a JSON error handler.
 */
export async function createServiceHttp<Context extends BaseContext>(options: ServiceHttpOptions<Context>): Promise<ServiceHttp<Context>> {
  const apollo = new ApolloServer<Context>({
    ...options.apollo,
    plugins: [...(options.apollo.plugins ?? []), observabilityPlugin<Context>(options.metrics)],
  } as ApolloServerOptions<Context>);
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // Behind a proxy, req.ip (the address budget's key) comes from X-Forwarded-For only when trusted.
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  app.use(requestId);
  app.use(accessLog(options.logger));
  mountHealthRoutes(app, options.ready, options.logger);
  app.get('/metrics', async (_req, res) => {
    res.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });
  options.routes?.(app);
  app.use(
    '/graphql',
    express.json({ limit: options.bodyLimitBytes }),
    requestScope(options.name),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const contextValue = await options.context({ req, res });
        return Object.assign(contextValue, { [REQUEST_RECORD]: res.locals as RequestRecord });
      },
    }),
  );
  app.use(createJsonErrorHandler(options.logger, options.bodyLimitBytes));

  const httpServer = http.createServer(app);
  options.metrics.trackConnections(httpServer);
  const closeRest = async () => {
    await apollo.stop();
    await options.onClose?.();
  };
  return {
    app,
    httpServer,
    apollo,
    listen: async (port, host, portVariable) => {
      const listening = await listen(httpServer, port, host, portVariable).catch(async (error: unknown) => {
        await closeRest();
        throw error;
      });
      let closing: Promise<void> | undefined;
      return {
        ...listening,
        close: () =>
          (closing ??= (async () => {
            await options.beforeClose?.();
            await listening.close();
            await closeRest();
          })()),
      };
    },
  };
}

/** A free TCP port on loopback (the kernel picks it; it is released before use): for scripts and tests that start several processes. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
