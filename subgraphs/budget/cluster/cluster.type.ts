import { Directive, Field, Int, ObjectType } from 'type-graphql';

/** The strategy subgraph's Cluster entity, which this subgraph extends with its projects and budget. */
@ObjectType({ description: 'A provincial cluster (owned by the strategy subgraph).' })
@Directive('@key(fields: "code")')
export class Cluster {
  @Field(() => String, { description: 'Cluster code, e.g. "N1" (the key the strategy subgraph owns).' })
  code!: string;
}

@ObjectType({ description: "A cluster's development budget in one fiscal year, summed over its projects." })
export class ClusterBudget {
  @Field(() => Int, { description: 'Thai fiscal year in the Buddhist Era, e.g. 2569.' })
  fiscalYear!: number;

  @Field(() => Int, { description: 'How many projects of the cluster fall in the fiscal year.' })
  projectCount!: number;

  @Field(() => String, { description: 'Total in baht as an exact decimal string with two places, e.g. "12500000.00".' })
  totalBaht!: string;
}
