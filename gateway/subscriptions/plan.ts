import { createRequire } from 'node:module';
import { buildOperationContext, executeQueryPlan, type ApolloGateway, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import type { GatewayExecutionResult, GatewayGraphQLRequestContext, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import {
  Kind,
  parse,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql';
import { StartupError } from '../../kit/errors';

/**
 * Runs the federation query planner's own plan of a subscription once per event, through
 * `@apollo/gateway`'s exported `executeQueryPlan` (which refuses a plan whose root is a
 * `Subscription` node, so the plan is rewrapped, never patched):
 *
 *   Subscription { primary: Fetch(monitoring) alertRaised{…}, rest }
 *     →  Sequence [ Fetch(__event) alertRaised{…}, rest ]
 *
 * The pseudo service `__event` answers the primary selection with one `_entities` fetch for the
 * event's entity (`{ __typename: "Alert", id }`) to the subgraph that owns it; `rest` (the other
 * subgraphs' fields, e.g. `cluster { nameTh budget { totalBaht } }`) runs unchanged. Every real
 * subgraph fetch goes through a per-event memo (see {@link EventFetchMemo}).
 */

/** The query planner of the running gateway, as `ApolloGateway.__testing()` exposes it. */
type Planner = NonNullable<ReturnType<ApolloGateway['__testing']>['queryPlanner']>;
/** A plan as the planner builds it and `executeQueryPlan` takes it. */
type QueryPlan = Parameters<typeof executeQueryPlan>[0];
type PlanNode = Exclude<NonNullable<QueryPlan['node']>, { kind: 'Subscription' }>;
type OperationContext = Parameters<typeof executeQueryPlan>[3];
type ApiSchema = Parameters<typeof executeQueryPlan>[5];

/** The name of the pseudo service that answers a plan's primary fetch from the event. */
const EVENT_SERVICE = '__event';

/**
 * `operationFromDocument` from the very copy of `@apollo/federation-internals` the gateway runs on
 * (the planner checks the schema objects it gets by identity, so no other copy would do).
 */
const federationInternals = createRequire(require.resolve('@apollo/gateway'))('@apollo/federation-internals') as {
  operationFromDocument(schema: ApiSchema, document: DocumentNode, options?: { operationName?: string; validate?: boolean }): Parameters<Planner['buildQueryPlan']>[0];
};

/** The schemas of the running gateway, read once after it loaded its supergraph. */
export interface GatewaySchemas {
  readonly planner: Planner;
  /** The API schema (what clients see) as the planner holds it. */
  readonly apiSchema: ApiSchema;
  /** The API schema as graphql-js (validation of socket operations). */
  readonly api: GraphQLSchema;
  /** The supergraph (join directives, `@inaccessible` fields included) as graphql-js. */
  readonly supergraph: GraphQLSchema;
}

/**
 * Reads the planner and schemas of `gateway`, which must have loaded (Apollo Server's start loads it).
 *
 * @throws StartupError when this version of `@apollo/gateway` does not expose its planner.
 */
export function gatewaySchemas(gateway: ApolloGateway): GatewaySchemas {
  const planner = gateway.__testing().queryPlanner;
  if (!planner) throw new StartupError('Subscriptions need the gateway loaded with its supergraph; it exposed no query planner.');
  const apiSchema = planner.supergraph.apiSchema();
  return { planner, apiSchema, api: apiSchema.toGraphQLJSSchema(), supergraph: planner.supergraph.schema.toGraphQLJSSchema() };
}

/** Which event an execution is for: the entity to fetch and the memo its fetches share. */
export interface EventInput {
  /** The event's sequence (memo key). */
  readonly sequence: string;
  /** The key value of the event's entity (the alert's id). */
  readonly id: string;
}

/**
 * Subgraph fetches of recent events, shared by every execution of the same event: the key is
 * (event, identity class, subgraph, query, variables), so two groups of one identity class that need
 * the same `Cluster.nameTh` fetch make it once. Responses are handed out as `structuredClone`
 * copies, because the gateway's result merging assigns nested objects by reference and so mutates
 * what a data source returned.
 */
export class EventFetchMemo {
  private readonly events = new Map<string, Map<string, Promise<GatewayGraphQLResponse>>>();

  /** @param keep how many recent events keep their fetches (older ones are forgotten). */
  constructor(private readonly keep = 64) {}

  /** The fetch of `key` for event `sequence`, made by `fetch` only the first time. */
  async fetch(sequence: string, key: string, fetch: () => Promise<GatewayGraphQLResponse>): Promise<GatewayGraphQLResponse> {
    let fetches = this.events.get(sequence);
    if (!fetches) {
      fetches = new Map();
      this.events.set(sequence, fetches);
      if (this.events.size > this.keep) this.events.delete(this.events.keys().next().value as string);
    }
    let pending = fetches.get(key);
    if (!pending) {
      pending = fetch();
      fetches.set(key, pending);
    }
    return structuredClone(await pending);
  }
}

/** What a subscription document plans into, built once per distinct document. */
export interface PlannedSubscription {
  /** The plan to run per event: the primary fetch answered by `__event`, then the planner's `rest`. */
  readonly plan: QueryPlan;
  readonly operationContext: OperationContext;
  /** The subgraph the primary fetch goes to (the event's owner). */
  readonly owner: string;
  /** The response key of the subscription field (its alias, or its name). */
  readonly responseKey: string;
  /** The primary selection as an `_entities` query of the event's entity. */
  readonly entitiesQuery: string;
  /** The variables the primary selection uses (nested arguments), passed on to `_entities`. */
  readonly entitiesVariables: readonly string[];
}

/** Variable names used anywhere inside `node`. */
function variablesUsed(node: FieldNode['selectionSet']): Set<string> {
  const names = new Set<string>();
  if (node) {
    visit(node, {
      Variable(variable) {
        names.add(variable.name.value);
      },
    });
  }
  return names;
}

/**
 * Rewrites the primary fetch's operation (`subscription($c: String …) { alertRaised(…) { … } }`)
 * into `query($representations: [_Any!]!, …) { _entities(representations: $representations) { ... on Alert { … } } }`,
 * keeping the variables the selection uses (nested field arguments) and dropping the root-only ones.
 */
function entitiesQueryOf(operation: string, entity: string): { query: string; responseKey: string; variables: string[] } {
  const document = parse(operation);
  const definition = document.definitions.find((node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION);
  const field = definition?.selectionSet.selections.find((node): node is FieldNode => node.kind === Kind.FIELD);
  if (!definition || !field?.selectionSet) throw new Error(`the primary fetch has no field with a selection: ${operation}`);
  const used = variablesUsed(field.selectionSet);
  const kept: VariableDefinitionNode[] = (definition.variableDefinitions ?? []).filter((variable) => used.has(variable.variable.name.value));
  const representations = parse('query($representations: [_Any!]!) { __typename }').definitions[0] as OperationDefinitionNode;
  const rewritten: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: 'query' as OperationDefinitionNode['operation'],
    // The planner's fetch name (`<Operation>__monitoring__0`) stays: subgraph logs and metrics name it.
    name: definition.name,
    variableDefinitions: [...(representations.variableDefinitions ?? []), ...kept],
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [
        {
          kind: Kind.FIELD,
          name: { kind: Kind.NAME, value: '_entities' },
          arguments: [
            { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'representations' }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: 'representations' } } },
          ],
          selectionSet: {
            kind: Kind.SELECTION_SET,
            selections: [
              { kind: Kind.INLINE_FRAGMENT, typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: entity } }, selectionSet: field.selectionSet },
            ],
          },
        },
      ],
    },
  };
  const fragments = document.definitions.filter((node) => node.kind === Kind.FRAGMENT_DEFINITION);
  return {
    query: print({ kind: Kind.DOCUMENT, definitions: [rewritten, ...fragments] }),
    responseKey: field.alias?.value ?? field.name.value,
    variables: [...used],
  };
}

