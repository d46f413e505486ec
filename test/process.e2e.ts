import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { SUBGRAPH_NAMES } from '../kit/config';
import { GATEWAY_ENGINES, createTestStorage, type TestStorage } from './support/databases';
import { postGraphQL, signToken, TEST_INTERNAL_SECRET, TEST_JWT_SECRET } from './support/hub';
import { ensureBuilt, freePort, ROOT, startProcess, stop, USER_ENV } from './support/processes';

beforeAll(() => ensureBuilt());

/** PORT and every subgraph's port: five different ports, each free now. */
async function fixedPorts(): Promise<Record<string, string>> {
  const ports = new Set<number>();
  while (ports.size < 1 + SUBGRAPH_NAMES.length) ports.add(await freePort());
  const [gateway, ...subgraphs] = [...ports].map(String);
  return { PORT: gateway, ...Object.fromEntries(SUBGRAPH_NAMES.map((name, index) => [`${name.toUpperCase()}_PORT`, subgraphs[index]])) };
}

describe('npm start (the built hub in its own process)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'osm-hub-process-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts on embedded PGlite with no configuration, answers, and closes cleanly on SIGINT', async () => {
    // A first start initialises four PGlite folders (initdb in WebAssembly, 10-15 s of CPU each on a
    // small machine) and migrates them: it gets longer than the 60 s other starts get.
    const { child, gatewayUrl, output } = await startProcess({ PORT: '0', DATA_DIR: dataDir }, undefined, 150_000);
    const { data } = await postGraphQL(gatewayUrl, '{ clusters { code } provinces { code } }');
    expect(data?.clusters).toHaveLength(18);
    expect(data?.provinces).toHaveLength(77);
    expect(await stop(child, 'SIGINT')).toBe(0);
    expect(output()).toContain('SIGINT: closing servers and databases');
  }, 240_000);

  it('runs the subgraphs in worker threads (HUB_THREADS=2) on fixed ports, and an alert raised in the monitoring thread reaches a subscriber on the gateway thread', async () => {
    // Polling off: after the replay, only the monitoring thread's notice can deliver the second alert.
    // Every port fixed, as `npm start` has them: the gateway is built while the threads start, on the URLs those ports give.
    const env = { ...(await fixedPorts()), DATA_DIR: dataDir, HUB_THREADS: '2', JWT_SECRET: TEST_JWT_SECRET, SUBSCRIPTION_POLL_MS: '600000' };
    const { child, gatewayUrl, output } = await startProcess(env);
    const admin = await signToken({ role: 'admin' });
    const raise = async (titleTh: string) => {
      const { data, errors } = await postGraphQL(gatewayUrl, `mutation($t: String!) { raiseAlert(input: { clusterCode: "S1", severity: WARNING, titleTh: $t }) { sequence } }`, { token: admin, variables: { t: titleTh } });
      expect(errors).toBeUndefined();
      return data?.raiseAlert.sequence as string;
    };
    const client = createClient({ url: gatewayUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${admin}` } });
    try {
      expect(output().match(/worker thread/g)).toHaveLength(4);
      const first = await raise('น้ำท่วมฉับพลัน');
      const received: unknown[] = [];
      let second = '';
      await new Promise<void>((resolve, reject) => {
        client.subscribe(
          { query: `subscription { alertRaised(clusterCode: "S1", after: "${BigInt(first) - 1n}") { titleTh sequence cluster { code nameTh } } }` },
          {
            next: (result) => {
              received.push(result.data);
              // The replayed alert came: the subscription is live, so the next alert travels as a notice.
              if (received.length === 1) raise('ดินถล่ม').then((sequence) => (second = sequence), reject);
              else resolve();
            },
            error: reject,
            complete: () => undefined,
          },
        );
      });
      expect(received).toEqual([
        { alertRaised: { titleTh: 'น้ำท่วมฉับพลัน', sequence: first, cluster: { code: 'S1', nameTh: expect.any(String) } } },
        { alertRaised: { titleTh: 'ดินถล่ม', sequence: second || expect.any(String), cluster: { code: 'S1', nameTh: expect.any(String) } } },
      ]);
    } finally {
      await client.dispose();
      expect(await stop(child, 'SIGINT')).toBe(0);
    }
  }, 120_000);

  it("lets budget's thread ask strategy's thread (HUB_THREADS=2, every port chosen at start) about a new project's strategic issue", async () => {
    // Threads take strategy and monitoring, then budget and participation: budget finds strategy only through the main thread.
    const { child, gatewayUrl } = await startProcess({ PORT: '0', DATA_DIR: dataDir, HUB_THREADS: '2', JWT_SECRET: TEST_JWT_SECRET });
    try {
      const token = await signToken({ role: 'osm-staff', cluster: 'N1' });
      const create = (strategicIssueId: string) =>
        postGraphQL(gatewayUrl, 'mutation($i: CreateProjectInput!) { createProject(input: $i) { strategicIssue { id } } }', {
          token,
          variables: { i: { clusterCode: 'N1', fiscalYear: 2569, nameTh: 'โครงการทดสอบเธรด', amountBaht: '1.00', strategicIssueId } },
        });
      const own = await create('5a3e0001-2566-4000-8001-000000000001');
      expect(own.errors).toBeUndefined();
      const foreign = await create('5a3e0002-2566-4000-8001-000000000001');
      expect(foreign.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'strategicIssueId' });
    } finally {
      expect(await stop(child, 'SIGINT')).toBe(0);
    }
  }, 120_000);

  it('refuses to start one subgraph alone without the shared internal secret, naming the variable', () => {
    const result = spawnSync(process.execPath, ['dist/main.js', 'budget'], {
      cwd: ROOT,
      env: { ...USER_ENV, PORT: '0', DATA_DIR: dataDir, HUB_INTERNAL_SECRET: '' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('HUB_INTERNAL_SECRET is required');
  });

  it('names the variable to change when a port is taken, with no stack trace', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as net.AddressInfo).port);
    try {
      const run = (role: string, env: NodeJS.ProcessEnv) =>
        spawnSync(process.execPath, ['dist/main.js', role], {
          cwd: ROOT,
          env: { ...USER_ENV, DATA_DIR: dataDir, HUB_INTERNAL_SECRET: TEST_INTERNAL_SECRET, LOG_FORMAT: 'json', ...env },
          encoding: 'utf8',
          timeout: 90_000,
        });
      const gateway = run('gateway', { PORT: port });
      const budget = run('budget', { PORT: '0', BUDGET_PORT: port });
      // The embedded hub, whose budget subgraph starts in a worker thread: the thread's message reaches the terminal as it is.
      // Every other port fixed too: the gateway built while the threads started is released, and the process exits.
      const embedded = run('all', { ...(await fixedPorts()), BUDGET_PORT: port, HUB_THREADS: '2' });
      for (const [result, variable] of [[gateway, 'PORT'], [budget, 'BUDGET_PORT'], [embedded, 'BUDGET_PORT']] as const) {
        expect(result.status).toBe(1);
        expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use. Stop what uses it or set ${variable}.`);
        expect(result.stderr + result.stdout).not.toMatch(/^\s+at /m);
      }
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 120_000);

  it('refuses to print a token that would outlive the hub\'s maximum token lifetime', () => {
    const result = spawnSync(process.execPath, ['dist/scripts/token.js', '--role', 'admin', '--expires', '30d'], {
      cwd: ROOT,
      env: { ...USER_ENV, JWT_SECRET: '' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('JWT_MAX_LIFETIME_SECONDS');
  });

  it('prints a development token that the gateway accepts for the named cluster', async () => {
    const token = spawnSync(process.execPath, ['dist/scripts/token.js', '--role', 'osm-staff', '--cluster', 'n3'], {
      cwd: ROOT,
      env: { ...USER_ENV, JWT_SECRET: '' },
      encoding: 'utf8',
    });
    expect(token.status).toBe(0);
    expect(token.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const { child, gatewayUrl } = await startProcess({ PORT: '0', DATA_DIR: dataDir, JWT_SECRET: '' });
    try {
      const mutation = `mutation($c: String!) { createProject(input: { clusterCode: $c, fiscalYear: 2569, nameTh: "โครงการทดสอบ", amountBaht: "1" }) { id } }`;
      const own = await postGraphQL(gatewayUrl, mutation, { token: token.stdout.trim(), variables: { c: 'N3' } });
      expect(own.errors).toBeUndefined();
      const other = await postGraphQL(gatewayUrl, mutation, { token: token.stdout.trim(), variables: { c: 'N4' } });
      expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });
});

/** Stops processes with SIGTERM and waits for each to exit; returns their exit codes. */
function stopAll(children: ChildProcess[]): Promise<(number | null)[]> {
  return Promise.all(children.map((child) => stop(child)));
}

// On the engine docker-compose.yml runs it on when the machine has one (PostgreSQL), PGlite otherwise:
// each subgraph's data layer is tested on both engines by its own suites.
describe.each(GATEWAY_ENGINES)('the multi-process topology on %s (as docker-compose.yml runs it)', (engine) => {
  const children: ChildProcess[] = [];
  let storage: TestStorage;
  const gateways: string[] = [];

  beforeAll(async () => {
    storage = await createTestStorage(engine, { builtHub: true });
    const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await freePort()] as const)));
    const env: Record<string, string> = {
      DATA_DIR: storage.dataDir,
      JWT_SECRET: TEST_JWT_SECRET,
      HUB_INTERNAL_SECRET: TEST_INTERNAL_SECRET,
      // The assertions count C4's budget from zero, as startTestHub's hubs do.
      SEED_SAMPLE_DATA: 'false',
      ...storage.env,
    };
    for (const name of SUBGRAPH_NAMES) {
      env[`${name.toUpperCase()}_PORT`] = String(ports[name]);
      env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${ports[name]}/graphql`;
    }
    const subgraphs = await Promise.all(SUBGRAPH_NAMES.map((name) => startProcess(env, name)));
    children.push(...subgraphs.map((started) => started.child));
    for (let replica = 0; replica < 2; replica++) {
      const started = await startProcess({ ...env, PORT: String(await freePort()) }, 'gateway');
      children.push(started.child);
      gateways.push(started.gatewayUrl);
    }
  });

  afterAll(async () => {
    await stopAll(children);
    await storage?.remove();
  });

  it('serves the same graph from both gateway replicas, and a write through one is read through the other', async () => {
    expect(gateways).toHaveLength(2);
    const token = await signToken({ role: 'osm-staff', cluster: 'C4' });
    const created = await postGraphQL(gateways[0], `mutation { createProject(input: { clusterCode: "C4", fiscalYear: 2569, nameTh: "ศูนย์กระจายสินค้าเกษตร", amountBaht: "420000" }) { id } }`, { token });
    expect(created.errors).toBeUndefined();
    const { data, errors } = await postGraphQL(gateways[1], '{ cluster(code: "C4") { nameTh provinces { code } budget(fiscalYear: 2569) { totalBaht } alerts { id } hearings { id } } }');
    expect(errors).toBeUndefined();
    expect(data?.cluster.budget.totalBaht).toBe('420000.00');
    expect(data?.cluster.provinces.length).toBeGreaterThan(0);
  });

  it('stops every process cleanly on SIGTERM', async () => {
    expect(await stopAll(children)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
