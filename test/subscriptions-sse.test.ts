import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { createClient, type Client, type ExecutionResult } from 'graphql-sse';
import { GATEWAY_ENGINES } from './support/databases';
import { signToken, startTestGateway, startTestHub, type TestHub } from './support/hub';

const ALERT_FIELDS = 'id sequence severity titleTh cluster { code nameTh budget(fiscalYear: 2569) { totalBaht } }';
const WATCH = `subscription AlertsWatch($clusterCode: String, $minSeverity: AlertSeverity, $after: String) {
  alertRaised(clusterCode: $clusterCode, minSeverity: $minSeverity, after: $after) { ${ALERT_FIELDS} }
}`;
const RAISE = `mutation RaiseForTest($input: RaiseAlertInput!) { raiseAlert(input: $input) { id sequence } }`;

/** A long detail (4,000 Thai characters, 12 kB in UTF-8) selected 25 times: about 300 kB per event, to fill socket buffers quickly. */
const DETAIL = 'ก'.repeat(4000);
const BULKY = `subscription SseBulky { alertRaised(clusterCode: "E2") { sequence ${Array.from({ length: 25 }, (_, index) => `d${index}: detailTh`).join(' ')} } }`;

/**
 * A TCP forwarder to `target` (a subgraph's URL): a gateway pointed at it reaches the subgraph until
 * `stop()`, and then finds nothing listening, as when the subgraph's process has stopped.
 */
async function forwarder(target: string): Promise<{ url: string; stop(): Promise<void> }> {
  const { hostname, port, pathname } = new URL(target);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(socket);
      });
    }
    client.pipe(upstream).pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}${pathname}`,
    stop: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** The server-sent events of a stream's text (comments skipped). */
function parseEvents(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
    }
    if (fields.event) events.push({ id: fields.id, event: fields.event, data: fields.data ? JSON.parse(fields.data) : null });
  }
  return events;
}

/** One server-sent event as the stream carries it. */
interface SseEvent {
  readonly id?: string;
  readonly event: string;
  readonly data: any;
}

/** A raw event stream read with fetch, as an EventSource (or a proxy-friendly client) would. */
interface RawStream {
  readonly status: number;
  readonly contentType: string | null;
  /** The JSON body of a refused request. */
  readonly body?: any;
  readonly events: SseEvent[];
  /** Whether the server ended the stream. */
  readonly ended: () => boolean;
  /** Resolves once `count` events arrived. */
  next(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
}

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}(?:\\{(.*)\\})? (\\S+)$`).exec(line);
    if (match) sum += Number(match[2]);
  }
  return sum;
}

