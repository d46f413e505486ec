import { parseClusterCode } from '../../../kit/clusters';
import { BadUserInputError, ForbiddenError, preview } from '../../../kit/errors';
import { processAlertBus } from '../../../kit/events';
import { authorizeClusterWrite, type Identity } from '../../../kit/identity';
import { cleanOptionalText, cleanText } from '../../../kit/validate';
import type { Alert, PrismaClient } from '../generated/prisma/client';
import { AlertSeverity } from '../generated/prisma/enums';
import type { RaiseAlertInput } from './alert.input';

/** Largest number of alerts one list returns. */
export const MAX_ALERTS = 200;

/**
 * The PostgreSQL advisory lock every alert insert takes inside its transaction, so that alerts
 * commit in `sequence` order: without it two writers can commit 11 before 10, and a subscriber that
 * resumes after 11 would never see 10. (An arbitrary constant, unique among the hub's locks.)
 */
const ALERT_INSERT_LOCK = 7_310_001;

/** Severities from least to most urgent; `minSeverity` keeps this one and those after it. */
const SEVERITY_ORDER: readonly AlertSeverity[] = [AlertSeverity.INFO, AlertSeverity.WARNING, AlertSeverity.CRITICAL];

/**
 * Stores a new alert after checking rights and input, then tells subscribers (the process's alert
 * bus) once the row is committed. Inserts are serialised by {@link ALERT_INSERT_LOCK}, so sequence
 * order is commit order on PostgreSQL and on PGlite alike (one code path).
 *
 * @throws UnauthenticatedError / ForbiddenError when the caller may not write the cluster;
 *   BadUserInputError for an unknown cluster or an empty or oversized title.
 */
export async function raiseAlert(prisma: PrismaClient, identity: Identity, input: RaiseAlertInput): Promise<Alert> {
  const { clusterCode, author } = authorizeClusterWrite(identity, input.clusterCode);
  const data = {
    clusterCode,
    severity: input.severity,
    titleTh: cleanText(input.titleTh, 'titleTh', { max: 300 }),
    detailTh: cleanOptionalText(input.detailTh, 'detailTh', { max: 4000, multiline: true }),
    raisedBy: author,
  };
  const alert = await prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${ALERT_INSERT_LOCK})`);
    return tx.alert.create({ data });
  });
  // After the commit: a subscriber woken by this notice reads a row that is there.
  await processAlertBus().publish({ sequence: alert.sequence.toString(), id: alert.id, clusterCode: alert.clusterCode, severity: alert.severity });
  return alert;
}

/** Checks a list size: 1 to {@link MAX_ALERTS}. */
export function checkLimit(limit: number): number {
  if (Number.isInteger(limit) && limit >= 1 && limit <= MAX_ALERTS) return limit;
  throw new BadUserInputError(`limit must be between 1 and ${MAX_ALERTS}; got ${preview(limit)}.`, 'limit');
}

/**
 * Reads a sequence a client sent back (`after`): a decimal string of an alert's `sequence`, or "0"
 * for "from the start".
 *
 * @throws BadUserInputError naming `field` when it is not one.
 */
export function parseSequence(value: string, field = 'after'): bigint {
  if (/^\d{1,19}$/.test(value.trim())) {
    const sequence = BigInt(value.trim());
    if (sequence <= 9_223_372_036_854_775_807n) return sequence;
  }
  throw new BadUserInputError(`${field} must be the sequence of an alert (a decimal string such as "42", as the sequence field gave it); got ${preview(value)}.`, field);
}

/** The severities at or above `min` (all when absent). */
export function severitiesFrom(min: AlertSeverity | null | undefined): AlertSeverity[] {
  return min ? SEVERITY_ORDER.slice(SEVERITY_ORDER.indexOf(min)) : [...SEVERITY_ORDER];
}

/** Only the gateway (which signs itself as an admin for its subscription tailer) reads the raw log. */
function assertLogReader(identity: Identity): void {
  if (identity.role !== 'admin') {
    throw new ForbiddenError('The alert log is read by the gateway for subscriptions; subscribe to alertRaised at the gateway instead.');
  }
}

/** What {@link readAlertLog} reads. */
export interface AlertLogQuery {
  readonly after: string;
  readonly clusterCode?: string | null;
  readonly minSeverity?: AlertSeverity | null;
  readonly limit: number;
}

/**
 * The alerts stored after sequence `after`, oldest first (the subscription log the gateway pages
 * through to resume a client and to catch up on missed notices).
 *
 * @throws ForbiddenError unless the caller is an admin (the gateway); BadUserInputError for a bad
 *   `after`, cluster or limit.
 */
export function readAlertLog(prisma: PrismaClient, identity: Identity, query: AlertLogQuery): Promise<Alert[]> {
  assertLogReader(identity);
  const after = parseSequence(query.after);
  const clusterCode = query.clusterCode == null ? undefined : parseClusterCode(query.clusterCode);
  return prisma.alert.findMany({
    where: { sequence: { gt: after }, ...(clusterCode ? { clusterCode } : {}), severity: { in: severitiesFrom(query.minSeverity) } },
    orderBy: { sequence: 'asc' },
    take: checkLimit(query.limit),
  });
}

/**
 * The highest sequence stored, as a decimal string ("0" when there is no alert).
 *
 * @throws ForbiddenError unless the caller is an admin (the gateway).
 */
export async function readAlertLogHead(prisma: PrismaClient, identity: Identity): Promise<string> {
  assertLogReader(identity);
  const { _max } = await prisma.alert.aggregate({ _max: { sequence: true } });
  return (_max.sequence ?? 0n).toString();
}
