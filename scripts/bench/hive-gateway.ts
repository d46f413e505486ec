import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { IDENTITY_HEADER } from '../../kit/identity';
import { installLoopbackGuard, readComparisonGatewayEnv } from './gateway-support';

/**
 * The bench's other comparison: Hive Gateway (`@graphql-hive/gateway-runtime`, a dev dependency)
 * with its defaults (subgraphs reached through `@graphql-mesh/transport-http`, the HTTP transport
 * the runtime loads by name; a dev dependency too), the checked-in supergraph, served by node:http, plus the gateway-signed
 * identity the hub's subgraphs require (its `propagateHeaders` hook). Spawned by
 * scripts/bench/gateways.ts as `node dist/scripts/bench/hive-gateway.js` with PORT, JWT_SECRET,
 * HUB_INTERNAL_SECRET and the four `<NAME>_URL`; listens on 127.0.0.1.
 */

function main(): void {
  installLoopbackGuard('hive-gateway');
  const env = readComparisonGatewayEnv(process.env);
  // The hook runs once per subgraph request: verify and sign once per client request, as the others do.
  const identities = new WeakMap<Request, Promise<string | undefined>>();
  const gateway = createGatewayRuntime({
    supergraph: env.supergraphSdl,
    propagateHeaders: {
      fromClientToSubgraphs: async ({ request }) => {
        let forwarded = identities.get(request);
        if (!forwarded) {
          forwarded = env.forwardIdentity(request.headers.get('authorization'));
          identities.set(request, forwarded);
        }
        const identity = await forwarded;
        return identity ? { [IDENTITY_HEADER]: identity } : {};
      },
    },
  });
  const server = createServer(gateway);
  server.listen(env.port, '127.0.0.1', () => console.log(`Hive Gateway ready at http://127.0.0.1:${env.port}/graphql`));
  const stop = () => {
    server.close();
    Promise.resolve(gateway.dispose()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
