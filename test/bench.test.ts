import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { verifyInternalIdentity } from '../kit/identity';
import { seededRandom } from '../scripts/bench/dataset/client';
import { createIdentityForwarder, isLoopback, supergraphWithUrls } from '../scripts/bench/gateway-support';
import { turnOrder } from '../scripts/bench/measure';
import { benchOperations, readmeExamples } from '../scripts/bench/operations';
import { emptyTally, markdownTable, percentile, ratio, resultsTable, summarize } from '../scripts/bench/report';

/**
 * The pure pieces of `npm run bench` (scripts/bench/): its arithmetic, its tables, the supergraph
 * it points at the bench's subgraphs, the identity its comparison gateways forward, and its
 * operations. The bench itself spawns processes for minutes and is run by hand (BENCHMARKS.md).
 */

describe('bench arithmetic', () => {
  it('takes percentiles by the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([], 50)).toBeNaN();
  });

  it('turns a tally into requests per second and figures per request', () => {
    const tally = { ...emptyTally(), ok: 9, failed: 1, elapsedMs: 2000, latenciesMs: [5, 1, 4, 2, 3, 10, 9, 8, 7, 6], gatewayCpuMs: 20, subgraphCpuMs: 50, statements: 30 };
    const row = summarize('fan-out', 'ours', tally);
    expect(row).toMatchObject({ requests: 10, failed: 1, requestsPerSecond: 4.5, p50: 5, p95: 10, gatewayCpuMsPerRequest: 2, subgraphCpuMsPerRequest: 5, statementsPerRequest: 3 });
    expect(summarize('fan-out', 'ours', emptyTally()).requestsPerSecond).toBeNaN();
  });

  it('states ratios so that above 1× is better than the baseline', () => {
    expect(ratio(300, 100)).toBe('3.00×');
    expect(ratio(10, 40, false)).toBe('4.00×');
    expect(ratio(Number.NaN, 100)).toBe('–');
    expect(ratio(100, 0)).toBe('–');
  });
});

describe('bench turns', () => {
  const gateways = ['apollo', 'ours', 'hive', 'embedded'];
  // Three rounds of the eight operations, as the default run has them.
  const slots = [0, 1, 2].flatMap((round) => Array.from({ length: 8 }, (_, operation) => turnOrder(gateways, round, operation)));

  it('runs every gateway once per operation and round, each of them first in some slot', () => {
    for (const order of slots) expect([...order].sort()).toEqual([...gateways].sort());
    expect(new Set(slots.map((order) => order[0]))).toEqual(new Set(gateways));
  });

  it('does not measure a gateway always right after the same one', () => {
    const before = new Map(gateways.map((gateway) => [gateway, new Set<string>()]));
    for (const order of slots) order.slice(1).forEach((gateway, index) => before.get(gateway)?.add(order[index]));
    // Rotating one order alone would give each exactly one predecessor (embedded always after hive).
    for (const gateway of gateways) expect(before.get(gateway)?.size).toBe(2);
  });
});

describe('bench report', () => {
  it('pads a Markdown table so it reads as text too', () => {
    expect(markdownTable(['a', 'long'], [['wide cell', 'x']])).toBe('| a         | long |\n| --------- | ---- |\n| wide cell | x    |');
  });

  it('puts each gateway against the baseline of the same operation', () => {
    const rows = [
      summarize('dashboard', 'apollo', { ...emptyTally(), ok: 100, elapsedMs: 1000, latenciesMs: [20], gatewayCpuMs: 400 }),
      summarize('dashboard', 'ours', { ...emptyTally(), ok: 500, elapsedMs: 1000, latenciesMs: [5], gatewayCpuMs: 500 }),
    ];
    const lines = resultsTable(rows, 'apollo').split('\n');
    expect(lines).toHaveLength(4);
    const ours = lines[3].split('|').map((cell) => cell.trim());
    expect(ours.slice(1, 5)).toEqual(['dashboard', 'ours', '500', '5.00×']);
    // p95 20 ms → 5 ms is 4× better; 4 → 1 ms of gateway CPU per request is 4× better.
    expect(ours[8]).toBe('4.00×');
    expect(ours[10]).toBe('4.00×');
  });
});

describe('bench comparison gateways', () => {
  const supergraph = readFileSync(path.join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8');

  it('point the supergraph at the bench subgraphs', () => {
    const sdl = supergraphWithUrls(supergraph, { strategy: 'http://127.0.0.1:5001/graphql', budget: 'http://127.0.0.1:5002/graphql' });
    expect(sdl).toContain('@join__graph(name: "strategy", url: "http://127.0.0.1:5001/graphql")');
    expect(sdl).toContain('@join__graph(name: "budget", url: "http://127.0.0.1:5002/graphql")');
    expect(sdl.length - supergraph.length).toBe(2 * ('127.0.0.1:5001'.length - 'localhost:4001'.length));
    expect(() => supergraphWithUrls(supergraph, { ['nope' as 'strategy']: 'http://127.0.0.1:1/graphql' })).toThrow('no subgraph "nope"');
  });

  it('forward the identity of a valid token as the subgraphs verify it, and nothing for the public', async () => {
    const jwtSecret = 'bench-test-jwt-secret-0123456789abcdef';
    const internalSecret = 'bench-test-internal-secret-0123456789';
    const forward = createIdentityForwarder(jwtSecret, internalSecret);
    const token = await new SignJWT({ role: 'osm-staff', cluster: 'N1' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(jwtSecret));
    const forwarded = await forward(`Bearer ${token}`);
    await expect(verifyInternalIdentity(forwarded, new TextEncoder().encode(internalSecret))).resolves.toEqual({ role: 'osm-staff', subject: 'someone', clusterCode: 'N1' });
    await expect(forward(undefined)).resolves.toBeUndefined();
    await expect(forward('Basic abc')).rejects.toThrow('Bearer');
  });

  it('count only loopback addresses as loopback', () => {
    expect(['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['10.0.0.1', '169.254.169.254', '::ffff:8.8.8.8', undefined].map(isLoopback)).toEqual([false, false, false, false]);
  });
});

describe('bench operations and dataset', () => {
  it('measure the README examples as operations/examples.graphql has them', () => {
    expect([...readmeExamples().keys()]).toEqual(expect.arrayContaining(['StrategyOverview', 'ClusterOverview']));
    const operations = benchOperations('cursor-1');
    expect(operations.map((operation) => operation.name)).toEqual(expect.arrayContaining(['readme-strategy', 'readme-cluster', 'dashboard', 'paged-plans', 'fan-out', 'fan-out-staff', 'mix-10%-writes']));
    expect(JSON.parse(operations.find((operation) => operation.name === 'paged-plans')?.bodies[0] ?? '{}').variables).toEqual({ after: 'cursor-1' });
  });

  it('write in one request of ten in the mix, and only there', () => {
    for (const operation of benchOperations(null)) {
      const writes = operation.bodies.filter((body) => (JSON.parse(body) as { query: string }).query.trimStart().startsWith('mutation')).length;
      expect(writes / operation.bodies.length).toBe(operation.writes ? 0.1 : 0);
    }
  });

  it('generate the same data for the same scale', () => {
    const sequence = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(sequence(42)).toEqual(sequence(42));
    expect(sequence(42)).not.toEqual(sequence(43));
    expect(sequence(42).every((value) => value >= 0 && value < 1)).toBe(true);
  });
});
