import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { StartupError } from './errors';

/** The four subgraphs, in the order their ports follow the gateway's. */
export const SUBGRAPH_NAMES = ['strategy', 'budget', 'monitoring', 'participation'] as const;

/** One of {@link SUBGRAPH_NAMES}. */
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** What one process runs: everything (the embedded default), the gateway alone, or one subgraph. */
export type ProcessRole = 'all' | 'gateway' | SubgraphName;

/** Where one subgraph listens, where the gateway finds it, and which database it uses. */
export interface SubgraphConfig {
  readonly name: SubgraphName;
  readonly port: number;
  /** The URL the gateway sends this subgraph's requests to. */
  readonly url: string;
  /** A PostgreSQL URL; when absent the subgraph runs on embedded PGlite under `dataDir/<name>`. */
  readonly databaseUrl?: string;
}

/** How the gateway verifies callers' tokens. Exactly one of `jwtSecret` or `jwksUrl` is set. */
export interface AuthConfig {
  /** HS256 secret (development, or small deployments). */
  readonly jwtSecret?: Uint8Array;
  /** JWKS URL of an identity provider issuing RS256 tokens (production). */
  readonly jwksUrl?: URL;
  readonly issuer?: string;
  readonly audience?: string;
  /** True when the built-in development secret is in use (never allowed in production). */
  readonly usingDevelopmentSecret: boolean;
  /** Longest lifetime a caller token may have, from now to its `exp` (`JWT_MAX_LIFETIME_SECONDS`, default 86400). */
  readonly maxLifetimeSeconds: number;
}

/**
 * Operation limits the gateway checks before planning (see README "Limits"). Each has a
 * `LIMIT_*` variable; every README example passes the defaults.
 */
export interface LimitsConfig {
  /** Deepest field nesting, introspection excepted (`LIMIT_DEPTH`, default 10). */
  readonly depth: number;
  /** Aliased fields in one document (`LIMIT_ALIASES`, default 30). */
  readonly aliases: number;
  /** Top-level fields of one operation, aliases counted (`LIMIT_ROOT_FIELDS`, default 20). */
  readonly rootFields: number;
  /** Lexical tokens of the document (`LIMIT_TOKENS`, default 2000). */
  readonly tokens: number;
  /** Directives in one document (`LIMIT_DIRECTIVES`, default 20). */
  readonly directives: number;
  /** Estimated cost: objects returned, list sizes multiplied through (`LIMIT_COST`, default 5000). */
  readonly cost: number;
  /** Largest request body in bytes (`LIMIT_BODY_BYTES`, default 102400). */
  readonly bodyBytes: number;
}

/** How the gateway talks to each subgraph (pool, timeout, retry, circuit breaker). */
export interface SubgraphFetchConfig {
  /** Longest wait for one subgraph answer (`SUBGRAPH_TIMEOUT_MS`, default 10000; `<NAME>_TIMEOUT_MS` per subgraph). */
  readonly timeoutMs: Readonly<Record<SubgraphName, number>>;
  /** Open connections to one subgraph at most; more requests queue (`SUBGRAPH_MAX_CONNECTIONS`, default 32). */
  readonly maxConnections: number;
  /** Consecutive failures that open a subgraph's circuit (`SUBGRAPH_BREAKER_FAILURES`, default 5). */
  readonly breakerFailures: number;
  /** How long an open circuit refuses calls before one trial call (`SUBGRAPH_BREAKER_RESET_MS`, default 5000). */
  readonly breakerResetMs: number;
  /**
   * Identical queries to a subgraph, in flight at the same time for callers of the same rights,
   * share one fetch (`SUBGRAPH_SHARE_FETCHES`, default on); see gateway/shared-fetches.ts.
   */
  readonly shareFetches: boolean;
}