describe.each(GATEWAY_ENGINES)('alert subscriptions over Server-Sent Events on %s', (engine) => {
  let hub: TestHub;
  const clients: Client[] = [];
  const raw: RawStream[] = [];
  const tokens: Record<string, string> = {};

  /** Opens an event stream at the gateway's /graphql with fetch (POST JSON body, or GET query string). */
  async function open(
    variables: Record<string, unknown>,
    options: { token?: string; lastEventId?: string; method?: 'GET' | 'POST'; query?: string; url?: string } = {},
  ): Promise<RawStream> {
    const query = options.query ?? WATCH;
    const base = options.url ?? hub.url;
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
    const abort = new AbortController();
    let url = base;
    let body: string | undefined;
    if (options.method === 'GET') {
      url = `${base}?${new URLSearchParams({ query, variables: JSON.stringify(variables) })}`;
    } else {
      headers['content-type'] = 'application/json';
      body = JSON.stringify({ query, variables });
    }
    const response = await fetch(url, { method: options.method ?? 'POST', headers, body, signal: abort.signal });
    const events: SseEvent[] = [];
    let ended = false;
    const stream: RawStream = {
      ended: () => ended,
      status: response.status,
      contentType: response.headers.get('content-type'),
      events,
      next: async (count, timeoutMs) => {
        await until(() => events.length >= count, `${count} events (have ${events.length})`, timeoutMs);
        return events.slice(0, count);
      },
      close: () => abort.abort(),
    };
    raw.push(stream);
    if (!response.ok) return { ...stream, body: await response.json() };
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            ended = true;
            return;
          }
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields: Record<string, string> = {};
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const colon = line.indexOf(':');
              fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
            }
            if (fields.event) events.push({ id: fields.id, event: fields.event, data: fields.data ? JSON.parse(fields.data) : null });
          }
        }
      } catch {
        // aborted
      }
    })();
    return stream;
  }

  async function raise(clusterCode: string, titleTh: string, severity = 'WARNING'): Promise<{ id: string; sequence: string }> {
    const token = tokens[clusterCode] ?? (tokens[clusterCode] = await signToken({ role: 'osm-staff', cluster: clusterCode }));
    const { data, errors } = await hub.query(RAISE, { token, variables: { input: { clusterCode, severity, titleTh } } });
    expect(errors).toBeUndefined();
    return data?.raiseAlert;
  }

  const openSubscriptions = (url = hub.url) => metric(url, 'hub_open_subscriptions');
  async function waitForOpen(count: number, url = hub.url): Promise<void> {
    const deadline = Date.now() + 30_000;
    while ((await openSubscriptions(url)) !== count) {
      if (Date.now() > deadline) throw new Error(`hub_open_subscriptions did not reach ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  beforeAll(async () => {
    hub = await startTestHub(engine);
  });
  let closed = false;
  afterAll(async () => {
    for (const stream of raw) stream.close();
    for (const client of clients) client.dispose();
    if (!closed) await hub?.close();
  });

  it('delivers an alert raised by a mutation to a graphql-sse client, with the cluster name from strategy and the budget from budget', async () => {
    const staff = await signToken({ role: 'osm-staff', cluster: 'N2' });
    const project = await hub.query(
      `mutation { createProject(input: { clusterCode: "N2", fiscalYear: 2569, nameTh: "ถนนสายรอง", amountBaht: "2500000" }) { id } }`,
      { token: staff },
    );
    expect(project.errors).toBeUndefined();
    const name = (await hub.query(`{ cluster(code: "N2") { nameTh } }`)).data?.cluster.nameTh;
    expect(typeof name).toBe('string');

    const client = createClient({ url: hub.url, headers: { authorization: `Bearer ${staff}` }, retryAttempts: 0 });
    clients.push(client);
    const before = await openSubscriptions();
    const results: ExecutionResult<Record<string, any>, unknown>[] = [];
    const errors: unknown[] = [];
    const stop = client.subscribe<Record<string, any>>({ query: WATCH, variables: {} }, { next: (result) => results.push(result), error: (error) => errors.push(error), complete: () => undefined });
    await waitForOpen(before + 1);

    const raised = await raise('N2', 'ฝนตกหนัก น้ำป่าไหลหลาก', 'CRITICAL');
    await until(() => results.length >= 1 || errors.length > 0, 'the alert');
    expect(errors).toEqual([]);
    expect(results[0].errors).toBeUndefined();
    expect(results[0].data).toEqual({
      alertRaised: {
        id: raised.id,
        sequence: raised.sequence,
        severity: 'CRITICAL',
        titleTh: 'ฝนตกหนัก น้ำป่าไหลหลาก',
        cluster: { code: 'N2', nameTh: name, budget: { totalBaht: '2500000.00' } },
      },
    });
    stop();
    await waitForOpen(before);
  });

  it('gives each event its sequence as id, and replays exactly the missed alerts after Last-Event-ID (over the after in the request), then live ones', async () => {
    const staff = await signToken({ role: 'osm-staff', cluster: 'N3' });
    const before = await openSubscriptions();
    const first = await open({}, { token: staff });
    expect(first.status).toBe(200);
    expect(first.contentType).toBe('text/event-stream; charset=utf-8');
    await waitForOpen(before + 1);
    const seen = await raise('N3', 'เหตุการณ์ที่ 1');
    const [one] = await first.next(1);
    expect(one).toMatchObject({ id: seen.sequence, event: 'next' });
    expect(one.data.data.alertRaised).toMatchObject({ sequence: seen.sequence, titleTh: 'เหตุการณ์ที่ 1' });
    first.close();
    await waitForOpen(before);

    const missed = [];
    for (let index = 2; index <= 4; index += 1) missed.push(await raise('N3', `เหตุการณ์ที่ ${index}`));
    await raise('S1', 'ของกลุ่มอื่น');

    // As a reconnecting EventSource: the same request again (GET, with its original after "0") plus Last-Event-ID.
    const resumed = await open({ after: '0' }, { token: staff, method: 'GET', lastEventId: one.id });
    expect(resumed.status).toBe(200);
    const replayed = await resumed.next(3);
    expect(replayed.map((event) => event.id)).toEqual(missed.map((alert) => alert.sequence));
    expect(replayed.map((event) => event.data.data.alertRaised.sequence)).toEqual(missed.map((alert) => alert.sequence));
    expect(replayed.map((event) => event.data.data.alertRaised.titleTh)).toEqual(['เหตุการณ์ที่ 2', 'เหตุการณ์ที่ 3', 'เหตุการณ์ที่ 4']);

    const live = await raise('N3', 'เหตุการณ์ที่ 5');
    const all = await resumed.next(4);
    expect(all[3]).toMatchObject({ id: live.sequence, event: 'next' });
    expect(all[3].data.data.alertRaised.titleTh).toBe('เหตุการณ์ที่ 5');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(resumed.events).toHaveLength(4);
    expect(await openSubscriptions()).toBe(before + 1);
    resumed.close();
    await waitForOpen(before);
  });

  it('refuses another cluster to osm-staff with 403 FORBIDDEN', async () => {
    const staff = await signToken({ role: 'osm-staff', cluster: 'N1' });
    const refused = await open({ clusterCode: 'S1' }, { token: staff });
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('answers a bad token with 401 UNAUTHENTICATED, and the public with 401 UNAUTHENTICATED for alertRaised', async () => {
    const bad = await open({}, { token: await signToken({ role: 'admin' }, { secret: 'not-the-hub-secret-not-the-hub-secret' }) });
    expect(bad.status).toBe(401);
    expect(bad.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(bad.body.errors[0].message).toContain('could not be verified');
    const anonymous = await open({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a query as an event stream with 400 BAD_REQUEST', async () => {
    const refused = await open({}, { query: '{ cluster(code: "N1") { code } }' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(refused.body.errors[0].message).toContain('text/event-stream');
  });

  it('still answers a plain POST subscription (no event-stream Accept) with the coded 400', async () => {
    const response = await hub.query(WATCH, { token: await signToken({ role: 'admin' }) });
    expect(response.status).toBe(400);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect(response.errors?.[0].message).toContain('text/event-stream');
  });

  it('counts each stream as a connection of its identity: one over SUBSCRIPTION_MAX_CONNECTIONS_PER_IDENTITY (20) gets 429 RATE_LIMITED', async () => {
    const admin = await signToken({ role: 'admin' }, { subject: 'sse-limit' });
    const before = await openSubscriptions();
    const streams = [];
    for (let index = 0; index < 20; index += 1) streams.push(await open({}, { token: admin }));
    expect(streams.map((stream) => stream.status)).toEqual(Array(20).fill(200));
    await waitForOpen(before + 20);
    const refused = await open({}, { token: admin });
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'connectionsPerIdentity', max: 20 });
    streams[0].close();
    await waitForOpen(before + 19);
    const again = await open({}, { token: admin });
    expect(again.status).toBe(200);
    for (const stream of [...streams, again]) stream.close();
    await waitForOpen(before);
  });

  it('ends the stream with UNAUTHENTICATED and complete when the token expires while it is open', async () => {
    const before = await openSubscriptions();
    const stream = await open({}, { token: await signToken({ role: 'admin' }, { expiresIn: '2s', subject: 'sse-expiring' }) });
    expect(stream.status).toBe(200);
    await waitForOpen(before + 1);
    await until(() => stream.ended(), 'the stream to end', 10_000);
    expect(stream.events).toHaveLength(2);
    expect(stream.events[0]).toMatchObject({
      event: 'next',
      data: { errors: [{ message: 'Your token has expired: reconnect with a new token (Last-Event-ID resumes where you were).', extensions: { code: 'UNAUTHENTICATED' } }] },
    });
    expect(stream.events[1]).toMatchObject({ event: 'complete', data: null });
    await waitForOpen(before);
  });

  it('cuts a client that stops reading, with the slow-client comment and no complete, and Last-Event-ID then gives it every alert once, in order', async () => {
    // A replica of the gateway that lets 3 results wait per subscription (the default is 1,000).
    const replica = await startTestGateway(hub, { SUBSCRIPTION_MAX_QUEUED: '3' });
    const staff = await signToken({ role: 'osm-staff', cluster: 'E2' }, { subject: 'sse-slow' });
    try {
      const request = http.request(replica.url, { method: 'POST', headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${staff}` } });
      request.end(JSON.stringify({ query: BULKY }));
      const [response] = (await once(request, 'response')) as [http.IncomingMessage];
      let text = '';
      if (response.statusCode !== 200) {
        for await (const chunk of response) text += String(chunk);
      }
      expect({ status: response.statusCode, refusal: text }).toEqual({ status: 200, refusal: '' });
      let ended = false;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('close', () => (ended = true));
      // The client stops reading: its socket's buffers fill, then results wait at the gateway.
      response.pause();
      await waitForOpen(1, replica.url);

      const raised: { id: string; sequence: string }[] = [];
      const raiseBulky = async (titleTh: string) => {
        const { data, errors } = await hub.query(RAISE, { token: staff, variables: { input: { clusterCode: 'E2', severity: 'WARNING', titleTh, detailTh: DETAIL } } });
        expect(errors).toBeUndefined();
        raised.push(data?.raiseAlert);
      };
      while ((await openSubscriptions(replica.url)) > 0) {
        if (raised.length >= 200) throw new Error('the slow client was never cut');
        await raiseBulky(`ช้า ${raised.length}`);
      }
      // Raised after the cut: the client learns of these only by resuming.
      for (let index = 0; index < 3; index += 1) await raiseBulky(`หลังตัด ${index}`);

      response.resume();
      await until(() => ended, 'the stream to end');
      expect(text.endsWith(': Try again later: more than 3 results waiting; reconnect with Last-Event-ID to resume\n\n')).toBe(true);
      const received = parseEvents(text);
      expect(received.length).toBeGreaterThan(0);
      expect(received.length).toBeLessThan(raised.length);
      expect(received.every((event) => event.event === 'next')).toBe(true);
      // What arrived is a prefix of what was raised, each with its 25 details, each id its sequence.
      expect(received.map((event) => event.id)).toEqual(raised.slice(0, received.length).map((alert) => alert.sequence));
      expect(received.map((event) => event.data.data.alertRaised.sequence)).toEqual(raised.slice(0, received.length).map((alert) => alert.sequence));
      expect(received.every((event) => event.data.data.alertRaised.d0 === DETAIL && event.data.data.alertRaised.d24 === DETAIL)).toBe(true);

      const rest = raised.slice(received.length);
      const resumed = await open({}, { token: staff, query: BULKY, url: replica.url, lastEventId: received[received.length - 1].id });
      expect(resumed.status).toBe(200);
      await resumed.next(rest.length, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(resumed.events.map((event) => event.id)).toEqual(rest.map((alert) => alert.sequence));
      expect(resumed.events.map((event) => event.data.data.alertRaised.sequence)).toEqual(rest.map((alert) => alert.sequence));
      resumed.close();
      await waitForOpen(0, replica.url);
    } finally {
      await replica.close();
    }
  });

  it('answers with SUBGRAPH_UNAVAILABLE when the alert log cannot be read (the monitoring subgraph stopped), not with a stream that hangs', async () => {
    const monitoring = hub.hub.subgraphs.find((subgraph) => subgraph.name === 'monitoring')?.url as string;
    const link = await forwarder(monitoring);
    // A replica of the gateway that reaches monitoring through the forwarder.
    const replica = await startTestGateway(hub, { MONITORING_URL: link.url });
    // And one that never reached it.
    const unreached = await forwarder(monitoring);
    await unreached.stop();
    const cutOff = await startTestGateway(hub, { MONITORING_URL: unreached.url });
    try {
      const admin = await signToken({ role: 'admin' }, { subject: 'sse-monitoring-down' });
      // The first stream makes the replica read the log's head and follow it; then monitoring stops.
      const first = await open({ clusterCode: 'NE1' }, { token: admin, url: replica.url });
      expect(first.status).toBe(200);
      await waitForOpen(1, replica.url);
      first.close();
      await waitForOpen(0, replica.url);
      await link.stop();
      // Its notice still reaches the replica (the notice bus is not monitoring), which must read the log to resume anyone from before it.
      const missed = await raise('NE1', 'ระหว่างที่หยุด');

      const started = Date.now();
      const resumed = await open({ clusterCode: 'NE1' }, { token: admin, url: replica.url, lastEventId: String(BigInt(missed.sequence) - 1n) });
      expect(resumed.status).toBe(200);
      await until(() => resumed.ended(), 'the stream to end', 15_000);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(resumed.events).toHaveLength(2);
      expect(resumed.events[0]).toMatchObject({
        event: 'next',
        data: {
          errors: [
            {
              message: 'The monitoring subgraph could not be read to deliver this subscription; subscribe again with after set to the last sequence you received.',
              extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
            },
          ],
        },
      });
      expect(resumed.events[1]).toMatchObject({ event: 'complete', data: null });
      await waitForOpen(0, replica.url);

      // A gateway that could not read the log's head at all refuses before any stream starts.
      const refused = await open({}, { token: admin, url: cutOff.url });
      expect(refused.status).toBe(503);
      expect(refused.body.errors[0].extensions.code).toBe('SUBGRAPH_UNAVAILABLE');
      expect(refused.body.errors[0].message).toMatch(/^Subscriptions cannot start now: the monitoring subgraph could not be read \(.*\)\. Try again shortly\.$/);
    } finally {
      await replica.close();
      await cutOff.close();
    }
  });

  // Last: it closes the hub.
  it('ends open streams without complete when the gateway closes, so clients reconnect with Last-Event-ID', async () => {
    const admin = await signToken({ role: 'admin' });
    const before = await openSubscriptions();
    const stream = await open({}, { token: admin });
    expect(stream.status).toBe(200);
    await waitForOpen(before + 1);
    closed = true;
    await hub.close();
    await until(() => stream.ended(), 'the stream to end', 5000);
    expect(stream.events.filter((event) => event.event === 'complete')).toEqual([]);
  });
});
