import { existsSync } from 'node:fs';
import path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'prisma'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the project root (a folder with package.json and prisma/) above ${start}.`);
    dir = parent;
  }
  return dir;
}

/**
 * The project root, found from this file whether it runs from TypeScript sources (tests) or from
 * `dist/` (npm start), so Prisma schemas, migrations and seed data are read from one place.
 */
export const PROJECT_ROOT = findRoot(__dirname);

/** The Prisma folder of a subgraph: `prisma/<name>/` with `schema.prisma` and `migrations/`. */
export function prismaDir(name: string): string {
  return path.join(PROJECT_ROOT, 'prisma', name);
}
