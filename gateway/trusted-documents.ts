import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { PersistedQueryOptions } from '@apollo/server';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { parse } from 'graphql';
import type { TrustedDocumentsConfig } from '../kit/config';
import { CodedError, ErrorCode, preview, StartupError } from '../kit/errors';

/**
 * Which documents the gateway runs (README "Trusted documents"):
 *   - `apq` (default): any valid document, plus automatic persisted queries: a client may send only
 *     `extensions.persistedQuery.sha256Hash`, and registers an unknown hash by sending the hash with
 *     the text once. Kept in a bounded in-memory LRU cache with a TTL, per gateway replica.
 *   - `safelist` (production): only the operations registered in the manifest
 *     (`trusted-documents.json`, written by `npm run operations:register`) run, sent either as the
 *     registered text or as its hash alone. Anything else is refused with HTTP 400
 *     `PERSISTED_QUERY_NOT_ALLOWED` before it is parsed, validated or planned.
 */

/** The manifest format this gateway reads and `operations:register` writes. */
export const MANIFEST_FORMAT = 1;

/** Most memory the automatic persisted queries of one gateway replica take (bytes of query text). */
export const APQ_CACHE_MAX_BYTES = 16 * 1024 * 1024;

/** How long an automatic persisted query stays known after it was registered (seconds); clients re-register on a miss. */
export const APQ_TTL_SECONDS = 24 * 60 * 60;

/** One registered operation: its canonical text (with the fragments it uses) and who registered it. */
export interface RegisteredOperation {
  /** The operation's name, e.g. `ClusterBudget`. */
  readonly name: string;
  /** The apps that registered this exact text, sorted (the same text may serve several apps). */
  readonly apps: readonly string[];
  /** The document, printed by graphql-js; its sha256 is the operation's key in the manifest. */
  readonly document: string;
}

/**
 * The manifest (`trusted-documents.json`):
 * `{ "format": 1, "operations": { "<sha256 hex of document>": { "name", "apps", "document" } } }`.
 */
export interface TrustedDocumentsManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly operations: Readonly<Record<string, RegisteredOperation>>;
}

/** What the gateway is given for its trusted-documents mode. */
export interface TrustedDocuments {
  /** Apollo Server's `persistedQueries` option: a bounded APQ cache, or the manifest read-only in safelist mode. */
  readonly persistedQueries: PersistedQueryOptions;
  /**
   * Checks an HTTP request before Apollo handles it (call it first in the `context` function).
   * Does nothing in `apq` mode.
   *
   * It runs there, not in a plugin hook, because Apollo turns an error thrown from `requestDidStart`
   * or `didResolveSource` into HTTP 500 "Internal server error", whereas an error thrown while the
   * context is created is answered with the error's own `extensions.http.status`, before anything
   * is parsed.
   *
   * @throws PersistedQueryNotAllowedError (HTTP 400) in safelist mode when the request's query
   *   text, or else its `extensions.persistedQuery.sha256Hash`, is not registered.
   */
  readonly assertTrusted: (request: TrustedDocumentsRequest) => void;
  /** The manifest in use (safelist mode), or undefined (apq mode). */
  readonly manifest?: TrustedDocumentsManifest;
}

/** The parts of an HTTP request (Express's `req`) the safelist check reads. */
export interface TrustedDocumentsRequest {
  readonly method?: string;
  /** The JSON body of a POST. */
  readonly body?: unknown;
  /** The query-string parameters of a GET (`query`, `extensions` as JSON text). */
  readonly query?: unknown;
}

/** Safelist mode: the request's operation is not in the manifest. */
export class PersistedQueryNotAllowedError extends CodedError {
  constructor(message: string) {
    super(message, ErrorCode.PERSISTED_QUERY_NOT_ALLOWED, 400);
  }
}

/** The manifest is missing or malformed; the message names the file and every problem. */
export class TrustedDocumentsError extends StartupError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(
      problems.length === 1
        ? `Trusted documents manifest ${file}: ${problems[0]}`
        : `Trusted documents manifest ${file} is invalid:\n  - ${problems.join('\n  - ')}`,
    );
  }
}

