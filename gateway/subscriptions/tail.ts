import type { GraphQLSchema } from 'graphql';
import { signInternalIdentity, IDENTITY_HEADER } from '../../kit/identity';
import type { Logger } from '../../kit/logger';
import type { EventField, LogEvent } from './registry';

/** Entries one log read returns at most (the subgraph's own cap). */
export const LOG_PAGE = 200;

/** How often the tailer reads the log even without a notice (a lost notice costs at most this delay). */
export const DEFAULT_POLL_MS = 2000;

/** Reads an event field's log from the subgraph that owns it. */
export interface LogReader {
  /** Entries after `after` (oldest first, at most `limit`) matching the route's log arguments. */
  read(after: bigint, logArguments: Readonly<Record<string, unknown>>, limit?: number): Promise<LogEvent[]>;
  /** The highest sequence stored. */
  head(): Promise<bigint>;
}

/** A log read that failed: the subgraph did not answer or refused. */
export class LogReadError extends Error {}

/** How long one log read may take. */
const LOG_TIMEOUT_MS = 10_000;
/** The tailer's signed identity is renewed after this long (it is valid for five minutes). */
const IDENTITY_RENEW_MS = 4 * 60 * 1000;

/**
 * Creates the reader of `spec`'s log at `url` (the owning subgraph's `/graphql`). It signs itself
 * as an admin (`gateway-subscriptions`): the log fields are `@inaccessible` to clients and refused
 * to anyone but an admin by the subgraph. Variable types come from the supergraph's log field.
 */
export function createLogReader(spec: EventField, url: string, supergraph: GraphQLSchema, internalSecret: Uint8Array): LogReader {
  const args = supergraph.getQueryType()?.getFields()[spec.logField]?.args ?? [];
  const typeOf = new Map(args.map((arg) => [arg.name, String(arg.type)]));
  let identity: { token: Promise<string>; signedAt: number } | undefined;
  const signed = () => {
    if (!identity || Date.now() - identity.signedAt > IDENTITY_RENEW_MS) {
      identity = { token: signInternalIdentity({ role: 'admin', subject: 'gateway-subscriptions' }, internalSecret), signedAt: Date.now() };
    }
    return identity.token;
  };
  const post = async (query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> => {
    let body: { data?: Record<string, unknown> | null; errors?: { message: string }[] };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await signed() },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(LOG_TIMEOUT_MS),
      });
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw new LogReadError(`the ${spec.subgraph} subgraph could not be read (${(error as Error).message})`);
    }
    if (body.errors?.length || !body.data) throw new LogReadError(`the ${spec.subgraph} subgraph refused the log read: ${body.errors?.[0]?.message ?? 'no data'}`);
    return body.data;
  };
  return {
    async read(after, logArguments, limit = LOG_PAGE) {
      const variables: Record<string, unknown> = { ...logArguments, after: after.toString(), limit };
      const names = Object.keys(variables).filter((name) => typeOf.has(name));
      const query = `query HubEventLog(${names.map((name) => `$${name}: ${typeOf.get(name)}`).join(', ')}) { log: ${spec.logField}(${names
        .map((name) => `${name}: $${name}`)
        .join(', ')}) { ${spec.logSelection} } }`;
      const data = await post(query, Object.fromEntries(names.map((name) => [name, variables[name]])));
      return (data.log as Record<string, unknown>[]).map((entry) => spec.eventOf(entry));
    },
    async head() {
      const data = await post(`query HubEventLogHead { head: ${spec.headField} }`, {});
      return BigInt(data.head as string);
    },
  };
}

/**
 * Follows one event log and hands every event to its listeners exactly once, in sequence order.
 * It keeps a high-water mark (`hw`, the last sequence accepted). A notice from the bus is taken as
 * it is when it is the very next sequence (`hw + 1`: the subgraph commits in sequence order, so
 * nothing can come between); otherwise (a gap from a rolled-back insert, a notice out of order,
 * another replica) it reads the log after `hw`, which is ordered and gap-free. A poll every
 * `pollMs` reads it too, so a lost notice delays an event and never loses it.
 */
export class Tailer {
  /** The last sequence accepted; -1 until {@link start} read the head. */
  hw = -1n;
  private readonly listeners = new Set<(event: LogEvent) => void>();
  private starting?: Promise<void>;
  private reading?: Promise<void>;
  private readAgain = false;
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private closed = false;

  constructor(
    private readonly reader: LogReader,
    private readonly subscribeToBus: (listener: (event: LogEvent) => void) => () => void,
    private readonly logger: Logger,
    private readonly pollMs = DEFAULT_POLL_MS,
  ) {}

  /** Reads the head and starts following (once; retried by the next call when the subgraph did not answer). */
  start(): Promise<void> {
    this.starting ??= (async () => {
      const head = await this.reader.head();
      if (this.closed) return;
      this.hw = head;
      this.unsubscribe = this.subscribeToBus((event) => this.notice(event));
      this.timer = setInterval(() => void this.catchUp(), this.pollMs);
      this.timer.unref();
    })().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  /** Calls `listener` with each event accepted from now on; returns the unsubscribe. */
  onEvent(listener: (event: LogEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the log after `hw` until it is exhausted; concurrent calls share one read (and ask for one more). */
  catchUp(): Promise<void> {
    if (this.hw < 0n || this.closed) return Promise.resolve();
    if (this.reading) {
      this.readAgain = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.readAgain = false;
        let page: LogEvent[];
        do {
          page = await this.reader.read(this.hw, {});
          for (const event of page) if (event.sequence > this.hw) this.accept(event);
        } while (page.length === LOG_PAGE && !this.closed);
      } while (this.readAgain && !this.closed);
    })()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'subscriptions: the event log could not be read; retrying at the next poll'))
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }

  /** Stops following. */
  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    this.listeners.clear();
  }

  private notice(event: LogEvent): void {
    if (this.hw < 0n || event.sequence <= this.hw) return;
    if (event.sequence === this.hw + 1n) this.accept(event);
    else void this.catchUp();
  }

  private accept(event: LogEvent): void {
    this.hw = event.sequence;
    for (const listener of this.listeners) listener(event);
  }
}