/**
 * Plans a validated subscription `document` with the gateway's planner and wraps the plan for
 * per-event execution.
 *
 * @param entity the type of the event's entity (`Alert`), asked of its owner by `_entities`.
 * @throws Error when the planner's plan is not a subscription plan (the caller validated the document).
 */
export function planSubscription(schemas: GatewaySchemas, document: DocumentNode, operationName: string | undefined, entity: string): PlannedSubscription {
  const operation = federationInternals.operationFromDocument(schemas.apiSchema, document, { operationName });
  const queryPlan = schemas.planner.buildQueryPlan(operation);
  const node = queryPlan.node as unknown as { kind: string; primary: Extract<PlanNode, { kind: 'Fetch' }>; rest?: PlanNode } | undefined;
  if (node?.kind !== 'Subscription') throw new Error(`expected a subscription plan, got ${node?.kind ?? 'none'}`);
  const primary = { ...node.primary, serviceName: EVENT_SERVICE };
  const plan: QueryPlan = { ...queryPlan, node: node.rest ? { kind: 'Sequence', nodes: [primary, node.rest] } : primary };
  const rewrite = entitiesQueryOf(node.primary.operation, entity);
  return {
    plan,
    operationContext: buildOperationContext({ schema: schemas.api, operationDocument: document, operationName }),
    owner: node.primary.serviceName,
    responseKey: rewrite.responseKey,
    entitiesQuery: rewrite.query,
    entitiesVariables: rewrite.variables,
  };
}