/** The hex sha256 of a document's exact text: its key in the manifest and its APQ hash. */
export function documentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const HASH = /^[0-9a-f]{64}$/;
const APP = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Whether `app` is a usable app name: lower-case letters, digits, `.`, `_`, `-`, at most 64 characters. */
export function isAppName(app: string): boolean {
  return APP.test(app);
}

/** An empty manifest, the start of a new `trusted-documents.json`. */
export function emptyManifest(): TrustedDocumentsManifest {
  return { format: MANIFEST_FORMAT, operations: {} };
}

/**
 * Checks the shape of a parsed manifest: format 1, every key the sha256 of its document, every
 * document parseable GraphQL, a name and at least one app. Does not validate against the schema
 * (`npm run operations:register -- --check` does).
 *
 * @throws TrustedDocumentsError naming `file` and listing every problem.
 */
export function parseManifest(text: string, file: string): TrustedDocumentsManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TrustedDocumentsError(file, [
      `is not valid JSON (${(error as Error).message}). Fix or regenerate it with \`npm run operations:register\`.`,
    ]);
  }
  const problems: string[] = [];
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new TrustedDocumentsError(file, [`must hold a JSON object {"format": ${MANIFEST_FORMAT}, "operations": {…}}.`]);
  }
  const { format, operations } = value as { format?: unknown; operations?: unknown };
  if (format !== MANIFEST_FORMAT) problems.push(`"format" must be ${MANIFEST_FORMAT}; got ${JSON.stringify(format)}.`);
  if (!operations || typeof operations !== 'object' || Array.isArray(operations)) {
    problems.push('"operations" must be an object keyed by the sha256 of each document.');
    throw new TrustedDocumentsError(file, problems);
  }
  const result: Record<string, RegisteredOperation> = {};
  for (const [hash, entry] of Object.entries(operations as Record<string, unknown>)) {
    const at = `operation ${preview(hash)}`;
    if (!HASH.test(hash)) problems.push(`${at}: the key must be a lower-case hex sha256 (64 characters).`);
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push(`${at}: must be an object {"name", "apps", "document"}.`);
      continue;
    }
    const { name, apps, document } = entry as { name?: unknown; apps?: unknown; document?: unknown };
    if (typeof name !== 'string' || name === '') problems.push(`${at}: "name" must be the operation's name.`);
    if (!Array.isArray(apps) || apps.length === 0 || !apps.every((app) => typeof app === 'string' && isAppName(app))) {
      problems.push(`${at}: "apps" must list the app names that registered it (lower-case letters, digits, ".", "_", "-").`);
    }
    if (typeof document !== 'string' || document === '') {
      problems.push(`${at}: "document" must be the registered GraphQL text.`);
      continue;
    }
    if (HASH.test(hash) && documentHash(document) !== hash) {
      problems.push(`${at}: the sha256 of "document" is ${documentHash(document)}, not its key; the document was edited by hand. Register it again.`);
    }
    try {
      parse(document);
    } catch (error) {
      problems.push(`${at}: "document" is not valid GraphQL: ${(error as Error).message}`);
    }
    result[hash] = { name: name as string, apps: apps as string[], document };
  }
  if (problems.length > 0) throw new TrustedDocumentsError(file, problems);
  return { format: MANIFEST_FORMAT, operations: result };
}

/**
 * Reads and checks the manifest at `file` (see {@link parseManifest}).
 *
 * @throws TrustedDocumentsError when the file is missing (with how to create it), unreadable or malformed.
 */
export function readManifest(file: string): TrustedDocumentsManifest {
  if (!existsSync(file)) {
    throw new TrustedDocumentsError(file, [
      'does not exist. TRUSTED_DOCUMENTS=safelist runs only the operations registered there: create it with ' +
        '`npm run operations:register -- --app <app> <operations.graphql>`, or set TRUSTED_DOCUMENTS_FILE to where it is.',
    ]);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TrustedDocumentsError(file, [`cannot be read: ${(error as Error).message}`]);
  }
  return parseManifest(text, file);
}

