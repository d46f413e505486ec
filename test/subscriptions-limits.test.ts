import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { GATEWAY_ENGINES } from './support/databases';
import { signToken, startTestGateway, startTestHub, type TestHub } from './support/hub';

/**
 * Slow and dead clients, and the limits of subscriptions (issue 8, item 6), through a real gateway
 * over real sockets. The hub runs with small bounds so that a test reaches them quickly.
 */

const RAISE = 'mutation LimitsRaise($input: RaiseAlertInput!) { raiseAlert(input: $input) { id sequence } }';
const WATCH = 'subscription LimitsWatch($after: String) { alertRaised(clusterCode: "E2", after: $after) { sequence titleTh } }';
/** A long detail (4,000 Thai characters, 12 kB in UTF-8) selected 25 times: about 300 kB per event, to fill socket buffers quickly. */
const DETAIL = 'ก'.repeat(4000);
const BULKY = `subscription LimitsBulky { alertRaised(clusterCode: "E2") { sequence ${Array.from({ length: 25 }, (_, index) => `d${index}: detailTh`).join(' ')} } }`;

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A graphql-transport-ws client on a raw socket, so that a test can stop reading (pause) or stop answering pings. */
class RawClient {
  readonly socket: WebSocket;
  readonly messages: { id?: string; type: string; payload?: any }[] = [];
  closed?: { code: number; reason: string };
  private readonly opened: Promise<void>;

