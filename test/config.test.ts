import { ConfigError, loadConfig } from '../kit/config';
import { buildSchemaFiles, staleFiles } from '../scripts/schema';

describe('configuration', () => {
  it('defaults to the gateway on 4000 and subgraphs on the next four ports, on PGlite under ./.data', () => {
    const config = loadConfig({});
    expect(config.gatewayPort).toBe(4000);
    expect(Object.values(config.subgraphs).map((s) => s.port)).toEqual([4001, 4002, 4003, 4004]);
    expect(config.subgraphs.budget.url).toBe('http://127.0.0.1:4002/graphql');
    expect(config.dataDir.endsWith('.data')).toBe(true);
    expect(Object.values(config.subgraphs).every((s) => s.databaseUrl === undefined)).toBe(true);
  });

  it('moves every subgraph with PORT', () => {
    const config = loadConfig({ PORT: '5000' });
    expect(Object.values(config.subgraphs).map((s) => s.port)).toEqual([5001, 5002, 5003, 5004]);
  });

  it('lists every problem at once, naming each variable', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', PORT: 'eighty', BUDGET_DATABASE_URL: 'mysql://x/y', JWT_SECRET: 'short', SUBGRAPH_SHARE_FETCHES: 'sometimes' }, 'gateway');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('PORT must be a TCP port');
    expect(problems).toContain('BUDGET_DATABASE_URL must be a postgresql:// URL');
    expect(problems).toContain('JWT_SECRET must be at least 32 characters');
    expect(problems).toContain('HUB_INTERNAL_SECRET is required');
    expect(problems).toContain('SUBGRAPH_SHARE_FETCHES must be true or false; got "sometimes".');
  });

  it('reads the role from HUB_ROLE unless the command line names one, and refuses an unknown role', () => {
    expect(loadConfig({ HUB_ROLE: 'budget', HUB_INTERNAL_SECRET: 'x'.repeat(32) }).role).toBe('budget');
    expect(loadConfig({ HUB_ROLE: 'budget', HUB_INTERNAL_SECRET: 'x'.repeat(32) }, 'gateway').role).toBe('gateway');
    expect(loadConfig({}).role).toBe('all');
    expect(() => loadConfig({ HUB_ROLE: 'budgte' })).toThrow('Unknown role "budgte" (HUB_ROLE or the command-line argument). Use one of: all, gateway, strategy');
  });

  it('reads logging, tracing and sample-data settings, refusing values it does not know', () => {
    const defaults = loadConfig({});
    expect(defaults.observability).toEqual({ logLevel: 'info', logFormat: 'auto', otlpEndpoint: undefined });
    expect(defaults.seedSampleData).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(32) }).seedSampleData).toBe(false);
    const set = loadConfig({ LOG_LEVEL: 'DEBUG', LOG_FORMAT: 'json', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/', SEED_SAMPLE_DATA: 'false' });
    expect(set.observability).toEqual({ logLevel: 'debug', logFormat: 'json', otlpEndpoint: 'http://collector:4318' });
    expect(set.seedSampleData).toBe(false);
    let error: unknown;
    try {
      loadConfig({ LOG_LEVEL: 'loud', LOG_FORMAT: 'xml', OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://x', SEED_SAMPLE_DATA: 'maybe' });
    } catch (caught) {
      error = caught;
    }
    expect((error as ConfigError).problems).toEqual([
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "loud".',
      'LOG_FORMAT must be json, pretty or auto; got "xml".',
      'SEED_SAMPLE_DATA must be true or false; got "maybe".',
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL; got "ftp://…".',
    ]);
  });

  it('refuses the development token secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('NODE_ENV=production needs JWT_SECRET (HS256) or JWT_JWKS_URL (RS256)');
  });
});

describe('schema/', () => {
  it('matches the code and composes into the supergraph the gateway serves', async () => {
    const files = await buildSchemaFiles();
    expect(Object.keys(files).sort()).toEqual([
      'budget.graphql',
      'monitoring.graphql',
      'participation.graphql',
      'strategy.graphql',
      'supergraph.graphql',
    ]);
    expect(files['supergraph.graphql']).toContain('join__Graph');
    expect(staleFiles(files)).toEqual([]);
  });
});
