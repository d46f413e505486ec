import { type Contract, type ContractAmendment, type Disbursement, type Instalment, Prisma, type Project, ProjectStatus } from '../generated/prisma/client';

/**
 * A project as an Open Contracting Data Standard 1.1 release (https://standard.open-contracting.org/1.1/en/schema/release/),
 * so other systems (the Comptroller General's e-GP, ACT Ai, OCP tools) can take it as it is.
 *
 * What maps where:
 * - the project is the planning stage (`planning.budget`: its cost estimate and code);
 * - each contract is an `award` (supplier, value, date signed) and a `contract` (value, period,
 *   `amendments` with the value before and after in `description`, instalments as delivery
 *   `milestones` whose status codes match InstalmentStatus, and disbursements as
 *   `implementation.transactions`);
 * - the buyer is the cluster's OSM; suppliers are parties with role "supplier".
 *
 * What it never holds: a supplier's bank account (for anyone), and a supplier's tax id unless the
 * caller may see it (`withSupplierIdentifiers`). No person's name is written: `createdBy` and
 * history actors stay in the hub.
 *
 * Amounts are JSON numbers, as OCDS requires; every amount the hub stores with at most 15
 * significant digits (anything under 10 trillion baht to the satang) round-trips exactly.
 */

/** The ocid prefix of this hub's releases. A placeholder until the OSM registers one with the Open Contracting Partnership. */
export const OCID_PREFIX = 'ocds-osmhub';

/** What one release is built from: a project, its contracts and their children, as the loaders return them. */
export interface ReleaseSource {
  readonly project: Project;
  readonly contracts: readonly {
    readonly contract: Contract;
    readonly amendments: readonly ContractAmendment[];
    readonly instalments: readonly Instalment[];
    readonly disbursements: readonly Disbursement[];
  }[];
  /** Whether the caller may see suppliers' tax ids (access.ts maySeeSupplierDetails). */
  readonly withSupplierIdentifiers: boolean;
}

const MILESTONE_STATUS = { SCHEDULED: 'scheduled', MET: 'met', NOT_MET: 'notMet', PARTIALLY_MET: 'partiallyMet' } as const;

function money(amount: Prisma.Decimal) {
  return { amount: Number(amount.toFixed(2)), currency: 'THB' };
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** An OCDS date-time for a calendar date: midnight in Bangkok. */
function dateTime(date: Date): string {
  return `${day(date)}T00:00:00+07:00`;
}

/** The ocid of a project's contracting process. */
export function ocidOf(project: Pick<Project, 'id'>): string {
  return `${OCID_PREFIX}-${project.id}`;
}

/** Builds the release (a plain JSON object). */
export function buildRelease({ project, contracts, withSupplierIdentifiers }: ReleaseSource): Record<string, unknown> {
  const buyer = { id: `TH-OSM-${project.clusterCode}`, name: `สำนักงานบริหารยุทธศาสตร์กลุ่มจังหวัด ${project.clusterCode}` };
  const changes = [
    project.updatedAt,
    ...contracts.flatMap(({ contract, amendments, disbursements }) => [
      contract.createdAt,
      ...amendments.map((a) => a.createdAt),
      ...disbursements.map((d) => d.createdAt),
    ]),
  ];
  const latest = new Date(Math.max(...changes.map((date) => date.getTime())));
  const suppliers = new Map<string, Record<string, unknown>>();
  const supplierRef = (contract: Contract) => {
    const id = withSupplierIdentifiers && contract.supplierTaxId ? `TH-RD-${contract.supplierTaxId}` : `supplier-${contract.id}`;
    if (!suppliers.has(id)) {
      suppliers.set(id, {
        id,
        name: contract.supplierName,
        roles: ['supplier', 'payee'],
        ...(withSupplierIdentifiers && contract.supplierTaxId
          ? { identifier: { scheme: 'TH-RD', id: contract.supplierTaxId, legalName: contract.supplierName } }
          : {}),
      });
    }
    return { id, name: contract.supplierName };
  };
  const anyDisbursement = contracts.some((c) => c.disbursements.length > 0);
  const anyAmendment = contracts.some((c) => c.amendments.length > 0);
  const tag = contracts.length === 0 ? ['planning'] : ['award', 'contract', ...(anyAmendment ? ['contractAmendment'] : []), ...(anyDisbursement ? ['implementation'] : [])];
  const releaseContracts = contracts.map(({ contract, amendments, instalments, disbursements }) => {
    const paid = disbursements.reduce((sum, d) => sum.plus(d.amountBaht), new Prisma.Decimal(0));
    const status =
      project.status === ProjectStatus.CANCELLED ? 'cancelled' : project.status === ProjectStatus.COMPLETED || paid.gte(contract.valueBaht) ? 'terminated' : 'active';
    const supplier = supplierRef(contract);
    return {
      id: contract.id,
      awardID: `award-${contract.id}`,
      title: contract.contractNo,
      status,
      value: money(contract.valueBaht),
      dateSigned: dateTime(contract.signedOn),
      ...(contract.startsOn || contract.endsOn
        ? { period: { ...(contract.startsOn ? { startDate: dateTime(contract.startsOn) } : {}), ...(contract.endsOn ? { endDate: dateTime(contract.endsOn) } : {}) } }
        : {}),
      ...(amendments.length > 0
        ? {
            amendments: amendments.map((a) => ({
              id: a.id,
              date: dateTime(a.amendedOn),
              rationale: a.reason,
              description: `Value ${a.valueBeforeBaht.toFixed(2)} → ${a.valueAfterBaht.toFixed(2)} THB` + (a.endsOnBefore?.getTime() !== a.endsOnAfter?.getTime() ? `; ends ${a.endsOnBefore ? day(a.endsOnBefore) : '—'} → ${a.endsOnAfter ? day(a.endsOnAfter) : '—'}` : ''),
            })),
          }
        : {}),
      ...(instalments.length > 0
        ? {
            milestones: instalments.map((i) => ({
              id: `instalment-${i.number}`,
              title: `งวดที่ ${i.number}`,
              type: 'delivery',
              dueDate: dateTime(i.dueOn),
              status: MILESTONE_STATUS[i.status],
              value: money(i.amountBaht),
            })),
          }
        : {}),
      implementation: {
        transactions: disbursements.map((d) => ({
          id: d.id,
          source: `urn:th-gfmis:${d.gfmisDocumentNo}`,
          date: dateTime(d.paidOn),
          value: money(d.amountBaht),
          payer: buyer,
          payee: supplier,
        })),
      },
    };
  });
  const awards = contracts.map(({ contract }) => ({
    id: `award-${contract.id}`,
    status: 'active',
    date: dateTime(contract.signedOn),
    value: money(contract.valueBaht),
    suppliers: [supplierRef(contract)],
  }));
  return {
    ocid: ocidOf(project),
    id: `${ocidOf(project)}-${latest.toISOString()}`,
    date: latest.toISOString(),
    tag,
    initiationType: 'tender',
    language: 'th',
    buyer,
    parties: [{ ...buyer, roles: ['buyer', 'procuringEntity', 'payer'] }, ...suppliers.values()],
    planning: {
      budget: {
        id: project.code,
        description: project.nameTh,
        amount: money(project.amountBaht),
        project: project.nameEn ?? project.nameTh,
        projectID: project.code,
      },
    },
    ...(awards.length > 0 ? { awards, contracts: releaseContracts } : {}),
  };
}
