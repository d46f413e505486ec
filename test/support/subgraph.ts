import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { openDatabase, type Database, type PrismaLike } from '../../kit/database';
import { PUBLIC_IDENTITY, type Identity } from '../../kit/identity';
import type { SubgraphDefinition } from '../../kit/subgraph';
import { createTestStorage, type TestStorage } from './databases';

/** The result of an in-process operation, with the SQL statements it cost. */
export interface Execution {
  data?: Record<string, any> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
  /** SQL statements Prisma sent while the operation ran. */
  statements: number;
}

/** One subgraph in-process: its real schema and resolvers on a real, fresh database. */
export interface TestSubgraph<Client extends PrismaLike> {
  readonly database: Database<Client>;
  execute(query: string, options?: { variables?: Record<string, unknown>; identity?: Identity }): Promise<Execution>;
  close(): Promise<void>;
}

/**
 * Opens a subgraph on fresh storage (migrated and seeded like `npm start` does) and runs
 * operations through Apollo Server's `executeOperation`, as the gateway would reach it.
 */
export async function openTestSubgraph<Client extends PrismaLike, Context extends object>(
  definition: SubgraphDefinition<Client, Context>,
  engine: 'pglite' | 'postgresql',
): Promise<TestSubgraph<Client>> {
  const storage: TestStorage = await createTestStorage(engine, { subgraphs: [definition.name] });
  const database = await openDatabase(
    { name: definition.name, dataDir: storage.dataDir, databaseUrl: storage.databaseUrls[definition.name as never] },
    (adapter) => definition.createClient(adapter),
  );
  await definition.seed?.(database.client);
  const apollo = new ApolloServer<Context>({ schema: await definition.buildSchema(), plugins: [ApolloServerPluginInlineTraceDisabled()] });
  await apollo.start();
  return {
    database,
    execute: async (query, options = {}) => {
      const before = database.statementCount();
      const response = await apollo.executeOperation(
        { query, variables: options.variables },
        { contextValue: definition.createContext(database.client, options.identity ?? PUBLIC_IDENTITY) },
      );
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      const { data, errors } = response.body.singleResult;
      return { data, errors, statements: database.statementCount() - before };
    },
    close: async () => {
      await apollo.stop();
      await database.close();
      await storage.remove();
    },
  };
}
