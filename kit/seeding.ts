import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SubgraphName } from './config';
import type { Database, PrismaLike } from './database';
import { prismaDir } from './paths';

/** The seeds a subgraph may have: its reference data and its sample records. */
export type SeedName = 'reference' | 'sample';

/** The root of the code that runs: the project (TypeScript sources, tests) or `dist/` (npm start). */
const CODE_ROOT = path.resolve(__dirname, '..');

/** Every file under `dir` (none when it does not exist), as paths relative to {@link CODE_ROOT}, skipping `skip` folders. */
function filesUnder(dir: string, skip: ReadonlySet<string>): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !path.relative(dir, file).split(path.sep).some((part) => skip.has(part)))
    .map((file) => path.relative(CODE_ROOT, file));
}

const digests = new Map<SubgraphName, string>();

/**
 * The digest of everything that decides what a subgraph's seeds write: the running code of the
 * subgraph (its generated Prisma client aside) and of the kit, its seed data folder, and the names
 * of its migrations. Any change there makes the next start seed again; seeds are idempotent, so a
 * change that adds nothing costs one seeding. Computed once per process (about 10 ms).
 */
export function seedDigest(name: SubgraphName): string {
  let digest = digests.get(name);
  if (!digest) {
    const files = [
      ...filesUnder(path.join(CODE_ROOT, 'subgraphs', name), new Set(['generated'])),
      ...filesUnder(path.join(CODE_ROOT, 'prisma', name, 'seed'), new Set()),
      ...filesUnder(path.join(CODE_ROOT, 'kit'), new Set()),
    ].sort();
    const hash = createHash('sha256');
    for (const file of files) hash.update(`${file}\0`).update(readFileSync(path.join(CODE_ROOT, file))).update('\0');
    const migrations = readdirSync(path.join(prismaDir(name), 'migrations'), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    hash.update(migrations.map((entry) => entry.name).sort().join('\n'));
    digest = hash.digest('hex');
    digests.set(name, digest);
  }
  return digest;
}

/** What {@link seedDatabase} runs: a subgraph's seeds, as its definition declares them. */
export interface Seeds<Client extends PrismaLike> {
  readonly name: SubgraphName;
  seed?(client: Client): Promise<void>;
  seedSample?(client: Client): Promise<void>;
}

/** What {@link seedDatabase} did with each seed. */
export type SeedOutcome = Partial<Record<SeedName, 'seeded' | 'up to date'>>;

/**
 * Runs a subgraph's reference seed, and its sample seed when `sample`, unless the database records
 * (table `hub_seed_state`) that the same code and data already ran it: a restart then sends one
 * statement per seed instead of the seeds' hundreds (and 1–2 s of CPU on PGlite). `force` seeds
 * whatever the record says (`npm run db:seed`). A seed that fails records nothing, so the next start
 * runs it again.
 *
 * What this skips is only ever rows that already exist: seeds insert what is missing and leave
 * existing rows as they are. A reference row deleted by hand comes back with `npm run db:seed`.
 */
export async function seedDatabase<Client extends PrismaLike>(
  seeds: Seeds<Client>,
  database: Database<Client>,
  options: { readonly sample: boolean; readonly force?: boolean },
): Promise<SeedOutcome> {
  const wanted: [SeedName, ((client: Client) => Promise<void>) | undefined][] = [['reference', seeds.seed?.bind(seeds)], ['sample', options.sample ? seeds.seedSample?.bind(seeds) : undefined]];
  // Nothing to run (a subgraph without reference data, samples off): no digest, no statement.
  if (wanted.every(([, seed]) => !seed)) return {};
  const digest = seedDigest(seeds.name);
  const client = database.client as Client & SeedStateClient;
  const recorded = new Map(
    (await client.$queryRawUnsafe<{ name: string; digest: string }[]>('SELECT name, digest FROM hub_seed_state')).map((row) => [row.name, row.digest]),
  );
  const outcome: SeedOutcome = {};
  const run = async (name: SeedName, seed: ((client: Client) => Promise<void>) | undefined) => {
    if (!seed) return;
    if (!options.force && recorded.get(name) === digest) {
      outcome[name] = 'up to date';
      return;
    }
    await seed(database.client);
    await client.$executeRawUnsafe(
      'INSERT INTO hub_seed_state (name, digest, seeded_at) VALUES ($1, $2, now()) ON CONFLICT (name) DO UPDATE SET digest = EXCLUDED.digest, seeded_at = EXCLUDED.seeded_at',
      name,
      digest,
    );
    outcome[name] = 'seeded';
  };
  for (const [name, seed] of wanted) await run(name, seed);
  return outcome;
}

/** The raw statements {@link seedDatabase} sends, which every generated PrismaClient has. */
interface SeedStateClient {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}
