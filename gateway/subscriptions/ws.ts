import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApolloGateway, GraphQLDataSource } from '@apollo/gateway';
import type { ApolloServer } from '@apollo/server';
import {
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  print,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type FieldNode,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { decodeJwt } from 'jose';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LimitsConfig, SubscriptionsConfig } from '../../kit/config';
import { BadUserInputError, CodedError, ErrorCode, OperationResolutionError, preview } from '../../kit/errors';
import { createMemoryBus, type AlertNotice, type EventBus } from '../../kit/events';
import { PUBLIC_IDENTITY, signInternalIdentity, type Identity } from '../../kit/identity';
import type { Logger } from '../../kit/logger';
import type { Authenticator } from '../auth';
import type { GatewayContext } from '../server';
import { limitErrorOf, limitValidationRules } from '../limits';
import { addressKey, identityKey, writeIdentityOf, type RateLimiter } from '../rate-limit';
import type { TrustedDocuments } from '../trusted-documents';
import { DEFAULT_MAX_QUEUED, SubscriptionFanout, type JoinRequest, type SubscriberWriter } from './fanout';
import { gatewaySchemas, planSubscription, type PlannedSubscription } from './plan';
import { checkRegistry, EVENT_FIELDS, type EventField, type LogEvent, type ProvinceClusters } from './registry';
import { createSseEndpoint, LAST_EVENT_ID, type OperationPayload, type PreparedRequest, type SseEndpoint } from './sse';
import { createLogReader, DEFAULT_POLL_MS, LogReadError, Tailer, type LogReader } from './tail';

/**
 * The gateway's WebSocket endpoint: the graphql-ws protocol (`graphql-transport-ws`) on the
 * gateway's own HTTP server, at `/graphql` (the HTTP endpoint's URL).
 *
 * Close codes a client sees:
 * - **4403** Forbidden: the token in `connectionParams.authorization` is invalid, or it expired while
 *   connected (reconnect with a new token, and resume with `after`);
 * - **1013** Try again later: the client read slower than events came (more than
 *   `SUBSCRIPTION_MAX_QUEUED` results waiting for one subscription); reconnect and resume with `after`;
 * - **4429** Too many connections: this identity (the public: this client address) already has
 *   `SUBSCRIPTION_MAX_CONNECTIONS_PER_IDENTITY` sockets open on this gateway process (graphql-ws also
 *   uses 4429 for a repeated `connection_init`; the reason tells them apart);
 * - **1001** Going away: the gateway is shutting down (reconnect, resume with `after`);
 * - the protocol's own codes (4400, 4401, 4408, 4409, 4429) from graphql-ws.
 * A socket that does not answer a ping within `SUBSCRIPTION_KEEPALIVE_MS` is dropped (graphql-ws's keepalive).
 * A subscription beyond `SUBSCRIPTION_MAX_PER_CONNECTION` on one socket is refused with `RATE_LIMITED`
 * (`extensions.limit: "subscriptionsPerConnection"`, `extensions.max`), the socket staying open.
 * No token means the public: queries work as over HTTP, and `alertRaised` is refused with
 * `UNAUTHENTICATED` for that operation (the socket stays open).
 *
 * The same subscriptions are served as Server-Sent Events (sse.ts), through the same preparation
 * (`prepareRequest`), fan-out and connection count per identity.
 */

/** The settings of kit/config.ts's defaults, for a gateway built without them (tests). */
const DEFAULT_SETTINGS: SubscriptionsConfig = { pollMs: DEFAULT_POLL_MS, maxQueued: DEFAULT_MAX_QUEUED, keepAliveMs: 12_000, maxPerConnection: 100, maxConnectionsPerIdentity: 20 };

/** Distinct subscription documents whose plans are kept (the oldest is planned again when needed). */
const MAX_PLANS = 500;

/** How long sockets get to finish their close handshake when the gateway closes, before they are cut. */
const CLOSE_GRACE_MS = 1000;

/** Close code for a client too slow for its events: "Try Again Later" (RFC 6455), which graphql-ws clients retry. */
export const SLOW_CLIENT_CLOSE_CODE = 1013;
/** Close code for an identity with too many open sockets. */
export const TOO_MANY_CONNECTIONS_CLOSE_CODE = 4429;

