import { mkdirSync, readFileSync, realpathSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';
import type { Pool } from 'pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { lock as lockFolder } from 'proper-lockfile';
import { StartupError } from './errors';
import { initialiseEmptyFolder } from './first-start';
import { createFallbackLogger, type Logger } from './logger';
import { prismaDir } from './paths';
import { compilePglite } from './pglite-wasm';
import { applyMigrations } from './schema-engine';

/** A statement Prisma sent, as its query events report it (after it ran). */
export interface QueryEvent {
  readonly query: string;
  /** When the statement was sent. */
  readonly timestamp: Date;
  /** How long it ran, in milliseconds. */
  readonly duration: number;
}

/** The part of a generated Prisma client the kit relies on. */
export interface PrismaLike {
  $on(event: 'query', listener: (event: QueryEvent) => void): void;
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
  /** Where the rare database warnings go (a lost folder lock, a dropped idle connection). */
  readonly logger?: Logger;
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
  /** PostgreSQL pool connections (metrics); undefined on PGlite. */
  poolStats(): { readonly total: number; readonly idle: number; readonly waiting: number } | undefined;
  /** Throws when the database does not answer; used by readiness checks. */
  ping(): Promise<void>;
  /** Disconnects Prisma and closes PGlite or the pool. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * How long (ms) a data-folder lock stays valid without being refreshed, when its owner cannot be
 * checked (it ran on another machine sharing the folder, or left no owner file). The holder
 * refreshes it every {@link DATA_FOLDER_LOCK_UPDATE_MS}. A lock whose owner is known to have died
 * on this machine (kill -9, a crash) is taken over at once.
 */
export const DATA_FOLDER_LOCK_STALE_MS = 10_000;

/** How often (ms) the holder of a data-folder lock refreshes it; well under {@link DATA_FOLDER_LOCK_STALE_MS}. */
export const DATA_FOLDER_LOCK_UPDATE_MS = 2_500;

/**
 * How long (ms) a lock whose owner still runs on this machine is respected although not
 * refreshed. Starting PGlite blocks the event loop for seconds at a time, so a busy holder may miss
 * {@link DATA_FOLDER_LOCK_STALE_MS}; its lock must not be taken over then. This bound matters only
 * where a PID reused after a crash cannot be told from its holder (systems without `/proc`).
 */
export const DATA_FOLDER_LOCK_LIVE_OWNER_MS = 300_000;

/**
 * Thrown by {@link openDatabase} when another live process (a second `npm start`, `npm run
 * db:migrate` during a run) holds the PGlite folder: two processes on one PGlite folder would
 * each overwrite the other's writes. A {@link StartupError}: `main.ts` prints its message alone, without a stack.
 */
export class DataFolderInUseError extends StartupError {
  /** @param pid the holder's process id, when it runs on this machine. */
  constructor(
    readonly folder: string,
    readonly pid?: number,
  ) {
    super(
      `The data folder ${folder} is in use by another hub process${pid === undefined ? '' : ` (pid ${pid})`}. ` +
        'Stop that process, or give this one its own folder with DATA_DIR=<another folder>.' +
        (pid === undefined
          ? ` (If that process ran on another machine and crashed, its lock expires ${DATA_FOLDER_LOCK_STALE_MS / 1000} s after it died.)`
          : ''),
    );
  }
}

/** Who holds a folder's lock: written beside the lock directory as `<folder>.lock-owner.json`. */
interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  /** The process's start time on Linux, which tells a reused PID (a restarted container) from the holder. */
  readonly startTime?: string;
}

/** Owner files of the locks this process holds; removed at exit, as proper-lockfile removes its lock directories. */
const ownerFiles = new Set<string>();
let ownerFilesCleanup = false;

/**
 * A process's state and start time as Linux records them (`/proc/<pid>/stat`, fields 3 and 22);
 * undefined on other systems or when the process is gone.
 */
function processStat(pid: number): { state: string; startTime: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2, the command, may hold spaces and parentheses: count from its closing parenthesis (field 3 is index 0).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], startTime: fields[19] };
  } catch {
    return undefined;
  }
}

/** What is known of the holder of an existing lock directory. */
type Holder =
  | { readonly state: 'none' }
  /** A process on this machine that still runs (this one only if it holds the lock now). */
  | { readonly state: 'alive'; readonly pid: number }
  /** Its owner file names a process of this machine that has ended: the lock can go at once. */
  | { readonly state: 'dead'; readonly lockMtimeMs: number }
  /** No usable owner file, or another machine: only the lock's age tells. */
  | { readonly state: 'unknown' };

