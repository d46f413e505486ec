import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { IDENTITY_HEADER, signInternalIdentity } from '../kit/identity';
import { createTestStorage, type TestStorage } from './support/databases';
import { postGraphQL, signToken, TEST_INTERNAL_SECRET, TEST_JWT_SECRET } from './support/hub';
import { ensureBuilt, freePort, startProcess, stop } from './support/processes';

/**
 * Alerts across processes (issue 8, item 4): gateway and monitoring processes on loopback, with the
 * machine's Redis carrying the notices and the alert table as the truth. On PostgreSQL (TEST_DATABASE_URL)
 * two monitoring processes share one database; on PGlite one monitoring process serves both gateways.
 * The gateways' poll is set to ten minutes, so what arrives came through Redis or through the log
 * read a gap in the notices triggers, never through the poll.
 */

const REDIS_URL = 'redis://127.0.0.1:6379';
const WATCH = `subscription TopologyWatch($clusterCode: String) {
  alertRaised(clusterCode: $clusterCode) { id sequence titleTh cluster { code nameTh budget(fiscalYear: 2569) { totalBaht } } }
}`;
const RAISE = 'mutation TopologyRaise($input: RaiseAlertInput!) { raiseAlert(input: $input) { id sequence } }';

interface Alert {
  readonly id: string;
  readonly sequence: string;
  readonly titleTh: string;
  readonly cluster: { code: string; nameTh: string; budget: { totalBaht: string } };
}

