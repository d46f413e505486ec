import { IDENTITY_HEADER, signInternalIdentity } from '../../../kit/identity';

/**
 * How the dataset generators write: the subgraphs' own public mutations, sent straight to one
 * subgraph with an admin identity signed as the gateway signs it (`x-osm-identity`,
 * HUB_INTERNAL_SECRET). No gateway is involved, so the dataset does not depend on any of the three
 * under test, and each generator talks only to its own subgraph.
 */
export interface SubgraphWriter {
  /** Runs one document with variables on the subgraph; throws on HTTP errors and on `errors`. */
  run<Data>(query: string, variables?: Record<string, unknown>): Promise<Data>;
  /**
   * Runs one mutation field per input, `batchSize` (default 20) to a document as aliased fields
   * `m0`, `m1`, …, several documents at once, and returns the results in input order.
   *
   * @param field e.g. `raiseAlert`
   * @param inputType e.g. `RaiseAlertInput`
   * @param selection e.g. `{ id }`
   */
  many<Result>(field: string, inputType: string, selection: string, inputs: readonly unknown[], batchSize?: number): Promise<Result[]>;
}

/** Documents in flight at once per subgraph while generating. */
const PARALLEL_DOCUMENTS = 4;

/** Creates a {@link SubgraphWriter} for the subgraph at `url`. */
export function createSubgraphWriter(url: string, internalSecret: string): SubgraphWriter {
  const secret = new TextEncoder().encode(internalSecret);
  let signed: { token: string; at: number } | undefined;
  const identity = async () => {
    // The signed identity lives five minutes; a new one every minute is plenty.
    if (!signed || Date.now() - signed.at > 60_000) {
      signed = { token: await signInternalIdentity({ role: 'admin', subject: 'bench-dataset' }, secret), at: Date.now() };
    }
    return signed.token;
  };
  const run = async <Data>(query: string, variables: Record<string, unknown> = {}): Promise<Data> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await identity() },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Data; errors?: { message: string }[] };
    if (!response.ok || body.errors || !body.data) {
      throw new Error(`dataset: ${url} answered ${response.status}: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
    }
    return body.data;
  };
  const many = async <Result>(field: string, inputType: string, selection: string, inputs: readonly unknown[], batchSize = 20): Promise<Result[]> => {
    const batches: unknown[][] = [];
    for (let start = 0; start < inputs.length; start += batchSize) batches.push(inputs.slice(start, start + batchSize));
    const results: Result[][] = new Array(batches.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(PARALLEL_DOCUMENTS, batches.length) }, async () => {
        while (next < batches.length) {
          const index = next++;
          const batch = batches[index];
          const variables = Object.fromEntries(batch.map((input, position) => [`i${position}`, input]));
          const document = `mutation Generate(${batch.map((_, position) => `$i${position}: ${inputType}!`).join(', ')}) {\n${batch
            .map((_, position) => `  m${position}: ${field}(input: $i${position}) ${selection}`)
            .join('\n')}\n}`;
          const data = await run<Record<string, Result>>(document, variables);
          results[index] = batch.map((_, position) => data[`m${position}`]);
        }
      }),
    );
    return results.flat();
  };
  return { run, many };
}

/** The Thai fiscal years the dataset spreads its records over (2568–2570; the queries read 2569). */
export const FISCAL_YEARS = [2568, 2569, 2570] as const;

/** A small deterministic pseudo-random sequence (mulberry32), so that a scale always makes the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
