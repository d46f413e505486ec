import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { ObservabilityConfig } from './config';
import { IDENTITY_HEADER } from './identity';

export type { Logger } from 'pino';

/** What a request adds to every log line written while it runs. */
interface RequestScope {
  readonly requestId: string;
}

const requestScope = new AsyncLocalStorage<RequestScope>();

/**
 * Runs `work` so that every log line written during it (by any logger of this module, however
 * deep and however asynchronous) carries `requestId`.
 */
export function runWithRequestId<T>(requestId: string, work: () => T): T {
  return requestScope.run({ requestId }, work);
}

/**
 * Fields never written, however they reach a log line: credentials, the gateway-signed identity,
 * cookies, and GraphQL variables (they may hold personal data).
 */
const REDACTED_PATHS = [
  'authorization',
  'cookie',
  'token',
  'variables',
  `["${IDENTITY_HEADER}"]`,
  '*.authorization',
  '*.cookie',
  '*.token',
  '*.variables',
  `*["${IDENTITY_HEADER}"]`,
  '*.headers.authorization',
  '*.headers.cookie',
  `*.headers["${IDENTITY_HEADER}"]`,
];

/**
 * Errors whose messages can quote the data of the statement that failed: Prisma's validation
 * errors print the whole call with its arguments, and PostgreSQL's details name the values of a
 * violated key. They may hold personal data (PDPA), so only their kind, code and origin are logged.
 */
const DATA_QUOTING_ERROR = /^(Prisma[A-Za-z]*Error|DriverAdapterError)$/;

/**
 * pino's error serializer, except that an error of {@link DATA_QUOTING_ERROR} keeps its type,
 * code and the stack frames that say where it was raised, but loses its message and meta values.
 */
export function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown> | undefined;
  if (!serialized || typeof serialized.type !== 'string' || !DATA_QUOTING_ERROR.test(serialized.type)) return serialized;
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { originalCode?: unknown } }).cause?.originalCode;
  const frames = typeof serialized.stack === 'string' ? serialized.stack.split('\n').filter((line) => /^\s+at /.test(line)) : [];
  return {
    type: serialized.type,
    ...(typeof code === 'string' ? { code } : {}),
    message: '[not logged: a database error may quote personal data; see the code and stack]',
    stack: frames.join('\n'),
  };
}

/** How {@link createLogger} writes. */
export interface LoggerOptions {
  readonly level: ObservabilityConfig['logLevel'];
  /** `json` lines, `pretty` lines for a person, or `auto`: pretty when standard output is a terminal. */
  readonly format: ObservabilityConfig['logFormat'];
  /** Where lines go: standard output when absent, `stderr` (fatal start-up errors), or a stream (tests read it). */
  readonly destination?: DestinationStream | 'stderr';
}

/** Whether lines written to `destination` reach a terminal. */
function isTerminal(destination: LoggerOptions['destination']): boolean {
  if (destination === undefined) return process.stdout.isTTY === true;
  return destination === 'stderr' && process.stderr.isTTY === true;
}

/**
 * The hub's logger (pino). JSON lines by default; pretty lines (pino-pretty, synchronous in this
 * thread, no worker) when the format says so. Every line written while a request runs carries its
 * `requestId` (see {@link runWithRequestId}); services add `service` with `logger.child`.
 * Credentials, identity headers and variables are redacted.
 */
export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    level: options.level,
    base: { pid: process.pid },
    // `"level":"info"` rather than pino's numbers: readable by a person and by any collector.
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
    mixin: () => requestScope.getStore() ?? {},
  };
  const terminal = isTerminal(options.destination);
  const fd = options.destination === 'stderr' ? 2 : 1;
  const destination = typeof options.destination === 'object' ? options.destination : undefined;
  if (options.format === 'json' || (options.format === 'auto' && !terminal)) {
    return pino(settings, destination ?? pino.destination({ fd, sync: true }));
  }
  const stream = pretty({
    sync: true,
    colorize: terminal,
    singleLine: true,
    ignore: 'pid,hostname,service',
    messageFormat: '{if service}[{service}] {end}{msg}',
    translateTime: 'HH:MM:ss.l',
    destination: destination ?? fd,
  });
  return pino(settings, stream);
}

/** The logger of a server that was given none (tests building one server alone): warnings and errors as JSON. */
export function createFallbackLogger(service: string): Logger {
  return createLogger({ level: 'warn', format: 'json' }).child({ service });
}
