import { BadUserInputError } from './errors';

/**
 * A state machine as a table: each state lists the states it may move to (an empty list marks a
 * final state). Declare one per entity with a status, next to its type, e.g. a plan's.
 */
export type TransitionTable<State extends string> = Readonly<Record<State, readonly State[]>>;

/**
 * Checks one move of a state machine before anything is written.
 *
 * @param noun what moves, for the message, e.g. "A plan".
 * @param field the input field that carried the target state, echoed in `extensions.field`.
 * @throws BadUserInputError naming the allowed next states, e.g. "A plan in DRAFT can move to
 *   IN_CONSULTATION only; got PUBLISHED.", or saying that the state is final, or that `to` is the
 *   state it is already in.
 */
export function assertTransition<State extends string>(
  table: TransitionTable<State>,
  from: State,
  to: State,
  noun: string,
  field = 'to',
): void {
  const allowed = table[from];
  if (allowed.includes(to)) return;
  if (allowed.length === 0) {
    throw new BadUserInputError(`${noun} in ${from} is final and cannot move to ${to}.`, field);
  }
  const list = allowed.length === 1 ? `${allowed[0]} only` : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
  const already = from === to ? ` (it is already in ${from})` : '';
  throw new BadUserInputError(`${noun} in ${from} can move to ${list}; got ${to}${already}.`, field);
}