/** Request budgets per caller; `0` turns a budget off. */
export interface RateLimitConfig {
  /** Requests per window for one signed-in identity (`RATE_LIMIT_PER_IDENTITY`, default 600). */
  readonly perIdentity: number;
  /** Requests per window from one client address (`RATE_LIMIT_PER_ADDRESS`, default 1200). */
  readonly perAddress: number;
  /** Window length in seconds (`RATE_LIMIT_WINDOW_SECONDS`, default 60). */
  readonly windowSeconds: number;
  /**
   * Writes (top-level mutation fields) per window by one anonymous client address or one citizen:
   * comments, supports, registrations, survey answers, feedback (`RATE_LIMIT_PUBLIC_WRITES`, default 30).
   */
  readonly publicWrites: number;
  /** Window of {@link publicWrites} in seconds (`RATE_LIMIT_PUBLIC_WRITES_WINDOW_SECONDS`, default 600). */
  readonly publicWritesWindowSeconds: number;
  /** Express `trust proxy` setting, so the client address is read from X-Forwarded-For behind a proxy (`TRUST_PROXY`). */
  readonly trustProxy: string | false;
}

/** How the gateway serves subscriptions. */
export interface SubscriptionsConfig {
  /** How often the gateway reads each event log without a notice, in ms (`SUBSCRIPTION_POLL_MS`, default 2000). */
  readonly pollMs: number;
  /**
   * Live results one subscription may have waiting for a slow client; one more closes the socket
   * with 1013 and the client resumes with `after` (`SUBSCRIPTION_MAX_QUEUED`, default 1000).
   */
  readonly maxQueued: number;
  /** Ping interval of a socket; one that has not answered the previous ping is dropped (`SUBSCRIPTION_KEEPALIVE_MS`, default 12000). */
  readonly keepAliveMs: number;
  /** Subscriptions open at once on one connection (`SUBSCRIPTION_MAX_PER_CONNECTION`, default 100). */
  readonly maxPerConnection: number;
  /** Open connections of one identity (or, for the public, one client address) per gateway process (`SUBSCRIPTION_MAX_CONNECTIONS_PER_IDENTITY`, default 20). */
  readonly maxConnectionsPerIdentity: number;
}

/** Which documents the gateway runs. */
export interface TrustedDocumentsConfig {
  /**
   * `apq` (default): any valid document, and automatic persisted queries;
   * `safelist`: only operations registered in the manifest (`TRUSTED_DOCUMENTS`).
   */
  readonly mode: 'apq' | 'safelist';
  /** The registered operations (`TRUSTED_DOCUMENTS_FILE`, default `trusted-documents.json`). */
  readonly manifestPath: string;
}

/** The whole configuration of a hub process, frozen. */
export interface HubConfig {
  readonly production: boolean;
  readonly host: string;
  readonly gatewayPort: number;
  /** Folder holding one PGlite database per subgraph (default `./.data`), or `:memory:`. */
  readonly dataDir: string;
  readonly subgraphs: Readonly<Record<SubgraphName, SubgraphConfig>>;
  readonly auth: AuthConfig;
  /** Secret with which the gateway signs the identity it forwards; subgraphs verify with it. */
  readonly internalSecret: Uint8Array;
  readonly limits: LimitsConfig;
  readonly subgraphFetch: SubgraphFetchConfig;
  readonly rateLimit: RateLimitConfig;
  readonly trustedDocuments: TrustedDocumentsConfig;
  /** Introspection on (`INTROSPECTION`; default on outside production, off in production). */
  readonly introspection: boolean;
  /**
   * Redis for state shared by processes: the gateways' rate-limit counters, and the notices that
   * carry a stored alert from any monitoring process to every gateway's subscriptions; in this
   * process's memory when unset (`REDIS_URL`).
   */
  readonly redisUrl?: string;
  /**
   * Start of every Redis key and channel of this deployment (`REDIS_KEY_PREFIX`, default `osm-hub`):
   * rate-limit keys `<prefix>:rl:…`, alert notices on the channel `<prefix>:monitoring:alerts`.
   * Deployments (or test runs) sharing one Redis use different prefixes.
   */
  readonly redisKeyPrefix: string;
  /** Real-time subscriptions at the gateway (see gateway/README.md "Subscriptions"). */
  readonly subscriptions: SubscriptionsConfig;
  /** What this process runs: the command-line argument, else `HUB_ROLE`, else `all`. */
  readonly role: ProcessRole;
  /**
   * With role `all`, how many worker threads run the subgraphs (`HUB_THREADS`, 0 to 4), so the
   * embedded hub uses more than one core; the gateway stays on the main thread. 0 runs everything
   * on the main thread. Default: the cores the process may use, at most 4. On the 2-core development
   * machine two subgraph threads beside the gateway's made the embedded hub as fast as the separate
   * processes (one thread was 0.83–0.99× on cross-subgraph reads; BENCHMARKS.md 2026-11-27).
   */
  readonly threads: number;
  readonly observability: ObservabilityConfig;
  /**
   * Whether budget, monitoring and participation load their sample records (marked `isSample`)
   * at start, so the README examples answer with data (`SEED_SAMPLE_DATA`; default true, false with
   * `NODE_ENV=production`).
   */
  readonly seedSampleData: boolean;
}

