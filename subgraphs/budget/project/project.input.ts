import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { ProjectKind, ProjectStatus } from './project.type';

@InputType({ description: "A new project in a cluster's plan; it starts PROPOSED. Only the cluster, year, Thai name and amount are required." })
export class CreateProjectInput {
  @Field(() => String, { description: 'The cluster that owns the project, e.g. "N1".' })
  clusterCode!: string;

  @Field(() => Int, { description: 'Thai fiscal year in the Buddhist Era in which the project starts, e.g. 2569.' })
  fiscalYear!: number;

  @Field(() => String, { description: 'Project name in Thai (up to 300 characters).' })
  nameTh!: string;

  @Field(() => String, { nullable: true, description: 'Project name in English (up to 300 characters).' })
  nameEn?: string | null;

  @Field(() => String, {
    description: 'The total cost estimate of the project (วงเงินโครงการ) in baht, not a budget line: a decimal string with at most two places, optionally grouped by commas in threes, e.g. "2500000" or "2,500,000.50".',
  })
  amountBaht!: string;

  @Field(() => String, { nullable: true, description: 'The project code, unique in the cluster (letters, digits, "-" and "_", up to 40); generated as <cluster>-<year>-<NNN> when omitted. CONFLICT when the cluster already has it.' })
  code?: string | null;

  @Field(() => [String], { nullable: true, description: 'Two-digit codes of the provinces where the project runs; each must be a member of the cluster. A province officer must give exactly its own province.' })
  provinceCodes?: string[] | null;

  @Field(() => ID, { nullable: true, description: "The strategic issue of the cluster's development plan the project serves (strategy subgraph's StrategicIssue id)." })
  strategicIssueId?: string | null;

  @Field(() => [ID], { nullable: true, description: "The indicators of the plan the project serves (strategy subgraph's Indicator ids), at most 20." })
  indicatorIds?: string[] | null;

  @Field(() => String, { nullable: true, description: 'The responsible agency\'s code (strategy subgraph\'s Agency key), e.g. "DOPA".' })
  agencyCode?: string | null;

  @Field(() => ProjectKind, { nullable: true, description: 'Investment or operating.' })
  kind?: ProjectKind | null;

  @Field(() => String, { nullable: true, description: 'Start date, YYYY-MM-DD.' })
  startsOn?: string | null;

  @Field(() => String, { nullable: true, description: 'End date, YYYY-MM-DD; not before `startsOn`.' })
  endsOn?: string | null;

  @Field(() => String, { nullable: true, description: 'The project id in eMENSCR, where there is one (up to 40 characters).' })
  emenscrId?: string | null;
}

@InputType({ description: 'Moves a project to another status (see ProjectStatus for the allowed moves).' })
export class TransitionProjectInput {
  @Field(() => ID, { description: 'The project to move.' })
  projectId!: string;

  @Field(() => ProjectStatus, { description: 'The status to move to.' })
  to!: ProjectStatus;

  @Field(() => String, { nullable: true, description: 'Why: required when moving to CANCELLED (up to 500 characters), recorded in the history otherwise.' })
  reason?: string | null;

  @Field(() => Int, { nullable: true, description: "The project's `version` as you read it; CONFLICT when the project changed since. When omitted, the move still fails if another change lands while it runs." })
  version?: number | null;
}

/** The orders `Query.projects` can list in. */
export enum ProjectOrder {
  OLDEST_FIRST = 'OLDEST_FIRST',
  NEWEST_FIRST = 'NEWEST_FIRST',
}

registerEnumType(ProjectOrder, {
  name: 'ProjectOrder',
  description: 'The order of a list of projects (by when they were recorded, then id, so paging is stable).',
  valuesConfig: {
    OLDEST_FIRST: { description: 'Oldest recorded first (the default).' },
    NEWEST_FIRST: { description: 'Most recently recorded first.' },
  },
});

@InputType({ description: 'What to narrow a list of projects by; all given conditions must hold.' })
export class ProjectFilter {
  @Field(() => String, { nullable: true, description: 'Only projects of this cluster, e.g. "N1".' })
  clusterCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only projects running in this province (two-digit code), e.g. "50".' })
  provinceCode?: string | null;

  @Field(() => Int, { nullable: true, description: 'Only projects of this Thai fiscal year (Buddhist Era, e.g. 2569): starting in it, or with a budget line in it.' })
  fiscalYear?: number | null;

  @Field(() => [ProjectStatus], { nullable: true, description: 'Only projects in one of these statuses.' })
  statuses?: ProjectStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Only projects serving this strategic issue.' })
  strategicIssueId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only projects of this responsible agency, by code.' })
  agencyCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Text to find in the Thai or English name or the code (case-insensitive, up to 100 characters).' })
  search?: string | null;
}
