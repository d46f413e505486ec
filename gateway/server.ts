import type http from 'node:http';
import { createApolloGateway } from '../kit/apollo-gateway';
import type { BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { AuthConfig, LimitsConfig, RateLimitConfig, SubgraphFetchConfig, SubscriptionsConfig, TrustedDocumentsConfig } from '../kit/config';
import { ErrorCode } from '../kit/errors';
import { processAlertBus, type AlertNotice, type EventBus } from '../kit/events';
import { subgraphReadyCheck, type HealthCheck } from '../kit/health';
import { createServiceHttp, type Listening } from '../kit/http';
import { signInternalIdentity, type Identity } from '../kit/identity';
import { createFallbackLogger, type Logger } from '../kit/logger';
import { clientMistakesPlugin, createErrorMasker, REQUEST_ID_HEADER } from '../kit/masking';
import { createServiceMetrics } from '../kit/metrics';
import { createAuthenticator } from './auth';
import { graphiqlAssets, graphiqlPage } from './graphiql';
import { isTokenLimitError, limitErrorOf, limitsPlugin, limitValidationRules, listSizeHints } from './limits';
import { createRateLimiter, publicWritesPlugin, writeIdentityOf, trustProxySetting, type RateLimiter } from './rate-limit';
import { SharedFetches, sharedOperationsPlugin } from './shared-fetches';
import { SubgraphDataSource } from './subgraph-data-source';
import { acceptsEventStream } from './subscriptions/sse';
import { attachSubscriptions, type SubscriptionServer } from './subscriptions/ws';
import { createTrustedDocuments } from './trusted-documents';

/** Per-request state of the gateway: the verified caller and the token forwarded to subgraphs. */
export interface GatewayContext extends BaseContext {
  readonly identity: Identity;
  /** Gateway-signed identity for subgraphs; absent for the public. */
  readonly forwardedIdentity?: string;
  /** For the public and citizens: signs their identity with their {@link clientKeyOf} key, for mutations (once per request). */
  readonly writeIdentity?: () => Promise<string>;
  /** The client's address (rate limits of writes). */
  readonly address: string;
  /** The request's id (`x-request-id`), forwarded to subgraphs and quoted in internal errors. */
  readonly requestId: string;
}

/** Everything the gateway needs, passed in (the gateway reads no environment here). */
export interface GatewayOptions {
  /** The composed supergraph SDL (schema/supergraph.graphql). */
  readonly supergraphSdl: string;
  /** Where each subgraph listens, by subgraph name; overrides the URLs in the supergraph. */
  readonly subgraphUrls: Readonly<Record<string, string>>;
  readonly auth: AuthConfig;
  readonly internalSecret: Uint8Array;
  readonly limits: LimitsConfig;
  readonly subgraphFetch: SubgraphFetchConfig;
  /** Whether clients may introspect the schema (GraphiQL needs it). */
  readonly introspection: boolean;
  /** Which documents run: any, with automatic persisted queries (`apq`), or only registered ones (`safelist`). */
  readonly trustedDocuments: TrustedDocumentsConfig;
  /** Request budgets per client address and per signed-in identity (HTTP 429 when spent). */
  readonly rateLimit: RateLimitConfig;
  /** Redis shared by gateway replicas for the rate-limit counters; in this process's memory when absent. */
  readonly redisUrl?: string;
  /** Start of the gateway's Redis keys (`REDIS_KEY_PREFIX`; rate limits under `<prefix>:rl`); default `osm-hub`. */
  readonly redisKeyPrefix?: string;
  /** The process's logger; warnings and errors as JSON to standard output when absent (tests building a gateway alone). */
  readonly logger?: Logger;
  /** Where alert notices arrive for subscriptions; this process's bus when absent (kit/events.ts). */
  readonly alertBus?: EventBus<AlertNotice>;
  /** How subscriptions are served (poll, slow clients, keepalive, limits); the defaults of kit/config.ts when absent. */
  readonly subscriptions?: SubscriptionsConfig;
}

/** The gateway's HTTP server, not yet listening. */
export interface GatewayServer {
  readonly app: express.Express;
  /** The server `listen` starts; a WebSocket server can attach to it. */
  readonly httpServer: http.Server;
  listen(port: number, host: string): Promise<Listening>;
  /** Releases a gateway that will never listen (its start was abandoned); a listening one closes through `listen`'s result. */
  discard(): Promise<void>;
}

/** Subscriptions are answered over WebSocket or as an event stream, never as one JSON response. */
const SUBSCRIPTION_OVER_HTTP =
  'Subscriptions are not served as a JSON response: open a WebSocket to this same URL (ws://<host>:<port>/graphql) with the graphql-ws protocol, or send the request with "Accept: text/event-stream" (Server-Sent Events, graphql-sse), or send a query or mutation.';

/**
 * The gateway's error formatting: the one masking of the hub, plus the gateway's own limits
 * (a token-limit parse error and a limit validation rule become `QUERY_TOO_COMPLEX`). Without
 * introspection, "Did you mean …?" hints are dropped too, so the schema cannot be guessed field by field.
 */
export function createGatewayErrorMasker(introspection: boolean, logger: Logger) {
  const mask = createErrorMasker(logger, (formatted, error) => {
    const limit = limitErrorOf(error);
    if (limit) return { code: ErrorCode.QUERY_TOO_COMPLEX, ...limit };
    if (formatted.extensions?.code === ErrorCode.GRAPHQL_PARSE_FAILED && isTokenLimitError(formatted.message)) {
      return { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'tokens' };
    }
    return undefined;
  });
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const masked = mask(formatted, error);
    if (introspection || masked.extensions?.code !== ErrorCode.GRAPHQL_VALIDATION_FAILED) return masked;
    return { ...masked, message: masked.message.replace(/ Did you mean .*\?$/, '') };
  };
}

