import DataLoader from 'dataloader';
import { createChildrenLoader, createRowLoader } from '../../../kit/loaders';
import type { Hearing, PrismaClient } from '../generated/prisma/client';

/** How many people registered for a hearing, and how many of them attended. */
export interface RegistrationCounts {
  readonly registered: number;
  readonly attended: number;
}

/**
 * Loaders of hearings' counts and of the hearings about a plan, issue or project: one statement
 * per field and tick, whatever the number of hearings or subjects.
 */
export function createHearingLoaders(prisma: PrismaClient) {
  return {
    registrationCountsOfHearing: new DataLoader<string, RegistrationCounts>(async (ids) => {
      const groups = await prisma.registration.groupBy({ by: ['hearingId', 'attended'], where: { hearingId: { in: [...ids] } }, _count: { _all: true } });
      const counts = new Map<string, { registered: number; attended: number }>();
      for (const group of groups) {
        const entry = counts.get(group.hearingId) ?? { registered: 0, attended: 0 };
        entry.registered += group._count._all;
        if (group.attended) entry.attended += group._count._all;
        counts.set(group.hearingId, entry);
      }
      return ids.map((id) => counts.get(id) ?? { registered: 0, attended: 0 });
    }),
    hearingById: createRowLoader<string, Hearing>(
      (ids) => prisma.hearing.findMany({ where: { id: { in: [...ids] } } }),
      (hearing) => hearing.id,
    ),
    /** A cluster's hearings, earliest start first. */
    hearingsOfCluster: createChildrenLoader<string, Hearing>(
      (codes) =>
        prisma.hearing.findMany({ where: { clusterCode: { in: [...codes] } }, orderBy: [{ startsAt: 'asc' }, { createdAt: 'asc' }] }),
      (hearing) => hearing.clusterCode,
    ),
    /** Hearings by subject id (any kind: ids are UUIDs), earliest start first. */
    hearingsOfSubject: createChildrenLoader<string, Hearing>(
      (ids) => prisma.hearing.findMany({ where: { subjectId: { in: [...ids] } }, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }] }),
      (hearing) => hearing.subjectId ?? '',
    ),
  };
}
