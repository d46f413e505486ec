import { CLUSTER_CODES } from '../../../kit/clusters';
import type { SubgraphName } from '../../../kit/config';
import { generateBudget, type BudgetCounts } from './budget';
import { createSubgraphWriter } from './client';
import { generateMonitoring, type MonitoringCounts } from './monitoring';
import { generateParticipation, type ParticipationCounts } from './participation';
import { generateStrategy, type StrategyCounts } from './strategy';

/** What the dataset holds, per subgraph, and how long it took to write. */
export interface DatasetCounts extends StrategyCounts, BudgetCounts, MonitoringCounts, ParticipationCounts {
  readonly clusters: number;
  readonly ms: number;
}

/**
 * Generates the bench's dataset on empty subgraphs: every one of the 18 clusters gets, at scale
 * `s`, 3·s plans (2·s published) with 4 indicators each and their 2569 targets, 10·s projects,
 * 10·s alerts and 5·s hearings. Each subgraph has its own generator module (./strategy.ts, …),
 * writing through that subgraph's public mutations only; the four run at the same time.
 */
export async function generateDataset(urls: Record<SubgraphName, string>, internalSecret: string, scale: number): Promise<DatasetCounts> {
  const started = Date.now();
  const clusterCodes = [...CLUSTER_CODES];
  const writer = (name: SubgraphName) => createSubgraphWriter(urls[name], internalSecret);
  const [strategy, budget, monitoring, participation] = await Promise.all([
    generateStrategy(writer('strategy'), scale),
    generateBudget(writer('budget'), clusterCodes, scale),
    generateMonitoring(writer('monitoring'), clusterCodes, scale),
    generateParticipation(writer('participation'), clusterCodes, scale),
  ]);
  return { clusters: clusterCodes.length, ...strategy, ...budget, ...monitoring, ...participation, ms: Date.now() - started };
}