/** Code-unit order, the same on every machine (unlike localeCompare). */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The manifest as it is written to disk: operations ordered by app, name and hash so that a
 * registration shows as a small diff in review, two-space JSON, a final newline.
 */
export function serializeManifest(manifest: TrustedDocumentsManifest): string {
  const entries = Object.entries(manifest.operations)
    .map(([hash, operation]) => [hash, { name: operation.name, apps: [...new Set(operation.apps)].sort(), document: operation.document }] as const)
    .sort(([hashA, a], [hashB, b]) => compare(a.apps[0], b.apps[0]) || compare(a.name, b.name) || compare(hashA, hashB));
  const operations = Object.fromEntries(entries);
  return `${JSON.stringify({ format: MANIFEST_FORMAT, operations }, null, 2)}\n`;
}

/** Apollo Server stores APQs under this prefix of the cache it is given. */
const APQ_PREFIX = 'apq:';

/** The first characters of a hash, as shown in messages and by `operations:register`. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

const HOW_TO_REGISTER =
  'Register it with `npm run operations:register -- --app <app> <file.graphql>`, deploy the manifest, then send its registered text or sha256.';

/** The operation one set of request parameters names: its query text's hash, else its persisted-query hash. */
function requestedHash(params: unknown, get: boolean): { hash: string; fromText: boolean } | undefined {
  if (!params || typeof params !== 'object') return undefined;
  const { query } = params as { query?: unknown };
  if (typeof query === 'string') return { hash: documentHash(query), fromText: true };
  let { extensions } = params as { extensions?: unknown };
  if (get && typeof extensions === 'string') {
    try {
      extensions = JSON.parse(extensions);
    } catch {
      return undefined; // Apollo answers 400 for extensions that are not JSON.
    }
  }
  const sha256Hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  return typeof sha256Hash === 'string' ? { hash: sha256Hash, fromText: false } : undefined;
}

/** Every operation a request names (a POST body may be a batch, should batching ever be turned on). */
function requestedHashes(request: TrustedDocumentsRequest): { hash: string; fromText: boolean }[] {
  const get = request.method === 'GET';
  const params = get ? request.query : request.body;
  const all = Array.isArray(params) ? params : [params];
  return all.map((one) => requestedHash(one, get)).filter((hash) => hash !== undefined);
}

/**
 * Sets up the gateway's trusted-documents mode from its configuration. In safelist mode the
 * manifest is read and checked now, once, so a bad manifest stops the gateway at start rather than
 * refusing every request later.
 *
 * @throws TrustedDocumentsError in safelist mode when the manifest is missing or malformed.
 */
export function createTrustedDocuments(config: TrustedDocumentsConfig): TrustedDocuments {
  if (config.mode === 'apq') {
    return {
      persistedQueries: {
        cache: new InMemoryLRUCache<string>({ maxSize: APQ_CACHE_MAX_BYTES }),
        ttl: APQ_TTL_SECONDS,
      },
      assertTrusted: () => undefined,
    };
  }
  const manifest = readManifest(config.manifestPath);
  const documents = new Map(Object.entries(manifest.operations).map(([hash, operation]) => [hash, operation.document]));
  return {
    manifest,
    persistedQueries: {
      // Read-only: a hash-only request finds a registered document; "registering" a new one adds nothing.
      cache: {
        get: async (key: string) => documents.get(key.startsWith(APQ_PREFIX) ? key.slice(APQ_PREFIX.length) : key),
        set: async () => undefined,
        delete: async () => false,
      },
      ttl: null,
    },
    assertTrusted: (request) => {
      // A request with no query and no hash passes: Apollo itself answers 400 BAD_REQUEST.
      const requested = requestedHashes(request).find(({ hash }) => !documents.has(hash));
      if (!requested) return;
      throw new PersistedQueryNotAllowedError(
        requested.fromText
          ? `This gateway runs only registered operations, and this query text (sha256 ${shortHash(requested.hash)}…) is not registered. ${HOW_TO_REGISTER}`
          : `This gateway runs only registered operations, and persisted query ${preview(shortHash(requested.hash))}… is not registered. ${HOW_TO_REGISTER}`,
      );
    },
  };
}
