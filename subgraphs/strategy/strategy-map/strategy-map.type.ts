import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { createConnectionType } from '../../../kit/connection';
import { Perspective } from '../generated/prisma/client';

export { Perspective };

registerEnumType(Perspective, {
  name: 'Perspective',
  description: "The four perspectives of a Balanced Scorecard strategy map (Kaplan & Norton), read bottom-up as cause → effect.",
  valuesConfig: {
    CITIZEN: { description: 'Citizens and stakeholders (the customer perspective of a public organisation): the outcomes people feel.' },
    FINANCIAL: { description: 'Income, value added and stewardship of public money.' },
    INTERNAL_PROCESS: { description: 'What the cluster must excel at: value chains, services, coordination.' },
    LEARNING_GROWTH: { description: 'People, information and organisation capital that make the processes possible.' },
  },
});

/** Which kind of thing a strategy-map node is. */
export enum StrategyMapNodeKind {
  STRATEGIC_ISSUE = 'STRATEGIC_ISSUE',
  OBJECTIVE = 'OBJECTIVE',
}

registerEnumType(StrategyMapNodeKind, {
  name: 'StrategyMapNodeKind',
  description: 'What a node of a strategy map stands for.',
  valuesConfig: {
    STRATEGIC_ISSUE: { description: 'A strategic issue (ประเด็นการพัฒนา); it has no perspective.' },
    OBJECTIVE: { description: 'An objective in one perspective.' },
  },
});

/** Which kind of line a strategy-map edge is. */
export enum StrategyMapEdgeKind {
  CONTAINS = 'CONTAINS',
  CAUSE_EFFECT = 'CAUSE_EFFECT',
}

registerEnumType(StrategyMapEdgeKind, {
  name: 'StrategyMapEdgeKind',
  description: 'What an edge of a strategy map stands for.',
  valuesConfig: {
    CONTAINS: { description: 'From a strategic issue to one of its objectives.' },
    CAUSE_EFFECT: { description: 'From a cause objective to the objective it drives (made with `linkObjectives`).' },
  },
});

/** A strategic issue row. */
@ObjectType({ description: 'A strategic issue (ประเด็นการพัฒนา) of a development plan, aligned to the National Strategy and 13th Plan milestones.' })
@Directive('@key(fields: "id")')
export class StrategicIssue {
  @Field(() => ID, { description: 'The strategic issue id (a UUID).' })
  id!: string;

  @Field(() => Int, { description: 'Its place in the plan, from 1.' })
  position!: number;

  @Field(() => String, { description: 'Title in Thai.' })
  titleTh!: string;

  @Field(() => String, { nullable: true, description: 'Title in English, when given.' })
  titleEn!: string | null;

  @Field(() => Boolean, { description: 'True for sample data loaded at start; false for real records.' })
  isSample!: boolean;

  planId!: string;
  nationalStrategies!: number[];
  milestones!: number[];
  sdgGoals!: number[];
}

/** A page of strategic issues (`Query.strategicIssuesServing`). */
export const StrategicIssueConnection = createConnectionType(StrategicIssue, 'StrategicIssue', 'strategic issue');

/** An objective row. */
@ObjectType({ description: 'A strategic objective of a strategic issue, in one Balanced Scorecard perspective, measured by indicators.' })
@Directive('@key(fields: "id")')
export class Objective {
  @Field(() => ID, { description: 'The objective id (a UUID).' })
  id!: string;

  @Field(() => Perspective, { description: 'The Balanced Scorecard perspective it belongs to.' })
  perspective!: Perspective;

  @Field(() => Int, { description: 'Its place within its strategic issue, from 1.' })
  position!: number;

  @Field(() => String, { description: 'Title in Thai.' })
  titleTh!: string;

  @Field(() => String, { nullable: true, description: 'Title in English, when given.' })
  titleEn!: string | null;

  @Field(() => Boolean, { description: 'True for sample data loaded at start; false for real records.' })
  isSample!: boolean;

  planId!: string;
  strategicIssueId!: string;
}

@ObjectType({ description: 'A strategic issue or an objective, as a strategy map draws it.' })
export class StrategyMapNode {
  @Field(() => ID, { description: 'The id of the strategic issue or objective.' })
  id!: string;

  @Field(() => StrategyMapNodeKind, { description: 'Whether it is a strategic issue or an objective.' })
  kind!: StrategyMapNodeKind;

  @Field(() => Perspective, { nullable: true, description: "The objective's perspective (the map's row); null for a strategic issue." })
  perspective!: Perspective | null;

  @Field(() => String, { description: 'Label in Thai.' })
  labelTh!: string;

  @Field(() => String, { nullable: true, description: 'Label in English, when given.' })
  labelEn!: string | null;
}

@ObjectType({ description: 'A line of a strategy map, from one node id to another.' })
export class StrategyMapEdge {
  @Field(() => ID, { description: 'The id of the node the line starts at (the issue, or the cause).' })
  from!: string;

  @Field(() => ID, { description: 'The id of the node the line ends at (the objective, or the effect).' })
  to!: string;

  @Field(() => StrategyMapEdgeKind, { description: 'Containment (issue → objective) or cause → effect.' })
  kind!: StrategyMapEdgeKind;
}

@ObjectType({ description: "A plan's strategy map, ready to draw: issues and objectives as nodes, containment and cause → effect links as edges." })
export class StrategyMap {
  @Directive('@listSize(assumedSize: 40)')
  @Field(() => [StrategyMapNode], { description: 'Strategic issues in plan order, then objectives in issue and position order.' })
  nodes!: StrategyMapNode[];

  @Directive('@listSize(assumedSize: 60)')
  @Field(() => [StrategyMapEdge], { description: 'Containment edges, then cause → effect edges.' })
  edges!: StrategyMapEdge[];
}
