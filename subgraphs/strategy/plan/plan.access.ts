import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../../kit/errors';
import { authorizeClusterWrite, type ClusterWrite } from '../../../kit/identity';
import { parseId } from '../../../kit/validate';
import type { StrategyContext } from '../context';
import { type DevelopmentPlan, PlanStatus, type Prisma } from '../generated/prisma/client';

/**
 * Who may read and write plans, in one place.
 *
 * Reading: `admin` and `agency` read every plan; `osm-staff` and `province-officer` read every plan
 * of their own cluster (a province officer's cluster is its province's) and the public plans of
 * the others; the public reads only PUBLISHED plans (issue 7: an ARCHIVED plan, superseded by its revision, is
 * no longer public). A plan the caller may not read
 * is absent (null, or not listed), never an error, and so is its content.
 *
 * Writing: `admin` anywhere, `osm-staff` in its own cluster; `province-officer` only proposes its
 * province's targets (indicator/indicator.service.ts).
 */

/** The statuses everyone may read. */
export const PUBLIC_STATUSES: readonly PlanStatus[] = [PlanStatus.PUBLISHED];

/** What the caller may read: everything, or its cluster's plans plus the public ones. */
export interface ReadScope {
  readonly all: boolean;
  /** The cluster whose non-public plans the caller may read, if any. */
  readonly clusterCode: string | null;
}

/** Works out the caller's read scope (a province officer's cluster costs one batched province lookup). */
export async function readScope({ identity, loaders }: StrategyContext): Promise<ReadScope> {
  switch (identity.role) {
    case 'admin':
    case 'agency':
      return { all: true, clusterCode: null };
    case 'osm-staff':
      return { all: false, clusterCode: identity.clusterCode ?? null };
    case 'province-officer': {
      const province = identity.provinceCode ? await loaders.provinceByCode.load(identity.provinceCode) : null;
      return { all: false, clusterCode: province?.clusterCode ?? null };
    }
    default:
      return { all: false, clusterCode: null };
  }
}

/** Whether `scope` may read `plan`. */
export function canRead(scope: ReadScope, plan: Pick<DevelopmentPlan, 'clusterCode' | 'status'>): boolean {
  return scope.all || plan.clusterCode === scope.clusterCode || PUBLIC_STATUSES.includes(plan.status);
}

/** The Prisma filter of the plans `scope` may read. */
export function readableWhere(scope: ReadScope): Prisma.DevelopmentPlanWhereInput {
  if (scope.all) return {};
  const open: Prisma.DevelopmentPlanWhereInput = { status: { in: [...PUBLIC_STATUSES] } };
  return scope.clusterCode ? { OR: [open, { clusterCode: scope.clusterCode }] } : open;
}

/** A plan through the request's loader, or null when it does not exist or the caller may not read it. */
export async function readablePlan(context: StrategyContext, planId: string): Promise<DevelopmentPlan | null> {
  const [plan, scope] = await Promise.all([context.loaders.planById.load(planId), readScope(context)]);
  return plan && canRead(scope, plan) ? plan : null;
}

/** A plan a write touches, with the cluster write the caller is allowed to make. */
export interface PlanWrite extends ClusterWrite {
  readonly plan: DevelopmentPlan;
}

/**
 * The first step of every plan write: refuses the public before any read, loads the plan and
 * checks that the caller may write its cluster.
 *
 * @throws UnauthenticatedError for the public, BadUserInputError for a malformed id, NotFoundError
 *   when no plan has it, ForbiddenError for anyone but the cluster's OSM staff and admins.
 */
export async function authorizePlanWrite(context: StrategyContext, planId: string, field = 'planId'): Promise<PlanWrite> {
  assertSignedIn(context);
  const plan = await context.prisma.developmentPlan.findUnique({ where: { id: parseId(planId, field) } });
  if (!plan) throw new NotFoundError(`${field} names no development plan; list plans with Query.plans to find the id.`, field);
  return { plan, ...authorizeClusterWrite(context.identity, plan.clusterCode) };
}

/** @throws UnauthenticatedError when the caller has no token. */
export function assertSignedIn({ identity }: StrategyContext): void {
  if (identity.role === 'public') {
    throw new UnauthenticatedError('Changing plans needs a signed-in OSM officer: send an Authorization: Bearer <token> header.');
  }
}

/** @throws ForbiddenError unless the caller is an admin or OSM staff of `clusterCode` (for reading history). */
export function assertClusterStaff({ identity }: StrategyContext, clusterCode: string, what: string): void {
  if (identity.role === 'public') throw new UnauthenticatedError(`Reading ${what} needs a signed-in OSM officer: send an Authorization: Bearer <token> header.`);
  if (identity.role === 'admin' || (identity.role === 'osm-staff' && identity.clusterCode === clusterCode)) return;
  throw new ForbiddenError(`Only OSM staff of cluster ${clusterCode} and admins may read ${what}; you have role "${identity.role}".`);
}
