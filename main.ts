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
  // Until the hub is up, a thread failure is only noted, and acted on once `stop` exists.
  let failedEarly = false;
  let stop: (signal: string, code?: number) => void = () => {
    failedEarly = true;
  };
  const hub = await startHub(config, role, {
    logger,
    // A subgraph thread that crashed leaves the hub incomplete: stop, so a supervisor restarts it.
    onThreadExit: (names, error) => {
      logger.fatal({ err: error }, `the ${names.join(', ')} subgraph(s) stopped unexpectedly`);
      stop('subgraph failure', 1);
    },
  });
  let stopping = false;
  stop = (signal, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: closing servers and databases…`);
    hub.close().then(
      () => process.exit(code),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // Before the ready line: whoever reads it may send a signal at once, and a signal with no listener yet kills the process.
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  for (const subgraph of hub.started) {
    const where = subgraph.engine === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL';
    const migrated = subgraph.appliedMigrations.length;
    const thread = subgraph.threaded ? ', worker thread' : '';
    logger.info(`subgraph ${subgraph.name.padEnd(13)} ${subgraph.url}  (${where}${migrated ? `, ${migrated} migration(s) applied` : ''}${thread})`);
  }
  if (hub.gatewayUrl) logger.info(`gateway                ${hub.gatewayUrl}  (open it in a browser for GraphiQL)`);
  logger.info(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C stops.`);

  if (failedEarly) stop('subgraph failure', 1);
}

main().catch((error: unknown) => {
  // The configuration may be what failed: this logger needs none, and writes to standard error.
  const logger = createLogger({ level: 'info', format: 'auto', destination: 'stderr' });
  if (error instanceof StartupError) logger.fatal(error.message);
  else logger.fatal({ err: error }, 'the hub could not start');
  process.exit(1);
});