  constructor(url: string, options: WebSocket.ClientOptions = {}) {
    this.socket = new WebSocket(url, 'graphql-transport-ws', options);
    this.opened = new Promise<void>((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('message', (data) => this.messages.push(JSON.parse(data.toString())));
    this.socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
  }

  async init(token: string): Promise<void> {
    await this.opened;
    this.socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    await until(() => this.messages.some((message) => message.type === 'connection_ack') || this.closed !== undefined, 'connection_ack');
  }

  subscribe(id: string, query: string, variables: Record<string, unknown> = {}): void {
    this.socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
  }

  /** The `next` payloads received for `id`. */
  results(id: string): any[] {
    return this.messages.filter((message) => message.id === id && message.type === 'next').map((message) => message.payload);
  }
}

describe.each(GATEWAY_ENGINES)('slow and dead subscribers, and subscription limits, on %s', (engine) => {
  let hub: TestHub;
  let wsUrl: string;
  let staff: string;
  const raw: RawClient[] = [];
  const clients: Client[] = [];

  async function openSubscriptions(gateway = hub): Promise<number> {
    const text = await (await fetch(gateway.url.replace(/\/graphql$/, '/metrics'))).text();
    return Number(/^hub_open_subscriptions(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1] ?? 0);
  }

  async function raise(titleTh: string, detailTh?: string): Promise<{ id: string; sequence: string }> {
    const { data, errors } = await hub.query(RAISE, { token: staff, variables: { input: { clusterCode: 'E2', severity: 'WARNING', titleTh, detailTh } } });
    expect(errors).toBeUndefined();
    return data?.raiseAlert;
  }

  function rawClient(options?: WebSocket.ClientOptions, url = wsUrl): RawClient {
    const client = new RawClient(url, options);
    raw.push(client);
    return client;
  }

  beforeAll(async () => {
    hub = await startTestHub(engine, undefined, {
      SUBSCRIPTION_MAX_QUEUED: '3',
      SUBSCRIPTION_MAX_PER_CONNECTION: '2',
      SUBSCRIPTION_MAX_CONNECTIONS_PER_IDENTITY: '2',
    });
    wsUrl = hub.url.replace(/^http/, 'ws');
    staff = await signToken({ role: 'osm-staff', cluster: 'E2' });
  });
  afterAll(async () => {
    for (const client of raw) client.socket.terminate();
    await Promise.all(clients.map((client) => client.dispose()));
    await hub?.close();
  });

  it('closes a subscriber that stops reading with 1013, and after resuming with after it has every alert once, in order', async () => {
    const slow = rawClient();
    await slow.init(staff);
    slow.subscribe('bulky', BULKY);
    await until(async () => (await openSubscriptions()) === 1, 'the subscription to open');
    slow.socket.pause();

    // Raise alerts until the gateway gives up on the paused client (kernel buffers first, then 3 queued results).
    const raised: { id: string; sequence: string }[] = [];
    while ((await openSubscriptions()) > 0) {
      if (raised.length >= 200) throw new Error('the slow subscriber was never closed');
      raised.push(await raise(`ช้า ${raised.length}`, DETAIL));
    }
    // Raised after the close: the client learns of these only by resuming.
    for (let index = 0; index < 3; index += 1) raised.push(await raise(`หลังปิด ${index}`, DETAIL));

    slow.socket.resume();
    await until(() => slow.closed !== undefined, 'the close frame');
    expect(slow.closed?.code).toBe(1013);
    expect(slow.closed?.reason).toBe('Try again later: more than 3 results waiting; reconnect, resume with after');
    const received = slow.results('bulky').map((payload) => payload.data.alertRaised);
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThan(raised.length);
    // What arrived is a prefix of what was raised, each with its 25 details.
    expect(received.map((alert) => alert.sequence)).toEqual(raised.slice(0, received.length).map((alert) => alert.sequence));
    expect(received.every((alert) => alert.d0 === DETAIL && alert.d24 === DETAIL)).toBe(true);

    const resumed = rawClient();
    await resumed.init(staff);
    resumed.subscribe('resume', WATCH, { after: received[received.length - 1].sequence });
    const rest = raised.slice(received.length);
    await until(() => resumed.results('resume').length >= rest.length, `${rest.length} replayed alerts`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(resumed.results('resume').map((payload) => payload.data.alertRaised.sequence)).toEqual(rest.map((alert) => alert.sequence));
    resumed.socket.close();
    await until(async () => (await openSubscriptions()) === 0, 'the resumed subscription to close');
  });

  it('drops a socket that stops answering pings, and keeps one that answers', async () => {
    // A replica of the gateway that pings every second (the default is 12 s).
    const replica = await startTestGateway(hub, { SUBSCRIPTION_KEEPALIVE_MS: '1000' });
    try {
      const replicaUrl = replica.url.replace(/^http/, 'ws');
      const silent = rawClient({ autoPong: false }, replicaUrl);
      const alive = rawClient({}, replicaUrl);
      await silent.init(staff);
      await alive.init(await signToken({ role: 'osm-staff', cluster: 'E2' }, { subject: 'answers-pings' }));
      silent.subscribe('watch', WATCH);
      alive.subscribe('watch', WATCH);
      await until(async () => (await openSubscriptions(replica)) === 2, 'the subscriptions to open');
      // Pinged every second; dropped when a ping is still unanswered a second later.
      await until(() => silent.closed !== undefined, 'the dead socket to be dropped', 10_000);
      expect(silent.closed?.code).toBe(1006);
      await until(async () => (await openSubscriptions(replica)) === 1, 'its subscription to end');
      expect(alive.closed).toBeUndefined();
      alive.socket.close();
      await until(async () => (await openSubscriptions(replica)) === 0, 'the live subscription to close');
    } finally {
      await replica.close();
    }
  });

  it('refuses a subscription beyond the per-connection limit with RATE_LIMITED, keeping the socket open', async () => {
    const client = rawClient();
    await client.init(staff);
    client.subscribe('a', WATCH);
    client.subscribe('b', WATCH);
    await until(async () => (await openSubscriptions()) === 2, 'two subscriptions');
    client.subscribe('c', WATCH);
    await until(() => client.messages.some((message) => message.id === 'c'), 'the refusal');
    expect(client.messages.find((message) => message.id === 'c')).toEqual({
      id: 'c',
      type: 'error',
      payload: [
        {
          message: 'Too many subscriptions on this connection: 2 at most; complete one, or open another connection.',
          extensions: { code: 'RATE_LIMITED', limit: 'subscriptionsPerConnection', max: 2 },
        },
      ],
    });
    // Completing one makes room on the same socket.
    client.socket.send(JSON.stringify({ id: 'a', type: 'complete' }));
    await until(async () => (await openSubscriptions()) === 1, 'one subscription');
    client.subscribe('d', WATCH);
    await until(async () => (await openSubscriptions()) === 2, 'the new subscription');
    const raised = await raise('ต่อจากที่ว่าง');
    await until(() => client.results('d').length === 1 && client.results('b').length === 1, 'the alert on both subscriptions');
    expect(client.results('d')[0].data.alertRaised.sequence).toBe(raised.sequence);
    expect(client.closed).toBeUndefined();
    client.socket.close();
    await until(async () => (await openSubscriptions()) === 0, 'the subscriptions to close');
  });

  it('gives every subscriber of one group a next frame carrying its own operation id around the same payload', async () => {
    // Two subscriptions on one socket and one on another socket of another person: one group (same selection and rights).
    const one = rawClient();
    const other = rawClient();
    const frames: string[] = [];
    for (const client of [one, other]) client.socket.on('message', (data) => frames.push(String(data)));
    await one.init(staff);
    await other.init(await signToken({ role: 'osm-staff', cluster: 'E2' }, { subject: 'same-group' }));
    one.subscribe('first', WATCH);
    one.subscribe('second', WATCH);
    other.subscribe('3e5b2c7a-third', WATCH);
    await until(async () => (await openSubscriptions()) === 3, 'three subscriptions');
    const raised = await raise('ถึงทุกคน');
    await until(() => frames.filter((frame) => frame.includes('"type":"next"')).length === 3, 'three next frames');
    const next = frames.filter((frame) => frame.includes('"type":"next"'));
    const payload = JSON.stringify({ data: { alertRaised: { sequence: raised.sequence, titleTh: 'ถึงทุกคน' } } });
    expect(next.sort()).toEqual(
      ['3e5b2c7a-third', 'first', 'second'].map((id) => `{"id":"${id}","type":"next","payload":${payload}}`),
    );
    for (const client of [one, other]) client.socket.close();
    await until(() => one.closed !== undefined && other.closed !== undefined, 'the sockets to close');
    await until(async () => (await openSubscriptions()) === 0, 'the subscriptions to close');
  });

  it('closes a connection beyond the per-identity limit with 4429; another identity and a freed slot connect', async () => {
    const [first, second, third] = [rawClient(), rawClient(), rawClient()];
    await first.init(staff);
    await second.init(staff);
    await third.init(staff);
    await until(() => third.closed !== undefined, 'the third socket to close');
    expect(third.closed).toEqual({ code: 4429, reason: 'Too many connections: 2 per identity; close one first' });
    expect(first.closed).toBeUndefined();
    expect(second.closed).toBeUndefined();

    const other = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${await signToken({ role: 'osm-staff', cluster: 'E2' }, { subject: 'another-person' })}` },
    });
    clients.push(other);
    const answer = await new Promise<unknown>((resolve, reject) =>
      other.subscribe({ query: '{ cluster(code: "E2") { code } }' }, { next: resolve, error: reject, complete: () => undefined }),
    );
    expect(answer).toEqual({ data: { cluster: { code: 'E2' } } });

    first.socket.close();
    await until(() => first.closed !== undefined, 'the first socket to close');
    const fourth = rawClient();
    await fourth.init(staff);
    expect(fourth.messages.some((message) => message.type === 'connection_ack')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fourth.closed).toBeUndefined();
    for (const client of [second, fourth]) client.socket.close();
  });
});
