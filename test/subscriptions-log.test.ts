import { processAlertBus, type AlertNotice } from '../kit/events';
import type { Identity } from '../kit/identity';
import type { PrismaClient as MonitoringClient } from '../subgraphs/monitoring/generated/prisma/client';
import { monitoringSubgraph } from '../subgraphs/monitoring/server';
import { ENGINES } from './support/databases';
import { openTestSubgraph, type TestSubgraph } from './support/subgraph';

const GATEWAY: Identity = { role: 'admin', subject: 'gateway-subscriptions' };
const STAFF: Identity = { role: 'osm-staff', clusterCode: 'NE2', subject: 'somchai' };
const RAISE = `mutation($input: RaiseAlertInput!) { raiseAlert(input: $input) { id sequence } }`;
const LOG = `query($after: String!, $clusterCode: String, $minSeverity: AlertSeverity, $limit: Int!) {
  alertLog(after: $after, clusterCode: $clusterCode, minSeverity: $minSeverity, limit: $limit) { sequence severity titleTh cluster { code } }
}`;

describe.each(ENGINES)('the alert log behind subscriptions, on %s', (engine) => {
  let subgraph: TestSubgraph<MonitoringClient>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(monitoringSubgraph, engine);
  });
  afterAll(() => subgraph?.close());

  async function raise(clusterCode: string, titleTh: string, severity = 'WARNING'): Promise<{ id: string; sequence: string }> {
    const identity: Identity = { role: 'osm-staff', clusterCode, subject: 'somchai' };
    const { data, errors } = await subgraph.execute(RAISE, { identity, variables: { input: { clusterCode, severity, titleTh } } });
    expect(errors).toBeUndefined();
    return data?.raiseAlert;
  }

  it('publishes a notice once the alert is stored, and none for a refused one', async () => {
    const notices: AlertNotice[] = [];
    const stop = processAlertBus().subscribe((notice) => notices.push(notice));
    try {
      const raised = await raise('NE2', 'แจ้งเตือนใหม่', 'CRITICAL');
      expect(notices).toEqual([{ sequence: raised.sequence, id: raised.id, clusterCode: 'NE2', severity: 'CRITICAL' }]);
      const refused = await subgraph.execute(RAISE, { identity: STAFF, variables: { input: { clusterCode: 'S1', severity: 'INFO', titleTh: 'ไม่ใช่ของฉัน' } } });
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(notices).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it('reads the log oldest first after a sequence, by cluster and minimum severity, and its head', async () => {
    const start = await raise('NE3', 'ก่อน');
    const info = await raise('NE3', 'ข้อมูล', 'INFO');
    await raise('NE4', 'กลุ่มอื่น', 'CRITICAL');
    const critical = await raise('NE3', 'วิกฤต', 'CRITICAL');

    const all = await subgraph.execute(LOG, { identity: GATEWAY, variables: { after: start.sequence, clusterCode: 'NE3', limit: 200 } });
    expect(all.errors).toBeUndefined();
    expect(all.data?.alertLog.map((alert: any) => [alert.sequence, alert.titleTh])).toEqual([
      [info.sequence, 'ข้อมูล'],
      [critical.sequence, 'วิกฤต'],
    ]);
    const severe = await subgraph.execute(LOG, { identity: GATEWAY, variables: { after: start.sequence, clusterCode: 'NE3', minSeverity: 'WARNING', limit: 200 } });
    expect(severe.data?.alertLog.map((alert: any) => alert.sequence)).toEqual([critical.sequence]);
    const firstTwo = await subgraph.execute(LOG, { identity: GATEWAY, variables: { after: start.sequence, limit: 2 } });
    expect(firstTwo.data?.alertLog.map((alert: any) => alert.cluster.code)).toEqual(['NE3', 'NE4']);

    const head = await subgraph.execute('{ alertLogHead }', { identity: GATEWAY });
    expect(head.data).toEqual({ alertLogHead: critical.sequence });
  });

  it('lets only the gateway (an admin) read the log, and checks after', async () => {
    const staff = await subgraph.execute(LOG, { identity: STAFF, variables: { after: '0', limit: 10 } });
    expect(staff.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const head = await subgraph.execute('{ alertLogHead }', { identity: STAFF });
    expect(head.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await subgraph.execute(LOG, { identity: GATEWAY, variables: { after: '-1', limit: 10 } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  // On PostgreSQL this fails without the lock; PGlite's single connection serialises writes anyway.
  it('makes an insert wait for the alert lock, so alerts commit in sequence order', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holder = subgraph.database.client.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(7310001)');
        locked();
        await held;
      },
      { timeout: 20_000 },
    );
    await lockTaken;
    let stored = false;
    const waiting = raise('NE5', 'รอคิว').then((alert) => {
      stored = true;
      return alert;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stored).toBe(false);
    release();
    await holder;
    const alert = await waiting;
    expect(stored).toBe(true);
    expect(BigInt(alert.sequence)).toBeGreaterThan(0n);
  });
});
