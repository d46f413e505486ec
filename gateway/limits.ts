import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isLeafType,
  isListType,
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { LimitsConfig } from '../kit/config';
import { QueryTooComplexError } from '../kit/errors';

/**
 * Operation limits, checked before the gateway plans anything:
 *   - tokens: by graphql-js's own parser (`parseOptions.maxTokens`), so a huge document is never
 *     even fully parsed;
 *   - depth, aliases, directives: graphql-armor's validation rules, run with validation;
 *   - root fields, introspection fields and cost: in `didResolveOperation`, where the variables
 *     (e.g. `first`, `limit`) are known.
 * Every refusal is `QUERY_TOO_COMPLEX` with HTTP 400 and `extensions.limit`/`max`.
 */

/** List size assumed for a list field without a `first` or `limit` argument. */
export const DEFAULT_LIST_SIZE = 20;

/** Which limit a validation error came from; read by {@link limitErrorOf} when errors are formatted. */
const LIMIT_ERRORS = new WeakMap<object, { limit: string; max: number }>();

/** The limit behind an error raised by a limit rule, if it is one (looks through Apollo's wrapper). */
export function limitErrorOf(error: unknown): { limit: string; max: number } | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const direct = LIMIT_ERRORS.get(error);
  if (direct) return direct;
  const original = (error as { originalError?: unknown }).originalError;
  return original && typeof original === 'object' ? LIMIT_ERRORS.get(original) : undefined;
}

const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:an|at) (\d+) tokens\. Parsing aborted\.$/;

/** Whether a parse error is graphql-js refusing a document for its token count. */
export function isTokenLimitError(message: string): boolean {
  return TOKEN_LIMIT.test(message);
}

/** Reports an armor rule's refusal as a tagged validation error instead of throwing out of validation. */
function reporting(limit: string, max: number) {
  return {
    propagateOnRejection: false,
    exposeLimits: true,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const tagged = new GraphQLError(error.message.replace(/^Syntax Error: /, ''));
        LIMIT_ERRORS.set(tagged, { limit, max });
        context?.reportError(tagged);
      },
    ],
  };
}

/** The validation rules for depth (introspection exempt), aliases and directives. */
export function limitValidationRules(limits: LimitsConfig): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.depth, ignoreIntrospection: true, flattenFragments: true, ...reporting('depth', limits.depth) }),
    maxAliasesRule({ n: limits.aliases, ...reporting('aliases', limits.aliases) }),
    maxDirectivesRule({ n: limits.directives, ...reporting('directives', limits.directives) }),
  ] as unknown as ValidationRule[];
}

/**
 * What a subgraph says about the size of a list field with the `@listSize` directive of the cost
 * spec (https://specs.apollo.dev/cost/v0.1): `assumedSize` for a bounded plain list (a plan's
 * strategic issues), or `slicingArguments` and `sizedFields` for a cursor connection (`first`
 * sizes `edges`). Keyed by `Type.field`.
 */
export interface ListSizeHint {
  readonly assumedSize?: number;
  readonly slicingArguments?: readonly string[];
  readonly sizedFields?: readonly string[];
}

/** The `@listSize` hints of a composed supergraph SDL, by `Type.field` (empty when it has none). */
export function listSizeHints(supergraphSdl: string): ReadonlyMap<string, ListSizeHint> {
  const hints = new Map<string, ListSizeHint>();
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      const directive = field.directives?.find((applied) => applied.name.value === 'listSize');
      if (!directive) continue;
      const hint: { assumedSize?: number; slicingArguments?: string[]; sizedFields?: string[] } = {};
      for (const argument of directive.arguments ?? []) {
        const { value } = argument;
        if (argument.name.value === 'assumedSize' && value.kind === Kind.INT) hint.assumedSize = Number(value.value);
        if ((argument.name.value === 'slicingArguments' || argument.name.value === 'sizedFields') && value.kind === Kind.LIST) {
          hint[argument.name.value] = value.values.flatMap((item) => (item.kind === Kind.STRING ? [item.value] : []));
        }
      }
      hints.set(`${definition.name.value}.${field.name.value}`, hint);
    }
  }
  return hints;
}

/**
 * Cost estimate: each object returned costs 1, leaves cost nothing, and a list multiplies what
 * it holds by its `first` or `limit` argument, else by its `@listSize(assumedSize)`, else by
 * {@link DEFAULT_LIST_SIZE}. A connection (`@listSize(slicingArguments: ["first"], sizedFields:
 * ["edges"])`) scales what it holds, estimated at the default size, to its `first`.
 * Introspection is governed by its own limit, not by cost.
 */
