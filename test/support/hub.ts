import { SignJWT } from 'jose';
import { startHub, type Hub, type HubOptions } from '../../hub';
import { loadConfig, type HubConfig } from '../../kit/config';
import { createTestStorage, type TestStorage } from './databases';

/** The HS256 secret test hubs verify tokens with. */
export const TEST_JWT_SECRET = 'test-secret-for-the-osm-hub-e2e-suite-0123456789';
/** The secret test hubs sign forwarded identities with. */
export const TEST_INTERNAL_SECRET = 'test-internal-secret-gateway-to-subgraphs-0123456789';

/** A GraphQL response as a client sees it. */
export interface GraphQLResponse<Data = Record<string, any>> {
  status: number;
  /** The response headers (`x-request-id`, `retry-after`, …). */
  headers: Headers;
  data?: Data | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** Posts a GraphQL operation over real HTTP. */
export async function postGraphQL<Data = Record<string, any>>(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; token?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<Data>, 'status' | 'headers'>;
  return { status: response.status, headers: response.headers, ...body };
}

/** Signs a caller token the way an identity provider would, with the test secret by default. */
export async function signToken(
  claims: Record<string, string>,
  options: { secret?: string; expiresIn?: string | number; subject?: string } = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(options.subject ?? `test-${claims.role}`)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}

/** A whole hub (gateway and four subgraphs) on free ports, on fresh storage. */
export interface TestHub {
  readonly hub: Hub;
  readonly url: string;
  readonly storage: TestStorage;
  readonly config: HubConfig;
  /** Posts to the gateway. */
  query<Data = Record<string, any>>(query: string, options?: Parameters<typeof postGraphQL>[2]): Promise<GraphQLResponse<Data>>;
  /** Stops the hub but keeps its storage (to test restarts). */
  stop(): Promise<void>;
  /** Stops the hub and removes its storage. */
  close(): Promise<void>;
}

/** The settings every test hub starts from (see {@link startTestHub}). */
const TEST_ENV: Readonly<Record<string, string>> = {
  PORT: '0',
  JWT_SECRET: TEST_JWT_SECRET,
  HUB_INTERNAL_SECRET: TEST_INTERNAL_SECRET,
  RATE_LIMIT_PER_IDENTITY: '100000',
  RATE_LIMIT_PER_ADDRESS: '100000',
  RATE_LIMIT_PUBLIC_WRITES: '100000',
  // Suites count a cluster's projects, alerts and hearings from zero; test/sample-data.test.ts turns samples on.
  SEED_SAMPLE_DATA: 'false',
  // Access lines (info) would bury jest's output; warnings and errors still show.
  LOG_LEVEL: 'warn',
  // In-process hubs keep their subgraphs on this thread, where tests read their databases; the
  // threaded embedded hub (HUB_THREADS) is what `npm start` runs, tested by the e2e suites.
  HUB_THREADS: '0',
};

/**
 * Starts a hub on the given storage (fresh storage of `engine` when none is given). `env` adds or
 * overrides variables (limits, rate limits, trusted documents…); the test defaults raise the rate
 * limits so that suites sending hundreds of requests from 127.0.0.1 are not throttled, and leave
 * the sample data out (`SEED_SAMPLE_DATA: 'true'` brings it back), and log warnings and errors
 * only. `hubOptions` can give the hub a logger whose lines a test reads.
 */
export async function startTestHub(
  engine: 'pglite' | 'postgresql',
  existing?: TestStorage,
  env: Record<string, string> = {},
  hubOptions: HubOptions = {},
): Promise<TestHub> {
  const storage = existing ?? (await createTestStorage(engine));
  const config = loadConfig({ ...TEST_ENV, DATA_DIR: storage.dataDir, ...storage.env, ...env }, 'all');
  const hub = await startHub(config, 'all', hubOptions).catch(async (error) => {
    if (!existing) await storage.remove();
    throw error;
  });
  const url = hub.gatewayUrl as string;
  return {
    hub,
    url,
    storage,
    config,
    query: (query, options) => postGraphQL(url, query, options),
    stop: () => hub.close(),
    close: async () => {
      await hub.close();
      await storage.remove();
    },
  };
}

/**
 * Starts a gateway alone (the `gateway` role, as a replica runs in production) in front of the
 * subgraphs of a running test hub, with its own settings (`env`, over the test defaults). Suites
 * of gateway behaviour (rate limits, trusted documents, introspection) start one per setting
 * instead of a whole hub, and two of them are two replicas of one graph. Its `close` stops the
 * gateway only; `storage` is the hub's.
 */
export async function startTestGateway(base: TestHub, env: Record<string, string> = {}, hubOptions: HubOptions = {}): Promise<TestHub> {
  const subgraphUrls = Object.fromEntries(base.hub.subgraphs.map((subgraph) => [`${subgraph.name.toUpperCase()}_URL`, subgraph.url]));
  const config = loadConfig({ ...TEST_ENV, DATA_DIR: base.storage.dataDir, ...subgraphUrls, ...env }, 'gateway');
  const hub = await startHub(config, 'gateway', hubOptions);
  const url = hub.gatewayUrl as string;
  return {
    hub,
    url,
    storage: base.storage,
    config,
    query: (query, options) => postGraphQL(url, query, options),
    stop: () => hub.close(),
    close: () => hub.close(),
  };
}