/**
 * The gateway's readiness checks: every subgraph's own readiness, and Redis when the rate limiter
 * uses it (its connection, and the alert bus's when that is on Redis too).
 */
function readinessChecks(subgraphUrls: Readonly<Record<string, string>>, limiter: RateLimiter, alertBus: EventBus<AlertNotice>, redisUrl?: string): Record<string, HealthCheck> {
  const checks: Record<string, HealthCheck> = Object.fromEntries(Object.entries(subgraphUrls).map(([name, url]) => [name, subgraphReadyCheck(url)]));
  if (redisUrl) {
    checks.redis = async () => {
      await limiter.ping();
      await alertBus.ping();
    };
  }
  return checks;
}

/** GraphiQL from the hub itself: the page at `GET /graphql` for browsers, its assets under `/graphiql/`. */
function mountGraphiql(app: express.Express): void {
  app.get('/', (_req, res) => res.redirect('/graphql'));
  app.get('/favicon.ico', (_req, res) => res.status(204).end());
  app.use('/graphiql', graphiqlAssets());
  app.get('/graphql', (req, res, next) => {
    if (req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html' && !req.query.query) {
      res.type('html').send(graphiqlPage('/graphql', '/graphiql'));
      return;
    }
    next();
  });
}

/**
 * Builds the gateway: Apollo Server over `@apollo/gateway` with the static supergraph, bearer
 * token verification, rate limits per client address and per identity (rate-limit.ts), identity
 * forwarding, health (`/health/live`, `/health/ready`: every subgraph ready, Redis answering),
 * `/metrics`, a GraphiQL IDE served from the hub itself at `GET /graphql` (browsers) with its
 * assets under `/graphiql/`, graphql-ws over WebSocket at the same `/graphql` (subscriptions,
 * and queries and mutations too; see subscriptions/ws.ts), and subscriptions as Server-Sent Events
 * (graphql-sse, distinct connections) for requests to `/graphql` that accept `text/event-stream`
 * (subscriptions/sse.ts).
 */
