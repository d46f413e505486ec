import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The strategy subgraph's entities this subgraph refers to and extends, by key only: budget never
 * copies their other fields and never reads strategy's database.
 */

@ObjectType({ description: 'A province (owned by the strategy subgraph).' })
@Directive('@key(fields: "code")')
export class Province {
  @Field(() => String, { description: 'Two-digit DOPA province code, e.g. "50" (the key the strategy subgraph owns).' })
  code!: string;
}

@ObjectType({ description: 'A national agency (owned by the strategy subgraph).' })
@Directive('@key(fields: "code")')
export class Agency {
  @Field(() => String, { description: 'Agency code, e.g. "BB" for the Budget Bureau (the key the strategy subgraph owns).' })
  code!: string;
}

@ObjectType({ description: 'A strategic issue of a development plan (owned by the strategy subgraph).' })
@Directive('@key(fields: "id")')
export class StrategicIssue {
  @Field(() => ID, { description: 'The strategic issue id (the key the strategy subgraph owns).' })
  id!: string;
}

@ObjectType({ description: 'A key performance indicator of a development plan (owned by the strategy subgraph).' })
@Directive('@key(fields: "id")')
export class Indicator {
  @Field(() => ID, { description: 'The indicator id (the key the strategy subgraph owns).' })
  id!: string;
}
