import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { startHub, type Hub } from '../hub';
import { loadConfig, SUBGRAPH_NAMES } from '../kit/config';
import { PROJECT_ROOT } from '../kit/paths';

/**
 * `node dist/scripts/bench-subscriptions.js [--subscribers 1000] [--alerts 20] [--interval 250]`:
 * starts the four subgraphs in this process (throwaway PGlite, or the databases in `*_DATABASE_URL`)
 * and the gateway in a process of its own (`node dist/main.js gateway`), connects N graphql-ws
 * subscribers (one socket each, admins with distinct subjects: one group, so one plan execution per
 * event), raises M alerts one every `interval` ms through the gateway, and prints the delivery
 * latency (from sending `raiseAlert` to the result arriving at a subscriber) p50/p95/p99, events
 * lost and duplicated, subgraph fetches per event (counted at the subgraphs) and the gateway's RSS
 * per subscriber. With `REDIS_URL` the notices cross from monitoring to the gateway through Redis
 * (a key prefix of this run); without it the gateway polls the log every 100 ms. Loopback only.
 */

const JWT_SECRET = randomBytes(24).toString('hex');
const INTERNAL_SECRET = randomBytes(24).toString('hex');
const WATCH = 'subscription BenchWatch { alertRaised { sequence titleTh cluster { code nameTh budget(fiscalYear: 2569) { totalBaht } } } }';
const RAISE = 'mutation BenchRaise($input: RaiseAlertInput!) { raiseAlert(input: $input) { sequence } }';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function sign(claims: Record<string, string>, subject: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(subject).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(JWT_SECRET));
}

