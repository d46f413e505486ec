import 'reflect-metadata';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { startHub, type Hub } from '../hub';
import { loadConfig, SUBGRAPH_NAMES } from '../kit/config';
import { IDENTITY_HEADER, signInternalIdentity } from '../kit/identity';
import { PROJECT_ROOT } from '../kit/paths';

/**
 * `node dist/scripts/bench-subscriptions.js [--subscribers 1000] [--alerts 20] [--warmup 1] [--interval 250]
 * [--client-processes 1] [--gateway-main dist/main.js] [--gateway-cpu-prof <dir>]`:
 * starts the four subgraphs in this process (throwaway PGlite, or the databases in `*_DATABASE_URL`)
 * and the gateway in a process of its own (`node <gateway-main> gateway`), connects N
 * graphql-transport-ws subscribers (one socket each, admins with distinct subjects: one group, so
 * one plan execution per event) from `client-processes` processes of their own, raises M alerts one
 * after another, `interval` ms apart, at the monitoring subgraph (with a gateway-signed identity, as
 * the gateway forwards `raiseAlert`: through the gateway, a gateway busy delivering would slow the
 * raising itself and so hide a backlog), and prints the delivery latency p50/p95/p99, events lost
 * and duplicated, subgraph fetches per event (counted at the subgraphs) and the gateway's RSS per
 * subscriber. The `warmup` alerts go first and are awaited, each reported on a line of its own and
 * left out of every other figure: the first event after a start runs cold code in every process
 * (about twice the latency of the next ones). With `REDIS_URL` the notices cross from monitoring
 * to the gateway through Redis (a key prefix of this run); without it the gateway polls the log
 * every 100 ms. Loopback only.
 *
 * Latency is from sending `raiseAlert` to monitoring (this process) to a subscriber's client process reading the
 * `next` message, taken before it JSON-parses it (wall-clock time with sub-millisecond resolution,
 * shared by the processes of one machine). The clients are plain sockets speaking the protocol (connection_init,
 * subscribe, JSON.parse of each message), not graphql-ws's client, and live outside the process
 * that runs the subgraphs, so neither their parsing nor the subgraphs' work queues behind the
 * other; on one machine they still share its cores with the gateway, so the figure includes the
 * clients' reading. `--gateway-main` runs another build of the gateway (to compare two builds under
 * the same conditions); `--gateway-cpu-prof` writes the gateway's CPU profile there when it exits.
 */

const JWT_SECRET = randomBytes(24).toString('hex');
const INTERNAL_SECRET = randomBytes(24).toString('hex');
const WATCH = 'subscription BenchWatch { alertRaised { sequence titleTh cluster { code nameTh budget(fiscalYear: 2569) { totalBaht } } } }';
const RAISE = 'mutation BenchRaise($input: RaiseAlertInput!) { raiseAlert(input: $input) { sequence } }';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between processes of one machine. */
function now(): number {
  return performance.timeOrigin + performance.now();
}

/** The environment variable that makes this script a client process (see {@link runClients}). */
const CLIENT_ROLE = 'BENCH_SUBSCRIPTIONS_CLIENTS';

/** What a client process reports once the alerts were raised. */
interface ClientReport {
  /** Per alert asked about, in the order asked: the latencies (ms) of the frames that arrived. */
  readonly latencies: Float64Array[];
  readonly lost: number;
  readonly duplicates: number;
  /** Sockets the gateway closed during the run. */
  readonly closed: number;
  /** CPU time the client process used from `mark` to the report, user and system, in ms. */
  readonly cpu: { readonly user: number; readonly system: number };
}

/** Messages from the bench to a client process. */
type ToClients =
  | { readonly kind: 'connect'; readonly url: string; readonly secret: string; readonly from: number; readonly count: number }
  | { readonly kind: 'mark' }
  | { readonly kind: 'report'; readonly sent: [string, number][]; readonly final: boolean };
/** Messages from a client process to the bench. */
type FromClients = { readonly kind: 'connected'; readonly count: number } | ({ readonly kind: 'report' } & ClientReport) | { readonly kind: 'failed'; readonly message: string };

