import type { SubgraphWriter } from './client';

/** What the participation generator made. */
export interface ParticipationCounts {
  readonly hearings: number;
}

/** Hearings for every cluster through `scheduleHearing`: `5 × scale` per cluster, across 2026. */
export async function generateParticipation(writer: SubgraphWriter, clusterCodes: readonly string[], scale: number): Promise<ParticipationCounts> {
  const inputs = clusterCodes.flatMap((clusterCode) =>
    Array.from({ length: 5 * scale }, (_, index) => ({
      clusterCode,
      titleTh: `รับฟังความคิดเห็นต่อร่างแผนพัฒนากลุ่มจังหวัด ${clusterCode} ครั้งที่ ${index + 1}`,
      venueTh: 'ห้องประชุมศาลากลางจังหวัด',
      heldOn: `2026-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + (index % 28)).padStart(2, '0')}`,
    })),
  );
  const hearings = await writer.many<{ id: string }>('scheduleHearing', 'ScheduleHearingInput', '{ id }', inputs);
  return { hearings: hearings.length };
}
