import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import { createLogger } from '../kit/logger';
import { verifyInternalIdentity } from '../kit/identity';
import { clientKeyOf, writeIdentityOf } from '../gateway/rate-limit';
import { postGraphQL, signToken, startTestGateway, startTestHub, type TestHub } from './support/hub';

/** The Redis the suite shares with the developer's machine or CI: only keys made for this run are touched. */
const REDIS_URL = 'redis://127.0.0.1:6379';

const QUERY = '{ clusters { code } }';

/** A response as a client sees it, headers included. */
interface RawResponse {
  status: number;
  retryAfter: string | null;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** Posts `{ clusters { code } }` over real HTTP. */
async function post(url: string, options: { token?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const { status, headers, data, errors } = await postGraphQL(url, QUERY, options);
  return { status, retryAfter: headers.get('retry-after'), body: { data, errors } };
}

/** A caller token with its own subject, so each test run has identities (and Redis keys) of its own. */
function tokenFor(subject: string, cluster = 'C4'): Promise<string> {
  return signToken({ role: 'osm-staff', cluster }, { subject });
}

const uniqueSubject = (label: string) => `rate-limit-test-${label}-${randomBytes(6).toString('hex')}`;

function expectServed(response: RawResponse): void {
  expect({ status: response.status, errors: response.body.errors }).toEqual({ status: 200, errors: undefined });
  expect(response.body.data?.clusters).toHaveLength(18);
}

/** Checks a refusal: HTTP 429, RATE_LIMITED, a Retry-After header equal to `retryAfterSeconds`, and the budget named. */
function expectRateLimited(response: RawResponse, message: RegExp, windowSeconds: number): void {
  expect(response.status).toBe(429);
  expect(response.body.data).toBeUndefined();
  const error = response.body.errors?.[0];
  expect(error?.extensions?.code).toBe('RATE_LIMITED');
  expect(error?.message).toMatch(message);
  const retryAfter = error?.extensions?.retryAfterSeconds as number;
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(response.retryAfter).toBe(String(retryAfter));
  expect(error?.message).toContain(`Retry after ${retryAfter} s.`);
}

// One graph for the whole file: each describe puts its own gateway (its own limits) in front of it.
let base: TestHub;
beforeAll(async () => {
  base = await startTestHub('pglite');
});
afterAll(() => base?.close());

describe('rate limits per client address (in memory)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestGateway(base, {
      RATE_LIMIT_PER_ADDRESS: '5',
      RATE_LIMIT_PER_IDENTITY: '100000',
      RATE_LIMIT_WINDOW_SECONDS: '60',
      TRUST_PROXY: 'loopback',
    });
  });
  afterAll(() => hub?.close());

  it('answers 5 requests from one address, then HTTP 429 RATE_LIMITED with Retry-After', async () => {
    for (let i = 0; i < 5; i++) expectServed(await post(hub.url));
    expectRateLimited(await post(hub.url), /^Too many requests from this address: 5 per 60 s\. Retry after \d+ s\.$/, 60);
  });

  it('keeps refusing a spent address even with a valid token, but refuses a bad token with 401 first', async () => {
    const token = await tokenFor(uniqueSubject('address'));
    expectRateLimited(await post(hub.url, { token }), /from this address/, 60);
    const bad = await post(hub.url, { token: 'not.a.jwt' });
    expect(bad.status).toBe(401);
    expect(bad.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('behind a trusted proxy (TRUST_PROXY=loopback), counts each X-Forwarded-For client on its own', async () => {
    const client = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 5; i++) expectServed(await post(hub.url, { headers: client }));
    expectRateLimited(await post(hub.url, { headers: client }), /from this address/, 60);
    expectServed(await post(hub.url, { headers: { 'x-forwarded-for': '203.0.113.8' } }));
  });

  it('counts IPv6 clients per /64 network, so rotating addresses within one network does not help', async () => {
    const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
    for (let i = 0; i < 3; i++) expectServed(await post(hub.url, from('2001:db8::1')));
    for (let i = 0; i < 2; i++) expectServed(await post(hub.url, from('2001:0db8:0000:0000::beef')));
    expectRateLimited(await post(hub.url, from('2001:db8::3')), /from this address/, 60);
    expectServed(await post(hub.url, from('2001:db8:0:1::1')));
  });

  it('does not limit /health', async () => {
    expect((await fetch(new URL('/health', hub.url))).status).toBe(200);
  });
});

