import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { PROJECT_ROOT } from '../../kit/paths';

/** Who sends an operation: nobody signed in, or OSM staff of cluster N1. */
export type Caller = 'public' | 'osm-staff';

/** The cluster of the `osm-staff` caller, whose dashboard and writes the mix uses. */
export const STAFF_CLUSTER = 'N1';

/** One measured operation: the request bodies it cycles through, and who sends them. */
export interface Operation {
  /** Short name, printed in the table. */
  readonly name: string;
  readonly description: string;
  readonly caller: Caller;
  /** JSON request bodies; request `i` sends `bodies[i % bodies.length]`. */
  readonly bodies: readonly string[];
  /** True when some bodies write (their answers are not compared across gateways). */
  readonly writes: boolean;
}

const body = (query: string, variables?: Record<string, unknown>) => JSON.stringify(variables ? { query, variables } : { query });

/** The named operations of operations/examples.graphql (the README's "Example queries"), by name. */
export function readmeExamples(file = path.join(PROJECT_ROOT, 'operations', 'examples.graphql')): Map<string, string> {
  const document = parse(readFileSync(file, 'utf8'));
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  return new Map(operations.map((operation) => [operation.name?.value ?? 'anonymous', print(operation)]));
}

/** README "Development plans": a cluster's published plan with its map, indicators and targets, and what does not reconcile. */
const PLAN_WITH_MAP = `query PlanWithMap {
  plans(filter: { clusterCode: "N1", status: PUBLISHED }, first: 1) {
    totalCount
    edges { node {
      id titleTh status version revision isSample
      strategyMap { nodes { id kind perspective labelTh labelEn } edges { from to kind } }
      strategicIssues { titleTh nationalStrategies { number nameTh }
        objectives { perspective titleTh indicators { nameTh unit direction cascadeRule targets(fiscalYear: 2569) { province { code nameTh } value } } } }
    } }
  }
  targetReconciliation(clusterCode: "N1", fiscalYear: 2569) {
    indicator { nameTh } rule clusterValue provinceTotal missingProvinces { code nameTh } mismatchedProvinces { code }
  }
}`;

/** Everything an OSM officer's home page shows for one cluster, from all four subgraphs. */
const DASHBOARD = `query ClusterDashboard($code: String!) {
  cluster(code: $code) {
    code nameTh regionTh
    provinces { code nameTh }
    plans(first: 3) { totalCount edges { node { id titleTh status kind startYear endYear
      strategicIssues { titleTh objectives { perspective titleTh indicators { nameTh unit direction targets(fiscalYear: 2569) { value } } } } } } }
    budget(fiscalYear: 2569) { projectCount totalBaht }
    projects(fiscalYear: 2569) { id nameTh amountBaht }
    alerts(limit: 10) { id severity titleTh raisedAt }
    hearings { id titleTh heldOn venueTh }
  }
}`;

/** Every cluster with fields of each subgraph: one strategy fetch, then an entity fetch per other subgraph. */
const FAN_OUT = `query ClustersFanOut {
  clusters {
    code nameTh
    plans(first: 5) { totalCount edges { node { titleTh status } } }
    budget(fiscalYear: 2569) { projectCount totalBaht }
    projects(fiscalYear: 2569) { nameTh amountBaht }
    alerts(limit: 3) { severity titleTh }
    hearings { titleTh heldOn }
  }
}`;

/** Published plans covering 2569 across all clusters, a page of 20, with each plan's cluster budget. */
const PAGED_PLANS = `query PagedPlans($after: String) {
  plans(filter: { fiscalYear: 2569 }, first: 20, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id titleTh kind cluster { code nameTh budget(fiscalYear: 2569) { totalBaht } } } }
  }
}`;

const RAISE_ALERT = `mutation BenchRaiseAlert($input: RaiseAlertInput!) { raiseAlert(input: $input) { id sequence severity } }`;

/**
 * The fixed set of operations, in the order they are measured (the mix, which writes, last).
 *
 * @param secondPageCursor `pageInfo.endCursor` of {@link PAGED_PLANS}'s first page, so the paged
 *   list is measured on its second page (`after`), read once before measuring.
 */
export function benchOperations(secondPageCursor: string | null): Operation[] {
  const examples = readmeExamples();
  const example = (name: string) => {
    const query = examples.get(name);
    if (!query) throw new Error(`operations/examples.graphql has no operation ${name}; update scripts/bench/operations.ts`);
    return query;
  };
  const dashboard = body(DASHBOARD, { code: STAFF_CLUSTER });
  const fanOut = body(FAN_OUT);
  const write = body(RAISE_ALERT, { input: { clusterCode: STAFF_CLUSTER, severity: 'INFO', titleTh: 'บันทึกจากการวัดประสิทธิภาพ', detailTh: 'bench' } });
  return [
    { name: 'readme-strategy', description: 'README: clusters, provinces, agencies (strategy only)', caller: 'public', bodies: [body(example('StrategyOverview'))], writes: false },
    { name: 'readme-cluster', description: 'README: cluster N1 across four subgraphs', caller: 'public', bodies: [body(example('ClusterOverview'))], writes: false },
    { name: 'readme-plan', description: 'README: N1 published plan, map, indicators, targets, reconciliation', caller: 'public', bodies: [body(PLAN_WITH_MAP)], writes: false },
    { name: 'dashboard', description: `cluster dashboard: ${STAFF_CLUSTER} plans, indicators, targets, projects, budget, alerts, hearings`, caller: 'public', bodies: [dashboard], writes: false },
    { name: 'paged-plans', description: 'plans of 2569, second page of 20 (first/after), each with its cluster budget', caller: 'public', bodies: [body(PAGED_PLANS, { after: secondPageCursor })], writes: false },
    { name: 'fan-out', description: 'all 18 clusters with fields of all four subgraphs', caller: 'public', bodies: [fanOut], writes: false },
    { name: 'fan-out-staff', description: `the same as osm-staff of ${STAFF_CLUSTER} (sees its drafts)`, caller: 'osm-staff', bodies: [fanOut], writes: false },
    {
      name: 'mix-10%-writes',
      description: `osm-staff of ${STAFF_CLUSTER}: dashboard and fan-out, every 10th request raiseAlert`,
      caller: 'osm-staff',
      bodies: [dashboard, fanOut, dashboard, fanOut, dashboard, fanOut, dashboard, fanOut, dashboard, write],
      writes: true,
    },
  ];
}

/** The first page of the paged list, to read its `endCursor` before measuring. */
export const FIRST_PAGE_BODY = body(PAGED_PLANS, { after: null });

/** The names of {@link benchOperations}, for `--operations`. */
export const OPERATION_NAMES = benchOperations(null).map((operation) => operation.name);
