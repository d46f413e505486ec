import { clusterOfProvince, parseClusterCode } from '../../kit/clusters';
import { ForbiddenError, UnauthenticatedError } from '../../kit/errors';
import { authorizeClusterWrite, type ClusterWrite, type Identity } from '../../kit/identity';
import { ProjectStatus, type Prisma } from './generated/prisma/client';

/**
 * Who may read and write budget records, in one place (issue 9, item 8).
 *
 * Reading projects:
 * - `admin` and `agency` (the Budget Bureau and every other agency) read every project;
 * - `osm-staff` read every project of their cluster, and the public ones of other clusters;
 * - `province-officer` read every project of their province's cluster (kit/clusters.ts), and the
 *   public ones of other clusters;
 * - the public reads projects from APPROVED on ({@link PUBLIC_PROJECT_STATUSES}). A CANCELLED
 *   project is not public: the status alone does not say whether it was ever approved.
 * A project the caller may not read is absent (null, or not listed), never an error. Totals
 * (`BudgetSummary`) count every project whatever its status, for every caller: the issue makes
 * "all totals" public.
 *
 * Writing projects and what hangs off them (lines, contracts, disbursements): `admin` anywhere,
 * `osm-staff` in their own cluster. A `province-officer` only proposes: it may create a project
 * whose provinces are exactly its own province, in that province's cluster; nothing else.
 * APPROVED budget lines are recorded by the Budget Bureau (`agency` BB) and admins only
 * (budget-line/budget-line.service.ts).
 *
 * Supplier details (tax id, bank account): {@link maySeeSupplierDetails}.
 */

/** The statuses everyone may read: approved by the Budget Bureau, and on from there. */
export const PUBLIC_PROJECT_STATUSES: readonly ProjectStatus[] = [
  ProjectStatus.APPROVED,
  ProjectStatus.CONTRACTED,
  ProjectStatus.IN_PROGRESS,
  ProjectStatus.COMPLETED,
];

/** The agency code of the Budget Bureau (สำนักงบประมาณ), as the strategy subgraph's Agency keys it. */
export const BUDGET_BUREAU = 'BB';

/** The cluster whose non-public projects the caller reads (its own), or null. */
function ownCluster(identity: Identity): string | null {
  if (identity.role === 'osm-staff') return identity.clusterCode ?? null;
  if (identity.role === 'province-officer') return identity.provinceCode ? clusterOfProvince(identity.provinceCode) : null;
  return null;
}

/** Whether the caller reads every project of every cluster. */
function readsAll(identity: Identity): boolean {
  return identity.role === 'admin' || identity.role === 'agency';
}

/** The Prisma filter of the projects the caller may list; combine it with the list's own filter under `AND`. */
export function projectReadWhere(identity: Identity): Prisma.ProjectWhereInput {
  if (readsAll(identity)) return {};
  const open: Prisma.ProjectWhereInput = { status: { in: [...PUBLIC_PROJECT_STATUSES] } };
  const cluster = ownCluster(identity);
  return cluster ? { OR: [open, { clusterCode: cluster }] } : open;
}

/** Whether the caller may read one project (same rule as {@link projectReadWhere}). */
export function canReadProject(identity: Identity, project: { readonly clusterCode: string; readonly status: ProjectStatus }): boolean {
  return readsAll(identity) || PUBLIC_PROJECT_STATUSES.includes(project.status) || ownCluster(identity) === project.clusterCode;
}

/**
 * The one check before any write to a project or what hangs off it (its lines, contracts,
 * instalments, disbursements): `admin` anywhere, `osm-staff` in the project's cluster. Pass
 * `provinceCodes` only when *proposing* a new project: then a `province-officer` may also write,
 * when the project runs in its own province only and that province is in the cluster.
 *
 * @returns the cluster (parsed: trimmed, upper-cased, one of the 18) and who the write is recorded as.
 * @throws BadUserInputError for an unknown cluster, UnauthenticatedError for the public,
 *   ForbiddenError for anyone else.
 */
export function authorizeProjectWrite(identity: Identity, project: { clusterCode: string; provinceCodes?: string[] }): ClusterWrite {
  if (identity.role === 'province-officer' && project.provinceCodes !== undefined) {
    const clusterCode = parseClusterCode(project.clusterCode);
    const own = identity.provinceCode ?? '';
    if (clusterOfProvince(own) === clusterCode && project.provinceCodes.length > 0 && project.provinceCodes.every((code) => code === own)) {
      return { clusterCode, author: identity.subject ?? identity.role };
    }
    throw new ForbiddenError(
      `A province officer proposes projects for its own province only: set provinces to ["${own}"] and clusterCode to ${clusterOfProvince(own) ?? 'its cluster'}.`,
    );
  }
  return authorizeClusterWrite(identity, project.clusterCode);
}

/**
 * Whether the caller may see a supplier's tax id and bank account on a contract of `clusterCode`:
 * admins, OSM staff of that cluster and the Budget Bureau; never the public, other agencies,
 * province officers or staff of other clusters.
 */
export function maySeeSupplierDetails(identity: Identity, clusterCode: string): boolean {
  if (identity.role === 'admin') return true;
  if (identity.role === 'osm-staff') return identity.clusterCode === clusterCode;
  return identity.role === 'agency' && identity.agencyCode === BUDGET_BUREAU;
}

/**
 * @throws UnauthenticatedError for the public, ForbiddenError unless an admin or OSM staff of
 *   `clusterCode` (reading a project's history).
 */
export function assertClusterStaff(identity: Identity, clusterCode: string, what: string): void {
  if (identity.role === 'public') throw new UnauthenticatedError(`Reading ${what} needs a signed-in OSM officer: send an Authorization: Bearer <token> header.`);
  if (identity.role === 'admin' || (identity.role === 'osm-staff' && identity.clusterCode === clusterCode)) return;
  throw new ForbiddenError(`Only OSM staff of cluster ${clusterCode} and admins may read ${what}; you have role "${identity.role}".`);
}
