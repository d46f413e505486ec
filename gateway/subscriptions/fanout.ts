import type { GraphQLDataSource } from '@apollo/gateway';
import { GraphQLError, type DocumentNode, type FormattedExecutionResult } from 'graphql';
import { ErrorCode } from '../../kit/errors';
import { identityClassKey, signInternalIdentity, type Identity } from '../../kit/identity';
import type { Logger } from '../../kit/logger';
import { EventFetchMemo, executeEvent, type GatewaySchemas, type PlannedSubscription } from './plan';
import type { EventField, LogEvent, Route } from './registry';
import { LOG_PAGE, LogReadError, type LogReader, type Tailer } from './tail';

/**
 * Fan-out of events to subscribers. Subscribers with the same identity class, document,
 * operation name, variables (cursor excluded) and route form a *group*; the group runs the plan once
 * per event and every member gets the same formatted result, so 1,000 subscribers with one
 * selection and one set of rights cost one fetch per subgraph per event. Each member has a position
 * (`pos`, the last sequence it was given); live delivery gives it only events after `pos`, and a
 * member resuming with `after` catches up from the log first (see {@link SubscriptionFanout.join}).
 */

/**
 * A group's result for one event, serialised once: every member gets this very object, and a
 * transport writes `json` (or `bytes`, its UTF-8) into its own frame instead of serialising the
 * result again per subscriber.
 */
export interface SharedResult {
  readonly result: FormattedExecutionResult;
  /** `JSON.stringify(result)`: one line (JSON text never holds a raw newline), so an SSE `data:` field takes it as it is. */
  readonly json: string;
  /** `json` as UTF-8. */
  readonly bytes: Buffer;
}

/** One result for a subscriber, with the sequence of the event it is for (SSE's event id). */
export interface Delivery extends SharedResult {
  readonly sequence: bigint;
}

/**
 * Writes one result straight to a subscriber's connection (ws.ts: a graphql-ws `next` frame carrying
 * the subscriber's own operation id around the shared `bytes`); calls `done` once the frame left the
 * process (or could not be written because the connection closed).
 */
export type SubscriberWriter = (shared: SharedResult, sequence: bigint, done: () => void) => void;

/** Live members given an event before the fan-out yields to the event loop (so pings, queries and other groups are not held up by a big group). */
const FANOUT_CHUNK = 500;

/** Live results one subscriber may have waiting by default (`SUBSCRIPTION_MAX_QUEUED`). */
export const DEFAULT_MAX_QUEUED = 1000;

/** Results a group keeps per recent event (a reconnect storm reuses them). */
const GROUP_RESULTS = 64;
/** A class's signed identity is renewed after this long (it is valid for five minutes). */
const IDENTITY_RENEW_MS = 4 * 60 * 1000;

/**
 * One subscriber's stream, in one of two modes:
 * - **written** (WebSockets: the request has a {@link SubscriberWriter}): each result is written to
 *   the connection as it comes, and `pending` counts the frames not yet handed to the kernel (a
 *   client that stops reading makes it grow). The iterator graphql-ws gets never yields a result: it
 *   only ends (the operation completes) or throws (its `error`), and its `return()` ends the member.
 * - **pulled** (SSE): results queue here and the transport takes them one at a time, writing the
 *   next once the previous one left.
 * Live delivery is bounded either way: a live result that would make more than `maxQueued` results
 * wait ends the stream and calls `overflow` (ws.ts closes the socket with 1013, and the client
 * resumes with `after`). Replay from the log is paced instead: a page is read only once the client
 * took everything waiting.
 */
class Member {
  pos: bigint;
  live = false;
  closed = false;
  private readonly queue: Delivery[] = [];
  /** Written mode: frames handed to the connection and not yet flushed. */
  private pending = 0;
  private readonly sent = () => {
    this.pending -= 1;
    if (this.pending === 0) this.signalEmpty();
  };
  private waiting?: (result: IteratorResult<Delivery>) => void;
  private failure?: GraphQLError;
  private failed?: (error: unknown) => void;
  private emptied?: () => void;

  constructor(
    readonly group: Group,
    after: bigint,
    private readonly onEnd: (member: Member) => void,
    private readonly maxQueued: number,
    private readonly overflow?: () => void,
    private readonly writer?: SubscriberWriter,
  ) {
    this.pos = after;
  }

