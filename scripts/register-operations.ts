import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApolloGateway } from '../kit/apollo-gateway';
import {
  type GraphQLError,
  Kind,
  parse,
  print,
  separateOperations,
  Source,
  validate,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import {
  documentHash,
  emptyManifest,
  isAppName,
  readManifest,
  serializeManifest,
  shortHash,
  TrustedDocumentsError,
  type RegisteredOperation,
  type TrustedDocumentsManifest,
} from '../gateway/trusted-documents';
import { loadConfig } from '../kit/config';
import { PROJECT_ROOT } from '../kit/paths';

const USAGE = `Registers an app's GraphQL operations in the trusted-documents manifest (TRUSTED_DOCUMENTS_FILE,
default trusted-documents.json), after validating them against schema/supergraph.graphql.
usage: npm run operations:register -- --app <app-name> <file-or-folder>...   (.graphql and .gql files)
       npm run operations:register -- --check                               (verify the manifest)`;

/** The composed schema operations are validated against (the one the gateway serves). */
export const SUPERGRAPH_FILE = path.join(PROJECT_ROOT, 'schema', 'supergraph.graphql');

/** File endings read from folders and accepted on the command line. */
const EXTENSIONS = ['.graphql', '.gql'];

/** A problem with the operations or the manifest; the message names the file and says how to fix it. */
export class RegistrationError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'RegistrationError';
  }
}

/** One named operation ready to register: its canonical text (operation, then used fragments by name). */
export interface CollectedOperation {
  readonly name: string;
  readonly hash: string;
  readonly document: string;
  /** The file it came from, as given (relative to the working folder). */
  readonly file: string;
  /** The parsed document, whose nodes point into the source file (for error locations). */
  readonly ast: DocumentNode;
}

/** What happened to one operation in a registration. */
export interface RegistrationLine {
  readonly hash: string;
  readonly app: string;
  readonly name: string;
  /** `new`: first registration; `added app`: the text was registered by another app; `unchanged`: already there. */
  readonly outcome: 'new' | 'added app' | 'unchanged';
}

/** A path as messages show it: relative to the working folder when inside it, else absolute. */
const shown = (file: string): string => {
  const relative = path.relative(process.cwd(), path.resolve(file));
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(file);
};

/** Expands files and folders (recursively, sorted) into `.graphql`/`.gql` files. */
function expand(paths: readonly string[]): string[] {
  const files: string[] = [];
  const problems: string[] = [];
  const walk = (target: string, given: boolean) => {
    if (!existsSync(target)) {
      problems.push(`${shown(target)}: no such file or folder.`);
      return;
    }
    if (statSync(target).isDirectory()) {
      for (const entry of readdirSync(target).sort()) {
        if (entry === 'node_modules' || entry.startsWith('.')) continue;
        walk(path.join(target, entry), false);
      }
    } else if (EXTENSIONS.includes(path.extname(target))) {
      files.push(target);
    } else if (given) {
      problems.push(`${shown(target)}: not a .graphql or .gql file.`);
    }
  };
  for (const given of paths) walk(path.resolve(given), true);
  if (problems.length > 0) throw new RegistrationError(problems);
  return [...new Set(files)];
}

/**
 * Reads `.graphql`/`.gql` files (folders are searched recursively) and makes one document per
 * named operation: the operation with the fragments it uses (fragments may live in any of the
 * files), printed by graphql-js so the text, and so the hash, does not depend on formatting or on
 * the order of the files.
 *
 * @throws RegistrationError naming the file when a path does not exist, a file does not parse, an
 *   operation has no name, or two files define one operation or fragment name differently.
 */
