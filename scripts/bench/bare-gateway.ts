import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { IDENTITY_HEADER } from '../../kit/identity';
import { createApolloGateway } from '../../kit/apollo-gateway';
import { installLoopbackGuard, readComparisonGatewayEnv } from './gateway-support';

/**
 * The bench's baseline: bare @apollo/gateway (the checked-in supergraph, Apollo Server's standalone
 * HTTP server, defaults otherwise) plus the one thing the hub's subgraphs require, the
 * gateway-signed identity. Spawned by scripts/bench/gateways.ts as
 * `node dist/scripts/bench/bare-gateway.js` with PORT, JWT_SECRET, HUB_INTERNAL_SECRET and the
 * four `<NAME>_URL`; listens on 127.0.0.1.
 */

interface Context {
  readonly forwardedIdentity?: string;
}

async function main(): Promise<void> {
  installLoopbackGuard('bare-gateway');
  const env = readComparisonGatewayEnv(process.env);
  const gateway = createApolloGateway({
    supergraphSdl: env.supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<Context>({
        url,
        willSendRequest({ request, context }) {
          if (context.forwardedIdentity) request.http?.headers.set(IDENTITY_HEADER, context.forwardedIdentity);
        },
      }),
  });
  const server = new ApolloServer<Context>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: env.port, host: '127.0.0.1' },
    context: async ({ req }) => ({ forwardedIdentity: await env.forwardIdentity(req.headers.authorization) }),
  });
  console.log(`bare @apollo/gateway ready at ${url}`);
  const stop = () => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
