import type express from 'express';
import { GraphQLError, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { print as printMessage, type ExecutionResult } from 'graphql-sse';
import { decodeJwt } from 'jose';
import type { SubscriptionsConfig } from '../../kit/config';
import { BadRequestError, CodedError, ErrorCode } from '../../kit/errors';
import type { Identity } from '../../kit/identity';
import type { Logger } from '../../kit/logger';
import type { Authenticator } from '../auth';
import type { RateLimiter } from '../rate-limit';
import type { Delivery, JoinRequest } from './fanout';

/**
 * Subscriptions over Server-Sent Events: the graphql-sse protocol's "distinct connections" mode
 * (one subscription per HTTP request) at `/graphql`, for requests that accept `text/event-stream`.
 *
 * - The operation comes as graphql-sse sends it: a POST with the JSON body `{ query, variables,
 *   operationName, extensions }`, or a GET with those as query-string parameters (`variables` and
 *   `extensions` as JSON text). Only subscriptions are served; a query or mutation gets 400
 *   `BAD_REQUEST` (send it without `Accept: text/event-stream`).
 * - The token is the `Authorization: Bearer …` header, as for HTTP: an invalid one gets 401
 *   `UNAUTHENTICATED`; none is the public (`alertRaised` then gets 401 `UNAUTHENTICATED`).
 * - Anything refused before the stream starts is an HTTP error with the hub's JSON body
 *   `{ errors: [{ message, extensions: { code } }] }`: 401 `UNAUTHENTICATED`, 403 `FORBIDDEN`, 429
 *   `RATE_LIMITED` (request budget, or connections per identity), 503 `SUBGRAPH_UNAVAILABLE`,
 *   400 for the rest (validation, `BAD_USER_INPUT`, `BAD_REQUEST`). An EventSource does not retry those.
 * - Each result is an `event: next` with `id: <sequence>` (the alert's `sequence`), so a reconnecting
 *   client sends `Last-Event-ID`, which the gateway takes as `after`; it wins over an `after` in the
 *   request, which a reconnecting EventSource repeats unchanged. Resume is exact as with `after`.
 * - The stream ends with `event: complete` after an `event: next` carrying `errors` when the token
 *   expires (`UNAUTHENTICATED`) or the event log cannot be read (`SUBGRAPH_UNAVAILABLE`). It ends
 *   without `complete` (the client reconnects with `Last-Event-ID`) when the gateway closes, or when
 *   the client reads more slowly than events come (more than `SUBSCRIPTION_MAX_QUEUED` waiting); the
 *   last line of a slow client's stream is then the comment {@link slowClientComment}.
 * - Each stream counts as one connection of its identity (the public: its client address) towards
 *   `SUBSCRIPTION_MAX_CONNECTIONS_PER_IDENTITY`, shared with WebSockets, and opens one request of the
 *   identity's rate-limit budget. A `:` comment every `SUBSCRIPTION_KEEPALIVE_MS` keeps proxies from
 *   closing an idle stream.
 */

/** The header a reconnecting EventSource sends; named in errors about its value. */
export const LAST_EVENT_ID = 'Last-Event-ID';

/** An operation as a client sends it (graphql-ws's `subscribe` payload, graphql-sse's request). */
export interface OperationPayload {
  readonly query: string;
  readonly variables?: Record<string, unknown> | null;
  readonly operationName?: string | null;
  readonly extensions?: Record<string, unknown> | null;
}

/** What ws.ts's shared preparation makes of an operation. */
export type PreparedRequest =
  | { readonly kind: 'errors'; readonly errors: readonly GraphQLError[] }
  | { readonly kind: 'operation'; readonly document: DocumentNode; readonly operationName?: string; readonly variables: Record<string, unknown> }
  | { readonly kind: 'subscription'; readonly document: DocumentNode; readonly operationName?: string; readonly variables: Record<string, unknown>; readonly join: JoinRequest };

/** What the SSE endpoint needs from ws.ts. */
export interface SseOptions {
  readonly authenticate: Authenticator;
  readonly limiter: RateLimiter;
  readonly prepare: (payload: OperationPayload, identity: Identity, lastEventId: string | undefined) => Promise<PreparedRequest>;
  readonly join: (request: JoinRequest) => AsyncIterableIterator<Delivery>;
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  readonly ownerOf: (identity: Identity, address: string | undefined) => string;
  readonly claimConnection: (owner: string) => boolean;
  readonly releaseConnection: (owner: string) => void;
  readonly settings: SubscriptionsConfig;
  readonly logger: Logger;
}

/** The running SSE endpoint. */
export interface SseEndpoint {
  /** Serves one request that accepts `text/event-stream` (its JSON body already parsed). */
  readonly handle: (req: express.Request, res: express.Response) => Promise<void>;
  /** Ends every stream without `complete` (the gateway is closing; clients reconnect elsewhere). */
  close(): void;
}

/** The comment that ends the stream of a client too slow for its events (an EventSource ignores it and reconnects). */
export function slowClientComment(maxQueued: number): string {
  return `: Try again later: more than ${maxQueued} results waiting; reconnect with Last-Event-ID to resume\n\n`;
}

/** Whether a request's `Accept` header asks for an event stream. */
export function acceptsEventStream(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => part.split(';')[0].trim().toLowerCase() === 'text/event-stream');
}

