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

/**
 * The member provinces (two-digit DOPA codes) of each cluster, copied from the strategy subgraph's
 * seed (prisma/strategy/seed/clusters.json) so other subgraphs can check that a province belongs to
 * a cluster, and find a province officer's cluster, without reading strategy's database. A test
 * keeps this copy equal to the seed. Bangkok (10) belongs to no cluster.
 */
export const CLUSTER_PROVINCES: Readonly<Record<string, readonly string[]>> = {
  N1: ['50', '51', '52', '58'],
  N2: ['54', '55', '56', '57'],
  N3: ['53', '63', '64', '65', '67'],
  N4: ['60', '61', '62', '66'],
  C1: ['14', '15', '16', '17', '18', '19'],
  C2: ['11', '12', '13', '73'],
  C3: ['70', '71', '72'],
  C4: ['74', '75', '76', '77'],
  E1: ['20', '21', '24'],
  E2: ['22', '23', '25', '26', '27'],
  NE1: ['38', '39', '41', '42', '43'],
  NE2: ['47', '48', '49'],
  NE3: ['40', '44', '45', '46'],
  NE4: ['30', '31', '32', '36'],
  NE5: ['33', '34', '35', '37'],
  S1: ['80', '84', '86', '90', '93'],
  S2: ['81', '82', '83', '85', '91', '92'],
  S3: ['94', '95', '96'],
};

/** The cluster a province belongs to, or null (Bangkok, or an unknown code). */
export function clusterOfProvince(provinceCode: string): string | null {
  for (const [cluster, provinces] of Object.entries(CLUSTER_PROVINCES)) {
    if (provinces.includes(provinceCode)) return cluster;
  }
  return null;
}