/** The end of every `next` frame the fan-out writes (see {@link nextFrameWriter}). */
const FRAME_END = Buffer.from('}');

/**
 * Writes a subscription's results as graphql-ws `next` messages, bypassing graphql-ws's own emission
 * (which serialises the whole message and awaits the write once per subscriber): the frame is
 * `{"id":<this subscription's id>,"type":"next","payload":<the group's result, serialised once>}`,
 * put together from a prefix made once per subscription and the shared payload bytes. The text is
 * exactly what graphql-ws would send (its `next` message with the same keys in the same order).
 */
function nextFrameWriter(socket: WebSocket, id: string): SubscriberWriter {
  const prefix = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
  return (shared, _sequence, done) => {
    socket.send(Buffer.concat([prefix, shared.bytes, FRAME_END], prefix.length + shared.bytes.length + FRAME_END.length), { binary: false }, done);
  };
}

/** The gateway's per-connection state. */
interface Connection {
  identity?: Identity;
  expiry?: NodeJS.Timeout;
  /** Ids of this socket's open subscriptions. */
  readonly subscriptions: Set<string>;
}

/** What graphql-ws hands our `execute`/`subscribe` through `contextValue`. */
type Prepared =
  | { readonly kind: 'operation'; readonly query: string; readonly variables?: Record<string, unknown> | null; readonly operationName?: string | null; readonly extensions?: Record<string, unknown>; readonly identity: Identity; readonly address: string }
  | { readonly kind: 'subscription'; readonly join: JoinRequest };

/** What {@link attachSubscriptions} needs from the gateway. */
export interface SubscriptionServerOptions {
  readonly httpServer: http.Server;
  /** Runs queries and mutations sent over a socket, exactly as over HTTP (plugins, limits, masking). */
  readonly apollo: ApolloServer<GatewayContext>;
  /** The loaded gateway (its planner and schemas). */
  readonly gateway: ApolloGateway;
  readonly supergraphSdl: string;
  readonly subgraphUrls: Readonly<Record<string, string>>;
  /** The gateway's data sources by subgraph name. */
  readonly sources: Readonly<Record<string, GraphQLDataSource>>;
  readonly authenticate: Authenticator;
  readonly internalSecret: Uint8Array;
  readonly limits: LimitsConfig;
  readonly trustedDocuments: TrustedDocuments;
  readonly limiter: RateLimiter;
  /** The gateway's error masking (formatted error, original error). */
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** The `hub_open_subscriptions` gauge. */
  readonly openSubscriptions: { inc(value?: number): void; dec(value?: number): void };
  /** Where alert notices arrive; in memory when absent (tests). */
  readonly alertBus?: EventBus<AlertNotice>;
  /** Poll, slow-client bound, keepalive and limits; kit/config.ts's defaults when absent. */
  readonly settings?: SubscriptionsConfig;
  readonly logger: Logger;
}

/** The running WebSocket endpoint, and the Server-Sent Events one (sse.ts) sharing its preparation and fan-out. */
export interface SubscriptionServer {
  /** Serves a `/graphql` request that accepts `text/event-stream` (server.ts routes it here). */
  readonly sse: SseEndpoint['handle'];
  /** Closes every socket (1001) and event stream, and stops following the logs; the gateway's close calls it first. */
  close(): Promise<void>;
}

/** The `after` a client sent: null, or a sequence. */
function parseCursor(value: unknown, field: string): bigint | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && /^\d{1,19}$/.test(value.trim())) return BigInt(value.trim());
  throw new BadUserInputError(`${field} must be the sequence of the last event you received (a decimal string such as "42"); got ${preview(value)}.`, field);
}

/**
 * The document without the cursor argument of the subscription field (and its variable, when
 * nothing else uses it), so every client of one selection shares one group whatever its `after`.
 */