/** One subscriber: what it received, in order. */
interface Subscriber {
  readonly name: string;
  readonly alerts: Alert[];
  readonly errors: unknown[];
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sums a gauge of a service's `/metrics`. */
async function metric(graphqlUrl: string, name: string): Promise<number> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}(?:\\{.*\\})? (\\S+)$`).exec(line);
    if (match) sum += Number(match[1]);
  }
  return sum;
}

/** Stops every child (in parallel) and returns their exit codes. */
async function stopAll(children: ChildProcess[]): Promise<(number | null)[]> {
  const codes = await Promise.all(children.map((child) => stop(child)));
  children.length = 0;
  return codes;
}

const storageEngine: 'pglite' | 'postgresql' = process.env.TEST_DATABASE_URL ? 'postgresql' : 'pglite';

describe(`alerts across gateway and monitoring processes with Redis, on ${storageEngine}`, () => {
  const children: ChildProcess[] = [];
  const clients: Client[] = [];
  const subscribers: Subscriber[] = [];
  const raised: { id: string; sequence: string }[] = [];
  /** A Redis prefix of this run only, so parallel runs on one Redis do not hear each other. */
  const prefix = `osm-hub-test-${randomBytes(4).toString('hex')}`;
  const channel = `${prefix}:monitoring:alerts`;
  let storage: TestStorage;
  let env: Record<string, string>;
  let gateways: string[];
  let monitorings: string[];
  let redis: Redis;
  let staffToken: string;
  let clusterName: string;

  beforeAll(async () => {
    await ensureBuilt();
    redis = new Redis(REDIS_URL);
    storage = await createTestStorage(storageEngine, { builtHub: true });
    const port = async () => String(await freePort());
    env = {
      DATA_DIR: storage.dataDir,
      JWT_SECRET: TEST_JWT_SECRET,
      HUB_INTERNAL_SECRET: TEST_INTERNAL_SECRET,
      SEED_SAMPLE_DATA: 'false',
      LOG_FORMAT: 'json',
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      SUBSCRIPTION_POLL_MS: '600000',
      RATE_LIMIT_PER_IDENTITY: '100000',
      RATE_LIMIT_PER_ADDRESS: '100000',
      ...storage.env,
    };
    for (const name of ['strategy', 'budget', 'participation']) {
      const subgraphPort = await port();
      env[`${name.toUpperCase()}_PORT`] = subgraphPort;
      env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${subgraphPort}/graphql`;
    }
    const monitoringPorts = storageEngine === 'postgresql' ? [await port(), await port()] : [await port()];
    monitorings = monitoringPorts.map((monitoringPort) => `http://127.0.0.1:${monitoringPort}/graphql`);
    const subgraphs = await Promise.all([
      ...['strategy', 'budget', 'participation'].map((name) => startProcess(env, name)),
      startProcess({ ...env, MONITORING_PORT: monitoringPorts[0] }, 'monitoring'),
    ]);
    children.push(...subgraphs.map((started) => started.child));
    // The second monitoring replica once the first is up: two starting at the same moment on one
    // database wait for each other's migration check (Prisma's advisory lock, 10 s at most).
    for (const monitoringPort of monitoringPorts.slice(1)) children.push((await startProcess({ ...env, MONITORING_PORT: monitoringPort }, 'monitoring')).child);
    const started = await Promise.all(
      [0, 1].map(async (replica) =>
        startProcess({ ...env, PORT: await port(), MONITORING_URL: monitorings[replica % monitorings.length] }, 'gateway'),
      ),
    );
    children.push(...started.map((gateway) => gateway.child));
    gateways = started.map((gateway) => gateway.gatewayUrl);

    staffToken = await signToken({ role: 'osm-staff', cluster: 'C4' });
    const project = await postGraphQL(
      gateways[0],
      'mutation { createProject(input: { clusterCode: "C4", fiscalYear: 2569, nameTh: "โครงการทดสอบสองเกตเวย์", amountBaht: "250000" }) { id } }',
      { token: staffToken },
    );
    expect(project.errors).toBeUndefined();
    clusterName = (await postGraphQL(gateways[1], '{ cluster(code: "C4") { nameTh } }')).data?.cluster.nameTh;
    expect(clusterName).toBeTruthy();

    // On each gateway: an admin watching every cluster and an osm-staff of C4 watching theirs.
    const admin = await signToken({ role: 'admin' });
    for (const [index, url] of gateways.entries()) {
      for (const [who, token] of [
        ['admin', admin],
        ['staff', staffToken],
      ] as const) {
        const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
        clients.push(client);
        const subscriber: Subscriber = { name: `${who}@gateway-${index + 1}`, alerts: [], errors: [] };
        subscribers.push(subscriber);
        client.subscribe<{ alertRaised: Alert }>(
          { query: WATCH, variables: who === 'admin' ? {} : { clusterCode: 'C4' } },
          {
            next: (result) => {
              if (result.errors || !result.data) subscriber.errors.push(result.errors ?? result);
              else subscriber.alerts.push(result.data.alertRaised);
            },
            error: (error) => subscriber.errors.push(error),
            complete: () => undefined,
          },
        );
      }
    }
    for (const url of gateways) await until(async () => (await metric(url, 'hub_open_subscriptions')) === 2, `two subscriptions open at ${url}`);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await stopAll(children);
    redis?.disconnect();
    await storage?.remove();
  });

  async function raiseThrough(gateway: string, titleTh: string): Promise<{ id: string; sequence: string }> {
    const { data, errors } = await postGraphQL(gateway, RAISE, { token: staffToken, variables: { input: { clusterCode: 'C4', severity: 'WARNING', titleTh } } });
    expect(errors).toBeUndefined();
    raised.push(data?.raiseAlert);
    return data?.raiseAlert;
  }

  /** Every subscriber has received every alert raised so far, in sequence order, none twice, with the federated fields. */
  async function expectAllDelivered(): Promise<void> {
    const expected = [...raised].sort((a, b) => Number(BigInt(a.sequence) - BigInt(b.sequence)));
    await until(() => subscribers.every((subscriber) => subscriber.alerts.length >= expected.length || subscriber.errors.length > 0), `${expected.length} alerts at every subscriber`);
    for (const subscriber of subscribers) {
      expect({ subscriber: subscriber.name, errors: subscriber.errors }).toEqual({ subscriber: subscriber.name, errors: [] });
      expect({ subscriber: subscriber.name, got: subscriber.alerts.map((alert) => alert.sequence) }).toEqual({
        subscriber: subscriber.name,
        got: expected.map((alert) => alert.sequence),
      });
      expect(subscriber.alerts.map((alert) => alert.id)).toEqual(expected.map((alert) => alert.id));
      for (const alert of subscriber.alerts) expect(alert.cluster).toEqual({ code: 'C4', nameTh: clusterName, budget: { totalBaht: '250000.00' } });
    }
  }

  it('reports Redis as ready on both gateways', async () => {
    for (const url of gateways) {
      const response = await fetch(url.replace(/\/graphql$/, '/health/ready'));
      expect(response.status).toBe(200);
      expect(((await response.json()) as { checks: Record<string, string> }).checks.redis).toBe('ok');
    }
  });

  it('delivers every alert raised through either gateway to subscribers on both, in order and none twice', async () => {
    await raiseThrough(gateways[0], 'แจ้งเตือนผ่านเกตเวย์หนึ่ง');
    await raiseThrough(gateways[1], 'แจ้งเตือนผ่านเกตเวย์สอง');
    // Concurrent raises through both gateways (and both monitoring processes on PostgreSQL).
    await Promise.all([0, 1, 2, 3, 4, 5].map((index) => raiseThrough(gateways[index % 2], `แจ้งเตือนพร้อมกัน ${index}`)));
    await expectAllDelivered();
    expect(raised).toHaveLength(8);
  });

  it('ignores an unreadable or out-of-order notice on the channel: the log decides what is delivered', async () => {
    const before = subscribers.map((subscriber) => subscriber.alerts.length);
    const last = raised.reduce((max, alert) => (BigInt(alert.sequence) > max ? BigInt(alert.sequence) : max), 0n);
    // Two messages no monitoring process sent: garbage, and a notice far ahead of the log for an alert that does not exist.
    expect(await redis.publish(channel, 'not a notice')).toBe(2);
    expect(await redis.publish(channel, JSON.stringify({ sequence: String(last + 50n), id: 'bogus', clusterCode: 'C4', severity: 'CRITICAL' }))).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(subscribers.map((subscriber) => subscriber.alerts.length)).toEqual(before);
    await raiseThrough(gateways[1], 'หลังข้อความปลอม');
    await expectAllDelivered();
  });

  it('loses nothing when the gateways lose their Redis subscription: they read the log on reconnecting', async () => {
    const clientList = (await redis.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
    const ids = clientList
      .split('\n')
      .filter((line) => line.includes(`name=${prefix}:gateway:subscriber`))
      .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1] as string);
    expect(ids).toHaveLength(2);
    for (const id of ids) await redis.call('CLIENT', 'KILL', 'ID', id);
    // Raised while the subscribers reconnect (the first retry is 250 ms later): the notice reaches no gateway.
    await raiseThrough(gateways[0], 'ระหว่างเชื่อมต่อใหม่');
    await expectAllDelivered();
    await until(async () => ((await redis.call('PUBSUB', 'NUMSUB', channel)) as [string, number])[1] === 2, 'both gateways subscribed again');
  });

  if (storageEngine === 'postgresql') {
    it('loses nothing when a notice is never published (a monitoring process without Redis): the next notice makes the gateways read the log', async () => {
      const closedPort = await freePort();
      const monitoringPort = String(await freePort());
      const lonely = await startProcess({ ...env, MONITORING_PORT: monitoringPort, REDIS_URL: `redis://127.0.0.1:${closedPort}` }, 'monitoring');
      children.push(lonely.child);
      expect(lonely.output()).toContain(`Alert notices on ${channel} are not carried while Redis (redis://127.0.0.1:${closedPort}) is unreachable`);
      // Raised directly at that monitoring process, as its gateway would: its notice is dropped.
      const identity = await signInternalIdentity({ role: 'osm-staff', subject: 'topology-test', clusterCode: 'C4' }, new TextEncoder().encode(TEST_INTERNAL_SECRET));
      const response = await fetch(`http://127.0.0.1:${monitoringPort}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity },
        body: JSON.stringify({ query: RAISE, variables: { input: { clusterCode: 'C4', severity: 'WARNING', titleTh: 'ไม่มีประกาศ' } } }),
      });
      const body = (await response.json()) as { data?: { raiseAlert: { id: string; sequence: string } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      raised.push(body.data?.raiseAlert as { id: string; sequence: string });
      const before = subscribers.map((subscriber) => subscriber.alerts.length);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // Nothing carried it and the poll is ten minutes away: not delivered yet.
      expect(subscribers.map((subscriber) => subscriber.alerts.length)).toEqual(before);
      // The next alert's notice is two ahead of what the gateways accepted: they read the log and deliver both, in order.
      await raiseThrough(gateways[1], 'หลังประกาศที่หายไป');
      await expectAllDelivered();
    });
  }

  it('stops every process cleanly', async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    expect((await stopAll(children)).every((code) => code === 0)).toBe(true);
  });
});
