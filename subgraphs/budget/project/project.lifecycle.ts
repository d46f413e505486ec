import type { TransitionTable } from '../../../kit/lifecycle';
import { ProjectStatus } from '../generated/prisma/client';

/**
 * The moves a project may make: forward one step at a time, PROPOSED → SCREENED → PRIORITISED →
 * REQUESTED → APPROVED → CONTRACTED → IN_PROGRESS → COMPLETED (APPROVED may go straight to
 * IN_PROGRESS for work done without a contract), or to CANCELLED, with a reason, from any status
 * before COMPLETED. COMPLETED and CANCELLED are final.
 */
export const PROJECT_TRANSITIONS: TransitionTable<ProjectStatus> = {
  PROPOSED: [ProjectStatus.SCREENED, ProjectStatus.CANCELLED],
  SCREENED: [ProjectStatus.PRIORITISED, ProjectStatus.CANCELLED],
  PRIORITISED: [ProjectStatus.REQUESTED, ProjectStatus.CANCELLED],
  REQUESTED: [ProjectStatus.APPROVED, ProjectStatus.CANCELLED],
  APPROVED: [ProjectStatus.CONTRACTED, ProjectStatus.IN_PROGRESS, ProjectStatus.CANCELLED],
  CONTRACTED: [ProjectStatus.IN_PROGRESS, ProjectStatus.CANCELLED],
  IN_PROGRESS: [ProjectStatus.COMPLETED, ProjectStatus.CANCELLED],
  COMPLETED: [],
  CANCELLED: [],
};