function holderOf(folder: string): Holder {
  const ownerFile = `${folder}.lock-owner.json`;
  let lockMtimeMs: number;
  try {
    lockMtimeMs = statSync(`${folder}.lock`).mtimeMs;
  } catch {
    return { state: 'none' };
  }
  let owner: Partial<LockOwner>;
  try {
    owner = JSON.parse(readFileSync(ownerFile, 'utf8')) as Partial<LockOwner>;
  } catch {
    return { state: 'unknown' };
  }
  if (owner.hostname !== hostname() || typeof owner.pid !== 'number' || !Number.isInteger(owner.pid) || owner.pid <= 0) return { state: 'unknown' };
  if (owner.pid === process.pid) return ownerFiles.has(ownerFile) ? { state: 'alive', pid: process.pid } : { state: 'dead', lockMtimeMs };
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return { state: 'dead', lockMtimeMs };
  }
  const stat = processStat(owner.pid);
  // A zombie (ended, not yet reaped) or a reused PID (another start time) is not the holder.
  if (stat && (stat.state === 'Z' || (owner.startTime !== undefined && stat.startTime !== owner.startTime))) return { state: 'dead', lockMtimeMs };
  if (Date.now() - lockMtimeMs > DATA_FOLDER_LOCK_LIVE_OWNER_MS) return { state: 'unknown' };
  return { state: 'alive', pid: owner.pid };
}

