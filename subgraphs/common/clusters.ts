import clusters from '../../prisma/strategy/seed/clusters.json';

/**
 * The codes of the 18 provincial clusters (N1…S3). The strategy subgraph owns clusters; the other
 * subgraphs use this list only to refuse writes against a cluster that does not exist, without a
 * cross-database foreign key. Codes are assigned by this project (see prisma/strategy/seed/SOURCES.md).
 */
export const CLUSTER_CODES: ReadonlySet<string> = new Set(clusters.clusters.map((cluster) => cluster.code));

/** Null when `code` names one of the 18 clusters; otherwise a message saying which codes are valid. */
export function clusterCodeProblem(code: string): string | null {
  if (CLUSTER_CODES.has(code)) return null;
  return `clusterCode must be one of ${[...CLUSTER_CODES].join(', ')}; got ${JSON.stringify(code)}.`;
}
