import { seededRandom, type SubgraphWriter } from './client';

/** What the monitoring generator made. */
export interface MonitoringCounts {
  readonly alerts: number;
}

const SEVERITIES = ['INFO', 'INFO', 'WARNING', 'WARNING', 'CRITICAL'] as const;
const TITLES = ['ตัวชี้วัดรายได้การท่องเที่ยวต่ำกว่าเป้าหมาย', 'การเบิกจ่ายงบประมาณล่าช้ากว่าแผน', 'โครงการก่อสร้างเลื่อนกำหนดส่งมอบ', 'ผลผลิตเกษตรปลอดภัยเกินเป้าหมาย'];

/** Alerts for every cluster through `raiseAlert`: `10 × scale` per cluster, mixed severities. */
export async function generateMonitoring(writer: SubgraphWriter, clusterCodes: readonly string[], scale: number): Promise<MonitoringCounts> {
  const random = seededRandom(0xa1e27 + scale);
  const inputs = clusterCodes.flatMap((clusterCode) =>
    Array.from({ length: 10 * scale }, (_, index) => ({
      clusterCode,
      severity: SEVERITIES[Math.floor(random() * SEVERITIES.length)],
      titleTh: `${TITLES[index % TITLES.length]} (${clusterCode})`,
      detailTh: 'รายงานอัตโนมัติจากระบบติดตามผลการดำเนินงานของกลุ่มจังหวัด',
    })),
  );
  const alerts = await writer.many<{ id: string }>('raiseAlert', 'RaiseAlertInput', '{ id }', inputs);
  return { alerts: alerts.length };
}
