import type { TransitionTable } from '../../../kit/lifecycle';
import { HearingStatus } from '../generated/prisma/client';

/**
 * The moves a hearing may make: forward one step at a time, SCHEDULED → OPEN → CLOSED →
 * REPORTED (the last with its summary report). REPORTED is final.
 */
export const HEARING_TRANSITIONS: TransitionTable<HearingStatus> = {
  SCHEDULED: [HearingStatus.OPEN],
  OPEN: [HearingStatus.CLOSED],
  CLOSED: [HearingStatus.REPORTED],
  REPORTED: [],
};

/** The statuses in which people may register. */
export const REGISTRATION_OPEN: readonly HearingStatus[] = [HearingStatus.SCHEDULED, HearingStatus.OPEN];

/** The statuses in which staff record attendance. */
export const ATTENDANCE_OPEN: readonly HearingStatus[] = [HearingStatus.OPEN, HearingStatus.CLOSED];