/** A client process as the bench drives it. */
interface ClientProcess {
  readonly child: ChildProcess;
  /** Resolves with the number of subscriptions sent once every socket was acknowledged. */
  readonly connected: Promise<number>;
  /** Starts counting the process's CPU time (the alerts are about to be raised). */
  mark(): void;
  /** Waits until every subscriber has the alerts `sent` (at most 10 s); `final` before the sockets are closed. */
  report(sent: [string, number][], final: boolean): Promise<ClientReport>;
}

/** Forks this script as a client process holding `count` subscribers (subjects from `from` on). */
function startClients(url: string, from: number, count: number): Promise<ClientProcess> {
  const child = fork(__filename, [], { env: { ...process.env, [CLIENT_ROLE]: '1' }, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <K extends FromClients['kind']>(kind: K): Promise<Extract<FromClients, { kind: K }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: FromClients) => {
        if (message.kind === 'failed') reject(new Error(`a client process failed: ${message.message}`));
        else if (message.kind === kind) resolve(message as Extract<FromClients, { kind: K }>);
        else return;
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      const onExit = (code: number | null) => reject(new Error(`a client process exited with ${code}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const connected = next('connected').then((message) => message.count);
  child.send({ kind: 'connect', url, secret: JWT_SECRET, from, count } satisfies ToClients);
  return Promise.resolve({
    child,
    connected,
    mark: () => child.send({ kind: 'mark' } satisfies ToClients),
    report: async (sent, final) => {
      const reported = next('report');
      child.send({ kind: 'report', sent, final } satisfies ToClients);
      return reported;
    },
  });
}

/**
 * A client process: connects its subscribers (200 handshakes at a time), records when each `next`
 * message arrives, and on `report` waits for stragglers (at most 10 s) and sends the latencies.
 */
function runClients(): void {
  const arrivals: Map<string, number>[] = [];
  let duplicates = 0;
  let closed = false;
  let closedByGateway = 0;
  let cpuAtMark = process.cpuUsage();
  const sockets: WebSocket[] = [];
  const send = (message: FromClients) => process.send?.(message);
  const connect = async (url: string, secret: string, from: number, count: number) => {
    for (let batch = 0; batch < count; batch += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, count - batch) }, async (_, offset) => {
          const token = await new SignJWT({ role: 'admin' })
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject(`bench-subscriber-${from + batch + offset}`)
            .setIssuedAt()
            .setExpirationTime('1h')
            .sign(new TextEncoder().encode(secret));
          const socket = new WebSocket(url, 'graphql-transport-ws');
          sockets.push(socket);
          const seen = new Map<string, number>();
          arrivals.push(seen);
          await new Promise<void>((resolve, reject) => {
            socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
            socket.once('error', reject);
            socket.on('close', (code) => {
              if (!closed) closedByGateway += 1;
              reject(new Error(`closed with ${code} before connection_ack`));
            });
            socket.on('message', (data) => {
              const arrived = now();
              const message = JSON.parse(String(data)) as { type: string; payload?: { data?: { alertRaised?: { sequence: string } }; errors?: unknown } };
              if (message.type === 'connection_ack') {
                socket.send(JSON.stringify({ id: 'watch', type: 'subscribe', payload: { query: WATCH } }));
                resolve();
              } else if (message.type === 'next') {
                const sequence = message.payload?.data?.alertRaised?.sequence;
                if (!sequence) return;
                if (seen.has(sequence)) duplicates += 1;
                else seen.set(sequence, arrived);
              } else if (message.type === 'error') {
                console.error(`a subscription failed: ${JSON.stringify(message.payload)}`);
              } else if (message.type === 'ping') {
                socket.send('{"type":"pong"}');
              }
            });
          });
        }),
      );
    }
  };
  const report = async (sent: [string, number][], final: boolean) => {
    const settle = Date.now() + 10_000;
    const missing = () => arrivals.some((seen) => sent.some(([sequence]) => !seen.has(sequence)));
    while (missing() && Date.now() < settle) await new Promise((resolve) => setTimeout(resolve, 50));
    let lost = 0;
    const latencies = sent.map(([sequence, started]) => {
      const alert = new Float64Array(arrivals.length);
      let delivered = 0;
      for (const seen of arrivals) {
        const arrived = seen.get(sequence);
        if (arrived === undefined) lost += 1;
        else alert[delivered++] = arrived - started;
      }
      return alert.slice(0, delivered);
    });
    if (final) closed = true;
    const cpu = process.cpuUsage(cpuAtMark);
    send({ kind: 'report', latencies, lost, duplicates, closed: closedByGateway, cpu: { user: cpu.user / 1000, system: cpu.system / 1000 } });
  };
  process.on('message', (message: ToClients) => {
    if (message.kind === 'mark') {
      cpuAtMark = process.cpuUsage();
      return;
    }
    const done = message.kind === 'connect' ? connect(message.url, message.secret, message.from, message.count).then(() => send({ kind: 'connected', count: message.count })) : report(message.sent, message.final);
    done.catch((error: unknown) => send({ kind: 'failed', message: (error as Error).message }));
  });
  process.on('disconnect', () => {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  });
}

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

/** The CPU time a process has used, user and system, in milliseconds (Linux; clock ticks of 10 ms). */
function cpuMs(pid: number): { user: number; system: number } {
  // The fields after the command's closing parenthesis; utime and stime are the 14th and 15th of the line.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
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

/**
 * Where each event's time went in the gateway, from its `subscriptions: event delivered` debug lines
 * (gateway/subscriptions/fanout.ts): from sending `raiseAlert` to the tailer accepting the event,
 * then to the result being ready, to the fan-out beginning (after the previous event's) and to the
 * last frame being handed to its socket.
 */
function gatewayStages(output: string, sent: Map<string, number>): { accepted: number[]; executed: number[]; started: number[]; delivered: number[] } {
  const stages = { accepted: [] as number[], executed: [] as number[], started: [] as number[], delivered: [] as number[] };
  for (const line of output.split('\n')) {
    if (!line.includes('subscriptions: event delivered')) continue;
    const entry = JSON.parse(line) as { sequence: string; acceptedAt: number; executeMs: number; startMs: number; deliveredMs: number };
    const started = sent.get(entry.sequence);
    if (started === undefined) continue;
    stages.accepted.push(entry.acceptedAt - started);
    stages.executed.push(entry.executeMs);
    stages.started.push(entry.startMs);
    stages.delivered.push(entry.deliveredMs);
  }
  return stages;
}

function startGateway(env: NodeJS.ProcessEnv, main: string, profileDir: string | undefined): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const args = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), main, 'gateway'];
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /gateway\s+(http:\/\/\S+\/graphql)/.exec(output)?.[1];
      if (url && output.includes('ready in')) resolve({ child, url, output: () => output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${code}:\n${output}`)));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      subscribers: { type: 'string', default: '1000' },
      alerts: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '1' },
      interval: { type: 'string', default: '250' },
      'client-processes': { type: 'string', default: '1' },
      'gateway-main': { type: 'string', default: path.join(PROJECT_ROOT, 'dist', 'main.js') },
      'gateway-cpu-prof': { type: 'string' },
    },
  });
  const subscribers = Math.max(1, Number(values.subscribers));
  const alerts = Math.max(1, Number(values.alerts));
  const warmups = Math.max(0, Number(values.warmup));
  const interval = Math.max(0, Number(values.interval));
  const clientProcesses = Math.max(1, Number(values['client-processes']));
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
  const workers: ClientProcess[] = [];
  try {
    for (const name of SUBGRAPH_NAMES) hubs.push(await startHub(loadConfig(env, name), name));
    const urls = Object.fromEntries(hubs.flatMap((hub) => hub.subgraphs.map((subgraph) => [subgraph.name, subgraph.url])));
    // The gateway's info lines say where it listens and when it is ready; its debug lines, where each event's time went.
    const started = await startGateway({ ...env, LOG_LEVEL: 'debug', ...Object.fromEntries(Object.entries(urls).map(([name, url]) => [`${name.toUpperCase()}_URL`, url])) },
      path.resolve(values['gateway-main']),
      values['gateway-cpu-prof'],
    );
    gateway = started.child;
    const gatewayUrl = started.url;
    const pid = gateway.pid as number;
    const engines = [...new Set(hubs.flatMap((hub) => hub.subgraphs.map((subgraph) => (subgraph.database.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'))))].join('+');
    console.log(
      `node ${process.version} · ${subscribers} subscribers · ${warmups} warm-up + ${alerts} alerts, one every ${interval} ms · ${engines} · gateway in its own process · clients in ${clientProcesses} process${clientProcesses === 1 ? '' : 'es'} of their own · notices ${process.env.REDIS_URL ? 'through Redis' : 'by polling every 100 ms (no REDIS_URL)'}`,
    );

    const staff = await sign({ role: 'osm-staff', cluster: 'C1' }, 'bench-staff');
    const post = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` }, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as { data?: { raiseAlert?: { sequence: string } }; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data ?? {};
    };
    await post('mutation { createProject(input: { clusterCode: "C1", fiscalYear: 2569, nameTh: "โครงการวัดผล", amountBaht: "1000000" }) { id } }');
    // Alerts are raised at the monitoring subgraph, as the gateway would forward them, so that a busy
    // gateway does not slow the rate at which they come (raising through the gateway would).
    const raiser = await signInternalIdentity({ role: 'osm-staff', subject: 'bench-staff', clusterCode: 'C1' }, new TextEncoder().encode(INTERNAL_SECRET));
    const raise = async (titleTh: string): Promise<string> => {
      const response = await fetch(urls.monitoring, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: raiser },
        body: JSON.stringify({ query: RAISE, variables: { input: { clusterCode: 'C1', severity: 'WARNING', titleTh } } }),
      });
      const body = (await response.json()) as { data?: { raiseAlert?: { sequence: string } }; errors?: unknown[] };
      if (body.errors || !body.data?.raiseAlert) throw new Error(JSON.stringify(body.errors));
      return body.data.raiseAlert.sequence;
    };

    const rssBefore = rss(pid);
    const wsUrl = gatewayUrl.replace(/^http/, 'ws');
    const connectStarted = performance.now();
    const perProcess = Math.ceil(subscribers / clientProcesses);
    for (let index = 0; index < clientProcesses; index += 1) {
      const count = Math.min(perProcess, subscribers - index * perProcess);
      if (count > 0) workers.push(await startClients(wsUrl, index * perProcess, count));
    }
    const subscribed = (await Promise.all(workers.map((worker) => worker.connected))).reduce((sum, count) => sum + count, 0);
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
    /** Raises `count` alerts `interval` ms apart: each one's sequence and when its raise was sent. */
    const raiseSpaced = async (count: number, titleTh: string): Promise<[string, number][]> => {
      const raised: [string, number][] = [];
      for (let index = 0; index < count; index += 1) {
        const started = now();
        raised.push([await raise(`${titleTh} ${index}`), started]);
        await new Promise((resolve) => setTimeout(resolve, interval));
      }
      return raised;
    };
    // The first events after a start run cold code (the gateway's plan execution and fan-out, the
    // subgraphs' entity resolvers, the clients' parsing): raised and awaited first, reported apart.
    const warm = await raiseSpaced(warmups, 'อุ่นเครื่อง');
    const warmReports = warmups > 0 ? await Promise.all(workers.map((worker) => worker.report(warm, false))) : [];
    const fetchesBefore = await fetches();
    const cpuBefore = cpuMs(pid);
    const benchCpuBefore = process.cpuUsage();
    for (const worker of workers) worker.mark();
    const raiseStarted = performance.now();
    const sent = await raiseSpaced(alerts, 'วัดผล');
    const raiseSeconds = (performance.now() - raiseStarted) / 1000;
    // The client processes wait for stragglers (at most 10 s after the last alert) before they report.
    const reports = await Promise.all(workers.map((worker) => worker.report(sent, true)));
    const cpuAfter = cpuMs(pid);
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const fetchesAfter = await fetches();
    const output = started.output();
    const stages = gatewayStages(output, new Map(sent));

    const sorted = (alertReports: ClientReport[], alert: number) => alertReports.flatMap((report) => [...report.latencies[alert]]).sort((a, b) => a - b);
    const byAlert = sent.map((_, alert) => sorted(reports, alert));
    const latencies = byAlert.flat();
    const lost = [...reports, ...warmReports].reduce((sum, report) => sum + report.lost, 0);
    const duplicates = reports.reduce((sum, report) => sum + report.duplicates, 0);
    const closedEarly = reports.reduce((sum, report) => sum + report.closed, 0);
    latencies.sort((a, b) => a - b);
    const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a');
    console.log(`subscribed          ${subscribed} in ${connectSeconds.toFixed(1)} s`);
    console.log(`raised              ${alerts} alerts in ${raiseSeconds.toFixed(1)} s at the monitoring subgraph`);
    console.log(`deliveries          ${latencies.length} of ${subscribers * alerts}`);
    console.log(`latency p50         ${ms(percentile(latencies, 50))}`);
    console.log(`latency p95         ${ms(percentile(latencies, 95))}`);
    console.log(`latency p99         ${ms(percentile(latencies, 99))}`);
    console.log(`latency max         ${ms(latencies[latencies.length - 1])}`);
    const alertP99 = byAlert.map((alert) => percentile(alert, 99)).sort((a, b) => a - b);
    console.log(`per alert p99       ${ms(alertP99[0])} to ${ms(alertP99[alertP99.length - 1])} (median ${ms(percentile(alertP99, 50))})`);
    warm.forEach(([sequence, started], alert) => {
      const cold = sorted(warmReports, alert);
      const stage = gatewayStages(output, new Map([[sequence, started]]));
      console.log(`warm-up alert ${alert + 1}     p50 ${ms(percentile(cold, 50))}, p99 ${ms(percentile(cold, 99))}, max ${ms(cold[cold.length - 1])} (${cold.length} frames; not in the figures above)`);
      if (stage.accepted.length > 0) {
        console.log(`                    in the gateway: accepted ${ms(stage.accepted[0])} after the raise; result ready ${ms(stage.executed[0])}, last frame written ${ms(stage.delivered[0])} after that`);
      }
    });
    console.log(`events lost         ${lost} (not arrived 10 s after the last alert was raised)`);
    console.log(`events duplicated   ${duplicates}`);
    console.log(`sockets closed      ${closedEarly} by the gateway during the run`);
    const spread = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return sorted.length === 0 ? 'n/a (this gateway build does not log it)' : `p50 ${ms(percentile(sorted, 50))}, max ${ms(sorted[sorted.length - 1])}`;
    };
    console.log(`in the gateway      raise sent → event accepted ${spread(stages.accepted)}`);
    console.log(`                    accepted → result ready (plan, fetches) ${spread(stages.executed)}`);
    console.log(`                    accepted → fan-out began ${spread(stages.started)}`);
    console.log(`                    accepted → last frame written ${spread(stages.delivered)}`);
    const frames = Math.max(1, latencies.length);
    console.log(
      `gateway CPU         ${((cpuAfter.user - cpuBefore.user) / 1000).toFixed(2)} s user + ${((cpuAfter.system - cpuBefore.system) / 1000).toFixed(2)} s system while the alerts were delivered: ${(((cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system) * 1000) / frames).toFixed(1)} µs per frame delivered`,
    );
    const clientCpu = reports.reduce((sum, report) => sum + report.cpu.user + report.cpu.system, 0);
    console.log(
      `other CPU           clients ${(clientCpu / 1000).toFixed(2)} s (${((clientCpu * 1000) / frames).toFixed(1)} µs per frame); this process (subgraphs, raising) ${((benchCpu.user + benchCpu.system) / 1e6).toFixed(2)} s`,
    );
    console.log(`subgraph fetches    ${((fetchesAfter - fetchesBefore) / alerts).toFixed(2)} per event (all subgraphs)`);
    console.log(`gateway RSS         ${(rssBefore / 2 ** 20).toFixed(0)} MiB → ${(rssAfter / 2 ** 20).toFixed(0)} MiB: ${((rssAfter - rssBefore) / subscribers / 1024).toFixed(1)} KiB per subscriber`);
    if (lost > 0 || duplicates > 0) process.exitCode = 1;
  } finally {
    for (const worker of workers) worker.child.kill();
    if (gateway && gateway.exitCode === null) {
      const exited = new Promise((resolve) => gateway?.once('exit', resolve));
      gateway.kill('SIGTERM');
      await exited;
    }
    for (const hub of hubs.reverse()) await hub.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.env[CLIENT_ROLE]) {
  runClients();
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