function withoutCursor(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  field: FieldNode,
  cursor: string,
  variables: Record<string, unknown>,
): { document: DocumentNode; variables: Record<string, unknown> } {
  const argument = field.arguments?.find((arg) => arg.name.value === cursor);
  if (!argument) return { document, variables };
  const strippedField: FieldNode = { ...field, arguments: field.arguments?.filter((arg) => arg !== argument) };
  let stripped: OperationDefinitionNode = {
    ...operation,
    selectionSet: { ...operation.selectionSet, selections: operation.selectionSet.selections.map((selection) => (selection === field ? strippedField : selection)) },
  };
  const rest = { ...variables };
  if (argument.value.kind === Kind.VARIABLE) {
    const name = argument.value.name.value;
    let used = false;
    visit(stripped.selectionSet, {
      Variable(node) {
        if (node.name.value === name) used = true;
      },
    });
    if (!used) {
      stripped = { ...stripped, variableDefinitions: stripped.variableDefinitions?.filter((definition) => definition.variable.name.value !== name) };
      delete rest[name];
    }
  }
  return { document: { ...document, definitions: document.definitions.map((definition) => (definition === operation ? stripped : definition)) }, variables: rest };
}

/** Gives a validation error its code (limit errors keep theirs: the masker classifies them). */
function validationError(error: GraphQLError): GraphQLError {
  if (limitErrorOf(error)) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED } });
}

/** An event from an alert notice. */
function alertEvent(notice: AlertNotice): LogEvent {
  return { sequence: BigInt(notice.sequence), id: notice.id, fields: { clusterCode: notice.clusterCode, severity: notice.severity } };
}

/**
 * Attaches the graphql-ws endpoint to the gateway's HTTP server. Checks the event registry against
 * the supergraph first (a mismatch stops the gateway with a StartupError).
 */
