import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The entities of other subgraphs that participation records are about, by key only:
 * participation never copies their other fields and never reads their databases. Hearings,
 * comments and surveys add fields to them (their own resolver classes, one per area).
 */

@ObjectType({ description: "A cluster's development plan (owned by the strategy subgraph)." })
@Directive('@key(fields: "id")')
export class DevelopmentPlan {
  @Field(() => ID, { description: 'The plan id (the key the strategy subgraph owns).' })
  id!: string;
}

@ObjectType({ description: 'A strategic issue of a development plan (owned by the strategy subgraph).' })
@Directive('@key(fields: "id")')
export class StrategicIssue {
  @Field(() => ID, { description: 'The strategic issue id (the key the strategy subgraph owns).' })
  id!: string;
}

@ObjectType({ description: 'A project (owned by the budget subgraph).' })
@Directive('@key(fields: "id")')
export class Project {
  @Field(() => ID, { description: 'The project id (the key the budget subgraph owns).' })
  id!: string;
}

@ObjectType({ description: 'A province (owned by the strategy subgraph).' })
@Directive('@key(fields: "code")')
export class Province {
  @Field(() => String, { description: 'Two-digit DOPA province code, e.g. "50" (the key the strategy subgraph owns).' })
  code!: string;
}
