import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startHub } from '../hub';
import { loadConfig } from '../kit/config';

/** The operations measured: what agency apps ask most. */
const OPERATIONS: Record<string, string> = {
  'README query (strategy only)': `{ clusters { code nameTh nameEn leadProvince { code nameTh } provinces { code nameTh nameEn } }
    province(code: "50") { nameTh nameEn cluster { code nameTh } } agencies { code nameTh nameEn } }`,
  'all clusters across four subgraphs': `{ clusters { code nameTh budget(fiscalYear: 2569) { totalBaht } alerts(limit: 3) { titleTh } hearings { titleTh } } }`,
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * `npm run bench [-- --requests 2000 --concurrency 20]`: starts the whole hub in this process on
 * a throwaway PGlite folder (or the databases in `*_DATABASE_URL`; loopback only), then sends a bounded number of requests per
 * operation and prints throughput, latency percentiles and SQL statements per request.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { requests: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '20' } },
  });
  const total = Math.max(1, Number(values.requests));
  const concurrency = Math.max(1, Number(values.concurrency));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'osm-hub-bench-'));
  // The bench is one client hammering from one address: rate limits off; *_DATABASE_URL are honoured.
  const config = loadConfig({ ...process.env, PORT: '0', DATA_DIR: dataDir, RATE_LIMIT_PER_ADDRESS: '0', RATE_LIMIT_PER_IDENTITY: '0' });
  const hub = await startHub(config, 'all');
  const statements = () => hub.subgraphs.reduce((sum, subgraph) => sum + subgraph.database.statementCount(), 0);
  try {
    const engines = [...new Set(hub.subgraphs.map((subgraph) => (subgraph.database.kind === 'pglite' ? 'PGlite' : 'PostgreSQL')))].join('+');
    console.log(`node ${process.version} · ${total} requests per operation · ${concurrency} concurrent · ${engines} · one process`);
    for (const [name, query] of Object.entries(OPERATIONS)) {
      const body = JSON.stringify({ query });
      const send = async () => {
        const started = performance.now();
        const response = await fetch(hub.gatewayUrl as string, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const result = (await response.json()) as { errors?: unknown[] };
        if (!response.ok || result.errors) throw new Error(`${name} failed: ${JSON.stringify(result.errors)}`);
        return performance.now() - started;
      };
      for (let i = 0; i < 20; i++) await send();
      const before = statements();
      const latencies: number[] = [];
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < total) {
            next += 1;
            latencies.push(await send());
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      const perRequest = (statements() - before) / latencies.length;
      console.log(
        `${name.padEnd(36)} ${(latencies.length / seconds).toFixed(0).padStart(6)} req/s  ` +
          `p50 ${percentile(latencies, 50).toFixed(1)} ms  p95 ${percentile(latencies, 95).toFixed(1)} ms  ` +
          `p99 ${percentile(latencies, 99).toFixed(1)} ms  ${perRequest.toFixed(1)} SQL statements/request`,
      );
    }
  } finally {
    await hub.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
