import { causeCode, CodedError, ErrorCode } from './errors';
import { SUBGRAPH_NAMES, type SubgraphName } from './config';
import { IDENTITY_HEADER, signInternalIdentity, type Identity } from './identity';
import { REQUEST_ID_HEADER } from './masking';

/**
 * A subgraph asking another subgraph (its peer) over HTTP, as the gateway does: the caller's own
 * identity signed with the hub's internal secret, the request id forwarded, a bounded wait. Used
 * where a write must check a fact another subgraph owns (budget asks strategy which cluster a
 * strategic issue's plan belongs to); subgraphs never read each other's databases.
 */

/** Why a peer gave no usable answer; the same words as the gateway's `extensions.reason`. */
export type PeerFailure = 'TIMEOUT' | 'UNREACHABLE' | 'BAD_RESPONSE';

/**
 * A peer did not answer (down, timed out, answered with an error): `SUBGRAPH_UNAVAILABLE`, with
 * `serviceName` and `reason` as the gateway gives them.
 */
export class PeerUnavailableError extends CodedError {
  constructor(message: string, serviceName: SubgraphName, reason: PeerFailure) {
    super(message, ErrorCode.SUBGRAPH_UNAVAILABLE, 200, { serviceName, reason });
  }
}

/**
 * Where a process finds every subgraph's GraphQL endpoint: the configured URLs
 * (`config.subgraphs[name].url`, i.e. `<NAME>_URL` or host and port), replaced by the real ones
 * of the subgraphs this process started (port 0 gives a port only once listening) and, in the
 * embedded hub, of those the other worker threads started ({@link PeerDirectory.update}). Read at
 * each call, so a URL learnt after start is used.
 */
export class PeerDirectory {
  private readonly urls: Map<SubgraphName, string>;

  constructor(initial: Readonly<Partial<Record<SubgraphName, string>>>) {
    this.urls = new Map(SUBGRAPH_NAMES.flatMap((name) => (initial[name] ? [[name, initial[name]] as const] : [])));
  }

  /** The peer's endpoint, or undefined when none is known. */
  url(name: SubgraphName): string | undefined {
    return this.urls.get(name);
  }

  /** Records the real endpoints of subgraphs that started. */
  update(urls: Readonly<Partial<Record<string, string>>>): void {
    for (const name of SUBGRAPH_NAMES) {
      const url = urls[name];
      if (url) this.urls.set(name, url);
    }
  }

  /** Every known endpoint, e.g. to hand to a worker thread. */
  toRecord(): Partial<Record<SubgraphName, string>> {
    return Object.fromEntries(this.urls);
  }
}

/** How a subgraph reaches its peers: where they are, the secret to sign with, how long to wait. */
export interface PeerOptions {
  readonly directory: PeerDirectory;
  readonly internalSecret: Uint8Array;
  /** How long one lookup may take before it is abandoned as `SUBGRAPH_UNAVAILABLE`. */
  readonly timeoutMs: number;
}

/** A request's handle on the peers: queries run as the request's caller. */
export interface Peers {
  /**
   * Runs a query on a peer as the caller and returns its `data`.
   * @throws PeerUnavailableError when the peer is unknown, unreachable, slow, or answers with errors.
   */
  query<Data>(peer: SubgraphName, document: string, variables?: Record<string, unknown>): Promise<Data>;
}

/** Peers for requests that have none (scripts, the sample seed): every query is `SUBGRAPH_UNAVAILABLE`. */
export const NO_PEERS: Peers = {
  query: (peer) => Promise.reject(new PeerUnavailableError(`The ${peer} subgraph cannot be asked from here; nothing was written.`, peer, 'UNREACHABLE')),
};

/** Binds {@link PeerOptions} to one request's caller and request id. */
export function createPeers(options: PeerOptions | undefined, caller: { readonly identity: Identity; readonly requestId?: string }): Peers {
  if (!options) return NO_PEERS;
  return {
    async query<Data>(peer: SubgraphName, document: string, variables: Record<string, unknown> = {}): Promise<Data> {
      const url = options.directory.url(peer);
      const unavailable = (why: string, reason: PeerFailure) =>
        new PeerUnavailableError(`The ${peer} subgraph could not be asked (${why}); nothing was written. Retry later.`, peer, reason);
      if (!url) throw unavailable('its address is not configured', 'UNREACHABLE');
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json',
        [IDENTITY_HEADER]: await signInternalIdentity(caller.identity, options.internalSecret),
      };
      if (caller.requestId) headers[REQUEST_ID_HEADER] = caller.requestId;
      let response: Response;
      let body: { data?: Data | null; errors?: readonly { message?: string }[] };
      try {
        response = await fetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: document, variables }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        body = (await response.json()) as typeof body;
      } catch (error) {
        if ((error as Error)?.name === 'TimeoutError') throw unavailable(`no answer within ${options.timeoutMs} ms`, 'TIMEOUT');
        if (error instanceof SyntaxError) throw unavailable('its answer is not JSON', 'BAD_RESPONSE');
        throw unavailable(causeCode(error) ?? 'no answer', 'UNREACHABLE');
      }
      if (!response.ok) throw unavailable(`HTTP ${response.status}`, 'BAD_RESPONSE');
      if (body.errors?.length || !body.data) throw unavailable(`it answered with an error: ${body.errors?.[0]?.message ?? 'no data'}`, 'BAD_RESPONSE');
      return body.data;
    },
  };
}
