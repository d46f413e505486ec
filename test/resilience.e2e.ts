import type { ChildProcess } from 'node:child_process';
import { SUBGRAPH_NAMES, type SubgraphName } from '../kit/config';
import { createTestStorage, type TestStorage } from './support/databases';
import { postGraphQL, signToken, TEST_INTERNAL_SECRET, TEST_JWT_SECRET, type GraphQLResponse } from './support/hub';
import { ensureBuilt, freePort, startProcess, stop } from './support/processes';

/**
 * A failing subgraph must not take the hub down: the gateway and each subgraph run as their own
 * processes (as docker-compose.yml runs them); one subgraph is killed, another frozen with
 * SIGSTOP, and the gateway must answer with the other subgraphs' data and a named error, within
 * its timeout, and recover by itself once the subgraph is back.
 */

beforeAll(() => ensureBuilt());

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
    storage = await createTestStorage('pglite', { builtHub: true });
    env = {
      DATA_DIR: storage.dataDir,
      JWT_SECRET: TEST_JWT_SECRET,
      HUB_INTERNAL_SECRET: TEST_INTERNAL_SECRET,
      SUBGRAPH_TIMEOUT_MS: String(TIMEOUT_MS),
      SUBGRAPH_BREAKER_FAILURES: '3',
      SUBGRAPH_BREAKER_RESET_MS: String(RESET_MS),
      // The assertions count N1's records from zero, as startTestHub's hubs do.
      SEED_SAMPLE_DATA: 'false',
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
    // Warm up: a subgraph's first request (its first SQL on a just-opened database) can take longer
    // than the 1.5 s timeout on a busy machine, e.g. while other suites run beside this one.
    const warm = await until((response) => response.errors === undefined, 60_000);
    expect(warm.errors).toBeUndefined();
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
