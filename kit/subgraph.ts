import type http from 'node:http';
import type { BaseContext } from '@apollo/server';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { GraphQLSchema } from 'graphql';
import { openDatabase, type Database, type PrismaLike } from './database';
import type { Identity } from './identity';
import { createSubgraphServer } from './subgraph-server';

/** Everything the kit needs to know about one subgraph; each subgraph's `server.ts` exports one. */
export interface SubgraphDefinition<Client extends PrismaLike, Context extends BaseContext> {
  readonly name: string;
  /** Builds the federated schema; needs no database (used by `schema:emit`). */
  buildSchema(): Promise<GraphQLSchema>;
  /** Builds the generated PrismaClient on a driver adapter, with query events on. */
  createClient(adapter: SqlMigrationAwareDriverAdapterFactory): Client;
  /** Per-request context: identity, client, fresh dataloaders. */
  createContext(client: Client, identity: Identity): Context;
  /** Loads reference data; must be idempotent (it runs at every start). */
  seed?(client: Client): Promise<void>;
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
    { name: definition.name, databaseUrl: options.databaseUrl, dataDir: options.dataDir },
    (adapter) => definition.createClient(adapter),
  );
  try {
    await definition.seed?.(database.client);
    const server = await createSubgraphServer<Context>({
      name: definition.name,
      schema: await definition.buildSchema(),
      internalSecret: options.internalSecret,
      createContext: (identity) => definition.createContext(database.client, identity),
      ping: () => database.ping(),
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
