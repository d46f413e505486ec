import type { Identity } from '../../kit/identity';
import type { TestPeer } from './subgraph';

/** A DRAFT plan made in a real strategy subgraph: its id, one strategic issue and one indicator of it. */
export interface DraftPlan {
  readonly planId: string;
  readonly issueId: string;
  readonly indicatorId: string;
}

/**
 * Makes a DRAFT annual plan 2569 of `clusterCode` in the strategy peer, with one strategic issue,
 * one objective and one indicator, as `identity` (an admin by default). Drafts are read by the
 * cluster's OSM staff, province officers, agencies and admins, never the public.
 */
export async function createDraftPlan(strategy: TestPeer, clusterCode: string, identity: Identity = { role: 'admin', subject: 'root' }): Promise<DraftPlan> {
  const run = async (mutation: string, input: Record<string, unknown>): Promise<{ id: string }> => {
    const field = mutation.match(/\{ (\w+)\(/)?.[1] ?? '';
    const { data, errors } = await strategy.execute(mutation, { variables: { input }, identity });
    if (errors?.length || !data?.[field]) throw new Error(`${field} failed: ${JSON.stringify(errors)}`);
    return data[field] as { id: string };
  };
  const plan = await run('mutation($input: CreatePlanInput!) { createPlan(input: $input) { id } }', {
    clusterCode, kind: 'ANNUAL', titleTh: `แผนทดสอบ ${clusterCode}`, startYear: 2569, endYear: 2569,
  });
  const issue = await run('mutation($input: AddStrategicIssueInput!) { addStrategicIssue(input: $input) { id } }', { planId: plan.id, titleTh: 'ประเด็นทดสอบ' });
  const objective = await run('mutation($input: AddObjectiveInput!) { addObjective(input: $input) { id } }', {
    strategicIssueId: issue.id, perspective: 'CITIZEN', titleTh: 'เป้าประสงค์ทดสอบ',
  });
  const indicator = await run('mutation($input: AddIndicatorInput!) { addIndicator(input: $input) { id } }', {
    objectiveId: objective.id, nameTh: 'ตัวชี้วัดทดสอบ', unit: 'ร้อยละ', direction: 'HIGHER_IS_BETTER', cascadeRule: 'SUM',
  });
  return { planId: plan.id, issueId: issue.id, indicatorId: indicator.id };
}
