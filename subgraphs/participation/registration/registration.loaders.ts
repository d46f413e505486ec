import { NEWEST_FIRST_ORDER } from '../../../kit/connection';
import { createChildrenLoader } from '../../../kit/loaders';
import type { PrismaClient, Registration } from '../generated/prisma/client';

/** Loaders of registrations: every registration of the hearings asked for in a tick, in one statement, newest first. */
export function createRegistrationLoaders(prisma: PrismaClient) {
  return {
    registrationsOfHearing: createChildrenLoader<string, Registration>(
      (ids) => prisma.registration.findMany({ where: { hearingId: { in: [...ids] } }, orderBy: [...NEWEST_FIRST_ORDER] }),
      (registration) => registration.hearingId,
    ),
  };
}
