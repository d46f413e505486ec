import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { SubgraphName } from '../../kit/config';
import { openDatabase, type Database, type PrismaLike } from '../../kit/database';
import { IDENTITY_HEADER, PUBLIC_IDENTITY, signInternalIdentity, type Identity } from '../../kit/identity';
import { createLogger } from '../../kit/logger';
import { createPeers, PeerDirectory } from '../../kit/peer';
import { seedDatabase } from '../../kit/seeding';
import { runSubgraph, type AnySubgraph, type RunningSubgraph, type SubgraphDefinition } from '../../kit/subgraph';
import { createTestStorage, type TestStorage } from './databases';
import { TEST_INTERNAL_SECRET } from './hub';

const INTERNAL_SECRET = new TextEncoder().encode(TEST_INTERNAL_SECRET);
/** How long a test subgraph waits for a peer (generous: a loaded CI machine is slow, and no test waits for it to run out). */
const PEER_TIMEOUT_MS = 10_000;

/** The result of an in-process operation, with the SQL statements it cost. */
export interface Execution {
  data?: Record<string, any> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
  /** SQL statements Prisma sent while the operation ran. */
  statements: number;
}

/** A peer subgraph of a test subgraph: a real server on a free port, on the same engine, with its sample data. */
export interface TestPeer {
  readonly running: RunningSubgraph;
  /** Runs an operation over HTTP as `identity`, signed as the gateway signs it. */
  execute(query: string, options?: { variables?: Record<string, unknown>; identity?: Identity }): Promise<Omit<Execution, 'statements'>>;
  /** Stops the peer (its storage goes with the test subgraph's); safe to call twice. */
  close(): Promise<void>;
}

/** One subgraph in-process: its real schema and resolvers on a real, fresh database. */
export interface TestSubgraph<Client extends PrismaLike> {
  readonly database: Database<Client>;
  /** The peers started with it (see {@link openTestSubgraph}'s `peers`). */
  readonly peers: Readonly<Partial<Record<SubgraphName, TestPeer>>>;
  execute(query: string, options?: { variables?: Record<string, unknown>; identity?: Identity }): Promise<Execution>;
  close(): Promise<void>;
}

async function startPeer(definition: AnySubgraph, storage: TestStorage): Promise<TestPeer> {
  const running = await runSubgraph(definition, {
    port: 0,
    host: '127.0.0.1',
    portVariable: `${definition.name.toUpperCase()}_PORT`,
    databaseUrl: storage.databaseUrls[definition.name],
    dataDir: storage.dataDir,
    internalSecret: INTERNAL_SECRET,
    seedSampleData: true,
    logger: createLogger({ level: 'silent', format: 'json' }),
  });
  let closing: Promise<void> | undefined;
  return {
    running,
    execute: async (query, options = {}) => {
      const response = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await signInternalIdentity(options.identity ?? PUBLIC_IDENTITY, INTERNAL_SECRET) },
        body: JSON.stringify({ query, variables: options.variables }),
      });
      return (await response.json()) as Omit<Execution, 'statements'>;
    },
    close: () => (closing ??= running.close()),
  };
}

/**
 * Opens a subgraph on fresh storage (migrated and seeded like `npm start` does) and runs
 * operations through Apollo Server's `executeOperation`, as the gateway would reach it. `peers`
 * are other subgraphs it asks (budget asks strategy): each runs as a real HTTP server on a free
 * port, on the same engine, with its sample data, and the subgraph's requests reach it as the
 * caller (kit/peer.ts). Without them, asking a peer is `SUBGRAPH_UNAVAILABLE`.
 */
export async function openTestSubgraph<Client extends PrismaLike, Context extends object>(
  definition: SubgraphDefinition<Client, Context>,
  engine: 'pglite' | 'postgresql',
  options: { peers?: readonly AnySubgraph[] } = {},
): Promise<TestSubgraph<Client>> {
  const peerDefinitions = options.peers ?? [];
  const storage: TestStorage = await createTestStorage(engine, { subgraphs: [definition.name, ...peerDefinitions.map((peer) => peer.name)] });
  const peers: Partial<Record<SubgraphName, TestPeer>> = {};
  for (const peer of peerDefinitions) peers[peer.name] = await startPeer(peer, storage);
  const directory = new PeerDirectory(Object.fromEntries(Object.values(peers).map((peer) => [peer.running.name, peer.running.url])));
  let requests = 0;
  const database = await openDatabase(
    { name: definition.name, dataDir: storage.dataDir, databaseUrl: storage.databaseUrls[definition.name as never] },
    (adapter) => definition.createClient(adapter),
  );
  await seedDatabase(definition, database, { sample: false });
  const apollo = new ApolloServer<Context>({ schema: await definition.buildSchema(), plugins: [ApolloServerPluginInlineTraceDisabled()] });
  await apollo.start();
  return {
    database,
    peers,
    execute: async (query, options = {}) => {
      const before = database.statementCount();
      const identity = options.identity ?? PUBLIC_IDENTITY;
      requests += 1;
      const peerClient = createPeers({ directory, internalSecret: INTERNAL_SECRET, timeoutMs: PEER_TIMEOUT_MS }, { identity, requestId: `test-${requests}` });
      const response = await apollo.executeOperation({ query, variables: options.variables }, { contextValue: definition.createContext(database.client, identity, peerClient) });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      const { data, errors } = response.body.singleResult;
      return { data, errors, statements: database.statementCount() - before };
    },
    close: async () => {
      await apollo.stop();
      await database.close();
      await Promise.all(Object.values(peers).map((peer) => peer.close()));
      await storage.remove();
    },
  };
}
