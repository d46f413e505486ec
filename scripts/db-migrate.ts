import 'reflect-metadata';
import { ConfigError, loadConfig, SUBGRAPH_NAMES, type SubgraphName } from '../kit/config';
import { openDatabase } from '../kit/database';
import { seedDatabase } from '../kit/seeding';
import { SUBGRAPHS } from '../subgraphs/registry';

/**
 * `npm run db:migrate [-- <subgraph>…]`: applies pending migrations of each subgraph (all four by
 * default) to its database: PostgreSQL when `<NAME>_DATABASE_URL` is set, PGlite under DATA_DIR
 * otherwise. With `--seed`, also loads reference data (even when `hub_seed_state` says it is loaded). Exits 1 on the first failure.
 */
async function main(args: string[]): Promise<void> {
  const seed = args.includes('--seed') || process.env.npm_lifecycle_event === 'db:seed';
  const named = args.filter((arg) => !arg.startsWith('--'));
  const unknown = named.filter((name) => !(SUBGRAPH_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`Unknown subgraph(s): ${unknown.join(', ')}. Use: ${SUBGRAPH_NAMES.join(', ')}.`);
  const names = (named.length > 0 ? named : SUBGRAPH_NAMES) as SubgraphName[];
  const config = loadConfig(process.env, 'all');
  for (const name of names) {
    const definition = SUBGRAPHS[name];
    const databaseUrl = config.subgraphs[name].databaseUrl;
    const database = await openDatabase({ name, databaseUrl, dataDir: config.dataDir }, (adapter) => definition.createClient(adapter));
    try {
      const where = databaseUrl ? new URL(databaseUrl).host + new URL(databaseUrl).pathname : `PGlite ${config.dataDir}/${name}`;
      const applied = database.appliedMigrations;
      console.log(`${name.padEnd(13)} ${where}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
      if (seed && definition.seed) {
        // Whatever hub_seed_state records: this is how a reference row deleted by hand comes back.
        await seedDatabase(definition, database, { sample: false, force: true });
        console.log(`${name.padEnd(13)} reference data loaded`);
      }
    } finally {
      await database.close();
    }
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
