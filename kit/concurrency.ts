import { ConflictError } from './errors';

/**
 * Optimistic concurrency, the hub's one rule for updates: a record carries an integer `version`
 * that every change increments; an update sends the version it read, and a stale one is refused
 * with CONFLICT before anything is written (`extensions.currentVersion` says what to read again).
 * The write itself must still be conditional (`updateMany({ where: { id, version } })`) so that a
 * change landing between this check and the write is refused too.
 *
 * @param what the record, for the message, e.g. "Plan 3f2a…".
 * @param expected the version the caller read; `null`/`undefined` skips the check (optional
 *   versions, e.g. on `setIndicatorTargets`).
 * @throws ConflictError when `expected` is given and differs from `current`.
 */
export function assertFreshVersion(what: string, current: number, expected: number | null | undefined): void {
  if (expected === null || expected === undefined || expected === current) return;
  throw new ConflictError(`${what} is at version ${current}, not ${expected}: it changed since you read it. Read it again and retry.`, current);
}
