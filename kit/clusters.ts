import { BadUserInputError, preview } from './errors';

/**
 * The codes of the 18 provincial clusters (N1…S3): a contract of the graph, like a field name.
 * The strategy subgraph owns clusters (names, provinces, lead provinces in its seed); the gateway
 * and the other subgraphs use this list only to refuse a cluster that does not exist, without a
 * cross-database foreign key or a read of strategy's files. Codes are assigned by this project
 * (prisma/strategy/seed/SOURCES.md); a test keeps this list equal to strategy's seed.
 */
export const CLUSTER_CODES: ReadonlySet<string> = new Set([
  'N1', 'N2', 'N3', 'N4',
  'C1', 'C2', 'C3', 'C4',
  'E1', 'E2',
  'NE1', 'NE2', 'NE3', 'NE4', 'NE5',
  'S1', 'S2', 'S3',
]);

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
