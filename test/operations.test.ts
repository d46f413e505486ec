import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../kit/logger';
import { ENGINES } from './support/databases';
import { signToken, startTestHub, TEST_INTERNAL_SECRET, TEST_JWT_SECRET, type TestHub } from './support/hub';

/** A named query that needs strategy (the cluster) and budget (its budget figure). */
const PROBE = 'query OperationsProbe { cluster(code: "N1") { code budget(fiscalYear: 2569) { projectCount } } }';

/** Log lines written by a hub, parsed; a line that is not JSON fails the test that reads it. */
class LogCapture extends Writable {
  readonly text: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text.push(chunk.toString());
    done();
  }
  lines(): Record<string, unknown>[] {
    return this.text
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

/** The value of the series `name` whose labels include `labels`, in Prometheus text; 0 when absent. */
function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return 0;
}

async function getText(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}

async function getJson(url: string): Promise<{ status: number; body: { status: string; checks?: Record<string, string> } }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as { status: string; checks?: Record<string, string> } };
}

/** Sends the probe query with a token and a request id, and returns the response. */
function sendProbe(hub: TestHub, token: string, requestId: string): Promise<Response> {
  return fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': requestId },
    body: JSON.stringify({ query: PROBE, operationName: 'OperationsProbe' }),
  });
}

