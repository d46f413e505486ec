import clusters from '../prisma/strategy/seed/clusters.json';
import { BadUserInputError, preview } from './errors';

/**
 * The codes of the 18 provincial clusters (N1…S3). The strategy subgraph owns clusters; the other
 * subgraphs use this list only to refuse writes against a cluster that does not exist, without a
 * cross-database foreign key. Codes are assigned by this project (see prisma/strategy/seed/SOURCES.md).
 */
export const CLUSTER_CODES: ReadonlySet<string> = new Set(clusters.clusters.map((cluster) => cluster.code));

/** Null when `code` names one of the 18 clusters; otherwise a message saying which codes are valid. */
function clusterCodeProblem(code: string): string | null {
  if (CLUSTER_CODES.has(code)) return null;
  return `clusterCode must be one of ${[...CLUSTER_CODES].join(', ')}; got ${preview(code)}.`;
}

/**
 * Reads a cluster code from input: trimmed and upper-cased, so "n1 " is N1.
 *
 * @throws BadUserInputError naming `field` and listing the valid codes when no cluster has it.
 */
export function parseClusterCode(value: string, field = 'clusterCode'): string {
  const code = value.trim().toUpperCase();
  const problem = clusterCodeProblem(code);
  if (problem) throw new BadUserInputError(problem.replace('clusterCode', field), field);
  return code;
}
