import os from 'node:os';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { generateDataset } from './bench/dataset';
import { BASELINE_GATEWAY, GATEWAY_DESCRIPTIONS, GATEWAY_NAMES, startGateways, type GatewayName, type RunningGateway } from './bench/gateways';
import { cpuMs, createClientAgent, runSlot, send, turnOrder, type SlotLength } from './bench/measure';
import { benchOperations, FIRST_PAGE_BODY, OPERATION_NAMES, type Operation } from './bench/operations';
import { cleanUp, stopService } from './bench/processes';
import { emptyTally, formatSeconds, percentile, resultsTable, summarize, type Tally } from './bench/report';
import { measureStartup, type StartupTime } from './bench/startup';
import { createSecrets, DEFAULT_BENCH_DATABASE_URL, startSubgraphs, statementCount, type Engine, type Topology } from './bench/topology';

const USAGE = `npm run bench -- [options]   (see BENCHMARKS.md)
  --scale <n>          dataset size: per cluster 3n plans (4 indicators each), 10n projects, 10n alerts, 5n hearings (default 1)
  --rounds <n>         measured rounds; each runs every operation on every gateway once, gateways in turn (default 3)
  --duration <s>       seconds per operation, gateway and round (default 5)
  --requests <n>       requests per operation, gateway and round, instead of --duration
  --warmup <n>         warm-up requests per operation and gateway before the rounds (default 50)
  --concurrency <n>    requests in flight at once (default 16)
  --only <names>       gateways to run, comma-separated: ${GATEWAY_NAMES.join(', ')} (default all; ratios need apollo)
  --operations <names> operations to run, comma-separated: ${OPERATION_NAMES.join(', ')} (default all)
  --engine <engine>    pglite (default) or postgresql (BENCH_DATABASE_URL, default ${DEFAULT_BENCH_DATABASE_URL};
                       the bench creates one database per subgraph and drops it at the end)
  --restarts <n>       restarts of npm start measured after its first start (default 3; the median is printed too)
  --no-startup         skip the npm start start-up measurement
  --startup-only       measure only the start-up of npm start (no gateways, no dataset)`;

interface Options {
  readonly scale: number;
  readonly rounds: number;
  readonly length: SlotLength;
  readonly warmup: number;
  readonly concurrency: number;
  readonly gateways: readonly GatewayName[];
  readonly operations: readonly string[];
  readonly engine: Engine;
  readonly startup: boolean;
  readonly startupOnly: boolean;
  readonly restarts: number;
}

/**
 * Reads the command line.
 *
 * @throws Error naming every invalid option at once.
 */
function readOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string', default: '1' },
      rounds: { type: 'string', default: '3' },
      duration: { type: 'string' },
      requests: { type: 'string' },
      warmup: { type: 'string', default: '50' },
      concurrency: { type: 'string', default: '16' },
      only: { type: 'string' },
      operations: { type: 'string' },
      engine: { type: 'string', default: 'pglite' },
      'no-startup': { type: 'boolean', default: false },
      'startup-only': { type: 'boolean', default: false },
      restarts: { type: 'string', default: '3' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  const problems: string[] = [];
  const count = (name: string, raw: string | undefined, min: number): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) problems.push(`--${name} takes a whole number of at least ${min}; got "${raw}".`);
    return value;
  };
  const list = <Name extends string>(name: string, raw: string | undefined, known: readonly Name[]): Name[] => {
    if (raw === undefined) return [...known];
    const names = raw.split(',').map((part) => part.trim()).filter(Boolean);
    const unknown = names.filter((part) => !(known as readonly string[]).includes(part));
    if (unknown.length > 0 || names.length === 0) problems.push(`--${name} takes some of ${known.join(', ')}; got "${raw}".`);
    return known.filter((candidate) => names.includes(candidate));
  };
  if (values.duration !== undefined && values.requests !== undefined) problems.push('Give --duration or --requests, not both.');
  let length: SlotLength;
  if (values.requests !== undefined) length = { requests: count('requests', values.requests, 1) };
  else {
    const seconds = Number(values.duration ?? '5');
    if (!(seconds > 0)) problems.push(`--duration takes a number of seconds above 0; got "${values.duration}".`);
    length = { durationMs: seconds * 1000 };
  }
  if (values.engine !== 'pglite' && values.engine !== 'postgresql') problems.push(`--engine takes pglite or postgresql; got "${values.engine}".`);
  const options: Options = {
    scale: count('scale', values.scale, 1),
    rounds: count('rounds', values.rounds, 1),
    length,
    warmup: count('warmup', values.warmup, 0),
    concurrency: count('concurrency', values.concurrency, 1),
    gateways: list('only', values.only, GATEWAY_NAMES),
    operations: list('operations', values.operations, OPERATION_NAMES),
    engine: values.engine as Engine,
    startup: !values['no-startup'],
    startupOnly: values['startup-only'] === true,
    restarts: count('restarts', values.restarts, 1),
  };
  if (options.startupOnly && !options.startup) problems.push('Give --startup-only or --no-startup, not both.');
  if (problems.length > 0) throw new Error(`${problems.join('\n')}\n\n${USAGE}`);
  return options;
}

