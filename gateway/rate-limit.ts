import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, type FragmentDefinitionNode } from 'graphql';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimitConfig } from '../kit/config';
import { RateLimitedError } from '../kit/errors';
import { signInternalIdentity, type Identity } from '../kit/identity';
import { createFallbackLogger, type Logger } from '../kit/logger';
import { firstOutcome, redactedUrl } from '../kit/redis';
import { rootFields } from './limits';

/** Counts each request against its caller's budgets. */
export interface RateLimiter {
  /**
   * Spends one request of the client address's budget and, for a signed-in identity, one of the
   * identity's budget.
   *
   * @throws RateLimitedError (HTTP 429, `Retry-After`) when either budget is spent.
   */
  consume(identity: Identity, address: string): Promise<void>;
  /**
   * Spends `writes` of the write budget of an anonymous client address or a citizen (by its
   * subject); officers' writes are not counted here.
   *
   * @throws RateLimitedError (HTTP 429, `Retry-After`) when the budget is spent.
   */
  consumeWrites(identity: Identity, address: string, writes: number): Promise<void>;
  /** Resolves when the shared store answers (Redis `PING`); at once when counting in memory. Readiness uses it. */
  ping(): Promise<void>;
  /** Disconnects from Redis (nothing to do in memory). Safe to call twice. */
  close(): Promise<void>;
}

/** Options for tests and for several hubs sharing one Redis. */
export interface RateLimiterOptions {
  /** Start of every Redis key; default `osm-hub:rl` (keys are `<prefix>:identity:<role>:<subject>` and `<prefix>:address:<IPv4 address or IPv6 /64>`). */
  readonly keyPrefix?: string;
  /** How long the start waits for Redis before counting in memory (default 3000 ms); requests are never held up by it. */
  readonly connectTimeoutMs?: number;
  /** Where Redis outages are written; warnings and errors as JSON when absent. */
  readonly logger?: Logger;
}

/** Longest wait for one Redis command before the request is counted in memory instead. */
const COMMAND_TIMEOUT_MS = 1000;
/** Longest pause between reconnection attempts to an unreachable Redis. */
const MAX_RECONNECT_DELAY_MS = 5000;

/** The rate-limit key of a signed-in identity: its role and subject (or its scope when the token has no `sub`). */
export function identityKey(identity: Identity): string {
  const scope = identity.clusterCode ?? identity.provinceCode ?? identity.agencyCode ?? '';
  return `${identity.role}:${identity.subject ?? scope}`;
}

/**
 * The rate-limit key of a client address. An IPv6 client usually holds a whole /64 network and
 * could take a fresh address for every request, so IPv6 addresses are counted per /64
 * (`2001:db8:0:1::/64`); an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) counts as its IPv4 address.
 */
export function addressKey(address: string): string {
  const ip = address.split('%')[0].toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped) return mapped[1];
  if (!ip.includes(':')) return ip;
  const [head, tail] = ip.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * Connects to Redis for shared counters. Never throws and never rejects a command into the void:
 * commands fail fast while disconnected (`enableOfflineQueue: false`, 1 s timeout) so the
 * limiter's in-memory insurance counts them, reconnection is retried every ≤ 5 s for ever, and an
 * outage is logged once when it starts and once when it ends.
 */
async function connectRedis(url: string, connectTimeoutMs: number, logger: Logger): Promise<Redis> {
  const shown = redactedUrl(url);
  // Loaded only with REDIS_URL (50 ms of CPU at every start otherwise).
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: Math.min(connectTimeoutMs, 10_000),
    commandTimeout: COMMAND_TIMEOUT_MS,
    // On close, a socket that failed to connect never reports "close"; ioredis's default 2 s timer would keep Node alive.
    disconnectTimeout: 200,
    retryStrategy: (attempt: number) => Math.min(attempt * 250, MAX_RECONNECT_DELAY_MS),
  });
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.error(
      `Redis at ${shown} is unreachable (${error.message}); rate limits are counted in this process only until it is back. Check REDIS_URL and that Redis is running.`,
    );
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.warn(`Redis at ${shown} is reachable again; rate limits are shared between gateways again.`);
  });
  // Wait for the first outcome so that the first requests after start are counted in Redis, not in memory.
  await firstOutcome(client, connectTimeoutMs);
  return client;
}

/**
 * Creates the gateway's rate limiter: fixed windows of `windowSeconds`, `perAddress` requests per
 * client address and `perIdentity` per signed-in identity (`role:subject`); the public is limited
 * by address only, and a budget of 0 is off. With `redisUrl` the counters live in Redis and are
 * shared by every gateway replica (keys expire with their window); without it they live in this
 * process. If Redis goes away, each gateway keeps limiting with the same budgets in memory (an
 * insurance limiter) and goes back to Redis when it returns: the hub never stops answering nor
 * stops limiting because of Redis.
 *
 * Never throws: an unreachable Redis at start is logged, not fatal.
 */
