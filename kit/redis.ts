import type { Redis } from 'ioredis';

/**
 * What the hub's Redis clients (the gateways' rate limiter, the alert-notice bus) share: how a
 * Redis URL is shown in a log line, and the wait for a new connection's first outcome.
 */

/** A Redis URL fit for a log line: the password is replaced by `***`. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable REDIS_URL)';
  }
}

/** Waits for a connection's first outcome (ready or error), at most `timeoutMs`. */
export function firstOutcome(client: Redis, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    timer.unref();
    function done() {
      clearTimeout(timer);
      client.off('ready', done);
      client.off('error', done);
      resolve();
    }
    client.once('ready', done);
    client.once('error', done);
  });
}
