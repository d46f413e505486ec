import { Directive, Field, ObjectType } from 'type-graphql';

/** The strategy subgraph's Cluster entity, which this subgraph extends with its projects and budget. */
@ObjectType({ description: 'A provincial cluster (owned by the strategy subgraph).' })
@Directive('@key(fields: "code")')
export class Cluster {
  @Field(() => String, { description: 'Cluster code, e.g. "N1" (the key the strategy subgraph owns).' })
  code!: string;
}
