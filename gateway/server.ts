import http from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { AuthConfig } from '../subgraphs/common/config';
import { jsonErrorHandler, listen, type Listening } from '../subgraphs/common/http';
import { IDENTITY_HEADER, signInternalIdentity, type Identity } from '../subgraphs/common/identity';
import { createAuthenticator } from './auth';
import { graphiqlAssets, graphiqlPage } from './graphiql';

/** Per-request state of the gateway: the verified caller and the token forwarded to subgraphs. */
export interface GatewayContext extends BaseContext {
  readonly identity: Identity;
  /** Gateway-signed identity for subgraphs; absent for the public. */
  readonly forwardedIdentity?: string;
}

/** Everything the gateway needs, passed in (the gateway reads no environment here). */
export interface GatewayOptions {
  /** The composed supergraph SDL (schema/supergraph.graphql). */
  readonly supergraphSdl: string;
  /** Where each subgraph listens, by subgraph name; overrides the URLs in the supergraph. */
  readonly subgraphUrls: Readonly<Record<string, string>>;
  readonly auth: AuthConfig;
  readonly internalSecret: Uint8Array;
}

/** The gateway's HTTP server, not yet listening. */
export interface GatewayServer {
  readonly app: express.Express;
  readonly httpServer: http.Server;
  listen(port: number, host: string): Promise<Listening>;
}

/** Forwards the gateway-signed identity to a subgraph; a client's own identity header never passes. */
class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    request.http?.headers.delete(IDENTITY_HEADER);
    if (context.forwardedIdentity) request.http?.headers.set(IDENTITY_HEADER, context.forwardedIdentity);
  }
}

const CODED = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'CONFLICT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Masks errors that carry no client-facing code: the caller sees "Internal server error" and the
 * real message goes to the log, so stack traces and SQL never reach clients.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CODED.has(code)) return formatted;
  console.error('[gateway] internal error:', error);
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/**
 * Builds the gateway: Apollo Server over `@apollo/gateway` with the static supergraph, bearer
 * token verification, identity forwarding, `GET /health`, and a GraphiQL IDE served from the hub
 * itself at `GET /graphql` (browsers) with its assets under `/graphiql/`.
 */
export async function createGatewayServer(options: GatewayOptions): Promise<GatewayServer> {
  const authenticate = createAuthenticator(options.auth);
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new IdentityForwardingDataSource({ url: options.subgraphUrls[name] ?? url }),
  });
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: maskError,
    // main.ts owns SIGINT/SIGTERM: Apollo's own handlers would race it and re-raise the signal.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  app.get('/', (_req, res) => res.redirect('/graphql'));
  app.get('/favicon.ico', (_req, res) => res.status(204).end());
  app.get('/health', async (_req, res) => {
    const checks = await Promise.all(
      Object.entries(options.subgraphUrls).map(async ([name, url]) => {
        try {
          const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(2000) });
          return [name, response.ok ? 'ok' : `status ${response.status}`] as const;
        } catch (error) {
          return [name, (error as Error).message] as const;
        }
      }),
    );
    const ok = checks.every(([, state]) => state === 'ok');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', subgraphs: Object.fromEntries(checks) });
  });
  app.use('/graphiql', graphiqlAssets());
  app.get('/graphql', (req, res, next) => {
    if (req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html' && !req.query.query) {
      res.type('html').send(graphiqlPage('/graphql', '/graphiql'));
      return;
    }
    next();
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const identity = await authenticate(req.headers.authorization);
        const forwardedIdentity = identity.role === 'public' ? undefined : await signInternalIdentity(identity, options.internalSecret);
        return { identity, forwardedIdentity };
      },
    }),
  );
  app.use(jsonErrorHandler);

  return {
    app,
    httpServer,
    listen: async (port, host) => {
      const listening = await listen(httpServer, port, host, 'PORT');
      return {
        ...listening,
        close: async () => {
          await listening.close();
          await apollo.stop();
        },
      };
    },
  };
}
