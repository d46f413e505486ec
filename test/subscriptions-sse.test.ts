import { createClient, type Client, type ExecutionResult } from 'graphql-sse';
import { ENGINES } from './support/databases';
import { signToken, startTestHub, type TestHub } from './support/hub';

const ALERT_FIELDS = 'id sequence severity titleTh cluster { code nameTh budget(fiscalYear: 2569) { totalBaht } }';
const WATCH = `subscription AlertsWatch($clusterCode: String, $minSeverity: AlertSeverity, $after: String) {
  alertRaised(clusterCode: $clusterCode, minSeverity: $minSeverity, after: $after) { ${ALERT_FIELDS} }
}`;
const RAISE = `mutation RaiseForTest($input: RaiseAlertInput!) { raiseAlert(input: $input) { id sequence } }`;

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

describe.each(ENGINES)('alert subscriptions over Server-Sent Events on %s', (engine) => {
  let hub: TestHub;
  const clients: Client[] = [];
  const raw: RawStream[] = [];
  const tokens: Record<string, string> = {};

  /** Opens an event stream at the gateway's /graphql with fetch (POST JSON body, or GET query string). */
  async function open(
    variables: Record<string, unknown>,
    options: { token?: string; lastEventId?: string; method?: 'GET' | 'POST'; query?: string } = {},
  ): Promise<RawStream> {
    const query = options.query ?? WATCH;
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
    const abort = new AbortController();
    let url = hub.url;
    let body: string | undefined;
    if (options.method === 'GET') {
      url = `${hub.url}?${new URLSearchParams({ query, variables: JSON.stringify(variables) })}`;
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

  const openSubscriptions = () => metric(hub.url, 'hub_open_subscriptions');
  async function waitForOpen(count: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    while ((await openSubscriptions()) !== count) {
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
