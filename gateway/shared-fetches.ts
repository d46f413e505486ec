import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { identityClassKey } from '../kit/identity';
import type { GatewayContext } from './server';

/** A fetch in flight that later identical queries may join. */
interface InFlight {
  /** The write generation the fetch started in; only queries of the same generation join it. */
  readonly generation: number;
  readonly answer: Promise<GatewayGraphQLResponse>;
  /** Callers that joined; when none did, the one who started it takes the answer without a copy. */
  joined: number;
  /** The answer as JSON text, written once before anyone could change the answer; each sharer parses its own copy. */
  text?: string;
}

/** A client operation in flight that later identical operations may join. */
interface OperationInFlight {
  /** The count of writes (to any subgraph) when it started; only operations of the same count join it. */
  readonly generation: number;
  /** Its answer as JSON text once it is answered, or undefined when that answer is not to be shared (errors). */
  readonly text: Promise<string | undefined>;
  /** Callers that joined; when none did, the answer is never written as text. */
  joined: number;
}

/**
 * The shared answer's JSON text, taken once per fetch. The first caller to resume writes it before
 * anyone has the answer's objects, so it is the answer as received. `http` (the fetch's response
 * object) is left out: nothing after the fetch reads it.
 */
function textOf(entry: InFlight, answer: GatewayGraphQLResponse): string {
  if (entry.text === undefined) {
    const { http: _http, ...body } = answer;
    entry.text = JSON.stringify(body);
  }
  return entry.text;
}

/**
 * Identical subgraph queries in flight at the same time share one fetch: when many clients ask the
 * same thing at once (every agency portal's dashboard at nine o'clock), each subgraph answers it
 * once, and every caller waiting on it gets its own copy of that answer.
 *
 * What keeps it correct:
 * - **Rights.** The key is the subgraph, the caller's rights class (`identityClassKey`: role and
 *   scope), the fetch's operation text and its variables. Callers whose rights differ never share
 *   an answer, even when they ask the same thing: a public caller never receives what OSM staff
 *   of a cluster may see.
 * - **Writes.** Only queries share; a mutation is always sent. Every mutation, when it is sent and
 *   when it is answered, starts a new write generation of its subgraph, and a query joins only a
 *   fetch started in its subgraph's current generation. So once a writer has its answer, no query it (or anyone) sends after
 *   that joins a fetch that started before the write: no stale read after a mutation through this
 *   gateway. A read that overlaps a write may see the state before or after it, as it would
 *   without sharing.
 * - **Copies.** Each caller that shares gets its own copy, parsed from the answer's JSON text
 *   (taken once per fetch; parsing it is about 1.8× cheaper than a structured clone of the
 *   objects): the gateway merges entity results into the objects it is given, and one caller's
 *   merge must not show in another's result.
 * - **Bounded.** Entries live only while their fetch is in flight; nothing is cached after the
 *   answer arrives.
 */
export class SharedFetches {
  /** Write generation of each subgraph: a subgraph's data changes only through its own mutations. */
  private readonly generations = new Map<string, number>();
  private readonly inFlight = new Map<string, InFlight>();
  /** Writes to any subgraph so far: the generation of whole operations, which may read from every subgraph. */
  private writes = 0;
  private readonly operations = new Map<string, OperationInFlight>();

  /** Queries in flight that others may join (for tests and metrics). */
  get size(): number {
    return this.inFlight.size;
  }

  /**
   * A mutation of `subgraph` was sent or answered: queries to it after this never join fetches
   * that started before. Other subgraphs' queries keep sharing: each subgraph owns its data, and
   * only its own mutations change it.
   */
  noteWrite(subgraph: string): void {
    this.generations.set(subgraph, (this.generations.get(subgraph) ?? 0) + 1);
    this.writes += 1;
  }

  /**
   * The answer (JSON text) of the client operation in flight under `key` if it started after the
   * last write to any subgraph; undefined when there is none. The promise resolves with undefined
   * when that operation's answer is not to be shared: the caller then runs its own.
   */
  joinOperation(key: string): Promise<string | undefined> | undefined {
    const existing = this.operations.get(key);
    if (!existing || existing.generation !== this.writes) return undefined;
    existing.joined += 1;
    return existing.text;
  }

