import http from 'node:http';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { IDENTITY_HEADER, verifyInternalIdentity, type Identity } from './identity';
import { createJsonErrorHandler, listen, type Listening } from './http';
import { clientMistakesPlugin, createErrorMasker, requestId } from './masking';

/** Body limit of a subgraph: the gateway's requests carry entity representations, so it is larger than a client's. */
const SUBGRAPH_BODY_LIMIT = 5 * 1024 * 1024;

/** What {@link createSubgraphServer} needs: everything is passed in, nothing is read from env. */
export interface SubgraphServerOptions<Context extends BaseContext> {
  readonly name: string;
  readonly schema: GraphQLSchema;
  /** Secret the gateway signs forwarded identities with. */
  readonly internalSecret: Uint8Array;
  /** Builds the per-request context (user, Prisma client, fresh dataloaders). */
  createContext(identity: Identity): Context;
  /** Readiness check behind `GET /health`; throw when the database does not answer. */
  ping(): Promise<void>;
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
 * schema) and `GET /health`. The caller's identity is read only from the gateway-signed
 * {@link IDENTITY_HEADER}; a header that does not verify is refused with 401 UNAUTHENTICATED.
 */
export async function createSubgraphServer<Context extends BaseContext>(
  options: SubgraphServerOptions<Context>,
): Promise<SubgraphServer> {
  const apollo = new ApolloServer<Context>({
    schema: options.schema,
    includeStacktraceInErrorResponses: false,
    // Subgraphs can be reached directly inside the deployment: they mask like the gateway does.
    formatError: createErrorMasker(`subgraph ${options.name}`),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      clientMistakesPlugin('Subgraphs serve no subscriptions over HTTP; subscribe at the gateway over WebSocket.'),
    ],
    // main.ts owns SIGINT/SIGTERM: Apollo's own handlers would race it and re-raise the signal.
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.use(requestId);
  app.get('/health', async (_req, res) => {
    try {
      await options.ping();
      res.json({ status: 'ok', subgraph: options.name });
    } catch (error) {
      console.error(`[subgraph ${options.name}] health check failed:`, error);
      res.status(503).json({ status: 'unavailable', subgraph: options.name, reason: 'the database does not answer' });
    }
  });
  app.use(
    '/graphql',
    express.json({ limit: SUBGRAPH_BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const header = req.headers[IDENTITY_HEADER];
        const identity = await verifyInternalIdentity(Array.isArray(header) ? header[0] : header, options.internalSecret);
        return options.createContext(identity);
      },
    }),
  );
  app.use(createJsonErrorHandler(`subgraph ${options.name}`, SUBGRAPH_BODY_LIMIT));

  return {
    name: options.name,
    apollo: apollo as unknown as ApolloServer<BaseContext>,
    app,
    listen: async (port, host, portVariable) => {
      const listening = await listen(http.createServer(app), port, host, portVariable);
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
