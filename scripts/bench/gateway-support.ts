import { subscribe } from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import { jwtVerify } from 'jose';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../kit/config';
import { identityFromClaims, signInternalIdentity } from '../../kit/identity';
import { PROJECT_ROOT } from '../../kit/paths';

/**
 * What the two comparison gateways of the bench (./bare-gateway.ts, ./hive-gateway.ts) share: their
 * environment, the supergraph pointed at the bench's subgraphs, the identity forwarding the
 * subgraphs require, and a guard that no connection leaves loopback.
 */

/** The settings of a comparison gateway, from the same variables our gateway reads. */
export interface ComparisonGatewayEnv {
  /** `PORT`. */
  readonly port: number;
  /** `schema/supergraph.graphql` with each subgraph's URL replaced by `<NAME>_URL`. */
  readonly supergraphSdl: string;
  /** Turns an `Authorization` header into the `x-osm-identity` value to forward (undefined: public). */
  readonly forwardIdentity: (authorization: string | null | undefined) => Promise<string | undefined>;
}

/**
 * Reads `PORT`, `JWT_SECRET`, `HUB_INTERNAL_SECRET` and `STRATEGY_URL` … `PARTICIPATION_URL`.
 *
 * @throws Error naming every missing variable.
 */
export function readComparisonGatewayEnv(env: NodeJS.ProcessEnv): ComparisonGatewayEnv {
  const missing = ['PORT', 'JWT_SECRET', 'HUB_INTERNAL_SECRET', ...SUBGRAPH_NAMES.map((name) => `${name.toUpperCase()}_URL`)].filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`a bench gateway needs ${missing.join(', ')}; scripts/bench.ts sets them.`);
  const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, env[`${name.toUpperCase()}_URL`] as string])) as Record<SubgraphName, string>;
  return {
    port: Number(env.PORT),
    supergraphSdl: supergraphWithUrls(readFileSync(path.join(PROJECT_ROOT, 'schema', 'supergraph.graphql'), 'utf8'), urls),
    forwardIdentity: createIdentityForwarder(env.JWT_SECRET as string, env.HUB_INTERNAL_SECRET as string),
  };
}

/**
 * Replaces the `url` of each `@join__graph(name: "<name>", url: "…")` of a supergraph with `urls[name]`.
 *
 * @throws Error when a subgraph of `urls` is not in the supergraph.
 */
export function supergraphWithUrls(supergraphSdl: string, urls: Partial<Record<SubgraphName, string>>): string {
  let sdl = supergraphSdl;
  for (const [name, url] of Object.entries(urls)) {
    const pattern = new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`);
    if (!pattern.test(sdl)) throw new Error(`the supergraph has no subgraph "${name}"`);
    sdl = sdl.replace(pattern, `$1${url}$2`);
  }
  return sdl;
}

/**
 * The minimum a gateway must do for the hub's subgraphs: verify the caller's HS256 bearer token
 * (signature, `exp`) and forward the identity signed with the internal secret, as our gateway does
 * (`signInternalIdentity`). Without a header the caller is public and nothing is forwarded.
 *
 * @throws Error for a header that is not a valid bearer token.
 */
export function createIdentityForwarder(jwtSecret: string, internalSecret: string): ComparisonGatewayEnv['forwardIdentity'] {
  const verifyKey = new TextEncoder().encode(jwtSecret);
  const signKey = new TextEncoder().encode(internalSecret);
  return async (authorization) => {
    if (!authorization) return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw new Error('The Authorization header must be "Bearer <token>".');
    const { payload } = await jwtVerify(match[1], verifyKey, { algorithms: ['HS256'], requiredClaims: ['exp'] });
    return signInternalIdentity(identityFromClaims(payload), signKey);
  };
}

/** True for an address on this machine's loopback interface. */
export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address.startsWith('127.') || address === '::1' || address === '::ffff:127.0.0.1');
}

/**
 * Watches every outgoing TCP connection of the process (Node's `net.client.socket` channel, which
 * `http`, `fetch` and undici all go through) and destroys, with a line on standard error, any
 * that connects outside loopback. The bench's gateways must not talk to anything but the subgraphs.
 */
export function installLoopbackGuard(name: string): void {
  subscribe('net.client.socket', (message) => {
    const { socket } = message as { socket: Socket };
    socket.once('connect', () => {
      if (isLoopback(socket.remoteAddress)) return;
      console.error(`${name}: refused a connection outside loopback, to ${socket.remoteAddress}:${socket.remotePort}`);
      socket.destroy();
    });
  });
}
