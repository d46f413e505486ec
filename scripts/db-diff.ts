import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '../kit/config';
import { prismaDir } from '../kit/paths';
import { diffMigration, lockfileContent } from '../kit/schema-engine';

/** Prisma's migration folder timestamp, `YYYYMMDDHHMMSS` in UTC. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * Writes a new migration for each subgraph whose schema no longer matches its migrations folder,
 * as `prisma migrate dev --create-only` would, without the native engine.
 *
 * Usage: `db-diff [subgraph...] [--name <label>]`; no subgraph means all four, the label defaults
 * to `change`. Adds `migration_lock.toml` when the folder has none.
 *
 * @returns the migration files written (empty when every schema is up to date).
 * @throws Error on an unknown subgraph, a missing `--name` value, or a failed diff.
 */
export async function main(argv: readonly string[]): Promise<string[]> {
  let label = 'change';
  const names: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--name') {
      const value = argv[(i += 1)];
      if (!value) throw new Error('--name needs a value');
      label = value;
    } else if (arg.startsWith('--name=')) {
      label = arg.slice('--name='.length);
    } else if ((SUBGRAPH_NAMES as readonly string[]).includes(arg)) {
      names.push(arg);
    } else {
      throw new Error(`Unknown subgraph or option "${arg}"; subgraphs: ${SUBGRAPH_NAMES.join(', ')}`);
    }
  }
  const slug = label.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'change';
  const folder = `${timestamp(new Date())}_${slug}`;
  const written: string[] = [];
  for (const name of names.length > 0 ? names : SUBGRAPH_NAMES) {
    const migrationsDir = path.join(prismaDir(name), 'migrations');
    const sql = await diffMigration({ schemaPath: path.join(prismaDir(name), 'schema.prisma'), migrationsDir });
    if (!sql) {
      console.log(`${name}: up to date`);
      continue;
    }
    const dir = path.join(migrationsDir, folder);
    if (existsSync(dir)) throw new Error(`${dir} already exists; wait a second and run again`);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'migration.sql');
    await writeFile(file, sql, 'utf8');
    console.log(`${name}: wrote ${path.relative(process.cwd(), file)}`);
    written.push(file);
    const lock = path.join(migrationsDir, 'migration_lock.toml');
    if (!existsSync(lock)) {
      await writeFile(lock, lockfileContent('postgresql'), 'utf8');
      console.log(`${name}: wrote ${path.relative(process.cwd(), lock)}`);
      written.push(lock);
    }
  }
  return written;
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
