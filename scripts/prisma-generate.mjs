// Generates the Prisma client of every subgraph, offline.
//
// Why: `prisma generate` refuses to start unless it can find the native schema engine, which
// these machines cannot download. Generation itself never runs that engine, so when no engine
// path is configured we point PRISMA_SCHEMA_ENGINE_BINARY at an existing file (this script).
// Users who have the real engine installed keep theirs. See prisma/OFFLINE.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Every subgraph owns prisma/<name>/schema.prisma; the folders are the list (this runs at install,
// before TypeScript is built, so it cannot read SUBGRAPH_NAMES from kit/config.ts).
const subgraphs = readdirSync(path.join(root, 'prisma'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(root, 'prisma', entry.name, 'schema.prisma')))
  .map((entry) => entry.name);
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url),
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
const cli = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');

for (const name of subgraphs) {
  const schema = path.join(root, 'prisma', name, 'schema.prisma');
  const result = spawnSync(process.execPath, [cli, 'generate', '--schema', schema], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? '');
    console.error(`prisma generate failed for ${name} (exit ${result.status})`);
    process.exit(result.status ?? 1);
  }
  console.log(`generated Prisma client: ${name}`);
}
