import type { Express } from 'express';
import { causeCode } from './errors';
import type { Logger } from './logger';

/**
 * Health endpoints every server of the hub answers:
 *   GET /health/live   200 as long as the process answers HTTP;
 *   GET /health/ready  200 when every dependency answers, 503 naming each one that does not;
 *   GET /health        the same as /health/ready (older probes use it).
 * The body says what failed in words an operator can act on, never an internal URL or a secret.
 */

/** Longest wait for one dependency before it counts as not answering. */
export const HEALTH_CHECK_TIMEOUT_MS = 2000;

/** A dependency check: resolves when it answers, rejects (preferably with a {@link HealthCheckFailure}) when not. */
export type HealthCheck = () => Promise<void>;

/** A failed check whose message is safe to show in the readiness body. */
export class HealthCheckFailure extends Error {
  override readonly name = 'HealthCheckFailure';
}

/** The readiness body. */
export interface Readiness {
  readonly status: 'ok' | 'unavailable';
  /** `ok` or what is wrong, by dependency. */
  readonly checks: Readonly<Record<string, string>>;
}

/** A failure in words fit for the readiness body: a check's own words, or a system error code, nothing more. */
function describeFailure(error: unknown): string {
  if (error instanceof HealthCheckFailure) return error.message;
  if ((error as Error)?.name === 'TimeoutError') return `no answer within ${HEALTH_CHECK_TIMEOUT_MS} ms`;
  const code = causeCode(error);
  return code && /^[A-Z][A-Z0-9_]+$/.test(code) ? `does not answer (${code})` : 'does not answer';
}

/** Runs `check` with the {@link HEALTH_CHECK_TIMEOUT_MS} bound; never rejects. */
async function runCheck(name: string, check: HealthCheck, logger: Logger): Promise<[string, string]> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new HealthCheckFailure(`no answer within ${HEALTH_CHECK_TIMEOUT_MS} ms`)), HEALTH_CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), deadline]);
    return [name, 'ok'];
  } catch (error) {
    const description = describeFailure(error);
    logger.warn({ check: name, reason: description, err: error }, `readiness check ${name} failed: ${description}`);
    return [name, description];
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check in parallel and says whether the service is ready. */
export async function checkReadiness(checks: Readonly<Record<string, HealthCheck>>, logger: Logger): Promise<Readiness> {
  const results = await Promise.all(Object.entries(checks).map(([name, check]) => runCheck(name, check, logger)));
  return {
    status: results.every(([, state]) => state === 'ok') ? 'ok' : 'unavailable',
    checks: Object.fromEntries(results),
  };
}

/** Mounts `/health/live`, `/health/ready` and `/health` on `app`. */
export function mountHealthRoutes(app: Express, checks: Readonly<Record<string, HealthCheck>>, logger: Logger): void {
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get(['/health/ready', '/health'], async (_req, res) => {
    const readiness = await checkReadiness(checks, logger);
    res.status(readiness.status === 'ok' ? 200 : 503).json(readiness);
  });
}

/**
 * A check that the service at `graphqlUrl` (a subgraph's `/graphql` URL) is ready: its
 * `/health/ready` answers 200. A 503 is reported with the parts the subgraph names as failing
 * (`not ready: database`).
 */
export function subgraphReadyCheck(graphqlUrl: string): HealthCheck {
  const url = new URL('/health/ready', graphqlUrl);
  return async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(HEALTH_CHECK_TIMEOUT_MS) });
    if (response.ok) {
      await response.body?.cancel();
      return;
    }
    const body = (await response.json().catch(() => undefined)) as Partial<Readiness> | undefined;
    const failing = Object.entries(body?.checks ?? {})
      .filter(([, state]) => state !== 'ok')
      .map(([name]) => name);
    throw new HealthCheckFailure(failing.length ? `not ready: ${failing.join(', ')}` : `answered HTTP ${response.status}`);
  };
}
