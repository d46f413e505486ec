import type { ApolloServer, BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Database, PrismaLike } from './database';
import { HealthCheckFailure } from './health';
import { createServiceHttp, type Listening } from './http';
import { IDENTITY_HEADER, verifyInternalIdentity, type Identity } from './identity';
import type { Logger } from './logger';
import { clientMistakesPlugin, createErrorMasker, REQUEST_ID_HEADER } from './masking';
import { createServiceMetrics } from './metrics';
import { traceQueries } from './tracing';

/** Body limit of a subgraph: the gateway's requests carry entity representations, so it is larger than a client's. */
const SUBGRAPH_BODY_LIMIT = 5 * 1024 * 1024;

/** What {@link createSubgraphServer} needs: everything is passed in, nothing is read from env. */
export interface SubgraphServerOptions<Context extends BaseContext> {
  readonly name: string;
  readonly schema: GraphQLSchema;
  /** Secret the gateway signs forwarded identities with. */
  readonly internalSecret: Uint8Array;
  /** Builds the per-request context (user, Prisma client, fresh dataloaders, peers asked as the user). */
  createContext(identity: Identity, requestId: string | undefined): Context;
  /** The subgraph's open database: readiness (`ping`), metrics (statements, pool) and SQL spans. */
  readonly database: Database<PrismaLike>;
  /** The process's logger; the subgraph's lines carry `service: <name>`. */
  readonly logger: Logger;
}

/** A subgraph's HTTP app, not yet listening. */
export interface SubgraphServer {
  readonly name: string;
  readonly apollo: ApolloServer<BaseContext>;
  readonly app: express.Express;
  /** Starts listening; `close()` on the result stops HTTP and Apollo. */
  listen(port: number, host: string, portVariable: string): Promise<Listening>;
}

/**
 * Builds the HTTP server of one subgraph: `POST /graphql` (Apollo Server over the federated
 * schema), health (`/health/live`, `/health/ready`: the database answers), and `/metrics`. The
 * caller's identity is read only from the gateway-signed {@link IDENTITY_HEADER}; a header that
 * does not verify is refused with 401 UNAUTHENTICATED.
 */
export async function createSubgraphServer<Context extends BaseContext>(options: SubgraphServerOptions<Context>): Promise<SubgraphServer> {
  const logger = options.logger.child({ service: options.name });
  const metrics = createServiceMetrics(options.name);
  metrics.trackDatabase(options.database);
  traceQueries(options.database.client, options.database.kind);
  const server = await createServiceHttp<Context>({
    name: options.name,
    logger,
    metrics,
    apollo: {
      schema: options.schema,
      includeStacktraceInErrorResponses: false,
      // Subgraphs can be reached directly inside the deployment: they mask like the gateway does.
      formatError: createErrorMasker(logger),
      plugins: [
        ApolloServerPluginInlineTraceDisabled(),
        clientMistakesPlugin('Subgraphs serve no subscriptions over HTTP; subscribe at the gateway over WebSocket.'),
      ],
      // main.ts owns SIGINT/SIGTERM: Apollo's own handlers would race it and re-raise the signal.
      stopOnTerminationSignals: false,
    },
    bodyLimitBytes: SUBGRAPH_BODY_LIMIT,
    context: async ({ req }) => {
      const header = req.headers[IDENTITY_HEADER];
      const identity = await verifyInternalIdentity(Array.isArray(header) ? header[0] : header, options.internalSecret);
      const requestId = req.headers[REQUEST_ID_HEADER];
      return options.createContext(identity, typeof requestId === 'string' ? requestId : undefined);
    },
    ready: {
      database: async () => {
        await options.database.ping().catch((error: unknown) => {
          logger.warn({ err: error }, 'the database does not answer');
          throw new HealthCheckFailure('does not answer');
        });
      },
    },
  });
  return {
    name: options.name,
    apollo: server.apollo as unknown as ApolloServer<BaseContext>,
    app: server.app,
    listen: (port, host, portVariable) => server.listen(port, host, portVariable),
  };
}