export async function createRateLimiter(config: RateLimitConfig, redisUrl?: string, options: RateLimiterOptions = {}): Promise<RateLimiter> {
  const prefix = options.keyPrefix ?? 'osm-hub:rl';
  const logger = options.logger ?? createFallbackLogger('gateway');
  const redis = redisUrl ? await connectRedis(redisUrl, options.connectTimeoutMs ?? 3000, logger) : undefined;

  const budget = (kind: 'identity' | 'address' | 'writes', points: number, duration = config.windowSeconds): RateLimiterAbstract | undefined => {
    if (points <= 0) return undefined;
    const settings = { keyPrefix: `${prefix}:${kind}`, points, duration };
    const memory = new RateLimiterMemory(settings);
    return redis ? new RateLimiterRedis({ ...settings, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: memory }) : memory;
  };
  const byAddress = budget('address', config.perAddress);
  const byIdentity = budget('identity', config.perIdentity);
  const writes = budget('writes', config.publicWrites, config.publicWritesWindowSeconds);

  const spend = async (limiter: RateLimiterAbstract | undefined, key: string, refusal: (retryAfter: number) => string, points = 1): Promise<void> => {
    if (!limiter) return;
    try {
      await limiter.consume(key, points);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new RateLimitedError(refusal(retryAfter), retryAfter);
      }
      // Only reachable if both Redis and the insurance failed: let this request through, but say so.
      logger.error({ err: rejection }, 'rate limiter failed; the request was let through');
    }
  };

  let closed = false;
  return {
    consume: async (identity, address) => {
      await spend(
        byAddress,
        addressKey(address),
        (retryAfter) => `Too many requests from this address: ${config.perAddress} per ${config.windowSeconds} s. Retry after ${retryAfter} s.`,
      );
      if (identity.role === 'public') return;
      await spend(
        byIdentity,
        identityKey(identity),
        (retryAfter) =>
          `Too many requests for this signed-in identity: ${config.perIdentity} per ${config.windowSeconds} s. Retry after ${retryAfter} s.`,
      );
    },
    consumeWrites: async (identity, address, count) => {
      if (count < 1 || (identity.role !== 'public' && identity.role !== 'citizen')) return;
      const key = identity.role === 'citizen' ? `citizen:${identity.subject ?? ''}` : `address:${addressKey(address)}`;
      const who = identity.role === 'citizen' ? 'this citizen' : 'this address';
      await spend(
        writes,
        key,
        (retryAfter) =>
          `Too many comments, registrations, answers or other writes from ${who}: ${config.publicWrites} per ${Math.round(config.publicWritesWindowSeconds / 60)} min. Retry after ${retryAfter} s.`,
        count,
      );
    },
    ping: async () => {
      if (redis) await redis.ping();
    },
    close: async () => {
      if (closed || !redis) return;
      closed = true;
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}

/**
 * Express's `trust proxy` value for `TRUST_PROXY`: `true` trusts every proxy, a number trusts that
 * many hops, anything else is Express's list form (`loopback`, `10.0.0.0/8, 127.0.0.1`…).
 * Only trust proxies you run: a trusted X-Forwarded-For decides whose address budget is spent.
 */
export function trustProxySetting(value: string): boolean | number | string {
  const text = value.trim();
  if (text.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  return text;
}

/**
 * A pseudonymous key of a client address (SHA-256 of its {@link addressKey}, base64url), forwarded
 * to subgraphs as `Identity.client` on the writes of the public and of citizens, so participation
 * holds an anonymous person to one support per comment without storing the address itself.
 */
export function clientKeyOf(address: string): string {
  return createHash('sha256').update(`osm-hub-client:${addressKey(address)}`).digest('base64url').slice(0, 32);
}

/** What {@link publicWritesPlugin} reads from the gateway's context. */
interface WriterContext {
  readonly identity: Identity;
  readonly address?: string;
}

/**
 * Counts the writes of the public and of citizens once the operation is known: each top-level
 * field of a mutation (aliases included) spends one write of the client's budget
 * ({@link RateLimiter.consumeWrites}); the whole mutation is refused with `RATE_LIMITED` before
 * any subgraph is asked when it does not fit.
 */
export function publicWritesPlugin(limiter: RateLimiter): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ contextValue }) {
      const { identity, address } = contextValue as unknown as WriterContext;
      if (identity.role !== 'public' && identity.role !== 'citizen') return {};
      return {
        async didResolveOperation({ operation, document }) {
          if (operation?.operation !== 'mutation') return;
          const fragments = new Map(
            document.definitions
              .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
              .map((fragment) => [fragment.name.value, fragment]),
          );
          await limiter.consumeWrites(identity, address ?? 'unknown', rootFields(operation.selectionSet, fragments).length);
        },
      };
    },
  };
}

/**
 * For the public and citizens, the identity their mutations carry to subgraphs: theirs plus the
 * pseudonymous key of their address ({@link clientKeyOf}), signed on first use; none for officers
 * (their token's subject already identifies them). Reads never carry it, so they stay shareable.
 */
export function writeIdentityOf(identity: Identity, address: string, secret: Uint8Array): (() => Promise<string>) | undefined {
  if (identity.role !== 'public' && identity.role !== 'citizen') return undefined;
  let signed: Promise<string> | undefined;
  return () => (signed ??= signInternalIdentity({ ...identity, client: clientKeyOf(address) }, secret));
}