/** What one execution of a planned subscription runs with. */
export interface EventExecution {
  readonly planned: PlannedSubscription;
  readonly event: EventInput;
  /** The event entity's type name and key field (`Alert`, `id`). */
  readonly entity: string;
  readonly key: string;
  /** The subscription's variables (without the cursor: they do not change the result). */
  readonly variables: Record<string, unknown>;
  /** The data sources' context: the identity class and its gateway-signed identity. */
  readonly context: Record<string, unknown>;
  /** Names the identity class in memo keys (nothing is shared across classes). */
  readonly identityClass: string;
  readonly schemas: GatewaySchemas;
  /** The gateway's data sources, by subgraph name. */
  readonly sources: Readonly<Record<string, GraphQLDataSource>>;
  readonly memo: EventFetchMemo;
  readonly document: DocumentNode;
  readonly operationName?: string;
}

/** Moves an error path of the `_entities` answer (`_entities.0.x`) to the subscription field (`alertRaised.x`). */
function moveErrorPaths(response: GatewayGraphQLResponse, responseKey: string): GatewayGraphQLResponse['errors'] {
  return response.errors?.map((error) =>
    error.path && error.path[0] === '_entities' ? { ...error, path: [responseKey, ...error.path.slice(2)] } : error,
  ) as GatewayGraphQLResponse['errors'];
}

/**
 * Runs a planned subscription for one event: the subscription's result for that event, exactly as a
 * query of the same selection on the event's entity would give it.
 */
export async function executeEvent(execution: EventExecution): Promise<GatewayExecutionResult> {
  const { planned, event, memo, identityClass } = execution;
  const memoised = (name: string, source: GraphQLDataSource): GraphQLDataSource => ({
    process: (options) =>
      memo.fetch(event.sequence, `${identityClass}\n${name}\n${options.request.query}\n${JSON.stringify(options.request.variables ?? {})}`, () =>
        source.process(options),
      ),
  });
  const serviceMap: ServiceMap = Object.create(null);
  for (const [name, source] of Object.entries(execution.sources)) serviceMap[name] = memoised(name, source);
  const owner = serviceMap[planned.owner];
  serviceMap[EVENT_SERVICE] = {
    process: async (options) => {
      const given = options.request.variables ?? {};
      const variables: Record<string, unknown> = { representations: [{ __typename: execution.entity, [execution.key]: event.id }] };
      for (const name of planned.entitiesVariables) if (name in given) variables[name] = given[name];
      const response = await owner.process({ ...options, request: { query: planned.entitiesQuery, variables } } as typeof options);
      const entities = (response.data as { _entities?: unknown[] } | null | undefined)?._entities;
      return {
        ...response,
        data: response.data === undefined ? undefined : { [planned.responseKey]: entities?.[0] ?? null },
        errors: moveErrorPaths(response, planned.responseKey),
      };
    },
  };
  const requestContext = {
    request: { query: undefined, operationName: execution.operationName, variables: execution.variables },
    document: execution.document,
    operationName: execution.operationName ?? null,
    context: execution.context,
    metrics: {},
    logger: undefined,
  } as unknown as GatewayGraphQLRequestContext;
  return executeQueryPlan(planned.plan, serviceMap, requestContext, planned.operationContext, execution.schemas.supergraph, execution.schemas.apiSchema);
}
