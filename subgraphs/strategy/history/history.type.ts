import { Field, ID, ObjectType } from 'type-graphql';
import { createConnectionType } from '../../../kit/connection';

/** A history row as stored; `before`/`after` are turned into JSON text by the resolver. */
@ObjectType({ description: 'One recorded change to a plan or its content: who made it, when, what, and the values before and after.' })
export class HistoryEntry {
  @Field(() => ID, { description: 'The history row id.' })
  id!: string;

  @Field(() => String, { description: 'The type of the entity that changed, e.g. "DevelopmentPlan", "Indicator".' })
  entityType!: string;

  @Field(() => ID, { description: 'The id of the entity that changed (for a link: the cause objective).' })
  entityId!: string;

  @Field(() => ID, { nullable: true, description: 'The plan the entity belongs to.' })
  planId!: string | null;

  @Field(() => String, { description: 'What was done, e.g. "CREATE_PLAN", "TRANSITION_PLAN", "SET_INDICATOR_TARGETS".' })
  action!: string;

  @Field(() => String, { description: "Who did it: the token's subject, or its role when the token names none." })
  actor!: string;

  @Field(() => String, { description: 'The role the actor had, e.g. "osm-staff".' })
  actorRole!: string;

  @Field(() => Date, { description: 'When it was done.' })
  at!: Date;

  @Field(() => String, { nullable: true, description: 'The values before the change as JSON text; null for something new.' })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'The values after the change as JSON text.' })
  after!: string | null;

  createdAt!: Date;
}

/** `Query.history`. */
export const HistoryEntryConnection = createConnectionType(HistoryEntry, 'HistoryEntry', 'history entry');
