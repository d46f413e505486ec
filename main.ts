import 'reflect-metadata';
import { loadConfig } from './kit/config';
import { StartupError } from './kit/errors';
import { createLogger } from './kit/logger';
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
  const logger = createLogger({ level: config.observability.logLevel, format: config.observability.logFormat });
  const role = config.role;
  if (config.auth.usingDevelopmentSecret && (role === 'all' || role === 'gateway')) {
    logger.warn('JWT_SECRET is not set: tokens are checked with the built-in development secret (npm run token makes them).');
  }
  const hub = await startHub(config, role, { logger });
  for (const subgraph of hub.subgraphs) {
    const where = subgraph.database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL';
    const migrated = subgraph.database.appliedMigrations.length;
    logger.info(`subgraph ${subgraph.name.padEnd(13)} ${subgraph.url}  (${where}${migrated ? `, ${migrated} migration(s) applied` : ''})`);
  }
  if (hub.gatewayUrl) logger.info(`gateway                ${hub.gatewayUrl}  (open it in a browser for GraphiQL)`);
  logger.info(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C stops.`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: closing servers and databases…`);
    hub.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // The configuration may be what failed: this logger needs none, and writes to standard error.
  const logger = createLogger({ level: 'info', format: 'auto', destination: 'stderr' });
  if (error instanceof StartupError) logger.fatal(error.message);
  else logger.fatal({ err: error }, 'the hub could not start');
  process.exit(1);
});