/** The HTTP status of a refusal, from its first error's code. */
function statusOf(errors: readonly GraphQLFormattedError[]): number {
  switch (errors[0]?.extensions?.code) {
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.SUBGRAPH_UNAVAILABLE:
      return 503;
    case ErrorCode.INTERNAL_SERVER_ERROR:
      return 500;
    default:
      return 400;
  }
}

/** The operation of a GET (query string) or POST (JSON body); a string says what is wrong. */
function paramsOf(req: express.Request): OperationPayload | string {
  const source = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown> | undefined;
  if (!source || typeof source !== 'object') return 'Send the operation as a JSON body {"query": "...", "variables": {...}} (POST) or as query-string parameters (GET).';
  const json = (name: string): Record<string, unknown> | null | string => {
    const value = source[name];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    if (typeof value === 'string' && req.method === 'GET') {
      try {
        const parsed: unknown = JSON.parse(value);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
      } catch {
        // answered below
      }
    }
    return `${name} must be a JSON object.`;
  };
  if (typeof source.query !== 'string' || source.query.trim() === '') return 'The request has no query: send {"query": "subscription { ... }"}.';
  if (source.operationName !== undefined && source.operationName !== null && typeof source.operationName !== 'string') return 'operationName must be a string.';
  const variables = json('variables');
  if (typeof variables === 'string') return variables;
  const extensions = json('extensions');
  if (typeof extensions === 'string') return extensions;
  return { query: source.query, variables, operationName: (source.operationName as string | null | undefined) ?? null, extensions };
}

