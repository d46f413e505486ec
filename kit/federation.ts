import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';

/** The Federation 2 directives our subgraphs may use. */
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@listSize"])`;

/**
 * type-graphql insists on a pub/sub as soon as a subgraph declares a `@Subscription` field. Subgraphs
 * serve none: the gateway serves subscriptions from each event's log (gateway/subscriptions/), and
 * such a field's own `subscribe` refuses. This one is never reached.
 */
const NO_PUBSUB = {
  publish: () => undefined,
  subscribe: (): never => {
    throw new Error('Subgraphs serve no subscriptions; the gateway does.');
  },
};

/**
 * Reference resolvers by entity type name, each receiving the representation the gateway sends
 * (`{ __typename, <key fields> }`) and the request context. They must load through the
 * per-request dataloaders so that a list of N references costs one statement, not N.
 */
export type ReferenceResolvers<Context> = Record<
  string,
  { __resolveReference(reference: Record<string, unknown>, context: Context): unknown }
>;

/**
 * Builds a Federation 2 subgraph schema from type-graphql resolvers: type-graphql builds the
 * schema, it is printed with its directives, the federation `@link` is prepended, and
 * `buildSubgraphSchema` gets the type-graphql resolvers merged with the reference resolvers.
 *
 * Entities a subgraph only extends (reached by no query of its own) must be listed in
 * `orphanedTypes`, or type-graphql drops them silently. The returned schema must not be
 * transformed afterwards (`mapSchema` and friends lose `__resolveReference`).
 */
export async function buildFederatedSchema<Context>(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: ReferenceResolvers<Context> = {},
): Promise<GraphQLSchema> {
  const schema = await buildSchema({ ...options, skipCheck: true, validate: false, pubSub: NO_PUBSUB });
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...reference };
  }
  return buildSubgraphSchema({ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> });
}