export function attachSubscriptions(options: SubscriptionServerOptions): SubscriptionServer {
  const schemas = gatewaySchemas(options.gateway);
  checkRegistry(schemas.api, schemas.supergraph, options.supergraphSdl);
  const logger = options.logger;
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const bus = options.alertBus ?? createMemoryBus<AlertNotice>();
  const tailers = new Map<string, Tailer>();
  const stopGaps: (() => void)[] = [];
  const readers = new Map<string, LogReader>();
  for (const spec of Object.values(EVENT_FIELDS)) {
    const url = options.subgraphUrls[spec.subgraph];
    const reader = createLogReader(spec, url, schemas.supergraph, options.internalSecret);
    readers.set(spec.field, reader);
    // The bus carries alert notices only today; the next event type brings its own notices (or is followed by polling alone).
    const notices = spec.field === 'alertRaised' ? (listener: (event: LogEvent) => void) => bus.subscribe((notice) => listener(alertEvent(notice))) : () => () => undefined;
    const tailer = new Tailer(reader, notices, logger, settings.pollMs);
    tailers.set(spec.field, tailer);
    // The bus reconnected or carried something unreadable: notices may have been missed, read the log.
    if (spec.field === 'alertRaised') stopGaps.push(bus.onGap(() => void tailer.catchUp()));
  }
  const formatError = (error: GraphQLError) => options.formatError(error.toJSON(), error);
  const fanout = new SubscriptionFanout({
    schemas,
    sources: options.sources,
    tailers,
    readers,
    internalSecret: options.internalSecret,
    formatError,
    opened: (delta) => (delta > 0 ? options.openSubscriptions.inc(delta) : options.openSubscriptions.dec(-delta)),
    maxQueued: settings.maxQueued,
    logger,
  });
  const { apollo } = options;
  const provinceClusters = new Map<string, string | null>();
  const provinces: ProvinceClusters = async (code) => {
    if (provinceClusters.has(code)) return provinceClusters.get(code) ?? null;
    const response = await apollo.executeOperation(
      { query: 'query HubProvinceCluster($code: String!) { province(code: $code) { cluster { code } } }', variables: { code } },
      { contextValue: { identity: PUBLIC_IDENTITY, address: 'gateway', requestId: `subscriptions-${randomUUID()}` } },
    );
    const data = response.body.kind === 'single' ? (response.body.singleResult.data as { province?: { cluster?: { code: string } | null } | null } | null) : null;
    if (!data) throw new LogReadError('the strategy subgraph could not say which cluster the province belongs to');
    const cluster = data.province?.cluster?.code ?? null;
    provinceClusters.set(code, cluster);
    return cluster;
  };
  const plans = new Map<string, PlannedSubscription>();

  /** Parses, authorises and plans a subscription; what it throws is that operation's error. */
  const prepareSubscription = async (
    document: DocumentNode,
    operation: OperationDefinitionNode,
    operationName: string | undefined,
    given: Record<string, unknown>,
    identity: Identity,
    lastEventId: string | undefined,
  ): Promise<JoinRequest | readonly GraphQLError[]> => {
    const validation = validate(schemas.api, document, [...specifiedRules, ...limitValidationRules(options.limits)]);
    if (validation.length > 0) return validation.map(validationError);
    const field = operation.selectionSet.selections[0];
    if (field?.kind !== Kind.FIELD) {
      return [new BadUserInputError('Select the subscription field directly in the subscription (not through a fragment), e.g. subscription { alertRaised { id } }.')];
    }
    const spec: EventField | undefined = EVENT_FIELDS[field.name.value];
    const fieldDefinition = schemas.api.getSubscriptionType()?.getFields()[field.name.value];
    if (!spec || !fieldDefinition) return [new BadUserInputError(`Subscription.${field.name.value} is not served by this gateway.`)];
    const coerced = getVariableValues(schemas.api, operation.variableDefinitions ?? [], given);
    if (coerced.errors) return coerced.errors.map((error) => new BadUserInputError(error.message));
    const args = getArgumentValues(fieldDefinition, field, coerced.coerced);
    // SSE: a reconnecting client's Last-Event-ID wins over the `after` its (unchanged) request repeats.
    const after = lastEventId === undefined ? parseCursor(args[spec.cursorArgument], spec.cursorArgument) : parseCursor(lastEventId, LAST_EVENT_ID);
    const route = await spec.authorize(identity, args, provinces);
    const stripped = withoutCursor(document, operation, field, spec.cursorArgument, given);
    const documentText = print(stripped.document);
    const planKey = `${operationName ?? ''}\n${documentText}`;
    let planned = plans.get(planKey);
    if (!planned) {
      planned = planSubscription(schemas, stripped.document, operationName, spec.entity);
      plans.set(planKey, planned);
      if (plans.size > MAX_PLANS) plans.delete(plans.keys().next().value as string);
    }
    const tailer = tailers.get(spec.field) as Tailer;
    await tailer.start();
    if (after !== null && after > tailer.hw && after > (await (readers.get(spec.field) as LogReader).head())) {
      throw new BadUserInputError(
        `${spec.cursorArgument} ${preview(after.toString())} is beyond the last sequence stored; send the sequence of the last event you received, or omit ${spec.cursorArgument} to start live.`,
        spec.cursorArgument,
      );
    }
    return { spec, planned, route, identity, document: stripped.document, documentText, operationName, variables: stripped.variables, after };
  };

  /**
   * What both transports (graphql-ws and SSE) do with an operation: the trusted-documents check,
   * parse, operation resolution; for a subscription also `admit` (the transport's limits), then
   * validation, rights, `after` (or SSE's Last-Event-ID) and the plan. Never throws.
   */
  const prepareRequest = async (payload: OperationPayload, identity: Identity, admit?: () => GraphQLError | undefined, lastEventId?: string): Promise<PreparedRequest> => {
    const operationName = payload.operationName ?? undefined;
    const variables = (payload.variables ?? {}) as Record<string, unknown>;
    try {
      options.trustedDocuments.assertTrusted({ method: 'POST', body: payload });
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: options.limits.tokens });
      } catch (error) {
        return { kind: 'errors', errors: [new GraphQLError((error as Error).message, { extensions: { code: ErrorCode.GRAPHQL_PARSE_FAILED } })] };
      }
      const operation = getOperationAST(document, operationName);
      if (!operation) {
        return {
          kind: 'errors',
          errors: [
            new OperationResolutionError(
              operationName
                ? `operationName ${preview(operationName)} names no operation in the document.`
                : 'The document has several operations; send operationName to say which one to run.',
            ),
          ],
        };
      }
      if (operation.operation !== 'subscription') return { kind: 'operation', document, operationName, variables };
      const refused = admit?.();
      if (refused) return { kind: 'errors', errors: [refused] };
      const join = await prepareSubscription(document, operation, operationName, variables, identity, lastEventId);
      if (Array.isArray(join)) return { kind: 'errors', errors: join as readonly GraphQLError[] };
      return { kind: 'subscription', document, operationName, variables, join: join as JoinRequest };
    } catch (error) {
      if (error instanceof CodedError) return { kind: 'errors', errors: [error] };
      if (error instanceof LogReadError) {
        return { kind: 'errors', errors: [new GraphQLError(`Subscriptions cannot start now: ${error.message}. Try again shortly.`, { extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE } })] };
      }
      logger.error({ err: error }, 'subscriptions: an operation could not start');
      return { kind: 'errors', errors: [new GraphQLError('Internal server error.', { originalError: error as Error })] };
    }
  };

  /** Open connections (sockets and SSE streams) by identity (`identity:<role>:<subject>`) or, for the public, by client address. */
  const connectionsOf = new Map<string, number>();
  const ownerOf = (identity: Identity, address: string | undefined): string =>
    identity.role === 'public' ? `address:${addressKey(address ?? 'unknown')}` : `identity:${identityKey(identity)}`;
  /** Counts one more connection of `owner`; false (nothing counted) when it has the most it may have. */
  const claimConnection = (owner: string): boolean => {
    const open = connectionsOf.get(owner) ?? 0;
    if (open >= settings.maxConnectionsPerIdentity) return false;
    connectionsOf.set(owner, open + 1);
    return true;
  };
  const releaseConnection = (owner: string): void => {
    const left = (connectionsOf.get(owner) ?? 1) - 1;
    if (left > 0) connectionsOf.set(owner, left);
    else connectionsOf.delete(owner);
  };

  // Upgrades are taken from the HTTP server by hand (noServer) rather than with `server:`: ws would
  // re-emit the HTTP server's own errors (a taken port at listen) on the WebSocket server, where
  // graphql-ws prints them with a stack; the listen error is the HTTP helper's to report.
  const wss = new WebSocketServer({ noServer: true });
  const onUpgrade = (request: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/graphql') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request));
  };
  options.httpServer.on('upgrade', onUpgrade);
  const connections = new WeakMap<object, Connection>();
  const connectionOf = (ctx: object): Connection => {
    let connection = connections.get(ctx);
    if (!connection) {
      connection = { subscriptions: new Set() };
      connections.set(ctx, connection);
    }
    return connection;
  };

  const disposable = useServer<Record<string, unknown> | undefined, { socket: WebSocket; request: http.IncomingMessage }>(
    {
      schema: schemas.api,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const authorization = params.authorization ?? params.Authorization;
        if (authorization !== undefined && authorization !== null && typeof authorization !== 'string') return false;
        let identity: Identity;
        try {
          identity = await options.authenticate(authorization ?? undefined);
        } catch {
          return false;
        }
        const connection = connectionOf(ctx);
        connection.identity = identity;
        const socket = ctx.extra.socket;
        const owner = ownerOf(identity, ctx.extra.request.socket.remoteAddress);
        if (!claimConnection(owner)) {
          socket.close(TOO_MANY_CONNECTIONS_CLOSE_CODE, `Too many connections: ${settings.maxConnectionsPerIdentity} per identity; close one first`);
          return false;
        }
        socket.once('close', () => releaseConnection(owner));
        if (authorization && identity.role !== 'public') {
          const exp = decodeJwt(authorization.trim().replace(/^Bearer\s+/i, '')).exp as number;
          connection.expiry = setTimeout(
            () => socket.close(CloseCode.Forbidden, 'Forbidden: token expired; reconnect with a new token and resume with after'),
            Math.max(0, exp * 1000 - Date.now()),
          );
          connection.expiry.unref();
          socket.once('close', () => clearTimeout(connection.expiry));
        }
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const connection = connectionOf(ctx);
        const identity = connection.identity ?? PUBLIC_IDENTITY;
        const admit = () =>
          connection.subscriptions.size >= settings.maxPerConnection
            ? new GraphQLError(`Too many subscriptions on this connection: ${settings.maxPerConnection} at most; complete one, or open another connection.`, {
                extensions: { code: ErrorCode.RATE_LIMITED, limit: 'subscriptionsPerConnection', max: settings.maxPerConnection },
              })
            : undefined;
        const request = await prepareRequest(payload, identity, admit);
        if (request.kind === 'errors') return request.errors;
        const { document, operationName, variables } = request;
        if (request.kind === 'operation') {
          const prepared: Prepared = {
            kind: 'operation',
            query: payload.query,
            variables,
            operationName,
            extensions: payload.extensions as Record<string, unknown> | undefined,
            identity,
            address: ctx.extra.request.socket.remoteAddress ?? 'unknown',
          };
          return { schema: schemas.api, document, operationName, variableValues: variables, contextValue: prepared, rootValue: undefined };
        }
        const socket = ctx.extra.socket;
        const overflow = () => socket.close(SLOW_CLIENT_CLOSE_CODE, `Try again later: more than ${settings.maxQueued} results waiting; reconnect, resume with after`);
        connection.subscriptions.add(id);
        const prepared: Prepared = { kind: 'subscription', join: { ...request.join, overflow, write: nextFrameWriter(socket, id) } };
        return { schema: schemas.api, document, operationName, variableValues: variables, contextValue: prepared, rootValue: undefined } satisfies ExecutionArgs;
      },
      execute: async (args) => {
        const prepared = args.contextValue as Prepared;
        if (prepared.kind !== 'operation') throw new Error('a subscription reached execute');
        try {
          await options.limiter.consume(prepared.identity, prepared.address);
        } catch (error) {
          if (error instanceof CodedError) return { errors: [error] };
          throw error;
        }
        const forwardedIdentity = prepared.identity.role === 'public' ? undefined : await signInternalIdentity(prepared.identity, options.internalSecret);
        const response = await apollo.executeOperation(
          {
            query: prepared.query,
            variables: prepared.variables ?? undefined,
            operationName: prepared.operationName ?? undefined,
            extensions: prepared.extensions,
          },
          {
            contextValue: {
              identity: prepared.identity,
              forwardedIdentity,
              writeIdentity: writeIdentityOf(prepared.identity, prepared.address, options.internalSecret),
              address: prepared.address,
              requestId: randomUUID(),
            },
          },
        );
        if (response.body.kind !== 'single') return { errors: [new GraphQLError('Incremental delivery (@defer) is not served over WebSocket.')] };
        // Already formatted (masked) by Apollo; onNext sends it as it is.
        return response.body.singleResult as never;
      },
      subscribe: (args) => {
        const prepared = args.contextValue as Prepared;
        if (prepared.kind !== 'subscription') throw new Error('an operation reached subscribe');
        return fanout.join(prepared.join) as never;
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        const errors = result.errors as readonly (GraphQLError | GraphQLFormattedError)[] | undefined;
        if (!errors?.some((error) => error instanceof GraphQLError)) return result as FormattedExecutionResult;
        return { ...result, errors: errors.map((error) => (error instanceof GraphQLError ? formatError(error) : error)) } as FormattedExecutionResult;
      },
      onError: (_ctx, _id, _payload, errors) => errors.map(formatError),
      onComplete: (ctx, id) => {
        connectionOf(ctx).subscriptions.delete(id);
      },
    },
    wss,
    settings.keepAliveMs,
  );

  const sse = createSseEndpoint({
    authenticate: options.authenticate,
    limiter: options.limiter,
    prepare: (payload, identity, lastEventId) => prepareRequest(payload, identity, undefined, lastEventId),
    join: (request) => fanout.joinWithSequences(request),
    formatError: options.formatError,
    ownerOf,
    claimConnection,
    releaseConnection,
    settings,
    logger,
  });

  return {
    sse: sse.handle,
    close: async () => {
      sse.close();
      // graphql-ws closes every socket with 1001 Going away (ending its subscriptions); one whose peer
      // does not answer is cut after CLOSE_GRACE_MS.
      options.httpServer.off('upgrade', onUpgrade);
      await disposable.dispose();
      const deadline = Date.now() + CLOSE_GRACE_MS;
      while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      for (const socket of wss.clients) socket.terminate();
      fanout.close();
      for (const stop of stopGaps) stop();
      for (const tailer of tailers.values()) tailer.close();
    },
  };
}
