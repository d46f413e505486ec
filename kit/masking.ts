import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { Kind } from 'graphql/language';
import { BadRequestError, CLIENT_ERROR_CODES, ErrorCode, OperationResolutionError, preview } from './errors';
import type { Logger } from './logger';

/**
 * What every server of the hub (gateway and subgraphs) does with errors before a client sees
 * them: coded errors keep their message (shortened) and a few known extensions; everything else
 * becomes `INTERNAL_SERVER_ERROR` with the request id, and the real error goes to the log.
 */

/** The header carrying a request's id from the client (optional) through the gateway to subgraphs. */
export const REQUEST_ID_HEADER = 'x-request-id';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Longest error message sent to a client; longer ones (e.g. graphql-js echoing a huge literal) are cut. */
export const MESSAGE_LIMIT = 300;

/** Extensions a client may see; `http`, `response` (holding subgraph URLs), `exception`, stack traces are dropped. */
const VISIBLE_EXTENSIONS = ['code', 'field', 'currentVersion', 'serviceName', 'limit', 'max', 'actual', 'retryAfterSeconds', 'reason', 'outcome', 'requestId'];

/**
 * Express middleware: takes a well-formed `x-request-id` from the caller or makes a new one,
 * puts it on the request (for Apollo and the logs) and on the response.
 */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  req.headers[REQUEST_ID_HEADER] = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  next();
};

function shorten(message: string): string {
  const chars = [...message];
  return chars.length <= MESSAGE_LIMIT ? message : `${chars.slice(0, MESSAGE_LIMIT).join('')}… (message cut)`;
}

/**
 * Builds an Apollo `formatError` that writes masked errors to `logger` (with the request id).
 * `classify` may give a code to errors the hub recognises by other means (the gateway's limits).
 */
export function createErrorMasker(
  logger: Logger,
  classify: (formatted: GraphQLFormattedError, error: unknown) => Record<string, unknown> | undefined = () => undefined,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const extensions: Record<string, unknown> = { ...formatted.extensions, ...classify(formatted, error) };
    // Apollo's own request errors (e.g. a persisted query of an unknown version) carry an HTTP 4xx but no code.
    const own = (error as { extensions?: { code?: unknown; http?: { status?: number } } })?.extensions;
    const status = own?.http?.status;
    if (own?.code === undefined && typeof status === 'number' && status >= 400 && status < 500) extensions.code = ErrorCode.BAD_REQUEST;
    const code = extensions.code;
    if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      const visible = Object.fromEntries(VISIBLE_EXTENSIONS.filter((key) => key in extensions).map((key) => [key, extensions[key]]));
      return {
        message: shorten(formatted.message),
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: visible,
      };
    }
    logger.error({ err: error }, 'internal error (masked for the client)');
    return {
      message: 'Internal server error. Quote extensions.requestId when you report it.',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/**
 * Apollo plugin for every server of the hub:
 *   - answers client mistakes Apollo would send as HTTP 500 with a 400 and a code: an
 *     `operationName` that names no operation, several operations and no `operationName`, and a
 *     subscription over HTTP;
 *   - adds the request id to every `INTERNAL_SERVER_ERROR`, so a user can quote it.
 */
export function clientMistakesPlugin(subscriptionHint: string): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) {
            const names = document.definitions
              .filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
              .map((definition) => (definition.kind === Kind.OPERATION_DEFINITION ? (definition.name?.value ?? '(anonymous)') : ''));
            throw new OperationResolutionError(
              request.operationName
                ? `operationName ${preview(request.operationName)} names no operation in the document; it has: ${names.join(', ')}.`
                : `The document has ${names.length} operations (${names.join(', ')}); send operationName to say which one to run.`,
            );
          }
          if (operation.operation === 'subscription') throw new BadRequestError(subscriptionHint);
        },
        async willSendResponse({ response, request }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const id = request.http?.headers.get(REQUEST_ID_HEADER);
          if (!id) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((error) =>
            error.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR ? { ...error, extensions: { ...error.extensions, requestId: id } } : error,
          );
        },
      };
    },
  };
}