describe('rate limits per signed-in identity (in memory)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestGateway(base, {
      RATE_LIMIT_PER_IDENTITY: '3',
      RATE_LIMIT_PER_ADDRESS: '100000',
      RATE_LIMIT_WINDOW_SECONDS: '60',
    });
  });
  afterAll(() => hub?.close());

  it("refuses one token's 4th request while another identity and the public are still served", async () => {
    const spent = await tokenFor(uniqueSubject('spent'));
    for (let i = 0; i < 3; i++) expectServed(await post(hub.url, { token: spent }));
    expectRateLimited(await post(hub.url, { token: spent }), /^Too many requests for this signed-in identity: 3 per 60 s\. Retry after \d+ s\.$/, 60);

    expectServed(await post(hub.url, { token: await tokenFor(uniqueSubject('other')) }));
    for (let i = 0; i < 5; i++) expectServed(await post(hub.url));
  });

  it('counts the identity, not the token: a fresh token for the same subject is still refused', async () => {
    const subject = uniqueSubject('same');
    for (let i = 0; i < 3; i++) expectServed(await post(hub.url, { token: await tokenFor(subject) }));
    expectRateLimited(await post(hub.url, { token: await tokenFor(subject, 'N3') }), /signed-in identity/, 60);
  });
});

describe('write budget of the public and of citizens (participation writes)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestGateway(base, {
      RATE_LIMIT_PUBLIC_WRITES: '3',
      RATE_LIMIT_PUBLIC_WRITES_WINDOW_SECONDS: '600',
      RATE_LIMIT_PER_ADDRESS: '100000',
      RATE_LIMIT_PER_IDENTITY: '100000',
      TRUST_PROXY: 'loopback',
    });
  });
  afterAll(() => hub?.close());

  /** A write the subgraph refuses for these callers: it still spends the budget, which is counted before any subgraph is asked. */
  const WRITE = 'mutation($input: ScheduleHearingInput!) { scheduleHearing(input: $input) { id } }';
  const TWO_WRITES = 'mutation($input: ScheduleHearingInput!) { a: scheduleHearing(input: $input) { id } b: scheduleHearing(input: $input) { id } }';
  const input = { clusterCode: 'N1', titleTh: 'ทดสอบ', heldOn: '2026-12-15' };
  const write = async (query: string, options: { token?: string; address: string }): Promise<RawResponse> => {
    const { status, headers, data, errors } = await postGraphQL(hub.url, query, { variables: { input }, token: options.token, headers: { 'x-forwarded-for': options.address } });
    return { status, retryAfter: headers.get('retry-after'), body: { data, errors } };
  };
  const notLimited = (response: RawResponse) => expect((response.body.errors ?? []).map((error) => error.extensions?.code)).not.toContain('RATE_LIMITED');

  it('lets one address make 3 writes in 10 minutes, refuses the 4th with 429 before any subgraph, and still answers its reads', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await write(WRITE, { address: '198.51.100.7' });
      expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expectRateLimited(await write(WRITE, { address: '198.51.100.7' }), /^Too many comments, registrations, answers or other writes from this address: 3 per 10 min\. Retry after \d+ s\.$/, 600);
    expectServed(await post(hub.url, { headers: { 'x-forwarded-for': '198.51.100.7' } }));
    notLimited(await write(WRITE, { address: '198.51.100.8' }));
  });

  it('counts each top-level field of a mutation: two aliased writes spend two', async () => {
    notLimited(await write(TWO_WRITES, { address: '198.51.100.20' }));
    expectRateLimited(await write(TWO_WRITES, { address: '198.51.100.20' }), /from this address: 3 per 10 min/, 600);
  });

  it("counts a citizen by its subject, whatever its address, and never counts officers' writes", async () => {
    const citizen = await signToken({ role: 'citizen' }, { subject: uniqueSubject('citizen') });
    for (let i = 0; i < 3; i++) notLimited(await write(WRITE, { token: citizen, address: `203.0.113.${i + 1}` }));
    expectRateLimited(await write(WRITE, { token: citizen, address: '203.0.113.50' }), /from this citizen: 3 per 10 min/, 600);
    notLimited(await write(WRITE, { token: await signToken({ role: 'citizen' }, { subject: uniqueSubject('neighbour') }), address: '203.0.113.50' }));
    const staff = await tokenFor(uniqueSubject('staff'), 'N1');
    for (let i = 0; i < 5; i++) notLimited(await write(WRITE, { token: staff, address: '203.0.113.60' }));
  });
});