export function collectOperations(paths: readonly string[]): CollectedOperation[] {
  const files = expand(paths);
  if (files.length === 0) throw new RegistrationError([`No .graphql or .gql files in ${paths.join(', ') || '(no paths given)'}.`]);
  const problems: string[] = [];
  const fragments = new Map<string, { node: FragmentDefinitionNode; file: string }>();
  const operations: { node: OperationDefinitionNode; file: string }[] = [];
  for (const file of files) {
    let document: DocumentNode;
    try {
      document = parse(new Source(readFileSync(file, 'utf8'), shown(file)));
    } catch (error) {
      problems.push(`${shown(file)}: ${(error as Error).message}`);
      continue;
    }
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        const name = definition.name.value;
        const seen = fragments.get(name);
        if (seen && print(seen.node) !== print(definition)) {
          problems.push(`${shown(file)}: fragment ${name} is also defined, differently, in ${shown(seen.file)}. Give one of them another name.`);
        } else if (!seen) fragments.set(name, { node: definition, file });
      } else if (definition.kind === Kind.OPERATION_DEFINITION) {
        if (!definition.name) {
          const line = definition.loc ? `:${definition.loc.startToken.line}` : '';
          problems.push(`${shown(file)}${line}: an operation has no name. Name it (query ClusterBudget { … }): the manifest and the logs refer to operations by name.`);
        } else {
          operations.push({ node: definition, file });
        }
      } else {
        problems.push(`${shown(file)}: holds a ${definition.kind} definition; operation files hold only operations and fragments.`);
      }
    }
  }
  const sortedFragments: DefinitionNode[] = [...fragments.values()]
    .sort((a, b) => (a.node.name.value < b.node.name.value ? -1 : 1))
    .map((fragment) => fragment.node);
  const collected = new Map<string, CollectedOperation>();
  for (const { node, file } of operations) {
    const name = node.name!.value;
    const ast = separateOperations({ kind: Kind.DOCUMENT, definitions: [node, ...sortedFragments] })[name];
    const document = print(ast);
    const previous = collected.get(name);
    if (previous && previous.document !== document) {
      problems.push(`${shown(file)}: operation ${name} is also defined, differently, in ${previous.file}. Give one of them another name.`);
      continue;
    }
    collected.set(name, { name, hash: documentHash(document), document, file: shown(file), ast });
  }
  if (problems.length > 0) throw new RegistrationError(problems);
  if (collected.size === 0) throw new RegistrationError([`No named operations in ${files.map(shown).join(', ')}.`]);
  return [...collected.values()];
}

/**
 * The API schema clients see (what the gateway serves from the supergraph: no join/link
 * machinery, no `@inaccessible` elements), obtained the way the gateway itself gets it.
 *
 * @throws Error when the supergraph file is missing or does not build.
 */
export async function loadApiSchema(supergraphFile: string = SUPERGRAPH_FILE): Promise<GraphQLSchema> {
  const quiet = { debug: () => undefined, info: () => undefined, warn: console.warn, error: console.error };
  const gateway = createApolloGateway({ supergraphSdl: readFileSync(supergraphFile, 'utf8'), logger: quiet });
  try {
    const { schema } = await gateway.load();
    return schema;
  } finally {
    await gateway.stop();
  }
}

const describe = (errors: readonly GraphQLError[]): string => errors.map((error) => `    ${error.toString().split('\n').join('\n    ')}`).join('\n');

/** Problems of operations that do not validate against `schema`, one per operation, naming the file. */
export function validateOperations(schema: GraphQLSchema, operations: readonly CollectedOperation[]): string[] {
  return operations.flatMap((operation) => {
    const errors = validate(schema, operation.ast);
    return errors.length === 0
      ? []
      : [`${operation.file}: operation ${operation.name} does not validate against schema/supergraph.graphql:\n${describe(errors)}`];
  });
}

/** Reads the manifest at `file`, or an empty one when there is none yet. */
function readOrEmpty(file: string): TrustedDocumentsManifest {
  return existsSync(file) ? readManifest(file) : emptyManifest();
}

/** Writes through a temporary file and a rename, so a reader never sees half a manifest. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/**
 * Registers `app`'s operations found under `paths` in the manifest at `manifestFile` (created when
 * missing). All operations are validated first: if any is refused, nothing is written.
 * Registering the same operations again changes nothing (the file is not rewritten).
 *
 * @param schema the API schema to validate against; loaded from schema/supergraph.graphql when omitted.
 * @returns one line per operation, in the order found.
 * @throws RegistrationError when `app` is not a valid name or an operation is refused (see
 *   {@link collectOperations}, {@link validateOperations}); TrustedDocumentsError when the
 *   existing manifest is malformed.
 */