/** A caller token as an identity provider would issue it, signed with the run's JWT secret. */
function staffToken(jwtSecret: string): Promise<string> {
  return new SignJWT({ role: 'osm-staff', cluster: 'N1' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench-osm-staff')
    .setIssuedAt()
    .setExpirationTime('12h')
    .sign(new TextEncoder().encode(jwtSecret));
}

/** Keys whose values name records (generated UUIDs, cursors), which differ between two copies of the dataset. */
const RECORD_KEYS = new Set(['id', 'cursor', 'endCursor', 'startCursor', 'from', 'to']);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** When a record was written (`raisedAt`, `createdAt`…): the moment the bench wrote that copy. */
const WRITTEN_AT = /At$/;

/** An answer as text to compare; with `masked`, record ids, cursors and write times are left out (another copy of the dataset). */
function comparable(data: unknown, masked: boolean): string {
  const mask = (key: string, value: unknown) => (RECORD_KEYS.has(key) || WRITTEN_AT.test(key) || (typeof value === 'string' && UUID.test(value)) ? '<id>' : value);
  return JSON.stringify(data, masked ? mask : undefined);
}

/**
 * Sends each read operation once to every gateway and compares the answers: a gateway that
 * answers differently is named (the figures of a wrong answer mean nothing). A gateway with its own
 * copy of the dataset (`embedded`) is compared without record ids, cursors and write times.
 */
async function compareAnswers(operationsOf: ReadonlyMap<GatewayName, readonly Operation[]>, gateways: readonly RunningGateway[], authorization: string, agent: ReturnType<typeof createClientAgent>): Promise<string[]> {
  const problems: string[] = [];
  const reference = gateways.find((gateway) => !gateway.ownSubgraphUrls) ?? gateways[0];
  const operations = operationsOf.get(reference.name) ?? [];
  for (const [index, operation] of operations.entries()) {
    if (operation.writes) continue;
    const answers = await Promise.all(
      gateways.map((gateway) => send(agent, gateway.url, (operationsOf.get(gateway.name) ?? operations)[index].bodies[0], operation.caller === 'osm-staff' ? authorization : undefined)),
    );
    answers.forEach((answer, at) => {
      if (!answer.ok) problems.push(`${operation.name} on ${gateways[at].name}: ${answer.error}`);
    });
    const expected = answers[gateways.indexOf(reference)];
    if (!expected.ok) continue;
    answers.forEach((answer, at) => {
      const masked = gateways[at].ownSubgraphUrls !== undefined;
      if (answer.ok && comparable(answer.data, masked) !== comparable(expected.data, masked)) problems.push(`${operation.name}: ${gateways[at].name} answers differently from ${reference.name}`);
    });
  }
  return problems;
}

/** The operations as `gateway`'s data needs them: the paged list on its second page, by the cursor that gateway gives. */
async function operationsFor(agent: ReturnType<typeof createClientAgent>, gateway: RunningGateway, names: readonly string[]): Promise<Operation[]> {
  const firstPage = await send(agent, gateway.url, FIRST_PAGE_BODY);
  if (!firstPage.ok) throw new Error(`the first page of plans failed on ${gateway.name}: ${firstPage.error}`);
  const cursor = (firstPage.data as { plans: { pageInfo: { endCursor: string | null } } }).plans.pageInfo.endCursor;
  return benchOperations(cursor).filter((operation) => names.includes(operation.name));
}

/** Node, CPUs, memory and load: what a reader needs to judge the figures. */
function machineLine(): string {
  const cpus = os.cpus();
  return `node ${process.version} · ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'} · ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB · load average ${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`;
}

/**
 * Reads the paged list's cursor, compares answers, warms up, runs the interleaved rounds and prints
 * the table. Each slot's CPU and SQL figures are read just before and after it.
 */
async function measure(options: Options, topology: Topology, gateways: readonly RunningGateway[], authorization: string): Promise<void> {
  const agent = createClientAgent(options.concurrency);
  try {
    // Gateways on the shared subgraphs read one cursor; one with its own copy of the dataset, its own.
    const shared = gateways.find((gateway) => !gateway.ownSubgraphUrls);
    const sharedOperations = shared ? await operationsFor(agent, shared, options.operations) : [];
    const operationsOf = new Map<GatewayName, Operation[]>();
    for (const gateway of gateways) operationsOf.set(gateway.name, gateway.ownSubgraphUrls ? await operationsFor(agent, gateway, options.operations) : sharedOperations);
    const operations = operationsOf.get(gateways[0].name) ?? [];
    const mismatches = await compareAnswers(operationsOf, gateways, authorization, agent);
    for (const problem of mismatches) console.log(`  ! ${problem}`);
    if (mismatches.length === 0) console.log(`answers compared: every read operation answers the same on ${gateways.map((gateway) => gateway.name).join(', ')}`);

    const auth = (operation: Operation) => (operation.caller === 'osm-staff' ? authorization : undefined);
    const bodiesOf = (gateway: RunningGateway, operation: Operation) => (operationsOf.get(gateway.name) ?? operations)[operations.indexOf(operation)].bodies;
    if (options.warmup > 0) {
      const started = Date.now();
      for (const operation of operations) {
        for (const gateway of gateways) {
          await runSlot(agent, gateway.url, bodiesOf(gateway, operation), { concurrency: options.concurrency, length: { requests: options.warmup }, authorization: auth(operation) });
        }
      }
      console.log(`warm-up: ${options.warmup} requests per operation and gateway, ${formatSeconds(Date.now() - started)}`);
    }

    const tallies = new Map<string, Tally>();
    const tallyOf = (operation: string, gateway: GatewayName) => {
      const key = `${operation}\u0000${gateway}`;
      let tally = tallies.get(key);
      if (!tally) tallies.set(key, (tally = emptyTally()));
      return tally;
    };
    const subgraphCpu = () => topology.subgraphs.reduce((sum, subgraph) => sum + cpuMs(subgraph.service.pid), 0);
    for (let round = 0; round < options.rounds; round++) {
      const started = Date.now();
      for (const [index, operation] of operations.entries()) {
        for (const gateway of turnOrder(gateways, round, index)) {
          const tally = tallyOf(operation.name, gateway.name);
          const statementsBefore = await statementCount(topology, gateway.ownSubgraphUrls);
          const gatewayBefore = cpuMs(gateway.service.pid);
          const subgraphsBefore = subgraphCpu();
          const slot = await runSlot(agent, gateway.url, bodiesOf(gateway, operation), {
            concurrency: options.concurrency,
            length: options.length,
            authorization: auth(operation),
            offset: tally.ok + tally.failed,
          });
          tally.gatewayCpuMs += cpuMs(gateway.service.pid) - gatewayBefore;
          // Its subgraphs are threads of the gateway's process: their CPU is in the gateway's figure.
          tally.subgraphCpuMs += gateway.ownSubgraphUrls ? Number.NaN : subgraphCpu() - subgraphsBefore;
          tally.statements += (await statementCount(topology, gateway.ownSubgraphUrls)) - statementsBefore;
          tally.ok += slot.ok;
          tally.failed += slot.failed;
          tally.elapsedMs += slot.elapsedMs;
          tally.latenciesMs.push(...slot.latenciesMs);
          tally.firstError ??= slot.firstError;
        }
      }
      console.log(`round ${round + 1}/${options.rounds}: ${formatSeconds(Date.now() - started)}`);
    }

    const rows = operations.flatMap((operation) => gateways.map((gateway) => summarize(operation.name, gateway.name, tallyOf(operation.name, gateway.name))));
    console.log(`\n${resultsTable(rows, BASELINE_GATEWAY)}\n`);
    console.log('× columns: ratio to bare @apollo/gateway (req/s: ours ÷ apollo; p95 and gateway CPU: apollo ÷ ours; above 1× is better).');
    console.log('CPU ms/req: CPU time (user + system, /proc) of the gateway process, and of the four subgraph processes together, over the slots ÷ requests.');
    console.log('SQL/req: statements the four subgraphs sent (hub_database_statements_total) over the slots ÷ requests.');
    if (gateways.some((gateway) => gateway.ownSubgraphUrls)) console.log('embedded: one process, its subgraphs in worker threads: gw CPU is the whole process, subgraphs included; SQL/req is its own subgraphs\'.');
    console.log('');
    for (const operation of operations) console.log(`  ${operation.name.padEnd(16)} ${operation.description}`);
    for (const [key, tally] of tallies) {
      if (tally.firstError) console.log(`  ! ${key.replace('\u0000', ' on ')}: ${tally.failed} failed; first: ${tally.firstError}`);
    }
    const guarded = gateways.filter((gateway) => gateway.name !== 'ours' && gateway.name !== 'embedded');
    const leaked = guarded.filter((gateway) => gateway.service.output().includes('outside loopback'));
    for (const gateway of leaked) console.log(`  ! ${gateway.name} tried to connect outside loopback (refused): see its output below`);
    if (guarded.length > 0 && leaked.length === 0) console.log(`  loopback guard: no connection outside loopback from ${guarded.map((gateway) => gateway.name).join(', ')}`);
    // A gateway that failed requests, or tried to leave loopback, may have said why on its output.
    const failing = gateways.filter((gateway) => leaked.includes(gateway) || operations.some((operation) => tallyOf(operation.name, gateway.name).failed > 0));
    for (const gateway of failing) console.log(`\n--- last output of ${gateway.name} ---\n${gateway.service.output().slice(-3000)}`);
  } finally {
    await agent.close();
  }
}

/** Measures and prints the start-up times of `npm start`: the first start, each restart and their median. */
async function printStartup(secrets: ReturnType<typeof createSecrets>, restarts: number): Promise<void> {
  console.log('\nstart-up of npm start (embedded default, PGlite), to the first answer of { clusters { code } }:');
  const times = await measureStartup(secrets, restarts);
  const rebuilt = (time: StartupTime) => (time.rebuilt ? ' (npm start rebuilt dist/ first: sources had changed)' : '');
  console.log(`  first start on an empty data folder: ${formatSeconds(times.firstStart.ms)}${rebuilt(times.firstStart)}`);
  times.restarts.forEach((time, index) => console.log(`  restart ${index + 1} on the same folder:        ${formatSeconds(time.ms)}${rebuilt(time)}`));
  const measured = times.restarts.flatMap((time) => (typeof time.ms === 'number' ? [time.ms] : [])).sort((a, b) => a - b);
  if (measured.length > 0) console.log(`  restart, median of ${measured.length}:             ${formatSeconds(percentile(measured, 50))}`);
}

/**
 * `npm run bench [-- options]`: the hub's gateway against bare @apollo/gateway and Hive Gateway,
 * each in its own process in front of the same four subgraph processes, on a generated dataset;
 * then `npm start`'s start-up times. Method and figures: BENCHMARKS.md. Everything listens on
 * loopback; every process and temporary folder is removed at the end, on an error and on Ctrl-C.
 */
async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  if (!options) {
    console.log(USAGE);
    return;
  }
  const databaseUrl = process.env.BENCH_DATABASE_URL || DEFAULT_BENCH_DATABASE_URL;
  const secrets = createSecrets();
  if (options.startupOnly) {
    console.log(machineLine());
    try {
      await printStartup(secrets, options.restarts);
    } finally {
      await cleanUp();
    }
    return;
  }
  const lengthText = 'requests' in options.length ? `${options.length.requests} requests` : `${options.length.durationMs / 1000} s`;
  console.log(machineLine());
  console.log(
    `engine ${options.engine}${options.engine === 'postgresql' ? ` (${new URL(databaseUrl).host})` : ''} · scale ${options.scale} · ${options.rounds} round(s) × ${lengthText} per operation and gateway · concurrency ${options.concurrency}`,
  );
  for (const name of options.gateways) console.log(`  ${name.padEnd(8)} ${GATEWAY_DESCRIPTIONS[name]}`);
  try {
    const topology = await startSubgraphs(secrets, options.engine, databaseUrl);
    console.log(`subgraphs: four processes ready in ${formatSeconds(topology.startMs)}`);
    const dataset = await generateDataset(topology.urls, secrets.internalSecret, options.scale);
    console.log(
      `dataset: ${dataset.clusters} clusters, ${dataset.plans} plans (${dataset.publishedPlans} published), ${dataset.indicators} indicators, ${dataset.projects} projects, ${dataset.alerts} alerts, ${dataset.hearings} hearings in ${formatSeconds(dataset.ms)}`,
    );
    const gateways = await startGateways(options.gateways, secrets, topology, { engine: options.engine, databaseServerUrl: databaseUrl, scale: options.scale });
    for (const gateway of gateways) {
      const transport = /HTTP transport: (.*)/.exec(gateway.service.output())?.[1];
      if (transport) console.log(`${gateway.name} HTTP transport: ${transport}`);
    }
    const authorization = `Bearer ${await staffToken(secrets.jwtSecret)}`;
    await measure(options, topology, gateways, authorization);
    await Promise.all([...gateways.map((gateway) => gateway.service), ...topology.subgraphs.map((subgraph) => subgraph.service)].map((service) => stopService(service)));
    if (options.startup) await printStartup(secrets, options.restarts);
  } finally {
    await cleanUp();
  }
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await cleanUp();
  process.exit(1);
});