/** The resident set of a process, in bytes (Linux). */
function rss(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** Sums a counter of a service's `/metrics` over the series whose labels contain `label`. */
async function counter(graphqlUrl: string, name: string, label: string): Promise<number> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}\\{(.*)\\} (\\S+)$`).exec(line);
    if (match && match[1].includes(label)) sum += Number(match[2]);
  }
  return sum;
}

function startGateway(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'main.js'), 'gateway'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /gateway\s+(http:\/\/\S+\/graphql)/.exec(output)?.[1];
      if (url && output.includes('ready in')) resolve({ child, url });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${code}:\n${output}`)));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { subscribers: { type: 'string', default: '1000' }, alerts: { type: 'string', default: '20' }, interval: { type: 'string', default: '250' } },
  });
  const subscribers = Math.max(1, Number(values.subscribers));
  const alerts = Math.max(1, Number(values.alerts));
  const interval = Math.max(0, Number(values.interval));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'osm-hub-bench-subscriptions-'));
  const prefix = `osm-hub-bench-${randomBytes(4).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: '',
    PORT: '0',
    DATA_DIR: dataDir,
    JWT_SECRET,
    HUB_INTERNAL_SECRET: INTERNAL_SECRET,
    SEED_SAMPLE_DATA: 'false',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    REDIS_KEY_PREFIX: prefix,
    RATE_LIMIT_PER_ADDRESS: '0',
    RATE_LIMIT_PER_IDENTITY: '0',
    SUBSCRIPTION_MAX_CONNECTIONS_PER_IDENTITY: String(subscribers + 10),
    ...(process.env.REDIS_URL ? {} : { SUBSCRIPTION_POLL_MS: '100' }),
  };
  const hubs: Hub[] = [];
  let gateway: ChildProcess | undefined;
  const clients: Client[] = [];
  try {
    for (const name of SUBGRAPH_NAMES) hubs.push(await startHub(loadConfig(env, name), name));
    const urls = Object.fromEntries(hubs.flatMap((hub) => hub.subgraphs.map((subgraph) => [subgraph.name, subgraph.url])));
    // The gateway's info lines say where it listens and when it is ready.
    const started = await startGateway({ ...env, LOG_LEVEL: 'info', ...Object.fromEntries(Object.entries(urls).map(([name, url]) => [`${name.toUpperCase()}_URL`, url])) });
    gateway = started.child;
    const gatewayUrl = started.url;
    const pid = gateway.pid as number;
    const engines = [...new Set(hubs.flatMap((hub) => hub.subgraphs.map((subgraph) => (subgraph.database.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'))))].join('+');
    console.log(
      `node ${process.version} · ${subscribers} subscribers · ${alerts} alerts, one every ${interval} ms · ${engines} · gateway in its own process · notices ${process.env.REDIS_URL ? 'through Redis' : 'by polling every 100 ms (no REDIS_URL)'}`,
    );

    const staff = await sign({ role: 'osm-staff', cluster: 'C1' }, 'bench-staff');
    const post = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` }, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as { data?: { raiseAlert?: { sequence: string } }; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data ?? {};
    };
    await post('mutation { createProject(input: { clusterCode: "C1", fiscalYear: 2569, nameTh: "โครงการวัดผล", amountBaht: "1000000" }) { id } }');

    const rssBefore = rss(pid);
    const wsUrl = gatewayUrl.replace(/^http/, 'ws');
    const received: Map<string, number>[] = [];
    const duplicates = { count: 0 };
    let subscribed = 0;
    const connectStarted = performance.now();
    for (let batch = 0; batch < subscribers; batch += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, subscribers - batch) }, async (_, offset) => {
          const token = await sign({ role: 'admin' }, `bench-subscriber-${batch + offset}`);
          const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } });
          clients.push(client);
          const arrivals = new Map<string, number>();
          received.push(arrivals);
          await new Promise<void>((resolve, reject) => {
            const stopOpened = client.on('connected', () => {
              stopOpened();
              resolve();
            });
            client.subscribe<{ alertRaised: { sequence: string } }>(
              { query: WATCH },
              {
                next: (result) => {
                  const sequence = result.data?.alertRaised.sequence;
                  if (!sequence) return;
                  if (arrivals.has(sequence)) duplicates.count += 1;
                  else arrivals.set(sequence, performance.now());
                },
                error: reject,
                complete: () => undefined,
              },
            );
          });
          subscribed += 1;
        }),
      );
    }
    // Every subscription counted by the gateway before the first alert.
    const deadline = Date.now() + 60_000;
    while ((await counter(gatewayUrl, 'hub_open_subscriptions', 'gateway')) < subscribers) {
      if (Date.now() > deadline) throw new Error('not every subscription opened within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    const rssAfter = rss(pid);

    const fetches = () =>
      Promise.all(hubs.flatMap((hub) => hub.subgraphs.map((subgraph) => counter(subgraph.url, 'hub_graphql_requests_total', 'operation="BenchWatch__')))).then((counts) =>
        counts.reduce((sum, count) => sum + count, 0),
      );
    const fetchesBefore = await fetches();
    const sent = new Map<string, number>();
    for (let index = 0; index < alerts; index += 1) {
      const started = performance.now();
      const data = await post(RAISE, { input: { clusterCode: 'C1', severity: 'WARNING', titleTh: `วัดผล ${index}` } });
      sent.set(data.raiseAlert?.sequence as string, started);
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
    // Wait for stragglers (at most 10 s after the last alert).
    const settle = Date.now() + 10_000;
    while (received.some((arrivals) => arrivals.size < alerts) && Date.now() < settle) await new Promise((resolve) => setTimeout(resolve, 50));
    const fetchesAfter = await fetches();

    const latencies: number[] = [];
    let lost = 0;
    for (const arrivals of received) {
      for (const [sequence, started] of sent) {
        const arrived = arrivals.get(sequence);
        if (arrived === undefined) lost += 1;
        else latencies.push(arrived - started);
      }
    }
    latencies.sort((a, b) => a - b);
    const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a');
    console.log(`subscribed          ${subscribed} in ${connectSeconds.toFixed(1)} s`);
    console.log(`deliveries          ${latencies.length} of ${subscribers * alerts}`);
    console.log(`latency p50         ${ms(percentile(latencies, 50))}`);
    console.log(`latency p95         ${ms(percentile(latencies, 95))}`);
    console.log(`latency p99         ${ms(percentile(latencies, 99))}`);
    console.log(`latency max         ${ms(latencies[latencies.length - 1])}`);
    console.log(`events lost         ${lost}`);
    console.log(`events duplicated   ${duplicates.count}`);
    console.log(`subgraph fetches    ${((fetchesAfter - fetchesBefore) / alerts).toFixed(2)} per event (all subgraphs)`);
    console.log(`gateway RSS         ${(rssBefore / 2 ** 20).toFixed(0)} MiB → ${(rssAfter / 2 ** 20).toFixed(0)} MiB: ${((rssAfter - rssBefore) / subscribers / 1024).toFixed(1)} KiB per subscriber`);
    if (lost > 0 || duplicates.count > 0) process.exitCode = 1;
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
    if (gateway && gateway.exitCode === null) {
      const exited = new Promise((resolve) => gateway?.once('exit', resolve));
      gateway.kill('SIGTERM');
      await exited;
    }
    for (const hub of hubs.reverse()) await hub.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