  /**
   * Lets identical operations join this caller's until it calls the returned function with a way
   * to write its answer as JSON text (undefined: not to be shared), which also ends the joining.
   * It must be called. The text is written only when someone joined.
   */
  leadOperation(key: string): (answer: (() => string) | undefined) => void {
    let settle!: (text: string | undefined) => void;
    const entry: OperationInFlight = { generation: this.writes, text: new Promise((resolve) => (settle = resolve)), joined: 0 };
    this.operations.set(key, entry);
    return (answer) => {
      // A newer generation's operation may have taken the key meanwhile: remove only this one. No
      // one can join after this, in the same turn as the count is read.
      if (this.operations.get(key) === entry) this.operations.delete(key);
      settle(entry.joined > 0 && answer ? answer() : undefined);
    };
  }

  /**
   * Answers with the fetch already in flight under `key` (which names `subgraph`) in the
   * subgraph's current write generation, or starts
   * `fetch` and lets others join it until it ends.
   *
   * @param onShared called when this call joined a fetch instead of sending its own.
   */
  async run(subgraph: string, key: string, fetch: () => Promise<GatewayGraphQLResponse>, onShared: () => void): Promise<GatewayGraphQLResponse> {
    const generation = this.generations.get(subgraph) ?? 0;
    const existing = this.inFlight.get(key);
    if (existing && existing.generation === generation) {
      existing.joined += 1;
      onShared();
      return JSON.parse(textOf(existing, await existing.answer)) as GatewayGraphQLResponse;
    }
    const entry: InFlight = { generation, answer: fetch(), joined: 0 };
    this.inFlight.set(key, entry);
    try {
      const answer = await entry.answer;
      // Checked in the same turn as the entry is removed below, so no one can join after it. When
      // others joined, the text is taken before this caller gets the objects to change.
      if (entry.joined > 0) textOf(entry, answer);
      return answer;
    } finally {
      // A newer generation's fetch may have taken the key meanwhile: remove only this one.
      if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
    }
  }
}

/**
 * Identical client queries in flight at the same time share one execution: the first runs (its
 * subgraph fetches, the gateway's merging and shaping of their results) and the callers that ask
 * the same while it runs get a copy of its answer. The same rules as {@link SharedFetches}, one level
 * up:
 * - **Rights.** The key is the caller's rights class (`identityClassKey`), the operation's document
 *   (its hash), its name and its variables.
 * - **Writes.** Only queries share. A write to any subgraph, when it is sent and when it is
 *   answered, ends the joining of every operation that started before it (an operation may read
 *   from any subgraph): no stale read after a mutation through this gateway.
 * - **Only whole answers.** An answer with errors, or delivered in parts (`@defer`), is not shared:
 *   callers that waited for it run their own. Each caller still passes the gateway's own checks
 *   (token, rate limits, the operation's cost and depth) before it can join.
 * - **Copies, bounded.** Each joiner parses its own copy of the answer's JSON text; entries live
 *   only while their operation runs.
 *
 * @param onJoined called for each operation that joins another (before that one's answer is in).
 */
export function sharedOperationsPlugin(shared: SharedFetches, onJoined: () => void): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let settle: ((answer: (() => string) | undefined) => void) | undefined;
      return {
        async responseForOperation({ operation, queryHash, operationName, request, contextValue }) {
          if (operation.operation !== 'query' || !contextValue.identity) return null;
          const key = [identityClassKey(contextValue.identity), queryHash, operationName ?? '', JSON.stringify(request.variables ?? {})].join('\n');
          const joined = shared.joinOperation(key);
          if (!joined) {
            settle = shared.leadOperation(key);
            return null;
          }
          onJoined();
          const text = await joined;
          if (text === undefined) return null;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: JSON.parse(text) } };
        },
        async willSendResponse({ response }) {
          if (!settle) return;
          const { body } = response;
          settle(body.kind === 'single' && !body.singleResult.errors ? () => JSON.stringify(body.singleResult) : undefined);
          settle = undefined;
        },
      };
    },
  };
}
