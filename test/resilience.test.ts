import type { ChildProcess } from 'node:child_process';
import { SUBGRAPH_NAMES, type SubgraphName } from '../kit/config';
import { createTestStorage, type TestStorage } from './support/databases';
import { postGraphQL, signToken, startTestHub, TEST_INTERNAL_SECRET, TEST_JWT_SECRET, type GraphQLResponse } from './support/hub';
import { freePort, startProcess, stop } from './support/processes';

/**
 * A failing subgraph must not take the hub down: the gateway and each subgraph run as their own
 * processes (as docker-compose.yml runs them); one subgraph is killed, another frozen with
 * SIGSTOP, and the gateway must answer with the other subgraphs' data and a named error, within
 * its timeout, and recover by itself once the subgraph is back.
 */

const CLUSTER_QUERY = '{ cluster(code: "N1") { nameTh budget(fiscalYear: 2569) { totalBaht } alerts { id } hearings { id } } }';
const TIMEOUT_MS = 1500;
const RESET_MS = 1000;

describe('a hub whose subgraphs fail (separate processes on PGlite)', () => {
  let storage: TestStorage;
  let env: Record<string, string>;
  const processes = new Map<SubgraphName | 'gateway', ChildProcess>();
  let gatewayUrl: string;

  async function startSubgraph(name: SubgraphName): Promise<void> {
    const started = await startProcess(env, name);
    processes.set(name, started.child);
  }

  /** Posts the query and measures how long the answer took. */
  async function timed(query: string): Promise<GraphQLResponse & { ms: number }> {
    const started = Date.now();
    const response = await postGraphQL(gatewayUrl, query);
    return { ...response, ms: Date.now() - started };
  }

  /** Repeats the query until the predicate holds (or the deadline passes) and returns the last answer. */
  async function until(predicate: (response: GraphQLResponse) => boolean, deadlineMs = 30_000): Promise<GraphQLResponse> {
    const end = Date.now() + deadlineMs;
    let last = await postGraphQL(gatewayUrl, CLUSTER_QUERY);
    while (!predicate(last) && Date.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      last = await postGraphQL(gatewayUrl, CLUSTER_QUERY);
    }
    return last;
  }

  beforeAll(async () => {
    storage = await createTestStorage('pglite');
    env = {
      DATA_DIR: storage.dataDir,
      JWT_SECRET: TEST_JWT_SECRET,
      HUB_INTERNAL_SECRET: TEST_INTERNAL_SECRET,
      SUBGRAPH_TIMEOUT_MS: String(TIMEOUT_MS),
      SUBGRAPH_BREAKER_FAILURES: '3',
      SUBGRAPH_BREAKER_RESET_MS: String(RESET_MS),
    };
    for (const name of SUBGRAPH_NAMES) {
      const port = await freePort();
      env[`${name.toUpperCase()}_PORT`] = String(port);
      env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${port}/graphql`;
    }
    await Promise.all(SUBGRAPH_NAMES.map((name) => startSubgraph(name)));
    const gateway = await startProcess({ ...env, PORT: String(await freePort()) }, 'gateway');
    processes.set('gateway', gateway.child);
    gatewayUrl = gateway.gatewayUrl;
  });

  afterAll(async () => {
    for (const child of processes.values()) {
      child.kill('SIGCONT');
      await stop(child).catch(() => child.kill('SIGKILL'));
    }
    await storage?.remove();
  });

  it('answers from all four subgraphs while they are up', async () => {
    const { data, errors } = await postGraphQL(gatewayUrl, CLUSTER_QUERY);
    expect(errors).toBeUndefined();
    expect(data?.cluster).toEqual({ nameTh: 'กลุ่มจังหวัดภาคเหนือตอนบน 1', budget: { totalBaht: '0.00' }, alerts: [], hearings: [] });
  });

  it('with budget killed, returns the other three subgraphs and an error naming budget and the path', async () => {
    const budget = processes.get('budget') as ChildProcess;
    budget.kill('SIGKILL');
    await new Promise((resolve) => budget.once('exit', resolve));

    const { data, errors, ms, status } = await timed(CLUSTER_QUERY);
    expect(status).toBe(200);
    expect(data?.cluster).toEqual({ nameTh: 'กลุ่มจังหวัดภาคเหนือตอนบน 1', budget: null, alerts: [], hearings: [] });
    expect(errors).toHaveLength(1);
    expect(errors?.[0]).toMatchObject({
      path: ['cluster', 'budget'],
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'budget', reason: 'UNREACHABLE' },
    });
    expect(errors?.[0].message).toContain('budget subgraph');
    expect(JSON.stringify(errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|http:/);
    expect(ms).toBeLessThan(TIMEOUT_MS);
  });

  it('tells a client whose mutation could not reach budget that nothing was written', async () => {
    const token = await signToken({ role: 'osm-staff', cluster: 'N1' });
    const { data, errors } = await postGraphQL(
      gatewayUrl,
      'mutation { createProject(input: { clusterCode: "N1", fiscalYear: 2569, nameTh: "ถนน", amountBaht: "1" }) { id } }',
      { token },
    );
    expect(data).toEqual({ createProject: null });
    expect(errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'budget', outcome: 'NOT_APPLIED' });
  });

  it('fails fast once the circuit is open', async () => {
    for (let i = 0; i < 3; i += 1) await postGraphQL(gatewayUrl, CLUSTER_QUERY);
    const { errors, ms } = await timed(CLUSTER_QUERY);
    expect(errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'budget', reason: 'CIRCUIT_OPEN' });
    expect(ms).toBeLessThan(500);
  });

  it('recovers by itself when budget is restarted, with no gateway restart', async () => {
    await startSubgraph('budget');
    const recovered = await until((response) => response.errors === undefined);
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data?.cluster.budget).toEqual({ totalBaht: '0.00' });
  });

  it('with monitoring frozen (SIGSTOP), answers within the timeout with the others and an error naming monitoring', async () => {
    const monitoring = processes.get('monitoring') as ChildProcess;
    monitoring.kill('SIGSTOP');
    const { data, errors, ms } = await timed(CLUSTER_QUERY);
    expect(data?.cluster).toEqual({ nameTh: 'กลุ่มจังหวัดภาคเหนือตอนบน 1', budget: { totalBaht: '0.00' }, alerts: null, hearings: [] });
    expect(errors?.[0]).toMatchObject({
      path: ['cluster', 'alerts'],
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'monitoring', reason: 'TIMEOUT' },
    });
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(ms).toBeLessThan(TIMEOUT_MS + 3000);
  });

  it('recovers by itself when monitoring is resumed (SIGCONT)', async () => {
    (processes.get('monitoring') as ChildProcess).kill('SIGCONT');
    const recovered = await until((response) => response.errors === undefined);
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data?.cluster.alerts).toEqual([]);
  });
});

describe('one client flooding the gateway', () => {
  it('does not fail 30 ordinary queries sent right after a 1,000-alias request', async () => {
    const hub = await startTestHub('pglite');
    try {
      const flood = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: cluster(code: "N1") { budget(fiscalYear: 2569) { totalBaht } }`).join(' ')} }`;
      const refused = await hub.query(flood);
      expect(refused.status).toBe(400);
      expect(refused.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      const answers = await Promise.all(Array.from({ length: 30 }, () => hub.query(CLUSTER_QUERY)));
      expect(answers.map((answer) => answer.status)).toEqual(Array(30).fill(200));
      expect(answers.every((answer) => answer.errors === undefined && answer.data?.cluster.budget.totalBaht === '0.00')).toBe(true);
    } finally {
      await hub.close();
    }
  });

  it('keeps connections to a subgraph bounded when many cross-subgraph queries arrive at once', async () => {
    const hub = await startTestHub('pglite', undefined, { SUBGRAPH_MAX_CONNECTIONS: '4' });
    try {
      const budget = hub.hub.subgraphs.find((subgraph) => subgraph.name === 'budget');
      const server = budget!.server;
      const many = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: cluster(code: "N${(i % 4) + 1}") { budget(fiscalYear: 2569) { totalBaht } }`).join(' ')} }`;
      const answers = await Promise.all(Array.from({ length: 25 }, () => hub.query(many)));
      expect(answers.every((answer) => answer.status === 200 && answer.errors === undefined)).toBe(true);
      const connections = await new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
      expect(connections).toBeGreaterThan(0);
      expect(connections).toBeLessThanOrEqual(4);
    } finally {
      await hub.close();
    }
  });
});
