import 'reflect-metadata';
import { loadConfig } from './kit/config';
import { StartupError } from './kit/errors';
import { startHub } from './hub';

/**
 * The only entry point that reads the environment and listens.
 *   node dist/main.js              gateway and all four subgraphs in one process (embedded default)
 *   node dist/main.js gateway      the gateway alone
 *   node dist/main.js <subgraph>   one subgraph alone: strategy, budget, monitoring or participation
 */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig(process.env, process.argv[2]);
  const role = config.role;
  if (config.auth.usingDevelopmentSecret && (role === 'all' || role === 'gateway')) {
    console.warn('JWT_SECRET is not set: tokens are checked with the built-in development secret (npm run token makes them).');
  }
  const hub = await startHub(config, role);
  for (const subgraph of hub.subgraphs) {
    const where = subgraph.database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL';
    const migrated = subgraph.database.appliedMigrations.length;
    console.log(`subgraph ${subgraph.name.padEnd(13)} ${subgraph.url}  (${where}${migrated ? `, ${migrated} migration(s) applied` : ''})`);
  }
  if (hub.gatewayUrl) console.log(`gateway                ${hub.gatewayUrl}  (open it in a browser for GraphiQL)`);
  console.log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C stops.`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing servers and databases…`);
    hub.close().then(
      () => process.exit(0),
      (error) => {
        console.error('shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof StartupError ? error.message : error);
  process.exit(1);
});