describe.each(ENGINES)('operating the hub on %s', (engine) => {
  let hub: TestHub;
  const logs = new LogCapture();
  const origin = (url: string) => new URL(url).origin;
  const subgraph = (name: string) => hub.hub.subgraphs.find((running) => running.name === name)!;

  beforeAll(async () => {
    hub = await startTestHub(engine, undefined, {}, { logger: createLogger({ level: 'debug', format: 'json', destination: logs }) });
  });
  afterAll(() => hub?.close());

  describe('health', () => {
    it('answers live and ready at the gateway and at every subgraph while everything answers', async () => {
      expect(await getJson(`${origin(hub.url)}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
      const ready = await getJson(`${origin(hub.url)}/health/ready`);
      expect(ready).toEqual({
        status: 200,
        body: { status: 'ok', checks: { strategy: 'ok', budget: 'ok', monitoring: 'ok', participation: 'ok' } },
      });
      expect(await getJson(`${origin(hub.url)}/health`)).toEqual(ready);
      for (const running of hub.hub.subgraphs) {
        expect(await getJson(`${origin(running.url)}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
        expect(await getJson(`${origin(running.url)}/health/ready`)).toEqual({ status: 200, body: { status: 'ok', checks: { database: 'ok' } } });
      }
    });
  });

  describe('metrics', () => {
    it('counts a named query at the gateway, times the fetches of the subgraphs it used, and counts their SQL', async () => {
      const gatewayBefore = (await getText(`${origin(hub.url)}/metrics`)).text;
      const budgetBefore = (await getText(`${origin(subgraph('budget').url)}/metrics`)).text;
      const { data, errors } = await hub.query(PROBE);
      expect(errors).toBeUndefined();
      expect(data?.cluster.code).toBe('N1');

      const gateway = await getText(`${origin(hub.url)}/metrics`);
      expect(gateway.status).toBe(200);
      const requests = { operation: 'OperationsProbe', outcome: 'success', service: 'gateway' };
      expect(metricValue(gateway.text, 'hub_graphql_requests_total', requests) - metricValue(gatewayBefore, 'hub_graphql_requests_total', requests)).toBe(1);
      expect(metricValue(gateway.text, 'hub_graphql_request_duration_seconds_count', { operation: 'OperationsProbe' })).toBeGreaterThanOrEqual(1);
      for (const name of ['strategy', 'budget']) {
        const fetches = { subgraph: name };
        expect(
          metricValue(gateway.text, 'hub_subgraph_fetch_duration_seconds_count', fetches) -
            metricValue(gatewayBefore, 'hub_subgraph_fetch_duration_seconds_count', fetches),
        ).toBeGreaterThanOrEqual(1);
      }
      expect(metricValue(gateway.text, 'hub_subgraph_fetch_duration_seconds_count', { subgraph: 'monitoring' })).toBe(
        metricValue(gatewayBefore, 'hub_subgraph_fetch_duration_seconds_count', { subgraph: 'monitoring' }),
      );
      expect(gateway.text).toMatch(/^hub_open_subscriptions\{service="gateway"\} 0$/m);
      expect(metricValue(gateway.text, 'hub_http_open_connections')).toBeGreaterThanOrEqual(1);
      expect(gateway.text).toContain('process_cpu_user_seconds_total');

      const budget = (await getText(`${origin(subgraph('budget').url)}/metrics`)).text;
      expect(metricValue(budget, 'hub_database_statements_total')).toBeGreaterThan(metricValue(budgetBefore, 'hub_database_statements_total'));
      expect(metricValue(budget, 'hub_graphql_requests_total', { service: 'budget', outcome: 'success' })).toBeGreaterThan(
        metricValue(budgetBefore, 'hub_graphql_requests_total', { service: 'budget', outcome: 'success' }),
      );
      if (engine === 'postgresql') expect(metricValue(budget, 'hub_database_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
      else expect(budget).not.toContain('hub_database_pool_connections{');
    });

    it('labels an invalid request with its error code and an unnamed one as anonymous, refused tokens included', async () => {
      const refused = { operation: 'anonymous', outcome: 'error', code: 'UNAUTHENTICATED' };
      const before = metricValue((await getText(`${origin(hub.url)}/metrics`)).text, 'hub_graphql_requests_total', refused);
      await hub.query('{ province(code: "Chiang Mai") { nameTh } }');
      expect((await hub.query('query Named { agencies { code } }', { token: 'not-a-token' })).status).toBe(401);
      const text = (await getText(`${origin(hub.url)}/metrics`)).text;
      expect(metricValue(text, 'hub_graphql_requests_total', { operation: 'anonymous', outcome: 'error', code: 'BAD_USER_INPUT' })).toBeGreaterThanOrEqual(1);
      expect(metricValue(text, 'hub_graphql_requests_total', refused) - before).toBe(1);
    });
  });

  describe('logs', () => {
    it('writes JSON lines carrying one request id at the gateway and at each subgraph, and returns the id', async () => {
      const token = await signToken({ role: 'osm-staff', cluster: 'N1' });
      const response = await sendProbe(hub, token, `ops-${engine}-0001`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toBe(`ops-${engine}-0001`);
      await response.json();

      const mine = logs.lines().filter((line) => line.requestId === `ops-${engine}-0001`);
      const access = (service: string) => mine.find((line) => line.service === service && line.path === '/graphql' && line.status === 200);
      expect(access('gateway')).toMatchObject({ level: 'info', method: 'POST', operationName: 'OperationsProbe', durationMs: expect.any(Number) });
      expect(access('strategy')).toMatchObject({ level: 'info', method: 'POST', durationMs: expect.any(Number) });
      expect(access('budget')).toMatchObject({ level: 'info', method: 'POST', durationMs: expect.any(Number) });
      expect(access('monitoring')).toBeUndefined();
    });

    it('never writes the bearer token, the JWT secret, the internal secret, the forwarded identity or variables', async () => {
      const token = await signToken({ role: 'osm-staff', cluster: 'N1' });
      await (await sendProbe(hub, token, `ops-${engine}-0002`)).json();
      // A refused token and a request whose variables hold a person's words are logged too.
      await hub.query('{ agencies { code } }', { token: `${token}x` });
      const personal = 'ความเห็นของนางสาวทดสอบ เลขบัตร 1103700012345';
      await hub.query('query Find($q: String) { __typename }', { token, variables: { q: personal } });
      // A masked internal error (a NUL byte the database refuses) is written with its cause.
      await fetch(subgraph('strategy').url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': `ops-${engine}-0003` },
        body: JSON.stringify({
          query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Cluster { nameTh } } }',
          variables: { r: [{ __typename: 'Cluster', code: 'N1\u0000' }] },
        }),
      });

      const written = logs.text.join('');
      expect(logs.lines().some((line) => line.requestId === `ops-${engine}-0002` && line.service === 'budget')).toBe(true);
      expect(logs.lines().some((line) => line.requestId === `ops-${engine}-0003` && line.level === 'error')).toBe(true);
      expect(written).not.toContain(token.split('.')[2]);
      expect(written).not.toContain(TEST_JWT_SECRET);
      expect(written).not.toContain(TEST_INTERNAL_SECRET);
      expect(written).not.toContain('x-osm-identity');
      expect(written).not.toContain('เลขบัตร');
    });
  });

  describe('readiness when a part fails', () => {
    it('names a subgraph whose database is closed, at the subgraph and at the gateway', async () => {
      await subgraph('participation').database.close();
      const own = await getJson(`${origin(subgraph('participation').url)}/health/ready`);
      expect(own.status).toBe(503);
      expect(own.body).toEqual({ status: 'unavailable', checks: { database: 'does not answer' } });
      expect(await getJson(`${origin(subgraph('participation').url)}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });

      const gateway = await getJson(`${origin(hub.url)}/health/ready`);
      expect(gateway.status).toBe(503);
      expect(gateway.body).toEqual({
        status: 'unavailable',
        checks: { strategy: 'ok', budget: 'ok', monitoring: 'ok', participation: 'not ready: database' },
      });
    });

    it('names a subgraph that is down, without its address', async () => {
      await subgraph('monitoring').close();
      const gateway = await getJson(`${origin(hub.url)}/health/ready`);
      expect(gateway.status).toBe(503);
      expect(gateway.body.status).toBe('unavailable');
      expect(gateway.body.checks?.monitoring).toMatch(/^does not answer/);
      expect(gateway.body.checks?.strategy).toBe('ok');
      expect(JSON.stringify(gateway.body)).not.toMatch(/127\.0\.0\.1|localhost|:\d{4,5}/);
      expect(await getJson(`${origin(hub.url)}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
    });
  });
});

/** One span as the OTLP/HTTP JSON exporter sends it. */
interface ExportedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly attributes: { key: string; value: { stringValue?: string } }[];
  /** The `service.name` of the resource that sent it. */
  service: string;
}

/** A tiny OTLP/HTTP collector: keeps every span POSTed to /v1/traces. */
async function startCollector(): Promise<{ url: string; spans: ExportedSpan[]; posts: () => number; close(): Promise<void> }> {
  const spans: ExportedSpan[] = [];
  let posts = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      posts += 1;
      if (req.url === '/v1/traces' && req.headers['content-type']?.startsWith('application/json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as {
          resourceSpans: { resource: { attributes: ExportedSpan['attributes'] }; scopeSpans: { spans: ExportedSpan[] }[] }[];
        };
        for (const resourceSpans of body.resourceSpans) {
          const service = resourceSpans.resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? '';
          for (const scope of resourceSpans.scopeSpans) spans.push(...scope.spans.map((span) => ({ ...span, service })));
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    posts: () => posts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const attribute = (span: ExportedSpan, key: string) => span.attributes.find((entry) => entry.key === key)?.value.stringValue;

/*
 * One traced hub per test process: @apollo/gateway keeps the first tracer provider it sees, so a
 * second provider registered in the same process would not get the gateway's spans. The traced
 * hub runs on the last engine (PostgreSQL when it is available).
 */
describe(`traces (${ENGINES[ENGINES.length - 1]})`, () => {
  const engine = ENGINES[ENGINES.length - 1];
  let collector: Awaited<ReturnType<typeof startCollector>>;
  beforeAll(async () => {
    collector = await startCollector();
  });
  afterAll(() => collector?.close());

  it('sends nothing when no OTLP endpoint is configured, even with the variable in the process environment', async () => {
    const previous = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
    const hub = await startTestHub(engine);
    try {
      expect((await hub.query(PROBE)).errors).toBeUndefined();
    } finally {
      await hub.close();
      if (previous === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = previous;
    }
    expect(collector.posts()).toBe(0);
  });

  it('links the gateway, the subgraph fetches, the subgraphs and their SQL in one trace', async () => {
    const hub = await startTestHub(engine, undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    let requestId: string | null;
    try {
      const response = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: PROBE }),
      });
      expect(response.status).toBe(200);
      requestId = response.headers.get('x-request-id');
      await response.json();
    } finally {
      // Closing the hub sends the spans still batched.
      await hub.close();
    }
    expect(requestId).toMatch(/^[\w.:-]{1,64}$/);
    const entry = collector.spans.find((span) => span.name === 'POST /graphql' && attribute(span, 'hub.service') === 'gateway');
    expect(entry?.traceId).toMatch(/^[0-9a-f]{32}$/);
    const trace = collector.spans.filter((span) => span.traceId === entry!.traceId);
    const names = trace.map((span) => span.name);
    expect(names).toEqual(expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.execute', 'gateway.fetch']));
    expect(names).toEqual(expect.arrayContaining(['subgraph.fetch strategy', 'subgraph.fetch budget']));
    expect(trace.every((span) => span.service === 'osm-hub')).toBe(true);

    const budgetServer = trace.find((span) => span.name === 'POST /graphql' && attribute(span, 'hub.service') === 'budget');
    const budgetFetch = trace.find((span) => span.name === 'subgraph.fetch budget');
    expect(budgetServer?.parentSpanId).toBe(budgetFetch?.spanId);
    const budgetSql = trace.filter((span) => span.name.startsWith('sql ') && span.parentSpanId === budgetServer?.spanId);
    expect(budgetSql.length).toBeGreaterThanOrEqual(1);
    expect(attribute(budgetSql[0], 'db.query.text')).toMatch(/SELECT/i);
  });
});
