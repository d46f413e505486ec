import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ENGINES } from './support/databases';
import { signToken, startTestGateway, startTestHub, type TestHub } from './support/hub';

/**
 * A real HTTP relay in front of a subgraph that counts the queries it relays and can hold them
 * (not mutations) until released, so a test knows a fetch is in flight while it sends more.
 */
interface HoldingRelay {
  readonly url: string;
  /** Query bodies relayed (or held) so far. */
  readonly queries: string[];
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

async function startHoldingRelay(target: string): Promise<HoldingRelay> {
  let holding = false;
  let waiting: (() => void)[] = [];
  const queries: string[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const isMutation = /^\s*mutation\b/.test((JSON.parse(body) as { query: string }).query);
    if (!isMutation) {
      queries.push(body);
      if (holding) await new Promise<void>((resolve) => waiting.push(resolve));
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>;
    const answer = await fetch(target, { method: 'POST', headers, body });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    queries,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      const released = waiting;
      waiting = [];
      released.forEach((resolve) => resolve());
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A counter of the gateway's own /metrics: fetches to `subgraph` shared, or whole operations shared (no subgraph). */
async function sharedCount(gateway: TestHub, subgraph?: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', gateway.url))).text();
  const line = text
    .split('\n')
    .find((row) => (subgraph ? row.startsWith('hub_subgraph_fetches_shared_total{') && row.includes(`subgraph="${subgraph}"`) : /^hub_gateway_operations_shared_total[{ ]/.test(row)));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** The gateway's counts of shared strategy fetches and shared operations. */
async function shared(gateway: TestHub): Promise<{ fetches: number; operations: number }> {
  return { fetches: await sharedCount(gateway, 'strategy'), operations: await sharedCount(gateway) };
}

/** Waits until `condition` holds (polling), failing with `what` after 20 s. */
async function until(what: string, condition: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const PLANS = `query Plans { cluster(code: "N1") { code plans(first: 50) { edges { node { id titleTh status } } } } }`;
const CREATE_PLAN = `mutation($input: CreatePlanInput!) { createPlan(input: $input) { id status } }`;

// On both engines: issue 10 asks for its guarantees (no stale read after a write, no answer across rights) on each.
describe.each(ENGINES)('identical queries in flight share one execution and one subgraph fetch, on %s', (engine) => {
  let base: TestHub;
  let relay: HoldingRelay;
  let gateway: TestHub;
  let staff: string;
  let otherStaff: string;
  let publicPlans: number;

  beforeAll(async () => {
    base = await startTestHub(engine);
    const strategy = base.hub.subgraphs.find((subgraph) => subgraph.name === 'strategy');
    relay = await startHoldingRelay(strategy?.url as string);
    gateway = await startTestGateway(base, { STRATEGY_URL: relay.url });
    staff = await signToken({ role: 'osm-staff', cluster: 'N1' }, { subject: 'somchai' });
    otherStaff = await signToken({ role: 'osm-staff', cluster: 'N1' }, { subject: 'malee' });
    // A draft plan: N1's staff see it, the public does not.
    const created = await gateway.query(CREATE_PLAN, {
      token: staff,
      variables: { input: { clusterCode: 'N1', kind: 'FIVE_YEAR', titleTh: 'แผนพัฒนากลุ่มจังหวัด (ร่าง)', startYear: 2571, endYear: 2575 } },
    });
    expect(created.errors).toBeUndefined();
    publicPlans = (await gateway.query(PLANS)).data?.cluster.plans.edges.length;
  });
  afterEach(() => relay.release());
  afterAll(async () => {
    await gateway?.close();
    await relay?.close();
    await base?.close();
  });

  it('runs once for many callers of the same rights asking the same thing at once, each getting the whole answer', async () => {
    const before = { relayed: relay.queries.length, ...(await shared(gateway)) };
    relay.hold();
    const answers = Array.from({ length: 8 }, () => gateway.query(PLANS));
    // The first caller's operation runs and its fetch is held at the relay; the other seven join the operation.
    await until('seven callers joined the operation in flight', async () => (await shared(gateway)).operations - before.operations === 7);
    relay.release();
    const results = await Promise.all(answers);
    expect(relay.queries.length - before.relayed).toBe(1);
    expect((await shared(gateway)).fetches - before.fetches).toBe(0);
    for (const result of results) {
      expect(result.errors).toBeUndefined();
      expect(result.data?.cluster.plans.edges).toHaveLength(publicPlans);
    }
    // Each caller has its own copy: the answers are equal, not the same objects.
    expect(results[1].data).toEqual(results[0].data);
  });

  it('does not share an answer with errors: callers that waited for it run their own', async () => {
    const before = { relayed: relay.queries.length, ...(await shared(gateway)) };
    relay.hold();
    const ask = () => gateway.query(`query Missing { plan(id: "ZGV2ZWxvcG1lbnRQbGFuOm5vbmU=") { id titleTh } cluster(code: "N1") { code } }`);
    const first = ask();
    await until('the first fetch reached the subgraph', () => relay.queries.length - before.relayed === 1);
    const second = ask();
    await until('the second joined the first', async () => (await shared(gateway)).operations - before.operations === 1);
    // The first's answer has an error: the second, which waited for it, then runs its own (its fetch is not held).
    relay.release();
    const [a, b] = await Promise.all([first, second]);
    // Each caller gets its own refusal of the malformed id, and the rest of its answer.
    for (const answer of [a, b]) {
      expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      expect(answer.data?.cluster).toEqual({ code: 'N1' });
    }
    expect(relay.queries.length - before.relayed).toBe(2);
  });

  it('never shares an answer between callers whose rights differ: the public does not see the draft staff see', async () => {
    const before = relay.queries.length;
    relay.hold();
    const asPublic = gateway.query(PLANS);
    const asStaff = gateway.query(PLANS, { token: staff });
    await until('both fetches reached the subgraph', () => relay.queries.length - before === 2);
    relay.release();
    const [publicAnswer, staffAnswer] = await Promise.all([asPublic, asStaff]);
    const statuses = (answer: typeof publicAnswer) => answer.data?.cluster.plans.edges.map((edge: { node: { status: string } }) => edge.node.status);
    expect(statuses(publicAnswer)).not.toContain('DRAFT');
    expect(statuses(staffAnswer)).toContain('DRAFT');
  });

  it('shares between two people of the same rights class (OSM staff of N1), who see the same draft', async () => {
    const before = { relayed: relay.queries.length, ...(await shared(gateway)) };
    relay.hold();
    const first = gateway.query(PLANS, { token: staff });
    const second = gateway.query(PLANS, { token: otherStaff });
    await until('the second caller joined', async () => (await shared(gateway)).operations - before.operations === 1);
    relay.release();
    const [a, b] = await Promise.all([first, second]);
    expect(relay.queries.length - before.relayed).toBe(1);
    expect(b.data).toEqual(a.data);
  });

  it('never answers a read sent after a write with a fetch that started before it (no stale read)', async () => {
    const before = relay.queries.length;
    relay.hold();
    // A colleague's read is in flight (held) when somchai creates a plan…
    const earlier = gateway.query(PLANS, { token: otherStaff });
    await until('the earlier read reached the subgraph', () => relay.queries.length - before === 1);
    const created = await gateway.query(CREATE_PLAN, {
      token: staff,
      variables: { input: { clusterCode: 'N1', kind: 'ANNUAL', titleTh: 'แผนปฏิบัติราชการประจำปี', startYear: 2571, endYear: 2571 } },
    });
    expect(created.errors).toBeUndefined();
    // …and then reads the list with the same rights: his read is sent on its own and sees the plan.
    const after = gateway.query(PLANS, { token: staff });
    await until('the later read reached the subgraph', () => relay.queries.length - before === 2);
    relay.release();
    const ids = (answer: Awaited<typeof after>) => answer.data?.cluster.plans.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(ids(await after)).toContain(created.data?.createPlan.id);
    await earlier;
  });

  it("keeps sharing a subgraph's reads across a write to another subgraph, which cannot change its data", async () => {
    const before = { relayed: relay.queries.length, ...(await shared(gateway)) };
    relay.hold();
    const earlier = gateway.query(PLANS, { token: otherStaff });
    await until('the earlier read reached the subgraph', () => relay.queries.length - before.relayed === 1);
    // A write to monitoring (an alert of N1) is answered while the strategy read is in flight…
    const raised = await gateway.query('mutation { raiseAlert(input: { clusterCode: "N1", severity: INFO, titleTh: "ทดสอบ" }) { id } }', { token: staff });
    expect(raised.errors).toBeUndefined();
    // …so the same read sent after it runs on its own (an operation may read any subgraph), and its
    // strategy fetch joins the one in flight (only strategy's own writes change strategy's data).
    const later = gateway.query(PLANS, { token: staff });
    await until('the later read joined the fetch', async () => (await shared(gateway)).fetches - before.fetches === 1);
    relay.release();
    const [a, b] = await Promise.all([earlier, later]);
    expect(relay.queries.length - before.relayed).toBe(1);
    expect((await shared(gateway)).operations - before.operations).toBe(0);
    expect(b.data).toEqual(a.data);
  });

  it('can be switched off (SUBGRAPH_SHARE_FETCHES=false): every query is sent', async () => {
    const unshared = await startTestGateway(base, { STRATEGY_URL: relay.url, SUBGRAPH_SHARE_FETCHES: 'false' });
    try {
      const before = relay.queries.length;
      relay.hold();
      const answers = Array.from({ length: 3 }, () => unshared.query(PLANS));
      await until('three fetches reached the subgraph', () => relay.queries.length - before === 3);
      relay.release();
      for (const result of await Promise.all(answers)) expect(result.data?.cluster.plans.edges).toHaveLength(publicPlans);
    } finally {
      await unshared.close();
    }
  });
});
