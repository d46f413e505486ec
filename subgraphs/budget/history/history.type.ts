import { Field, ID, ObjectType } from 'type-graphql';
import { createConnectionType } from '../../../kit/connection';

/** A history row as stored; `before`/`after` are turned into JSON text by the resolver. */
@ObjectType({ description: 'One recorded change to a budget record (a project, a budget line, a contract…): who made it, when, what, and the values before and after.' })
export class BudgetHistoryEntry {
  @Field(() => ID, { description: 'The history row id.' })
  id!: string;

  @Field(() => String, { description: 'The type of the record that changed, e.g. "Project", "BudgetLine", "Contract".' })
  entityType!: string;

  @Field(() => ID, { description: 'The id of the record that changed.' })
  entityId!: string;

  @Field(() => ID, { nullable: true, description: 'The project the record belongs to.' })
  projectId!: string | null;

  @Field(() => String, { description: 'What was done, e.g. "CREATE_PROJECT", "TRANSITION_PROJECT", "ADD_BUDGET_LINE".' })
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

/** `Query.budgetHistory`. */
export const BudgetHistoryEntryConnection = createConnectionType(BudgetHistoryEntry, 'BudgetHistoryEntry', 'budget history entry');
