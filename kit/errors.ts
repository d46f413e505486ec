// graphql's error module alone: this file is loaded first by every process and thread, and the whole
// graphql index (80 ms of CPU) can load later, while a subgraph thread already starts.
import { GraphQLError } from 'graphql/error';

/**
 * The one list of `extensions.code` values a client may see and branch on (the README's error
 * table mirrors it). Every error the hub raises on purpose carries one of them; anything else is
 * masked as `INTERNAL_SERVER_ERROR` with a request id, at the gateway and at every subgraph.
 */
export const ErrorCode = {
  /** An argument or input field is wrong; `extensions.field` names it. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  CONFLICT: 'CONFLICT',
  /** The HTTP request itself is wrong (not JSON, no query, a subscription over HTTP). */
  BAD_REQUEST: 'BAD_REQUEST',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  /** `operationName` names no operation of the document, or is missing where several exist. */
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  /** The operation exceeds a limit (depth, aliases, root fields, tokens, directives, cost). */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** The request body is larger than the gateway accepts. */
  REQUEST_TOO_LARGE: 'REQUEST_TOO_LARGE',
  /** Too many requests; `extensions.retryAfterSeconds` and the Retry-After header say when to retry. */
  RATE_LIMITED: 'RATE_LIMITED',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
  /** Safelist mode: the operation is not registered. */
  PERSISTED_QUERY_NOT_ALLOWED: 'PERSISTED_QUERY_NOT_ALLOWED',
  /** A subgraph did not answer; `extensions.serviceName` names it, other subgraphs' data is returned. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** Something failed inside the hub; `extensions.requestId` identifies it in the logs. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Every client-facing code, for masking. */
export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** How many characters of a client's input an error message may quote. */
export const ECHO_LIMIT = 40;

/**
 * The first `code` in an error's cause chain, e.g. `ECONNREFUSED` (undici and pg wrap the socket
 * error in `cause`); undefined when none of the first four links has one.
 */
export function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Quotes client input for an error message: JSON-quoted, cut to {@link ECHO_LIMIT} characters
 * with an ellipsis and the full length, so a 100,000-character argument never comes back whole.
 */
export function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const chars = [...text];
  if (chars.length <= ECHO_LIMIT) return JSON.stringify(text);
  return `${JSON.stringify(chars.slice(0, ECHO_LIMIT).join(''))}… (${chars.length} characters)`;
}

/**
 * A problem that stops a process from starting and that the operator can fix (a bad variable, a
 * port in use, a data folder held by another process, a bad manifest). `main.ts` prints only its
 * message: a stack trace would hide the advice.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Base class: a client-facing error with a fixed code and an HTTP status used outside GraphQL execution. */
export abstract class CodedError extends GraphQLError {
  protected constructor(message: string, code: ErrorCode, status: number, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code, http: { status } } });
  }
}

/** The request is wrong: the message says what was expected, what arrived and how to fix it. */
export class BadUserInputError extends CodedError {
  /** @param field the argument or input field at fault, echoed in `extensions.field`. */
  constructor(message: string, field?: string) {
    super(message, ErrorCode.BAD_USER_INPUT, 200, field ? { field } : {});
  }
}

/** The caller is known but has no rights over what the request touches. */
export class ForbiddenError extends CodedError {
  constructor(message: string) {
    super(message, ErrorCode.FORBIDDEN, 200);
  }
}

/** The caller must identify itself (no token, or a token that failed verification). */
export class UnauthenticatedError extends CodedError {
  /** @param status 401 when raised before execution (bad token), 200 inside a response. */
  constructor(message: string, status = 200) {
    super(message, ErrorCode.UNAUTHENTICATED, status);
  }
}

/** The operation is over one of the gateway's limits; `extensions.limit` names which. */
export class QueryTooComplexError extends CodedError {
  constructor(message: string, limit: string, max: number, actual?: number) {
    super(message, ErrorCode.QUERY_TOO_COMPLEX, 400, { limit, max, ...(actual === undefined ? {} : { actual }) });
  }
}

/** The caller spent its request budget; retry after `retryAfterSeconds`. */
export class RateLimitedError extends CodedError {
  constructor(message: string, retryAfterSeconds: number) {
    super(message, ErrorCode.RATE_LIMITED, 429, { retryAfterSeconds });
    // Apollo Server copies these into the response (its HeaderMap is a Map with lower-case names).
    (this.extensions.http as { headers?: Map<string, string> }).headers = new Map([['retry-after', String(retryAfterSeconds)]]);
  }
}

/** The HTTP request is malformed in a way GraphQL itself does not report (e.g. a subscription over POST). */
export class BadRequestError extends CodedError {
  constructor(message: string, status = 400) {
    super(message, ErrorCode.BAD_REQUEST, status);
  }
}

/** `operationName` does not pick exactly one operation of the document. */
export class OperationResolutionError extends CodedError {
  constructor(message: string) {
    super(message, ErrorCode.OPERATION_RESOLUTION_FAILURE, 400);
  }
}

/** What the request names does not exist (or the caller may not know it exists). */
export class NotFoundError extends CodedError {
  /** @param field the argument or input field that named it, echoed in `extensions.field`. */
  constructor(message: string, field?: string) {
    super(message, ErrorCode.NOT_FOUND, 200, field ? { field } : {});
  }
}

/**
 * The write was based on a stale read: the record's `version` moved on since the caller read it.
 * Nothing was written; `extensions.currentVersion` says what to read again.
 */
export class ConflictError extends CodedError {
  constructor(message: string, currentVersion?: number) {
    super(message, ErrorCode.CONFLICT, 200, currentVersion === undefined ? {} : { currentVersion });
  }
}
