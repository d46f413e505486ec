import { GraphQLError } from 'graphql';

/**
 * The stable `extensions.code` values that clients may branch on. Every error a subgraph or the
 * gateway raises on purpose carries one of them; anything without a code is masked at the gateway.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  CONFLICT: 'CONFLICT',
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Base class: a client-facing error with a fixed code and an HTTP status used outside GraphQL execution. */
abstract class CodedError extends GraphQLError {
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

/** A record the request names (by id or code) does not exist. */
export class NotFoundError extends CodedError {
  constructor(message: string) {
    super(message, ErrorCode.NOT_FOUND, 200);
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

/** The request conflicts with the current state (a duplicate, a stale version). */
export class ConflictError extends CodedError {
  constructor(message: string) {
    super(message, ErrorCode.CONFLICT, 200);
  }
}
