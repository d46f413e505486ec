import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { prismaDir } from './paths';
import { applyMigrations } from './schema-engine';

/** The part of a generated Prisma client the kit relies on. */
export interface PrismaLike {
  $on(event: 'query', listener: (event: { query: string }) => void): void;
  $disconnect(): Promise<void>;
  $queryRawUnsafe<T = unknown>(query: string): Promise<T>;
}

/**
 * The Prisma `log` option every subgraph client is built with: query events feed
 * {@link Database.statementCount}.
 */
export const QUERY_EVENTS = [{ emit: 'event', level: 'query' }] as const satisfies { emit: 'event'; level: 'query' }[];

/** Where a subgraph's data lives. */
export interface DatabaseOptions {
  /** The subgraph name: picks `prisma/<name>/` and the PGlite folder `<dataDir>/<name>`. */
  readonly name: string;
  /** A PostgreSQL URL. When absent, embedded PGlite is used. */
  readonly databaseUrl?: string;
  /** Folder for PGlite data, or `:memory:` for a throwaway in-memory database. */
  readonly dataDir: string;
}

/** An open subgraph database: its Prisma client, a statement counter, and a close. */
export interface Database<Client extends PrismaLike> {
  readonly client: Client;
  readonly kind: 'pglite' | 'postgresql';
  /** Names of the migrations applied while opening (empty when the schema was up to date). */
  readonly appliedMigrations: readonly string[];
  /**
   * SQL statements sent through Prisma since the database was opened. Tests read it before and
   * after a request to prove that batching keeps statements per request flat.
   */
  statementCount(): number;
  /** Throws when the database does not answer; used by readiness checks. */
  ping(): Promise<void>;
  /** Disconnects Prisma and closes PGlite or the pool. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens a subgraph's database and brings it to the latest migration: PostgreSQL when
 * `databaseUrl` is set, otherwise embedded PGlite (created on first use). `createClient` receives
 * the driver adapter and must build the subgraph's generated PrismaClient with query events on
 * (`log: [{ emit: 'event', level: 'query' }]`).
 *
 * @throws when the database cannot be reached or a migration fails; nothing is left open then.
 */
export async function openDatabase<Client extends PrismaLike>(
  options: DatabaseOptions,
  createClient: (adapter: SqlMigrationAwareDriverAdapterFactory) => Client,
): Promise<Database<Client>> {
  let pglite: PGlite | undefined;
  let adapter: SqlMigrationAwareDriverAdapterFactory;
  if (options.databaseUrl) {
    adapter = new PrismaPg({ connectionString: options.databaseUrl, max: 10 });
  } else {
    if (options.dataDir === ':memory:') {
      pglite = new PGlite();
    } else {
      const folder = path.join(options.dataDir, options.name);
      mkdirSync(folder, { recursive: true });
      pglite = new PGlite(folder);
    }
    await pglite.waitReady;
    adapter = new PrismaPGlite(pglite);
  }

  let client: Client | undefined;
  try {
    const dir = prismaDir(options.name);
    const { applied } = await applyMigrations({
      adapterFactory: adapter,
      schemaPath: path.join(dir, 'schema.prisma'),
      migrationsDir: path.join(dir, 'migrations'),
    });
    client = createClient(adapter);
    let statements = 0;
    client.$on('query', () => {
      statements += 1;
    });
    const opened = client;
    let closed = false;
    return {
      client: opened,
      kind: pglite ? 'pglite' : 'postgresql',
      appliedMigrations: applied,
      statementCount: () => statements,
      ping: async () => {
        await opened.$queryRawUnsafe('SELECT 1');
      },
      close: async () => {
        if (closed) return;
        closed = true;
        await opened.$disconnect();
        if (pglite) await pglite.close();
      },
    };
  } catch (error) {
    await client?.$disconnect().catch(() => undefined);
    if (pglite && !pglite.closed) await pglite.close().catch(() => undefined);
    throw error;
  }
}