/**
 * Whether a Prisma error is a unique-constraint violation (P2002): a concurrent write took the
 * key first. Every subgraph's generated client throws the one runtime class this checks.
 */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * Takes the exclusive lock of a PGlite folder, as {@link openDatabase} does before opening it:
 * a `<folder>.lock` directory beside it (proper-lockfile, refreshed every
 * {@link DATA_FOLDER_LOCK_UPDATE_MS} by an unref'd timer, so it never holds Node open) and a
 * `<folder>.lock-owner.json` naming this process. A lock is taken over when its owner on this
 * machine has ended (at once), or when it has not been refreshed for
 * {@link DATA_FOLDER_LOCK_STALE_MS} and its owner cannot be checked; never while its owner runs
 * here, even with an event loop too busy to refresh it. Resolves with an idempotent release.
 *
 * @param name the subgraph, quoted in log lines.
 * @throws DataFolderInUseError when another process (or this one) holds the folder.
 * @throws the file system's error when the folder does not exist or cannot be written.
 */
export async function lockDataFolder(
  requested: string,
  name: string,
  logger: Logger = createFallbackLogger(name),
): Promise<() => Promise<void>> {
  const folder = realpathSync(requested);
  const ownerFile = `${folder}.lock-owner.json`;
  const holder = holderOf(folder);
  if (holder.state === 'alive') throw new DataFolderInUseError(requested, holder.pid);
  if (holder.state === 'dead') {
    // Remove the dead owner's lock unless someone took it meanwhile (then its mtime changed and lock() decides).
    try {
      if (statSync(`${folder}.lock`).mtimeMs === holder.lockMtimeMs) rmdirSync(`${folder}.lock`);
    } catch {
      // Gone already, or not ours to remove: lock() below reports.
    }
  }
  let release: () => Promise<void>;
  try {
    release = await lockFolder(folder, {
      stale: DATA_FOLDER_LOCK_STALE_MS,
      update: DATA_FOLDER_LOCK_UPDATE_MS,
      retries: 0,
      realpath: false,
      // The default throws from a timer, which would crash the process: log instead.
      onCompromised: (error) =>
        logger.error(
          `lost the lock on its data folder ${requested} (${error.message}); another process may open it now. Restart this hub to take the lock again.`,
        ),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      const now = holderOf(folder);
      throw new DataFolderInUseError(requested, now.state === 'alive' ? now.pid : undefined);
    }
    throw error;
  }
  try {
    const owner: LockOwner = { pid: process.pid, hostname: hostname(), startTime: processStat(process.pid)?.startTime };
    writeFileSync(`${ownerFile}.${process.pid}.tmp`, JSON.stringify(owner));
    renameSync(`${ownerFile}.${process.pid}.tmp`, ownerFile);
    ownerFiles.add(ownerFile);
    if (!ownerFilesCleanup) {
      ownerFilesCleanup = true;
      process.once('exit', () => ownerFiles.forEach((file) => rmSync(file, { force: true })));
    }
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    ownerFiles.delete(ownerFile);
    rmSync(ownerFile, { force: true });
    await release().catch((error: NodeJS.ErrnoException) => {
      // ERELEASED: the lock was compromised and already reported by onCompromised.
      if (error.code !== 'ERELEASED') logger.error(`could not release the lock on ${requested}: ${error.message}`);
    });
  };
}

/**
 * How the hub starts PGlite: its defaults, with `shared_buffers` at 32 MB instead of initdb's
 * 128 MB. PGlite sets up its buffer pool in WebAssembly memory at every start, and the 128 MB
 * took 0.2 s of CPU per database (four per hub): an open went from 0.5 s to 0.3 s here. A
 * subgraph's data (a few MB with the sample data) fits many times over, and pages beyond the pool
 * are read from the operating system's file cache.
 */
const PGLITE_OPTIONS = { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'] };

/**
 * Opens a subgraph's database and brings it to the latest migration: PostgreSQL when
 * `databaseUrl` is set, otherwise embedded PGlite (created on first use). `createClient` receives
 * the driver adapter and must build the subgraph's generated PrismaClient with query events on
 * (`log: [{ emit: 'event', level: 'query' }]`).
 *
 * A PGlite folder is locked for as long as the database is open (released by `close()`), so a
 * second process on the same folder is refused instead of silently corrupting it.
 *
 * @throws DataFolderInUseError when another process has the subgraph's PGlite folder open.
 * @throws when the database cannot be reached or a migration fails; nothing is left open (or locked) then.
 */
export async function openDatabase<Client extends PrismaLike>(
  options: DatabaseOptions,
  createClient: (adapter: SqlMigrationAwareDriverAdapterFactory) => Client,
): Promise<Database<Client>> {
  const logger = options.logger ?? createFallbackLogger(options.name);
  let pglite: PGlite | undefined;
  let unlock: (() => Promise<void>) | undefined;
  let pool: Pool | undefined;
  let adapter: SqlMigrationAwareDriverAdapterFactory;
  if (options.databaseUrl) {
    // The PostgreSQL driver loads only here: the embedded default (PGlite) never needs it (30 ms of CPU at a start).
    const [{ Pool }, { PrismaPg }] = await Promise.all([import('pg'), import('@prisma/adapter-pg')]);
    // Our own pool, so its figures can be read; closed by close() (the adapter leaves an external pool open).
    pool = new Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection the server ends (a restart, pg_terminate_backend, DROP DATABASE … FORCE)
    // is reported as an 'error' event on the pool, which crashes the process when nobody listens.
    // The pool drops that connection and opens a new one when needed.
    pool.on('error', (error) => logger.warn(`an idle database connection was closed: ${error.message}`));
    adapter = new PrismaPg(pool);
  } else {
    try {
      // Compiled once per thread (kit/pglite-wasm.ts); on failure PGlite compiles the file itself.
      const pgliteOptions = { ...PGLITE_OPTIONS, pgliteWasmModule: await compilePglite().catch(() => undefined) };
      if (options.dataDir === ':memory:') {
        pglite = new PGlite(pgliteOptions);
      } else {
        const folder = path.join(options.dataDir, options.name);
        mkdirSync(folder, { recursive: true });
        unlock = await lockDataFolder(folder, options.name, logger);
        await initialiseEmptyFolder(folder);
        pglite = new PGlite(folder, pgliteOptions);
      }
      await pglite.waitReady;
    } catch (error) {
      if (pglite && !pglite.closed) await pglite.close().catch(() => undefined);
      await unlock?.();
      throw error;
    }
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
      poolStats: () => (pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : undefined),
      ping: async () => {
        await opened.$queryRawUnsafe('SELECT 1');
      },
      close: async () => {
        if (closed) return;
        closed = true;
        try {
          await opened.$disconnect();
          if (pglite) await pglite.close();
          await pool?.end();
        } finally {
          await unlock?.();
        }
      },
    };
  } catch (error) {
    await client?.$disconnect().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    if (pglite && !pglite.closed) await pglite.close().catch(() => undefined);
    await unlock?.();
    throw error;
  }
}
