import { randomUUID } from 'node:crypto';
import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ENGINES } from './support/databases';
import { signToken, startTestGateway, startTestHub, type TestHub } from './support/hub';

/** The selection of the issue: the alert from monitoring, the cluster's name from strategy, its budget from budget. */
const ALERT_FIELDS = 'id sequence severity titleTh cluster { code nameTh budget(fiscalYear: 2569) { totalBaht } }';
const WATCH = `subscription AlertsWatch($clusterCode: String, $minSeverity: AlertSeverity, $after: String) {
  alertRaised(clusterCode: $clusterCode, minSeverity: $minSeverity, after: $after) { ${ALERT_FIELDS} }
}`;
const RAISE = `mutation RaiseForTest($input: RaiseAlertInput!) { raiseAlert(input: $input) { id sequence } }`;

/** One result as graphql-ws hands it over. */
type ExecutionResult<Data> = FormattedExecutionResult<Data, unknown>;

/** One subscription's stream as a test reads it. */
interface Stream {
  readonly results: ExecutionResult<Record<string, any>>[];
  readonly errors: unknown[];
  /** Resolves once `count` results arrived (rejects after `timeoutMs`). */
  next(count: number, timeoutMs?: number): Promise<ExecutionResult<Record<string, any>>[]>;
  /** Resolves with the error the stream ended with. */
  failed(timeoutMs?: number): Promise<unknown>;
  stop(): void;
}

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function stream(client: Client, query: string, variables: Record<string, unknown> = {}): Stream {
  const results: ExecutionResult<Record<string, any>>[] = [];
  const errors: unknown[] = [];
  const stop = client.subscribe<Record<string, any>>(
    { query, variables },
    {
      next: (result) => results.push(result),
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  return {
    results,
    errors,
    next: async (count, timeoutMs) => {
      await until(() => results.length >= count || errors.length > 0, `${count} results (have ${results.length})`, timeoutMs);
      if (errors.length > 0) throw new Error(`the stream failed: ${JSON.stringify(errors[0])}`);
      return results.slice(0, count);
    },
    failed: async (timeoutMs) => {
      await until(() => errors.length > 0, 'an error', timeoutMs);
      return errors[0];
    },
    stop,
  };
}

/** Sums a counter or gauge of a service's `/metrics`, over the series whose labels pass `filter`. */
async function metric(url: string, name: string, filter: (labels: string) => boolean = () => true): Promise<number> {
  const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}(?:\\{(.*)\\})? (\\S+)$`).exec(line);
    if (match && filter(match[1] ?? '')) sum += Number(match[2]);
  }
  return sum;
}

describe.each(ENGINES)('alert subscriptions through the gateway on %s', (engine) => {
  let hub: TestHub;
  let wsUrl: string;
  const clients: Client[] = [];
  const tokens: Record<string, string> = {};

  /** A graphql-ws client on a real socket; `closed` records the close code. */
  function connect(token?: string, params?: Record<string, unknown>): Client & { closeCodes: number[] } {
    const closeCodes: number[] = [];
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: params ?? (token ? { authorization: `Bearer ${token}` } : {}),
      retryAttempts: 0,
      lazy: true,
      on: { closed: (event) => closeCodes.push((event as { code: number }).code) },
    });
    clients.push(client);
    return Object.assign(client, { closeCodes });
  }

  async function raise(clusterCode: string, titleTh: string, severity = 'WARNING'): Promise<{ id: string; sequence: string }> {
    const token = tokens[clusterCode] ?? (tokens[clusterCode] = await signToken({ role: 'osm-staff', cluster: clusterCode }));
    const { data, errors } = await hub.query(RAISE, { token, variables: { input: { clusterCode, severity, titleTh } } });
    expect(errors).toBeUndefined();
    return data?.raiseAlert;
  }

  const openSubscriptions = () => metric(hub.url, 'hub_open_subscriptions');

  /** Waits until the gateway's `hub_open_subscriptions` gauge reads `count`. */
  async function waitForOpen(count: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    while ((await openSubscriptions()) !== count) {
      if (Date.now() > deadline) throw new Error(`hub_open_subscriptions did not reach ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function clusterName(code: string): Promise<string> {
    const { data } = await hub.query(`{ cluster(code: "${code}") { nameTh } }`);
    return data?.cluster.nameTh;
  }

  beforeAll(async () => {
    // The suite's tokens of one role share a subject and keep their sockets open until the end: the
    // per-identity connection limit (20) is tested in subscriptions-limits.test.ts, not here.
    hub = await startTestHub(engine, undefined, { SUBSCRIPTION_MAX_CONNECTIONS_PER_IDENTITY: '1000' });
    wsUrl = hub.url.replace(/^http/, 'ws');
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await hub?.close();
  });

  it('delivers an alert raised by a mutation, with the cluster name from strategy and the budget from budget', async () => {
    const staff = await signToken({ role: 'osm-staff', cluster: 'N2' });
    const project = await hub.query(
      `mutation { createProject(input: { clusterCode: "N2", fiscalYear: 2569, nameTh: "ถนนสายรอง", amountBaht: "2500000" }) { id } }`,
      { token: staff },
    );
    expect(project.errors).toBeUndefined();
    const before = await openSubscriptions();
    const alerts = stream(connect(staff), WATCH);
    // No `after`: the subscription is live once the gateway counts it.
    await waitForOpen(before + 1);

    const raised = await raise('N2', 'ฝนตกหนัก น้ำป่าไหลหลาก', 'CRITICAL');
    const [first] = await alerts.next(1);
    expect(first.errors).toBeUndefined();
    expect(first.data).toEqual({
      alertRaised: {
        id: raised.id,
        sequence: raised.sequence,
        severity: 'CRITICAL',
        titleTh: 'ฝนตกหนัก น้ำป่าไหลหลาก',
        cluster: { code: 'N2', nameTh: await clusterName('N2'), budget: { totalBaht: '2500000.00' } },
      },
    });
    expect(await openSubscriptions()).toBe(before + 1);
    alerts.stop();
    await waitForOpen(before);
  });

  it('replays exactly the alerts a client missed, in order, then continues live', async () => {
    const staff = await signToken({ role: 'osm-staff', cluster: 'N3' });
    const firstClient = connect(staff);
    const first = stream(firstClient, WATCH, { after: '0' });
    const seen = await raise('N3', 'เหตุการณ์ที่ 1');
    const [one] = await first.next(1);
    expect(one.data?.alertRaised.sequence).toBe(seen.sequence);
    await firstClient.dispose();

    const missed = [];
    for (let index = 2; index <= 4; index += 1) missed.push(await raise('N3', `เหตุการณ์ที่ ${index}`));
    // Another cluster's alert in between is not this client's.
    await raise('S1', 'ของกลุ่มอื่น');

    const resumed = stream(connect(staff), WATCH, { after: one.data?.alertRaised.sequence });
    const replayed = await resumed.next(3);
    expect(replayed.map((result) => result.data?.alertRaised.sequence)).toEqual(missed.map((alert) => alert.sequence));
    expect(replayed.map((result) => result.data?.alertRaised.titleTh)).toEqual(['เหตุการณ์ที่ 2', 'เหตุการณ์ที่ 3', 'เหตุการณ์ที่ 4']);

    const live = await raise('N3', 'เหตุการณ์ที่ 5');
    const all = await resumed.next(4);
    expect(all[3].data?.alertRaised).toMatchObject({ sequence: live.sequence, titleTh: 'เหตุการณ์ที่ 5' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(resumed.results).toHaveLength(4);
  });

  it('resumes on another gateway replica as on the first', async () => {
    const replica = await startTestGateway(hub);
    try {
      const staff = await signToken({ role: 'osm-staff', cluster: 'C2' });
      const firstClient = connect(staff);
      const first = stream(firstClient, WATCH, { after: '0' });
      const seen = await raise('C2', 'ก่อนย้าย');
      const [one] = await first.next(1);
      await firstClient.dispose();
      const missed = [await raise('C2', 'ระหว่างย้าย 1'), await raise('C2', 'ระหว่างย้าย 2')];

      const elsewhere = createClient({ url: replica.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${staff}` } });
      clients.push(elsewhere);
      const resumed = stream(elsewhere, WATCH, { after: one.data?.alertRaised.sequence });
      await resumed.next(2);
      const live = await raise('C2', 'หลังย้าย');
      const results = await resumed.next(3);
      expect(one.data?.alertRaised.sequence).toBe(seen.sequence);
      expect(results.map((result) => result.data?.alertRaised.sequence)).toEqual([...missed, live].map((alert) => alert.sequence));
      expect(results[2].data?.alertRaised.cluster).toEqual({ code: 'C2', nameTh: await clusterName('C2'), budget: { totalBaht: '0.00' } });
      await elsewhere.dispose();
    } finally {
      await replica.close();
    }
  });

  it('lets no resuming client skip or repeat an alert while alerts are raised concurrently', async () => {
    const staff = await signToken({ role: 'osm-staff', cluster: 'NE1' });
    const start = await raise('NE1', 'จุดเริ่มต้น');
    const raising = Promise.all(Array.from({ length: 12 }, (_, index) => raise('NE1', `พร้อมกัน ${index}`)));
    // Clients resume from the start while the writes land.
    const resumers = [0, 1, 2].map(() => stream(connect(staff), WATCH, { after: start.sequence }));
    const raised = await raising;
    const expected = raised.map((alert) => BigInt(alert.sequence)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
    for (const resumer of resumers) {
      const results = await resumer.next(12);
      expect(results.map((result) => result.data?.alertRaised.sequence)).toEqual(expected);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const resumer of resumers) expect(resumer.results).toHaveLength(12);
  });

  it('still delivers an alert whose notice was lost, in order, from the log', async () => {
    const staff = await signToken({ role: 'osm-staff', cluster: 'NE5' });
    const before = await openSubscriptions();
    const alerts = stream(connect(staff), WATCH);
    await waitForOpen(before + 1);
    // Stored without a notice (as if the bus had lost it): only the log says it is there.
    const monitoring = hub.hub.subgraphs.find((subgraph) => subgraph.name === 'monitoring');
    const [quiet] = await monitoring!.database.client.$queryRawUnsafe<{ sequence: string }[]>(
      `INSERT INTO "Alert" ("id", "clusterCode", "severity", "titleTh", "raisedBy") VALUES ('${randomUUID()}', 'NE5', 'INFO', 'ไม่มีประกาศ', 'test') RETURNING "sequence"::text AS "sequence"`,
    );
    // The tailer's poll (every 2 s) finds it.
    const [found] = await alerts.next(1, 5000);
    expect(found.data?.alertRaised.sequence).toBe(quiet.sequence);
    const loud = await raise('NE5', 'มีประกาศ');
    const results = await alerts.next(2);
    expect(results.map((result) => [result.data?.alertRaised.sequence, result.data?.alertRaised.titleTh])).toEqual([
      [quiet.sequence, 'ไม่มีประกาศ'],
      [loud.sequence, 'มีประกาศ'],
    ]);
  });

  it('costs one fetch per subgraph per event for 1,000 subscribers with the same selection and rights', async () => {
    const staff = await signToken({ role: 'osm-staff', cluster: 'N4' });
    const before = await openSubscriptions();
    const streams: Stream[] = [];
    for (let socket = 0; socket < 20; socket += 1) {
      const client = connect(staff);
      for (let index = 0; index < 50; index += 1) streams.push(stream(client, WATCH, { clusterCode: 'N4' }));
    }
    await waitForOpen(before + 1000);
    const subgraphs = hub.hub.subgraphs.filter((subgraph) => ['monitoring', 'strategy', 'budget'].includes(subgraph.name));
    // Only the fetches made for this subscription's plan (the planner names them after the operation).
    const fetches = () => Promise.all(subgraphs.map((subgraph) => metric(subgraph.url, 'hub_graphql_requests_total', (labels) => labels.includes('operation="AlertsWatch__'))));
    const counted = await fetches();

    // The second alert only once every subscriber has the first: two events in flight together may
    // share their identical strategy and budget fetches (shared-fetches.ts), which would halve the count.
    const events = [await raise('N4', 'ผู้ติดตามพันราย 1')];
    for (const subscriber of streams) await subscriber.next(1, 30_000);
    events.push(await raise('N4', 'ผู้ติดตามพันราย 2'));
    for (const subscriber of streams) await subscriber.next(2, 30_000);
    for (const subscriber of streams) {
      expect(subscriber.results.map((result) => result.data?.alertRaised.sequence)).toEqual(events.map((event) => event.sequence));
    }
    expect(streams[999].results[1].data?.alertRaised.cluster).toEqual({ code: 'N4', nameTh: await clusterName('N4'), budget: { totalBaht: '0.00' } });
    const after = await fetches();
    const perEvent = Object.fromEntries(subgraphs.map((subgraph, index) => [subgraph.name, (after[index] - counted[index]) / events.length]));
    expect(perEvent).toEqual({ monitoring: 1, strategy: 1, budget: 1 });

    for (const subscriber of streams) subscriber.stop();
    await waitForOpen(before);
  });

  describe('rights', () => {
    it('closes a connection with a bad token with 4403', async () => {
      const client = connect(undefined, { authorization: 'Bearer not-a-token' });
      const refused = stream(client, WATCH);
      await refused.failed();
      expect(client.closeCodes).toEqual([4403]);
    });

    it('refuses another cluster to OSM staff with FORBIDDEN and keeps the socket open', async () => {
      const client = connect(await signToken({ role: 'osm-staff', cluster: 'N1' }));
      // A subscription of its own keeps the (lazy) client's socket open throughout.
      const own = stream(client, WATCH);
      const error = await stream(client, WATCH, { clusterCode: 'S2' }).failed();
      expect(error).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })]);
      expect((error as { message: string }[])[0].message).toContain('cluster N1 only');
      const query = await stream(client, '{ cluster(code: "N1") { code } }').next(1);
      expect(query[0].data).toEqual({ cluster: { code: 'N1' } });
      expect(client.closeCodes).toEqual([]);
      expect(own.errors).toEqual([]);
      own.stop();
    });

    it('gives a province officer the alerts of its province\'s cluster only', async () => {
      const client = connect(await signToken({ role: 'province-officer', province: '50' }));
      const error = await stream(client, WATCH, { clusterCode: 'S3' }).failed();
      expect(error).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })]);
      const own = stream(client, WATCH, { after: '0' });
      const raised = await raise('N1', 'ของเชียงใหม่');
      const [result] = await own.next(1);
      expect(result.data?.alertRaised).toMatchObject({ sequence: raised.sequence, cluster: { code: 'N1' } });
    });

    it('refuses the public with UNAUTHENTICATED, and still answers its queries on the socket', async () => {
      const client = connect();
      const error = await stream(client, WATCH).failed();
      expect(error).toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })]);
      const [province] = await stream(client, '{ province(code: "50") { nameEn } }').next(1);
      expect(province.data).toEqual({ province: { nameEn: 'Chiang Mai' } });
    });

    it('lets an agency receive the alerts of every cluster', async () => {
      const client = connect(await signToken({ role: 'agency', agency: 'NESDC' }));
      const start = await raise('C1', 'ก่อนเริ่ม');
      const all = stream(client, WATCH, { after: start.sequence });
      const raised = [await raise('C1', 'ภาคกลาง'), await raise('S3', 'ภาคใต้')];
      const results = await all.next(2);
      expect(results.map((result) => [result.data?.alertRaised.sequence, result.data?.alertRaised.cluster.code])).toEqual([
        [raised[0].sequence, 'C1'],
        [raised[1].sequence, 'S3'],
      ]);
    });

    it('filters by minSeverity', async () => {
      const client = connect(await signToken({ role: 'admin' }));
      const start = await raise('E1', 'ก่อนเริ่ม');
      const critical = stream(client, WATCH, { clusterCode: 'E1', minSeverity: 'CRITICAL', after: start.sequence });
      await raise('E1', 'แค่แจ้งให้ทราบ', 'INFO');
      const urgent = await raise('E1', 'ด่วนมาก', 'CRITICAL');
      const [result] = await critical.next(1);
      expect(result.data?.alertRaised).toMatchObject({ sequence: urgent.sequence, severity: 'CRITICAL' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(critical.results).toHaveLength(1);
    });

    it('closes the socket with 4403 when the token expires', async () => {
      const client = connect(await signToken({ role: 'admin' }, { expiresIn: '2s' }));
      const watching = stream(client, WATCH);
      await watching.failed(10_000);
      expect(client.closeCodes).toEqual([4403]);
    });
  });

  describe('mistakes', () => {
    it('answers an after that is no sequence with BAD_USER_INPUT', async () => {
      const client = connect(await signToken({ role: 'admin' }));
      const notNumber = await stream(client, WATCH, { after: 'yesterday' }).failed();
      expect(notNumber).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } })]);
      const beyond = await stream(client, WATCH, { after: '999999999' }).failed();
      expect(beyond).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } })]);
    });

    it('answers a subscription sent over HTTP POST with 400 BAD_REQUEST naming the WebSocket URL', async () => {
      const response = await hub.query(WATCH, { token: await signToken({ role: 'admin' }) });
      expect(response.status).toBe(400);
      expect(response.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
      expect(response.errors?.[0].message).toContain('ws://');
    });

    it('has the monitoring subgraph refuse a subscription over HTTP: the gateway serves it', async () => {
      const monitoring = hub.hub.subgraphs.find((subgraph) => subgraph.name === 'monitoring');
      const response = await fetch(monitoring?.url as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'subscription { alertRaised { id } }' }),
      });
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(response.status).toBe(400);
      expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(body.errors[0].message).toContain('subscribe at the gateway');
    });
  });

  describe('queries and mutations over the socket', () => {
    it('runs them with the socket\'s identity, as over HTTP', async () => {
      const client = connect(await signToken({ role: 'osm-staff', cluster: 'E2' }));
      const [query] = await stream(client, '{ cluster(code: "E2") { code alerts { titleTh } } }').next(1);
      expect(query.data).toEqual({ cluster: { code: 'E2', alerts: [] } });
      const [mutation] = await stream(client, `mutation { raiseAlert(input: { clusterCode: "E2", severity: INFO, titleTh: "ผ่านซ็อกเก็ต" }) { titleTh cluster { code } } }`).next(1);
      expect(mutation.data).toEqual({ raiseAlert: { titleTh: 'ผ่านซ็อกเก็ต', cluster: { code: 'E2' } } });
      const [refused] = await stream(client, `mutation { raiseAlert(input: { clusterCode: "S1", severity: INFO, titleTh: "ไม่ใช่ของฉัน" }) { id } }`).next(1);
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('shutdown', () => {
    it('closes open sockets with 1001 when the gateway closes, and closes promptly', async () => {
      const client = connect(await signToken({ role: 'admin' }));
      const before = await openSubscriptions();
      const watching = stream(client, WATCH);
      await waitForOpen(before + 1);
      const started = Date.now();
      await hub.hub.close();
      expect(Date.now() - started).toBeLessThan(4000);
      await watching.failed();
      expect(client.closeCodes).toEqual([1001]);
    });
  });
});
