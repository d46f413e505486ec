/**
 * The bench's arithmetic and its printed tables: pure functions, no I/O, so test/bench.test.ts
 * checks them without starting anything.
 */

/** What one gateway did on one operation, summed over every round. */
export interface Tally {
  /** Requests answered with HTTP 200 and no `errors`. */
  ok: number;
  /** Requests answered otherwise (HTTP status other than 200, `errors`, or a network failure). */
  failed: number;
  /** Wall time spent sending them, ms (the sum of each round's slot). */
  elapsedMs: number;
  /** Latency of every request, ms, in arrival order. */
  latenciesMs: number[];
  /** CPU time of the gateway process, ms. */
  gatewayCpuMs: number;
  /** CPU time of the four subgraph processes together, ms. */
  subgraphCpuMs: number;
  /** SQL statements the subgraphs sent (`hub_database_statements_total`). */
  statements: number;
  /** The first error met, to print. */
  firstError?: string;
}

/** An empty {@link Tally}. */
export function emptyTally(): Tally {
  return { ok: 0, failed: 0, elapsedMs: 0, latenciesMs: [], gatewayCpuMs: 0, subgraphCpuMs: 0, statements: 0 };
}

/**
 * The `p`th percentile (0-100) of ascending `sorted` values by the nearest-rank method: the
 * smallest value with at least p% of the values at or below it. `NaN` for no values.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)];
}

/** One row of the results: a gateway on an operation. */
export interface Row {
  readonly operation: string;
  readonly gateway: string;
  readonly requests: number;
  readonly failed: number;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly gatewayCpuMsPerRequest: number;
  readonly subgraphCpuMsPerRequest: number;
  readonly statementsPerRequest: number;
}

/** Turns a tally into a row; figures per request are `NaN` when nothing was answered. */
export function summarize(operation: string, gateway: string, tally: Tally): Row {
  const sorted = [...tally.latenciesMs].sort((a, b) => a - b);
  const requests = tally.ok + tally.failed;
  const per = (value: number) => (requests > 0 ? value / requests : Number.NaN);
  return {
    operation,
    gateway,
    requests,
    failed: tally.failed,
    requestsPerSecond: tally.elapsedMs > 0 ? (tally.ok * 1000) / tally.elapsedMs : Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    gatewayCpuMsPerRequest: per(tally.gatewayCpuMs),
    subgraphCpuMsPerRequest: per(tally.subgraphCpuMs),
    statementsPerRequest: per(tally.statements),
  };
}

/**
 * `value / baseline` as "1.00×", or "–" when either is missing. `higherIsBetter` false inverts it
 * (latency, CPU), so that above 1× always means better than the baseline.
 */
export function ratio(value: number, baseline: number, higherIsBetter = true): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || value <= 0 || baseline <= 0) return '–';
  return `${(higherIsBetter ? value / baseline : baseline / value).toFixed(2)}×`;
}

/** A number with `digits` decimals, or "–" when it is not finite. */
export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** A Markdown table, columns padded so it also reads as plain text. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(Math.max(3, width)))), ...rows.map(line)].join('\n');
}

/**
 * The results table: one line per operation and gateway, in the order given; ratios are to the
 * `baseline` gateway's line of the same operation (throughput; p95, CPU: baseline ÷ value, so
 * above 1× is better).
 */
export function resultsTable(rows: readonly Row[], baseline: string): string {
  const header = ['operation', 'gateway', 'req/s', '× req/s', 'p50 ms', 'p95 ms', 'p99 ms', '× p95', 'gw CPU ms/req', '× gw CPU', 'sg CPU ms/req', 'SQL/req', 'requests', 'failed'];
  const lines = rows.map((row) => {
    const base = rows.find((candidate) => candidate.operation === row.operation && candidate.gateway === baseline);
    return [
      row.operation,
      row.gateway,
      fixed(row.requestsPerSecond, 0),
      base ? ratio(row.requestsPerSecond, base.requestsPerSecond) : '–',
      fixed(row.p50, 1),
      fixed(row.p95, 1),
      fixed(row.p99, 1),
      base ? ratio(row.p95, base.p95, false) : '–',
      fixed(row.gatewayCpuMsPerRequest, 2),
      base ? ratio(row.gatewayCpuMsPerRequest, base.gatewayCpuMsPerRequest, false) : '–',
      fixed(row.subgraphCpuMsPerRequest, 2),
      fixed(row.statementsPerRequest, 2),
      String(row.requests),
      String(row.failed),
    ];
  });
  return markdownTable(header, lines);
}

/** Seconds with one decimal, e.g. "7.3 s", or "failed: <reason>". */
export function formatSeconds(ms: number | string): string {
  return typeof ms === 'string' ? `failed: ${ms}` : `${(ms / 1000).toFixed(1)} s`;
}