function listAwareEstimator(hints: ReadonlyMap<string, ListSizeHint>): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (field.name.startsWith('__')) return 0;
    const hint = hints.get(`${type.name}.${field.name}`);
    const slicing = hint?.slicingArguments ?? ['first', 'limit'];
    const argument = slicing.map((name) => args[name]).find((value): value is number => typeof value === 'number');
    const clamp = (size: number) => Math.max(1, Math.min(size, 10_000));
    if (isListType(getNullableType(field.type))) {
      return clamp(argument ?? hint?.assumedSize ?? DEFAULT_LIST_SIZE) * (1 + childComplexity);
    }
    if (isLeafType(getNamedType(field.type))) return 0;
    if (hint?.sizedFields?.length && argument !== undefined) return 1 + Math.ceil((childComplexity * clamp(argument)) / DEFAULT_LIST_SIZE);
    return 1 + childComplexity;
  };
}

/** Counts the top-level fields of a selection, aliases included, through fragments. */
export function rootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  const names: string[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) names.push(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) names.push(...rootFields(selection.selectionSet, fragments, seen));
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) names.push(...rootFields(fragment.selectionSet, fragments, seen));
    }
  }
  return names;
}

/** Costs kept per parsed document, by operation name and variables; the oldest goes beyond this. */
const COSTS_PER_DOCUMENT = 64;

/**
 * The plugin that checks root fields, introspection and cost once the operation is known, before
 * the gateway plans it. `hints` are the supergraph's `@listSize` directives ({@link listSizeHints}).
 *
 * A cost is computed once per schema, parsed document, operation name and variables: Apollo
 * Server hands the same document object to every request with the same text (its document
 * store), and walking it again was about 6 % of the gateway's CPU under load (cpu-prof). The
 * entries go with their document or schema (weak keys), and each document keeps at most
 * {@link COSTS_PER_DOCUMENT} variable sets.
 */
export function limitsPlugin(limits: LimitsConfig, hints: ReadonlyMap<string, ListSizeHint> = new Map()): ApolloServerPlugin<BaseContext> {
  const estimator = listAwareEstimator(hints);
  const costs = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, number>>>();
  const costOf = (schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): number => {
    let bySchema = costs.get(schema);
    if (!bySchema) costs.set(schema, (bySchema = new WeakMap()));
    let byDocument = bySchema.get(document);
    if (!byDocument) bySchema.set(document, (byDocument = new Map()));
    const key = `${operationName ?? ''}\n${JSON.stringify(variables)}`;
    let cost = byDocument.get(key);
    if (cost === undefined) {
      // Throws for variables that do not coerce: nothing is kept then.
      cost = getComplexity({ schema, query: document, operationName, variables, estimators: [estimator] });
      byDocument.set(key, cost);
      if (byDocument.size > COSTS_PER_DOCUMENT) byDocument.delete(byDocument.keys().next().value as string);
    }
    return cost;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema }) {
          if (!operation) return;
          const fragments = new Map(
            document.definitions
              .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
              .map((fragment) => [fragment.name.value, fragment]),
          );
          const fields = rootFields(operation.selectionSet, fragments);
          if (fields.length > limits.rootFields) {
            throw new QueryTooComplexError(
              `The operation asks for ${fields.length} top-level fields; at most ${limits.rootFields} are allowed. Split it into several requests.`,
              'rootFields',
              limits.rootFields,
              fields.length,
            );
          }
          const introspection = fields.filter((name) => name === '__schema' || name === '__type').length;
          if (introspection > 1) {
            throw new QueryTooComplexError(
              `The operation asks for introspection ${introspection} times; once per request is enough.`,
              'introspection',
              1,
              introspection,
            );
          }
          let cost: number;
          try {
            cost = costOf(schema, document, request.operationName ?? undefined, request.variables ?? {});
          } catch {
            // Variables that do not coerce are reported by execution with a precise message.
            return;
          }
          if (cost > limits.cost) {
            throw new QueryTooComplexError(
              `The operation's estimated cost is ${cost}; at most ${limits.cost} is allowed. Ask for fewer items (first/limit) or fewer nested lists.`,
              'cost',
              limits.cost,
              cost,
            );
          }
        },
      };
    },
  };
}