  push(shared: SharedResult, sequence: bigint): void {
    if (this.closed) return;
    if (this.writer) {
      if (this.live && this.pending >= this.maxQueued) {
        this.end();
        this.overflow?.();
        return;
      }
      this.pending += 1;
      this.writer(shared, sequence, this.sent);
      return;
    }
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      this.failed = undefined;
      resolve({ value: { ...shared, sequence }, done: false });
      return;
    }
    if (this.live && this.queue.length >= this.maxQueued) {
      this.end();
      this.overflow?.();
      return;
    }
    this.queue.push({ ...shared, sequence });
  }

  /** Results waiting for the client. */
  get queued(): number {
    return this.writer ? this.pending : this.queue.length;
  }

  /** Resolves once the client has taken every waiting result (or the stream ended). */
  drained(): Promise<void> {
    if (this.queued === 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.emptied = resolve;
    });
  }

  private signalEmpty(): void {
    const resolve = this.emptied;
    this.emptied = undefined;
    resolve?.();
  }

  /** Ends the stream with an error (sent to the client as the operation's `error`). */
  fail(error: GraphQLError): void {
    if (this.closed) return;
    const reject = this.failed;
    this.waiting = undefined;
    this.failed = undefined;
    if (reject) reject(error);
    else this.failure = error;
    this.end();
  }

  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.onEnd(this);
    const resolve = this.waiting;
    this.waiting = undefined;
    this.failed = undefined;
    resolve?.({ value: undefined, done: true });
    this.signalEmpty();
  }

  /** The results with their sequences (SSE). */
  deliveries(): AsyncIterableIterator<Delivery> {
    const next = (): Promise<IteratorResult<Delivery>> => {
      const queued = this.queue.shift();
      if (this.queue.length === 0) this.signalEmpty();
      if (queued) return Promise.resolve({ value: queued, done: false });
      if (this.failure) {
        const error = this.failure;
        this.failure = undefined;
        return Promise.reject(error);
      }
      if (this.closed) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => {
        this.waiting = resolve;
        this.failed = reject;
      });
    };
    const iterator: AsyncIterableIterator<Delivery> = {
      next,
      return: async () => {
        this.end();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** The results alone (graphql-ws; in written mode it never yields one, see the class). */
  iterator(): AsyncIterableIterator<FormattedExecutionResult> {
    const deliveries = this.deliveries();
    const iterator: AsyncIterableIterator<FormattedExecutionResult> = {
      next: async () => {
        const next = await deliveries.next();
        return next.done ? { value: undefined, done: true } : { value: next.value.result, done: false };
      },
      return: async () => {
        this.end();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Whether a live event `sequence` is still to be given to this member. */
  awaits(sequence: bigint): boolean {
    return this.live && !this.closed && this.pos < sequence;
  }
}

/** Subscribers sharing one execution per event. */
interface Group {
  readonly key: string;
  readonly spec: EventField;
  readonly planned: PlannedSubscription;
  readonly route: Route;
  readonly identityClass: string;
  readonly identity: Identity;
  readonly document: DocumentNode;
  readonly operationName?: string;
  readonly variables: Record<string, unknown>;
  readonly members: Set<Member>;
  readonly results: Map<string, Promise<SharedResult>>;
  chain: Promise<void>;
}

/** What a subscription joins with, once parsed, authorised and planned (see ws.ts). */
export interface JoinRequest {
  readonly spec: EventField;
  readonly planned: PlannedSubscription;
  readonly route: Route;
  /** The identity the group's fetches run as: the caller's role and scope, without the subject. */
  readonly identity: Identity;
  /** The document without the cursor argument. */
  readonly document: DocumentNode;
  /** The printed document (part of the group key). */
  readonly documentText: string;
  readonly operationName?: string;
  /** The variables without the cursor's. */
  readonly variables: Record<string, unknown>;
  /** The last sequence the client saw; null to start live. */
  readonly after: bigint | null;
  /** Called when the subscriber fell more than `maxQueued` results behind and its stream was ended. */
  readonly overflow?: () => void;
  /** Writes results straight to the connection (written mode, see {@link Member}); without it the stream is pulled. */
  readonly write?: SubscriberWriter;
}

/** What the fan-out needs. */
export interface FanoutOptions {
  readonly schemas: GatewaySchemas;
  /** The gateway's data sources by subgraph name (the same pools and breakers as HTTP). */
  readonly sources: Readonly<Record<string, GraphQLDataSource>>;
  readonly tailers: ReadonlyMap<string, Tailer>;
  readonly readers: ReadonlyMap<string, LogReader>;
  readonly internalSecret: Uint8Array;
  readonly formatError: (error: GraphQLError) => NonNullable<FormattedExecutionResult['errors']>[number];
  /** Counts open subscriptions (the `hub_open_subscriptions` gauge). */
  readonly opened: (delta: number) => void;
  /** Live results one subscriber may have waiting to be sent before it is ended as too slow (default {@link DEFAULT_MAX_QUEUED}). */
  readonly maxQueued?: number;
  readonly logger: Logger;
}

/** The identity class of an identity: role and scope (`osm-staff:N1`, `admin`); nothing is shared across classes. */
export function identityClassOf(identity: Identity): { key: string; identity: Identity } {
  const classIdentity: Identity = Object.freeze({
    role: identity.role,
    subject: `subscriptions:${identity.role}`,
    ...(identity.clusterCode ? { clusterCode: identity.clusterCode } : {}),
    ...(identity.provinceCode ? { provinceCode: identity.provinceCode } : {}),
    ...(identity.agencyCode ? { agencyCode: identity.agencyCode } : {}),
  });
  return { key: identityClassKey(identity), identity: classIdentity };
}

/** The error a subscription ends with when the event log cannot be read. */
function unavailable(subgraph: string): GraphQLError {
  return new GraphQLError(`The ${subgraph} subgraph could not be read to deliver this subscription; subscribe again with after set to the last sequence you received.`, {
    extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName: subgraph },
  });
}

/** Groups, members and the dispatch of events to them. */
export class SubscriptionFanout {
  private readonly groups = new Map<string, Group>();
  private readonly memo = new EventFetchMemo();
  private readonly signed = new Map<string, { token: Promise<string>; signedAt: number }>();
  private readonly stops: (() => void)[] = [];

  constructor(private readonly options: FanoutOptions) {
    for (const [field, tailer] of options.tailers) this.stops.push(tailer.onEvent((event) => this.dispatch(field, event)));
  }

  /** Open subscriptions. */
  get size(): number {
    let size = 0;
    for (const group of this.groups.values()) size += group.members.size;
    return size;
  }

  /**
   * Adds a subscriber and returns its stream. With `after`, it first replays the matching events
   * stored after it (pages of the log, oldest first), then joins live in the same synchronous step
   * that finds it has caught up with the tailer, so no event slips between the two and none comes twice.
   */
  join(request: JoinRequest): AsyncIterableIterator<FormattedExecutionResult> {
    return this.add(request).iterator();
  }

  /** As {@link join}, each result with the sequence of its event (SSE's event ids). */
  joinWithSequences(request: JoinRequest): AsyncIterableIterator<Delivery> {
    return this.add(request).deliveries();
  }

  private add(request: JoinRequest): Member {
    const tailer = this.options.tailers.get(request.spec.field) as Tailer;
    const identityClass = identityClassOf(request.identity);
    const key = [identityClass.key, request.route.key, request.operationName ?? '', JSON.stringify(request.variables), request.documentText].join('\n');
    let group = this.groups.get(key);
    if (!group) {
      group = {
        key,
        spec: request.spec,
        planned: request.planned,
        route: request.route,
        identityClass: identityClass.key,
        identity: identityClass.identity,
        document: request.document,
        operationName: request.operationName,
        variables: request.variables,
        members: new Set(),
        results: new Map(),
        chain: Promise.resolve(),
      };
      this.groups.set(key, group);
    }
    const member = new Member(group, request.after ?? tailer.hw, (ended) => this.leave(ended), this.options.maxQueued ?? DEFAULT_MAX_QUEUED, request.overflow, request.write);
    group.members.add(member);
    this.options.opened(1);
    void this.catchUp(member, tailer);
    return member;
  }

  /** Ends every subscription (the gateway is closing). */
  close(): void {
    for (const stop of this.stops) stop();
    for (const group of [...this.groups.values()]) for (const member of [...group.members]) member.end();
  }

  private leave(member: Member): void {
    const group = member.group;
    if (!group.members.delete(member)) return;
    this.options.opened(-1);
    if (group.members.size === 0 && this.groups.get(group.key) === group) this.groups.delete(group.key);
  }

  private async catchUp(member: Member, tailer: Tailer): Promise<void> {
    const { group } = member;
    const reader = this.options.readers.get(group.spec.field) as LogReader;
    try {
      while (!member.closed) {
        // Paced by the client: the next page (or going live) only once it took what is queued.
        if (member.queued > 0) {
          await member.drained();
          if (member.closed) return;
        }
        if (member.pos >= tailer.hw) {
          member.live = true;
          return;
        }
        const hwAtStart = tailer.hw;
        const page = await reader.read(member.pos, group.route.logArguments);
        for (const event of page) {
          if (member.closed) return;
          if (event.sequence <= member.pos) continue;
          const result = await this.resultFor(group, event);
          if (member.closed) return;
          member.pos = event.sequence;
          member.push(result, event.sequence);
        }
        // A short page read after hwAtStart holds every matching event up to it (commit order = sequence order).
        if (page.length < LOG_PAGE && hwAtStart > member.pos) member.pos = hwAtStart;
      }
    } catch (error) {
      if (!(error instanceof LogReadError)) this.options.logger.error({ err: error }, 'subscriptions: a resume failed');
      member.fail(unavailable(group.spec.subgraph));
    }
  }

  private dispatch(field: string, event: LogEvent): void {
    for (const group of this.groups.values()) {
      if (group.spec.field !== field || !group.route.matches(event)) continue;
      let awaited = false;
      for (const member of group.members) {
        if (member.awaits(event.sequence)) {
          awaited = true;
          break;
        }
      }
      if (!awaited) continue;
      const timing = { accepted: performance.now(), ready: 0 };
      const result = this.resultFor(group, event);
      void result.then(() => (timing.ready = performance.now()));
      group.chain = group.chain
        .then(async () => this.deliver(group, await result, event.sequence, timing))
        .catch((error: unknown) => this.options.logger.error({ err: error, sequence: event.sequence.toString() }, 'subscriptions: an event could not be delivered'));
    }
  }

  /**
   * Gives one event's shared result to every live member of a group that has not had it, in chunks
   * of {@link FANOUT_CHUNK} with a turn of the event loop between them. The group's chain runs this
   * for one event at a time, so members still get events in order. A member that joins during a
   * pause has `pos` at the tailer's mark (at or past this event) and is skipped.
   *
   * At debug level it logs where the event's time went in this process, from the tailer taking it
   * (`acceptedAt`, wall clock in ms): `executeMs` until the group's result was ready, `startMs` until
   * its fan-out began (later than ready when the group's previous event was still being given out),
   * `deliveredMs` until the last member's frame was handed to its connection. The bench reads these.
   */
  private async deliver(group: Group, shared: SharedResult, sequence: bigint, timing: { readonly accepted: number; readonly ready: number }): Promise<void> {
    const start = performance.now();
    let given = 0;
    for (const member of group.members) {
      if (!member.awaits(sequence)) continue;
      member.pos = sequence;
      member.push(shared, sequence);
      given += 1;
      if (given % FANOUT_CHUNK === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    if (this.options.logger.isLevelEnabled('debug')) {
      this.options.logger.debug(
        {
          sequence: sequence.toString(),
          subscribers: given,
          acceptedAt: performance.timeOrigin + timing.accepted,
          executeMs: timing.ready - timing.accepted,
          startMs: start - timing.accepted,
          deliveredMs: performance.now() - timing.accepted,
        },
        'subscriptions: event delivered',
      );
    }
  }

  /** The group's result for `event`: executed and serialised once, kept for the last {@link GROUP_RESULTS} events. */
  private resultFor(group: Group, event: LogEvent): Promise<SharedResult> {
    const sequence = event.sequence.toString();
    let result = group.results.get(sequence);
    if (!result) {
      result = this.execute(group, event).then((executed) => {
        const json = JSON.stringify(executed);
        return { result: executed, json, bytes: Buffer.from(json) };
      });
      group.results.set(sequence, result);
      if (group.results.size > GROUP_RESULTS) group.results.delete(group.results.keys().next().value as string);
    }
    return result;
  }

  private async execute(group: Group, event: LogEvent): Promise<FormattedExecutionResult> {
    try {
      const result = await executeEvent({
        planned: group.planned,
        event: { sequence: event.sequence.toString(), id: event.id },
        entity: group.spec.entity,
        key: group.spec.key,
        variables: group.variables,
        context: { identity: group.identity, forwardedIdentity: await this.sign(group), requestId: `subscription-${event.sequence}` },
        identityClass: group.identityClass,
        schemas: this.options.schemas,
        sources: this.options.sources,
        memo: this.memo,
        document: group.document,
        operationName: group.operationName,
      });
      return {
        ...(result.data === undefined ? {} : { data: result.data as FormattedExecutionResult['data'] }),
        ...(result.errors?.length ? { errors: result.errors.map((error) => this.options.formatError(error as GraphQLError)) } : {}),
      };
    } catch (error) {
      return { data: null, errors: [this.options.formatError(error instanceof GraphQLError ? error : new GraphQLError((error as Error).message, { originalError: error as Error }))] };
    }
  }

  /** The gateway-signed identity of a group's class, renewed before it expires. */
  private sign(group: Group): Promise<string> {
    let signed = this.signed.get(group.identityClass);
    if (!signed || Date.now() - signed.signedAt > IDENTITY_RENEW_MS) {
      signed = { token: signInternalIdentity(group.identity, this.options.internalSecret), signedAt: Date.now() };
      this.signed.set(group.identityClass, signed);
    }
    return signed.token;
  }
}