export async function createGatewayServer(options: GatewayOptions): Promise<GatewayServer> {
  const logger = options.logger?.child({ service: 'gateway' }) ?? createFallbackLogger('gateway');
  const metrics = createServiceMetrics('gateway');
  const authenticate = createAuthenticator(options.auth);
  // Reads the manifest in safelist mode: a missing or malformed one stops the gateway here.
  const trustedDocuments = createTrustedDocuments(options.trustedDocuments);
  const dataSources: SubgraphDataSource[] = [];
  const shared = options.subgraphFetch.shareFetches ? new SharedFetches() : undefined;
  const gateway = createApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const fetch = options.subgraphFetch;
      const source = new SubgraphDataSource({
        name,
        url: options.subgraphUrls[name] ?? (url as string),
        timeoutMs: fetch.timeoutMs[name as keyof typeof fetch.timeoutMs] ?? Math.max(...Object.values(fetch.timeoutMs)),
        maxConnections: fetch.maxConnections,
        breakerFailures: fetch.breakerFailures,
        breakerResetMs: fetch.breakerResetMs,
        metrics,
        logger,
        shared,
      });
      dataSources.push(source);
      return source;
    },
  });
  const limiter = await createRateLimiter(options.rateLimit, options.redisUrl, { logger, keyPrefix: `${options.redisKeyPrefix ?? 'osm-hub'}:rl` });
  const alertBus = options.alertBus ?? processAlertBus();
  const formatError = createGatewayErrorMasker(options.introspection, logger);
  let subscriptions: SubscriptionServer | undefined;
  const server = await createServiceHttp<GatewayContext>({
    name: 'gateway',
    logger,
    metrics,
    apollo: {
      gateway,
      formatError,
      // main.ts owns SIGINT/SIGTERM: Apollo's own handlers would race it and re-raise the signal.
      stopOnTerminationSignals: false,
      includeStacktraceInErrorResponses: false,
      introspection: options.introspection,
      persistedQueries: trustedDocuments.persistedQueries,
      parseOptions: { maxTokens: options.limits.tokens },
      validationRules: limitValidationRules(options.limits),
      plugins: [
        ApolloServerPluginLandingPageDisabled(),
        clientMistakesPlugin(SUBSCRIPTION_OVER_HTTP),
        limitsPlugin(options.limits, listSizeHints(options.supergraphSdl)),
        publicWritesPlugin(limiter),
        // Last: an operation joins another only after every check above passed for its own caller.
        ...(shared ? [sharedOperationsPlugin(shared, () => metrics.observeSharedOperation())] : []),
      ],
    },
    bodyLimitBytes: options.limits.bodyBytes,
    trustProxy: options.rateLimit.trustProxy === false ? undefined : trustProxySetting(options.rateLimit.trustProxy),
    ready: readinessChecks(options.subgraphUrls, limiter, alertBus, options.redisUrl),
    routes: (app) => {
      // Requests that accept an event stream are subscriptions over SSE (subscriptions/sse.ts); the rest is Apollo's.
      const json = express.json({ limit: options.limits.bodyBytes });
      app.use('/graphql', (req, res, next) => {
        const endpoint = subscriptions;
        if (!endpoint || !acceptsEventStream(req.headers.accept)) {
          next();
          return;
        }
        json(req, res, (error?: unknown) => {
          if (error) next(error);
          else endpoint.sse(req, res).catch(next);
        });
      });
      mountGraphiql(app);
    },
    context: async ({ req }) => {
      // Safelist: refuse unregistered documents (HTTP 400) before anything is parsed; see trusted-documents.ts.
      trustedDocuments.assertTrusted(req);
      const identity = await authenticate(req.headers.authorization);
      // After authentication, so a bad token is a 401 and spends nothing; RateLimitedError is a 429 with Retry-After.
      const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      await limiter.consume(identity, address);
      const forwardedIdentity = identity.role === 'public' ? undefined : await signInternalIdentity(identity, options.internalSecret);
      return { identity, forwardedIdentity, writeIdentity: writeIdentityOf(identity, address, options.internalSecret), address, requestId: req.headers[REQUEST_ID_HEADER] as string };
    },
    // WebSockets first: the HTTP close would wait for them.
    beforeClose: async () => {
      await subscriptions?.close();
    },
    onClose: async () => {
      await Promise.all(dataSources.map((source) => source.close()));
      await limiter.close();
    },
  }).catch(async (error: unknown) => {
    await limiter.close();
    throw error;
  });

  /** Releases what the gateway holds before it ever listened (a listening one closes through `listen`'s result). */
  const release = async () => {
    await subscriptions?.close();
    await server.apollo.stop();
    await Promise.all(dataSources.map((source) => source.close()));
    await limiter.close();
  };

  // Apollo's start loaded the gateway: its planner and schemas are there now.
  try {
    subscriptions = attachSubscriptions({
      httpServer: server.httpServer,
      apollo: server.apollo,
      gateway,
      supergraphSdl: options.supergraphSdl,
      subgraphUrls: Object.fromEntries(dataSources.map((source) => [source.options.name, source.options.url])),
      sources: Object.fromEntries(dataSources.map((source) => [source.options.name, source])),
      authenticate,
      internalSecret: options.internalSecret,
      limits: options.limits,
      trustedDocuments,
      limiter,
      formatError,
      openSubscriptions: metrics.openSubscriptions,
      alertBus,
      settings: options.subscriptions,
      logger,
    });
  } catch (error) {
    await release();
    throw error;
  }

  return {
    app: server.app,
    httpServer: server.httpServer,
    listen: (port, host) => server.listen(port, host, 'PORT'),
    discard: release,
  };
}
