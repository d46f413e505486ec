import { BadUserInputError, preview } from '../../../kit/errors';
import type { Peers } from '../../../kit/peer';

/** Where a strategic issue sits, as the strategy subgraph tells it. */
interface IssuePlace {
  readonly id: string;
  readonly plan: { readonly id: string; readonly cluster: { readonly code: string } };
}

const ISSUE_FIELDS = 'id plan { id cluster { code } }';

/**
 * Checks with the strategy subgraph (over HTTP, as the caller: kit/peer.ts) that the strategic
 * issue and the indicators a project names exist, are readable by the caller, and belong to plans
 * of the project's cluster; indicators, when an issue is named too, to that issue's plan. One
 * request, whatever the number of indicators. Nothing is asked when neither is named.
 *
 * An id the caller may not read is refused like one that does not exist (strategy answers null
 * for both), so a refusal never tells whether a draft plan's issue exists.
 *
 * @throws BadUserInputError naming `strategicIssueId` or `indicatorIds` and the clusters;
 *   PeerUnavailableError (`SUBGRAPH_UNAVAILABLE`) when strategy does not answer.
 */
export async function checkStrategyLinks(
  peers: Peers,
  clusterCode: string,
  strategicIssueId: string | null,
  indicatorIds: readonly string[],
): Promise<void> {
  if (!strategicIssueId && indicatorIds.length === 0) return;
  const variables: Record<string, string> = {};
  const declarations: string[] = [];
  const fields: string[] = [];
  if (strategicIssueId) {
    variables.issue = strategicIssueId;
    declarations.push('$issue: ID!');
    fields.push(`issue: strategicIssue(id: $issue) { ${ISSUE_FIELDS} }`);
  }
  indicatorIds.forEach((id, index) => {
    variables[`i${index}`] = id;
    declarations.push(`$i${index}: ID!`);
    fields.push(`i${index}: indicator(id: $i${index}) { id objective { strategicIssue { ${ISSUE_FIELDS} } } }`);
  });
  const data = await peers.query<Record<string, unknown>>(
    'strategy',
    `query BudgetProjectStrategyLinks(${declarations.join(', ')}) { ${fields.join(' ')} }`,
    variables,
  );
  const issue = data.issue as IssuePlace | null | undefined;
  if (strategicIssueId) {
    if (!issue) {
      throw new BadUserInputError(`strategicIssueId ${preview(strategicIssueId)} names no strategic issue you can read.`, 'strategicIssueId');
    }
    if (issue.plan.cluster.code !== clusterCode) {
      throw new BadUserInputError(
        `strategicIssueId names an issue of a plan of cluster ${issue.plan.cluster.code}; a project of cluster ${clusterCode} must serve an issue of its own cluster's plans.`,
        'strategicIssueId',
      );
    }
  }
  indicatorIds.forEach((id, index) => {
    const indicator = data[`i${index}`] as { objective: { strategicIssue: IssuePlace } } | null | undefined;
    if (!indicator) throw new BadUserInputError(`indicatorIds: ${preview(id)} names no indicator you can read.`, 'indicatorIds');
    const plan = indicator.objective.strategicIssue.plan;
    if (plan.cluster.code !== clusterCode) {
      throw new BadUserInputError(
        `indicatorIds: ${preview(id)} is an indicator of a plan of cluster ${plan.cluster.code}; a project of cluster ${clusterCode} must name indicators of its own cluster's plans.`,
        'indicatorIds',
      );
    }
    if (issue && plan.id !== issue.plan.id) {
      throw new BadUserInputError(
        `indicatorIds: ${preview(id)} is an indicator of another plan of cluster ${clusterCode} than the strategic issue's; name indicators of plan ${issue.plan.id}.`,
        'indicatorIds',
      );
    }
  });
}