/** Builds the SSE endpoint (ws.ts attaches it; server.ts routes event-stream requests to it). */
export function createSseEndpoint(options: SseOptions): SseEndpoint {
  const { settings } = options;
  const streams = new Set<() => void>();
  let closing = false;
  const format = (error: GraphQLError): GraphQLFormattedError => {
    const formatted = options.formatError(error.toJSON(), error);
    if (!formatted.extensions || !('http' in formatted.extensions)) return formatted;
    const { http: _http, ...extensions } = formatted.extensions;
    return { ...formatted, extensions };
  };
  const refuse = (res: express.Response, errors: readonly GraphQLError[]): void => {
    const formatted = errors.map(format);
    const retryAfter = formatted[0]?.extensions?.retryAfterSeconds;
    if (typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
    res.status(statusOf(formatted)).json({ errors: formatted });
  };

  const handle = async (req: express.Request, res: express.Response): Promise<void> => {
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    let identity: Identity;
    try {
      identity = await options.authenticate(req.headers.authorization);
      await options.limiter.consume(identity, address);
    } catch (error) {
      if (error instanceof CodedError) return refuse(res, [error]);
      throw error;
    }
    const params = paramsOf(req);
    if (typeof params === 'string') return refuse(res, [new BadRequestError(params)]);
    const header = req.headers['last-event-id'];
    const lastEventId = typeof header === 'string' && header.trim() !== '' ? header.trim() : undefined;
    const owner = options.ownerOf(identity, address);
    if (!options.claimConnection(owner)) {
      const max = settings.maxConnectionsPerIdentity;
      return refuse(res, [
        new GraphQLError(`Too many connections: ${max} per identity (WebSockets and event streams together); close one first.`, {
          extensions: { code: ErrorCode.RATE_LIMITED, limit: 'connectionsPerIdentity', max },
        }),
      ]);
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      options.releaseConnection(owner);
    };
    res.once('close', release);
    const prepared = await options.prepare(params, identity, lastEventId);
    if (prepared.kind !== 'subscription') {
      release();
      return refuse(
        res,
        prepared.kind === 'errors'
          ? prepared.errors
          : [new BadRequestError('Only subscriptions are served as an event stream: send queries and mutations without "Accept: text/event-stream" (POST application/json).')],
      );
    }
    if (res.destroyed) {
      release();
      return;
    }
    if (closing) {
      release();
      return refuse(res, [new GraphQLError('The gateway is shutting down: reconnect (with Last-Event-ID) in a moment.', { extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE } })]);
    }

    let ended = false;
    // A comment line now and then, so proxies do not close an idle stream (written once the headers are).
    const keepAlive = setInterval(() => res.write(':\n\n'), settings.keepAliveMs);
    keepAlive.unref();
    let expiry: NodeJS.Timeout | undefined;
    const deliveries = options.join({ ...prepared.join, overflow: () => finish(false, undefined, slowClientComment(settings.maxQueued)) });
    /** Ends the stream: with `errors` (an `event: next`) and `complete`, or cut (after `comment`, if any) for the client to reconnect. */
    function finish(complete: boolean, errors?: readonly GraphQLError[], comment?: string): void {
      if (ended) return;
      ended = true;
      clearInterval(keepAlive);
      clearTimeout(expiry);
      streams.delete(cut);
      void deliveries.return?.();
      release();
      if (res.writableEnded || res.destroyed) return;
      if (errors) res.write(printMessage({ event: 'next', data: { errors: errors.map(format) } as unknown as ExecutionResult }));
      if (complete) res.write(printMessage({ event: 'complete', data: null }));
      if (comment) res.write(comment);
      res.end();
    }
    const cut = () => finish(false);
    streams.add(cut);
    res.once('close', cut);

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      // Proxies (nginx) would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    const authorization = req.headers.authorization;
    if (authorization && identity.role !== 'public') {
      const exp = decodeJwt(authorization.trim().replace(/^Bearer\s+/i, '')).exp as number;
      expiry = setTimeout(
        () => finish(true, [new GraphQLError('Your token has expired: reconnect with a new token (Last-Event-ID resumes where you were).', { extensions: { code: ErrorCode.UNAUTHENTICATED } })]),
        Math.max(0, exp * 1000 - Date.now()),
      );
      expiry.unref();
    }

    try {
      for (;;) {
        const next = await deliveries.next();
        if (next.done || ended) break;
        // The group's result, serialised once for all its subscribers (what graphql-sse's print would write).
        const { json, sequence } = next.value;
        if (!res.write(`id: ${sequence}\nevent: next\ndata: ${json}\n\n`)) {
          // Backpressure: the next result is taken only once this one left (the fan-out bounds what waits).
          await new Promise<void>((resolve) => {
            const done = () => {
              res.off('drain', done);
              res.off('close', done);
              resolve();
            };
            res.once('drain', done);
            res.once('close', done);
          });
        }
      }
      finish(false);
    } catch (error) {
      if (!(error instanceof GraphQLError)) options.logger.error({ err: error }, 'subscriptions: an event stream failed');
      finish(true, [error instanceof GraphQLError ? error : new GraphQLError('Internal server error.', { originalError: error as Error })]);
    }
  };

  return {
    handle,
    close: () => {
      closing = true;
      for (const cut of [...streams]) cut();
    },
  };
}