export async function registerOperations(options: {
  app: string;
  paths: readonly string[];
  manifestFile: string;
  schema?: GraphQLSchema;
}): Promise<RegistrationLine[]> {
  if (!isAppName(options.app)) {
    throw new RegistrationError([
      `--app must be a short lower-case name such as budget-bureau-portal (letters, digits, ".", "_", "-"); got ${JSON.stringify(options.app)}.`,
    ]);
  }
  const manifest = readOrEmpty(options.manifestFile);
  const operations = collectOperations(options.paths);
  const problems = validateOperations(options.schema ?? (await loadApiSchema()), operations);
  if (problems.length > 0) throw new RegistrationError([...problems, `Nothing was written to ${shown(options.manifestFile)}.`]);

  const merged: Record<string, RegisteredOperation> = { ...manifest.operations };
  const lines = operations.map(({ hash, name, document }): RegistrationLine => {
    const existing = merged[hash];
    if (existing?.apps.includes(options.app)) return { hash, app: options.app, name, outcome: 'unchanged' };
    merged[hash] = { name, document, apps: [...(existing?.apps ?? []), options.app] };
    return { hash, app: options.app, name, outcome: existing ? 'added app' : 'new' };
  });
  if (lines.some((line) => line.outcome !== 'unchanged')) {
    writeAtomically(options.manifestFile, serializeManifest({ ...manifest, operations: merged }));
  }
  return lines;
}

/**
 * Verifies the manifest at `manifestFile`: it reads (format, hashes, documents parse; see
 * `readManifest`), and every document holds exactly one operation, named as its entry says, in
 * canonical printed form, that validates against `schema`.
 *
 * @returns the problems found (empty when the manifest is sound) and how many operations it holds.
 * @throws TrustedDocumentsError when the manifest is missing or malformed.
 */
export async function checkManifest(manifestFile: string, schema?: GraphQLSchema): Promise<{ problems: string[]; count: number }> {
  const manifest = readManifest(manifestFile);
  const apiSchema = schema ?? (await loadApiSchema());
  const problems: string[] = [];
  for (const [hash, entry] of Object.entries(manifest.operations)) {
    const at = `operation ${shortHash(hash)} (${entry.name})`;
    const ast = parse(entry.document);
    const operations = ast.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
    if (operations.length !== 1 || operations[0].name?.value !== entry.name) {
      problems.push(`${at}: the document must hold exactly one operation, named ${entry.name}. Register it again.`);
    }
    if (print(ast) !== entry.document) problems.push(`${at}: the document is not in printed form; it was edited by hand. Register it again.`);
    const errors = validate(apiSchema, ast);
    if (errors.length > 0) {
      problems.push(
        `${at} of ${entry.apps.join(', ')} no longer validates against schema/supergraph.graphql:\n${describe(errors)}\n` +
          '    Keep the schema compatible, or remove the operation once no deployed app version sends it.',
      );
    }
  }
  return { problems, count: Object.keys(manifest.operations).length };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { app: { type: 'string' }, check: { type: 'boolean' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  // Only the manifest location is read from the environment (one default, shared with the gateway).
  const manifestFile = loadConfig({ TRUSTED_DOCUMENTS_FILE: process.env.TRUSTED_DOCUMENTS_FILE }, 'all').trustedDocuments.manifestPath;
  if (values.check) {
    if (values.app || positionals.length > 0) throw new UsageError('--check takes no --app and no files.');
    const { problems, count } = await checkManifest(manifestFile);
    if (problems.length > 0) {
      console.error(`${shown(manifestFile)}: ${problems.length} problem(s):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
      process.exit(1);
    }
    console.log(`${shown(manifestFile)}: ${count} operation(s), all valid against schema/supergraph.graphql.`);
    return;
  }
  if (!values.app) throw new UsageError('--app <app-name> is required: it records which app sends the operations.');
  if (positionals.length === 0) throw new UsageError('Name at least one .graphql/.gql file or folder to register.');
  const lines = await registerOperations({ app: values.app, paths: positionals, manifestFile });
  for (const line of lines) console.log(`${shortHash(line.hash)}  ${line.app}  ${line.name}  (${line.outcome})`);
  const written = lines.some((line) => line.outcome !== 'unchanged');
  console.log(written ? `wrote ${shown(manifestFile)}` : `${shown(manifestFile)} already holds every operation; nothing written.`);
}

/** A command-line mistake: the usage is printed and the exit code is 2. */
class UsageError extends Error {}

if (require.main === module) {
  main().catch((error) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`);
      process.exit(2);
    }
    console.error(error instanceof RegistrationError || error instanceof TrustedDocumentsError ? error.message : error);
    process.exit(1);
  });
}
