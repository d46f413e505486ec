import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

/**
 * The bench's load generator and counters: a fixed number of concurrent workers sending requests
 * back to back over keep-alive connections (undici), the CPU time of processes from /proc, and
 * nothing else.
 */

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (`getconf CLK_TCK`, usually 100). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time a process has used so far (user + system), ms, from `/proc/<pid>/stat` (Linux), at the
 * kernel's resolution (10 ms at 100 ticks a second). `NaN` when the process is gone or not on Linux.
 */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** How long one slot runs: for a time, or for a number of requests. */
export type SlotLength = { readonly durationMs: number } | { readonly requests: number };

/** What one slot measured at the client. */
export interface SlotResult {
  ok: number;
  failed: number;
  elapsedMs: number;
  latenciesMs: number[];
  firstError?: string;
}

/** Keep-alive connections, `connections` at most to each gateway (undici pools per origin), reused across slots. */
export function createClientAgent(connections: number): Agent {
  return new Agent({ connections, pipelining: 1, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });
}

/** The outcome of one request: its answer when it is a GraphQL success, or why it is not. */
export async function send(agent: Agent, url: string, body: string, authorization?: string): Promise<{ ok: true; data: unknown } | { ok: false; error: string }> {
  try {
    const response = await request(url, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(authorization ? { authorization } : {}) },
      body,
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) return { ok: false, error: `HTTP ${response.statusCode}: ${text.slice(0, 300)}` };
    const result = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
    if (result.errors) return { ok: false, error: `errors: ${JSON.stringify(result.errors).slice(0, 300)}` };
    return { ok: true, data: result.data };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Runs one slot: `concurrency` workers each send a request, wait for the whole answer, and send
 * the next, until the slot's time or request budget is spent. Request `i` (counted across the
 * slot) sends `bodies[(offset + i) % bodies.length]`.
 */
export async function runSlot(
  agent: Agent,
  url: string,
  bodies: readonly string[],
  options: { concurrency: number; length: SlotLength; authorization?: string; offset?: number },
): Promise<SlotResult> {
  const result: SlotResult = { ok: 0, failed: 0, elapsedMs: 0, latenciesMs: [] };
  const started = performance.now();
  const deadline = 'durationMs' in options.length ? started + options.length.durationMs : Number.POSITIVE_INFINITY;
  const budget = 'requests' in options.length ? options.length.requests : Number.POSITIVE_INFINITY;
  let issued = 0;
  const worker = async () => {
    while (issued < budget && performance.now() < deadline) {
      const index = (options.offset ?? 0) + issued++;
      const sent = performance.now();
      const outcome = await send(agent, url, bodies[index % bodies.length], options.authorization);
      result.latenciesMs.push(performance.now() - sent);
      if (outcome.ok) result.ok += 1;
      else {
        result.failed += 1;
        result.firstError ??= outcome.error;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  result.elapsedMs = performance.now() - started;
  return result;
}

/**
 * The gateways of a round in turn: each round and operation starts with a different one, so none
 * always goes first, and every other round runs them in reverse, so none always follows the same
 * one (a gateway measured right after another shares the machine with whatever that one, and the
 * subgraphs it loaded, still finish: garbage collection, closing connections).
 */
export function turnOrder<Item>(items: readonly Item[], round: number, operation: number): Item[] {
  const direction = round % 2 === 0 ? items : [...items].reverse();
  const by = round + operation;
  return direction.map((_, index) => direction[(index + by) % direction.length]);
}