describe('the client key public and citizen writes carry to subgraphs', () => {
  const secret = randomBytes(32);

  it('is the same for one IPv4 client however written, and for one IPv6 /64 network, and differs between clients', () => {
    expect(clientKeyOf('::ffff:198.51.100.7')).toBe(clientKeyOf('198.51.100.7'));
    expect(clientKeyOf('2001:db8:0:1::5')).toBe(clientKeyOf('2001:db8:0:1:ffff::9'));
    expect(clientKeyOf('198.51.100.7')).not.toBe(clientKeyOf('198.51.100.8'));
    expect(clientKeyOf('198.51.100.7')).not.toContain('198');
  });

  it('travels signed with the public and citizen identities only, and verifies on the subgraph side', async () => {
    const sign = writeIdentityOf({ role: 'public' }, '198.51.100.7', secret);
    expect(await verifyInternalIdentity(await sign!(), secret)).toEqual({ role: 'public', client: clientKeyOf('198.51.100.7') });
    const citizen = writeIdentityOf({ role: 'citizen', subject: 'somchai' }, '198.51.100.7', secret);
    expect(await verifyInternalIdentity(await citizen!(), secret)).toEqual({ role: 'citizen', subject: 'somchai', client: clientKeyOf('198.51.100.7') });
    expect(writeIdentityOf({ role: 'osm-staff', clusterCode: 'N1', subject: 'x' }, '198.51.100.7', secret)).toBeUndefined();
  });
});

describe('rate limits shared through Redis by two gateways', () => {
  const hubs: TestHub[] = [];
  const subjects: string[] = [];
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    // The address budget is off so that this suite writes no key it cannot name (127.0.0.1 is shared with other runs).
    const env = { REDIS_URL, RATE_LIMIT_PER_IDENTITY: '4', RATE_LIMIT_PER_ADDRESS: '0', RATE_LIMIT_WINDOW_SECONDS: '60' };
    hubs.push(await startTestGateway(base, env));
    hubs.push(await startTestGateway(base, env));
  });
  afterAll(async () => {
    await Promise.all(hubs.map((hub) => hub.close()));
    if (subjects.length > 0) await redis?.del(...subjects.map((subject) => `osm-hub:rl:identity:osm-staff:${subject}`));
    await redis?.quit();
  });

  it('spends one budget across both gateways, and keeps its counter in Redis', async () => {
    const subject = uniqueSubject('shared');
    subjects.push(subject);
    const token = await tokenFor(subject);
    for (let i = 0; i < 4; i++) expectServed(await post(hubs[i % 2].url, { token }));
    expectRateLimited(await post(hubs[0].url, { token }), /signed-in identity: 4 per 60 s/, 60);
    expectRateLimited(await post(hubs[1].url, { token }), /signed-in identity: 4 per 60 s/, 60);

    const key = `osm-hub:rl:identity:osm-staff:${subject}`;
    expect(Number(await redis.get(key))).toBe(6);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);

    const other = uniqueSubject('shared-other');
    subjects.push(other);
    expectServed(await post(hubs[1].url, { token: await tokenFor(other) }));
  });
});

describe('rate limits when Redis is unreachable', () => {
  let hub: TestHub;
  // The hub's log lines (JSON), read back by the test.
  const logs: string[] = [];
  beforeAll(async () => {
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => logs.push(...chunk.toString().split('\n').filter(Boolean)));
    hub = await startTestGateway(
      base,
      {
        REDIS_URL: 'redis://127.0.0.1:1',
        RATE_LIMIT_PER_ADDRESS: '3',
        RATE_LIMIT_PER_IDENTITY: '2',
        RATE_LIMIT_WINDOW_SECONDS: '60',
      },
      { logger: createLogger({ level: 'warn', format: 'json', destination }) },
    );
  });
  afterAll(() => hub?.close());

  it('starts, says once that Redis is unreachable, and keeps limiting in memory', async () => {
    const redisLines = logs
      .map((line) => String((JSON.parse(line) as { msg?: unknown }).msg))
      .filter((line) => line.includes('Redis at redis://127.0.0.1:1'));
    expect(redisLines).toHaveLength(1);
    expect(redisLines[0]).toContain('rate limits are counted in this process only');

    const token = await tokenFor(uniqueSubject('insured'));
    for (let i = 0; i < 2; i++) expectServed(await post(hub.url, { token }));
    expectRateLimited(await post(hub.url, { token }), /signed-in identity: 2 per 60 s/, 60);
    // That refused request spent the address's third point; the fourth from this address is over.
    expectRateLimited(await post(hub.url), /from this address: 3 per 60 s/, 60);
  });

  it('says the gateway is not ready while Redis does not answer, without its address, and still live', async () => {
    const origin = new URL(hub.url).origin;
    const ready = await fetch(`${origin}/health/ready`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('unavailable');
    expect(body.checks.redis).toMatch(/^does not answer/);
    expect(body.checks.strategy).toBe('ok');
    expect(JSON.stringify(body)).not.toContain('127.0.0.1');
    expect((await fetch(`${origin}/health/live`)).status).toBe(200);
  });

  it('ignores X-Forwarded-For when no proxy is trusted (a client cannot pick a fresh address)', async () => {
    expectRateLimited(await post(hub.url, { headers: { 'x-forwarded-for': '198.51.100.1' } }), /from this address/, 60);
  });
});
