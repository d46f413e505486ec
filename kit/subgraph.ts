import type http from 'node:http';
import type { BaseContext } from '@apollo/server';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { GraphQLSchema } from 'graphql';
import type { NonEmptyArray } from 'type-graphql';
import type { SubgraphName } from './config';
import { openDatabase, QUERY_EVENTS, type Database, type PrismaLike } from './database';
import { buildFederatedSchema, type ReferenceResolvers } from './federation';
import type { Identity } from './identity';
import type { Logger } from './logger';
import { createPeers, NO_PEERS, type PeerDirectory, type Peers } from './peer';
import { seedDatabase } from './seeding';
import { createSubgraphServer } from './subgraph-server';

/**
 * Per-request state every subgraph's resolvers receive: who calls (verified), the subgraph's
 * Prisma client, and dataloaders made fresh for this request, so nothing cached outlives it.
 */
export interface SubgraphContext<Client, Loaders> {
  readonly identity: Identity;
  readonly prisma: Client;
  readonly loaders: Loaders;
  /** Other subgraphs, asked as this request's caller (kit/peer.ts). */
  readonly peers: Peers;
}

/** Everything the kit needs to know about one subgraph, as {@link defineSubgraph} returns it. */
export interface SubgraphDefinition<Client extends PrismaLike, Context extends BaseContext> {
  readonly name: SubgraphName;
  /** Builds the federated schema, once per process (later calls share it); needs no database (used by `schema:emit`). */
  buildSchema(): Promise<GraphQLSchema>;
  /** Builds the generated PrismaClient on a driver adapter, with query events on. */
  createClient(adapter: SqlMigrationAwareDriverAdapterFactory): Client;
  /** Per-request context: identity, client, fresh dataloaders, the peers (none when omitted). */
  createContext(client: Client, identity: Identity, peers?: Peers): Context;
  /** Loads reference data; idempotent (a start runs it when its code or data changed: kit/seeding.ts). */
  seed?(client: Client): Promise<void>;
  /**
   * Loads the subgraph's sample records (marked `isSample`) so a first start has data to show;
   * idempotent, and skipped with `SEED_SAMPLE_DATA=false`.
   */
  seedSample?(client: Client): Promise<void>;
}

/**
 * Any subgraph, its client and context types erased: what the launcher and scripts hold when they
 * take subgraphs by name. (Methods, unlike function properties, accept the narrower client.)
 */
export type AnySubgraph = SubgraphDefinition<PrismaLike, BaseContext>;

/** The generated PrismaClient class of a subgraph, as `new` takes it. */
export type PrismaClientClass<Client> = new (options: {
  adapter: SqlMigrationAwareDriverAdapterFactory;
  log: typeof QUERY_EVENTS extends readonly (infer Event)[] ? Event[] : never;
}) => Client;

/** What a subgraph declares in its `server.ts`; {@link defineSubgraph} does the rest. */
export interface SubgraphSpec<Client extends PrismaLike, Loaders> {
  readonly name: SubgraphName;
  /** The subgraph's generated `PrismaClient` (from `./generated/prisma/client`). */
  readonly PrismaClient: PrismaClientClass<Client>;
  // type-graphql types its resolver and type lists as classes, i.e. `Function`.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly resolvers: NonEmptyArray<Function>;
  /**
   * Entities this subgraph only extends (no query of its own returns them); type-graphql drops
   * them silently unless listed here.
   */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly orphanedTypes?: Function[];
  /** `__resolveReference` per entity type: load through the request's dataloaders. */
  readonly references: ReferenceResolvers<SubgraphContext<Client, Loaders>>;
  /** The per-request dataloaders. */
  createLoaders(client: Client): Loaders;
  seed?(client: Client): Promise<void>;
  seedSample?(client: Client): Promise<void>;
}

/**
 * Declares a subgraph from its parts: its Prisma client class, its type-graphql resolvers, its
 * entity reference resolvers and its loaders. The result is what the hub launcher, the schema
 * scripts and the test kit run; a subgraph's `server.ts` is this one call.
 */
export function defineSubgraph<Client extends PrismaLike, Loaders>(
  spec: SubgraphSpec<Client, Loaders>,
): SubgraphDefinition<Client, SubgraphContext<Client, Loaders>> {
  // Built once per process: the schema depends only on the code, nothing mutates it, and every
  // hub a process starts (tests start dozens) would otherwise pay type-graphql and federation again.
  let schema: Promise<GraphQLSchema> | undefined;
  return {
    name: spec.name,
    buildSchema: () =>
      (schema ??= buildFederatedSchema<SubgraphContext<Client, Loaders>>(
        { resolvers: spec.resolvers, orphanedTypes: spec.orphanedTypes },
        spec.references,
      ).catch((error: unknown) => {
        schema = undefined;
        throw error;
      })),
    createClient: (adapter) => new spec.PrismaClient({ adapter, log: [...QUERY_EVENTS] }),
    createContext: (prisma, identity, peers = NO_PEERS) => ({ identity, prisma, loaders: spec.createLoaders(prisma), peers }),
    seed: spec.seed,
    seedSample: spec.seedSample,
  };
}

/** Where and how to run one subgraph. */
export interface RunOptions {
  readonly port: number;
  readonly host: string;
  /** The variable that sets `port`, named in the error when the port is taken. */
  readonly portVariable: string;
  readonly databaseUrl?: string;
  readonly dataDir: string;
  readonly internalSecret: Uint8Array;
  /** Whether to load the subgraph's sample records ({@link SubgraphDefinition.seedSample}). */
  readonly seedSampleData: boolean;
  /** The process's logger (kit/logger.ts). */
  readonly logger: Logger;
  /**
   * Where the other subgraphs are and how long to wait for one (kit/peer.ts); without it, a
   * resolver asking a peer gets `SUBGRAPH_UNAVAILABLE`. Not used by the seeds.
   */
  readonly peers?: { readonly directory: PeerDirectory; readonly timeoutMs: number };
}

/** A subgraph that is up: its URL, its database, and a close that releases both. */
export interface RunningSubgraph<Client extends PrismaLike = PrismaLike> {
  readonly name: string;
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4001/graphql`. */
  readonly url: string;
  readonly database: Database<Client>;
  /** The HTTP server (tests count its open connections). */
  readonly server: http.Server;
  close(): Promise<void>;
}

/**
 * Opens the subgraph's database (migrating it), seeds it, builds its schema and starts its HTTP
 * server. On failure everything opened so far is closed before the error is rethrown.
 */
export async function runSubgraph<Client extends PrismaLike, Context extends BaseContext>(
  definition: SubgraphDefinition<Client, Context>,
  options: RunOptions,
): Promise<RunningSubgraph<Client>> {
  const database = await openDatabase(
    { name: definition.name, databaseUrl: options.databaseUrl, dataDir: options.dataDir, logger: options.logger },
    (adapter) => definition.createClient(adapter),
  );
  try {
    await seedDatabase(definition, database, { sample: options.seedSampleData });
    const server = await createSubgraphServer<Context>({
      name: definition.name,
      schema: await definition.buildSchema(),
      internalSecret: options.internalSecret,
      createContext: (identity, requestId) => {
        const peers = options.peers && createPeers({ ...options.peers, internalSecret: options.internalSecret }, { identity, requestId });
        return definition.createContext(database.client, identity, peers);
      },
      database,
      logger: options.logger,
    });
    const listening = await server.listen(options.port, options.host, options.portVariable);
    return {
      name: definition.name,
      url: `${listening.origin}/graphql`,
      database,
      server: listening.server,
      close: async () => {
        await listening.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