/** Log lines and traces (see README "Operating the hub"). */
export interface ObservabilityConfig {
  /** Lowest level written (`LOG_LEVEL`: fatal, error, warn, info, debug, trace or silent; default info). */
  readonly logLevel: LogLevel;
  /**
   * `json`: one JSON object a line (for collectors); `pretty`: coloured lines for a person;
   * `auto` (default): pretty when standard output is a terminal, JSON otherwise (`LOG_FORMAT`).
   */
  readonly logFormat: 'json' | 'pretty' | 'auto';
  /** OTLP/HTTP collector base URL; traces are exported only when set (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
  readonly otlpEndpoint?: string;
}

/** The levels `LOG_LEVEL` accepts, most severe first. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every value of `HUB_ROLE` (or the first command-line argument of `node dist/main.js`). */
export const PROCESS_ROLES: readonly ProcessRole[] = ['all', 'gateway', ...SUBGRAPH_NAMES];

/**
 * The HS256 secret used when `JWT_SECRET` is unset outside production, so that `npm start` and
 * `npm run token` work together on a fresh clone. Production refuses it.
 */
export const DEVELOPMENT_JWT_SECRET = 'osm-hub-development-secret-do-not-use-in-production';

/** Thrown once by {@link loadConfig} with every problem found, one per line. */
export class ConfigError extends StartupError {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}\nSee .env.example for every variable.`);
  }
}

const envName = (name: SubgraphName, suffix: string): string => `${name.toUpperCase()}_${suffix}`;

/**
 * Reads the configuration of a process from an environment object (tests pass their own).
 *
 * Defaults: gateway on `PORT` 4000 at `HOST` 127.0.0.1, subgraphs on the next four ports, PGlite
 * under `DATA_DIR` (./.data). `HUB_INTERNAL_SECRET` may be omitted only when one process runs
 * everything (a random one is made); a gateway or subgraph started alone needs it, since the
 * other processes must share it. `NODE_ENV=production` also requires `JWT_SECRET` or `JWT_JWKS_URL`.
 *
 * @throws ConfigError listing every missing or invalid variable at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv, roleArgument?: string): HubConfig {
  const problems: string[] = [];
  const requestedRole = (roleArgument ?? env.HUB_ROLE?.trim()) || 'all';
  const role = PROCESS_ROLES.find((candidate) => candidate === requestedRole) ?? 'all';
  if (role !== requestedRole) {
    problems.push(`Unknown role "${requestedRole}" (HUB_ROLE or the command-line argument). Use one of: ${PROCESS_ROLES.join(', ')}.`);
  }
  const production = env.NODE_ENV === 'production';

  const port = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 65535) {
      problems.push(`${name} must be a TCP port number (0-65535); got "${raw}".`);
      return fallback;
    }
    return value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}; got "${raw}".`);
      return fallback;
    }
    return value;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['true', '1', 'yes', 'on'].includes(raw)) return true;
    if (['false', '0', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false; got "${env[name]}".`);
    return fallback;
  };
  const url = (name: string): URL | undefined => {
    const raw = env[name];
    if (!raw) return undefined;
    try {
      return new URL(raw);
    } catch {
      problems.push(`${name} must be a URL; got "${raw}".`);
      return undefined;
    }
  };

  const host = env.HOST || '127.0.0.1';
  const gatewayPort = port('PORT', 4000);
  const dataDir = env.DATA_DIR === ':memory:' ? ':memory:' : path.resolve(env.DATA_DIR || '.data');

  const subgraphs = {} as Record<SubgraphName, SubgraphConfig>;
  SUBGRAPH_NAMES.forEach((name, index) => {
    const fallbackPort = gatewayPort === 0 ? 0 : gatewayPort + index + 1;
    const subgraphPort = port(envName(name, 'PORT'), fallbackPort);
    const databaseUrl = url(envName(name, 'DATABASE_URL'));
    if (databaseUrl && !/^postgres(ql)?:$/.test(databaseUrl.protocol)) {
      problems.push(`${envName(name, 'DATABASE_URL')} must be a postgresql:// URL; got "${databaseUrl.protocol}//…".`);
    }
    const subgraphUrl = url(envName(name, 'URL'))?.toString() ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${subgraphPort}/graphql`;
    subgraphs[name] = Object.freeze({ name, port: subgraphPort, url: subgraphUrl, databaseUrl: databaseUrl?.toString() });
  });

  const jwksUrl = url('JWT_JWKS_URL');
  let jwtSecret: Uint8Array | undefined;
  let usingDevelopmentSecret = false;
  if (env.JWT_SECRET) {
    if (env.JWT_SECRET.length < 32) problems.push('JWT_SECRET must be at least 32 characters long.');
    jwtSecret = new TextEncoder().encode(env.JWT_SECRET);
  } else if (!jwksUrl) {
    if (production && (role === 'all' || role === 'gateway')) {
      problems.push('NODE_ENV=production needs JWT_SECRET (HS256) or JWT_JWKS_URL (RS256).');
    }
    jwtSecret = new TextEncoder().encode(DEVELOPMENT_JWT_SECRET);
    usingDevelopmentSecret = true;
  }
  if (env.JWT_SECRET && jwksUrl) problems.push('Set only one of JWT_SECRET and JWT_JWKS_URL.');

  let internalSecret: Uint8Array;
  if (env.HUB_INTERNAL_SECRET) {
    if (env.HUB_INTERNAL_SECRET.length < 32) problems.push('HUB_INTERNAL_SECRET must be at least 32 characters long.');
    internalSecret = new TextEncoder().encode(env.HUB_INTERNAL_SECRET);
  } else {
    if (role !== 'all') {
      problems.push(
        `HUB_INTERNAL_SECRET is required when the ${role} runs in its own process: the gateway and every subgraph must share it.`,
      );
    }
    internalSecret = randomBytes(32);
  }

  const limits: LimitsConfig = Object.freeze({
    depth: integer('LIMIT_DEPTH', 10, 1, 100),
    aliases: integer('LIMIT_ALIASES', 30, 0, 10000),
    rootFields: integer('LIMIT_ROOT_FIELDS', 20, 1, 10000),
    tokens: integer('LIMIT_TOKENS', 2000, 100, 1_000_000),
    directives: integer('LIMIT_DIRECTIVES', 20, 0, 10000),
    cost: integer('LIMIT_COST', 5000, 1, 100_000_000),
    bodyBytes: integer('LIMIT_BODY_BYTES', 102_400, 1024, 100 * 1024 * 1024),
  });
  const defaultTimeout = integer('SUBGRAPH_TIMEOUT_MS', 10_000, 100, 600_000);
  const timeoutMs = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, integer(envName(name, 'TIMEOUT_MS'), defaultTimeout, 100, 600_000)]),
  ) as Record<SubgraphName, number>;
  const subgraphFetch: SubgraphFetchConfig = Object.freeze({
    timeoutMs: Object.freeze(timeoutMs),
    maxConnections: integer('SUBGRAPH_MAX_CONNECTIONS', 32, 1, 10_000),
    breakerFailures: integer('SUBGRAPH_BREAKER_FAILURES', 5, 1, 1000),
    breakerResetMs: integer('SUBGRAPH_BREAKER_RESET_MS', 5000, 100, 600_000),
    shareFetches: flag('SUBGRAPH_SHARE_FETCHES', true),
  });
  const trustProxy = env.TRUST_PROXY?.trim();
  const rateLimit: RateLimitConfig = Object.freeze({
    perIdentity: integer('RATE_LIMIT_PER_IDENTITY', 600, 0, 1_000_000_000),
    perAddress: integer('RATE_LIMIT_PER_ADDRESS', 1200, 0, 1_000_000_000),
    windowSeconds: integer('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
    publicWrites: integer('RATE_LIMIT_PUBLIC_WRITES', 30, 0, 1_000_000_000),
    publicWritesWindowSeconds: integer('RATE_LIMIT_PUBLIC_WRITES_WINDOW_SECONDS', 600, 1, 86_400),
    trustProxy: trustProxy && !['false', '0', 'off', 'no'].includes(trustProxy.toLowerCase()) ? trustProxy : false,
  });
  const mode = env.TRUSTED_DOCUMENTS?.trim() || 'apq';
  if (mode !== 'apq' && mode !== 'safelist') problems.push(`TRUSTED_DOCUMENTS must be apq or safelist; got "${mode}".`);
  const trustedDocuments: TrustedDocumentsConfig = Object.freeze({
    mode: mode === 'safelist' ? 'safelist' : 'apq',
    manifestPath: path.resolve(env.TRUSTED_DOCUMENTS_FILE || 'trusted-documents.json'),
  });
  const redis = url('REDIS_URL');
  if (redis && !/^rediss?:$/.test(redis.protocol)) problems.push(`REDIS_URL must be a redis:// URL; got "${redis.protocol}//…".`);
  const redisKeyPrefix = env.REDIS_KEY_PREFIX?.trim() || 'osm-hub';
  if (!/^[\w.-]+(:[\w.-]+)*$/.test(redisKeyPrefix)) {
    problems.push(`REDIS_KEY_PREFIX must be letters, digits, "_", "-", "." in parts separated by ":"; got "${redisKeyPrefix}".`);
  }
  const subscriptions: SubscriptionsConfig = Object.freeze({
    pollMs: integer('SUBSCRIPTION_POLL_MS', 2000, 100, 3_600_000),
    maxQueued: integer('SUBSCRIPTION_MAX_QUEUED', 1000, 1, 1_000_000),
    keepAliveMs: integer('SUBSCRIPTION_KEEPALIVE_MS', 12_000, 1000, 3_600_000),
    maxPerConnection: integer('SUBSCRIPTION_MAX_PER_CONNECTION', 100, 1, 100_000),
    maxConnectionsPerIdentity: integer('SUBSCRIPTION_MAX_CONNECTIONS_PER_IDENTITY', 20, 1, 1_000_000),
  });
  const introspection = flag('INTROSPECTION', !production);
  const maxLifetimeSeconds = integer('JWT_MAX_LIFETIME_SECONDS', 86_400, 60, 31_536_000);
  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${env.LOG_LEVEL}".`);
  const logFormat = env.LOG_FORMAT?.trim().toLowerCase() || 'auto';
  if (logFormat !== 'json' && logFormat !== 'pretty' && logFormat !== 'auto') {
    problems.push(`LOG_FORMAT must be json, pretty or auto; got "${env.LOG_FORMAT}".`);
  }
  // Sample records never appear in a production deployment unless asked for.
  const seedSampleData = flag('SEED_SAMPLE_DATA', !production);
  const threads = integer('HUB_THREADS', Math.min(SUBGRAPH_NAMES.length, availableParallelism()), 0, SUBGRAPH_NAMES.length);
  const otlp = url('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (otlp && !/^https?:$/.test(otlp.protocol)) problems.push(`OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL; got "${otlp.protocol}//…".`);

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    production,
    host,
    gatewayPort,
    dataDir,
    subgraphs: Object.freeze(subgraphs),
    auth: Object.freeze({
      jwtSecret,
      jwksUrl,
      issuer: env.JWT_ISSUER || undefined,
      audience: env.JWT_AUDIENCE || undefined,
      usingDevelopmentSecret,
      maxLifetimeSeconds,
    }),
    internalSecret,
    limits,
    subgraphFetch,
    rateLimit,
    trustedDocuments,
    introspection,
    redisUrl: redis?.toString(),
    redisKeyPrefix,
    subscriptions,
    role,
    threads,
    observability: Object.freeze({
      logLevel,
      logFormat: logFormat as ObservabilityConfig['logFormat'],
      otlpEndpoint: otlp?.toString().replace(/\/$/, ''),
    }),
    seedSampleData,
  });
}
