import { randomBytes } from 'node:crypto';
import path from 'node:path';

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
}

/**
 * The HS256 secret used when `JWT_SECRET` is unset outside production, so that `npm start` and
 * `npm run token` work together on a fresh clone. Production refuses it.
 */
export const DEVELOPMENT_JWT_SECRET = 'osm-hub-development-secret-do-not-use-in-production';

/** Thrown once by {@link loadConfig} with every problem found, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
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
export function loadConfig(env: NodeJS.ProcessEnv, role: ProcessRole = 'all'): HubConfig {
  const problems: string[] = [];
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
    }),
    internalSecret,
  });
}
