import officeFile from '../../../prisma/strategy/seed/osm-office.json';
import { BadUserInputError, NotFoundError } from '../../../kit/errors';
import { authorizeClusterWrite } from '../../../kit/identity';
import { cleanOptionalText, cleanText, parseId } from '../../../kit/validate';
import { assertSignedInForCommittee } from '../committee/committee.access';
import type { StrategyContext } from '../context';
import { OfficeUnit, type OsmPosition, PositionKind } from '../generated/prisma/client';
import { recordChange } from '../history/history.service';
import type { AddOfficePositionInput, RemoveOfficePositionInput } from './office.input';
import type { OsmOffice } from './office.type';

const framework = officeFile.staffing_framework;

/** The staffing framework of the founding document: the most positions of each kind. */
export const STAFFING_LIMITS: Readonly<Record<PositionKind, number>> = {
  CIVIL_SERVANT: framework.civil_servants,
  GOVERNMENT_EMPLOYEE: framework.government_employees,
};

/** A cluster's office as the founding document sets it up (the same for every cluster; `wasPilot` stays null). */
export function officeOf(clusterCode: string): OsmOffice {
  return {
    clusterCode,
    nameTh: officeFile.office.name_th,
    nameEn: officeFile.office.name_en,
    reportsToTh: officeFile.office.reports_to_th,
    reportsToEn: officeFile.office.reports_to_en,
    parentAgencyCode: officeFile.office.parent_agency_code,
    units: officeFile.units.map((unit) => ({
      code: OfficeUnit[unit.code as OfficeUnit],
      nameTh: unit.name_th,
      nameEn: unit.name_en,
      dutiesTh: unit.duties_th,
      dutiesEn: unit.duties_en,
    })),
    orders: officeFile.orders.map((order) => ({
      number: order.number,
      issuerTh: order.issuer_th,
      issuerEn: order.issuer_en,
      date: order.date,
      dateBe: order.date_be,
      subjectTh: order.subject_th,
      subjectEn: order.subject_en,
    })),
    staffingFramework: {
      maxTotal: framework.max_total,
      civilServants: framework.civil_servants,
      governmentEmployees: framework.government_employees,
      ruleTh: framework.rule_th,
      ruleEn: framework.rule_en,
    },
    pilotCount: officeFile.pilot_count,
    wasPilot: null,
  };
}

/**
 * Adds a position to a cluster's OSM within the staffing framework. The check and the insert run
 * in one transaction that first locks the cluster's row (`SELECT … FOR UPDATE`), so concurrent
 * adds to one cluster are serialised and cannot together exceed the framework.
 *
 * @throws BadUserInputError quoting the rule (Thai and English) when the position would exceed
 *   4 civil servants, 3 government employees or 7 in all; nothing is written.
 */
export async function addOfficePosition(context: StrategyContext, input: AddOfficePositionInput): Promise<OsmPosition> {
  assertSignedInForCommittee(context);
  const { clusterCode, author } = authorizeClusterWrite(context.identity, input.clusterCode);
  const titleTh = cleanText(input.titleTh, 'titleTh', { max: 200 });
  const holderName = cleanOptionalText(input.holderName, 'holderName', { max: 200 });
  return context.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Cluster" WHERE "code" = ${clusterCode} FOR UPDATE`;
    const byKind = await tx.osmPosition.groupBy({ by: ['kind'], where: { clusterCode }, _count: { _all: true } });
    const count = (kind: PositionKind) => byKind.find((row) => row.kind === kind)?._count._all ?? 0;
    const total = count(PositionKind.CIVIL_SERVANT) + count(PositionKind.GOVERNMENT_EMPLOYEE);
    // Kept short: the gateway cuts messages at 300 characters, and the rule must arrive whole.
    const rule = `Rule: "${framework.rule_th}" (${framework.rule_en}).`;
    if (count(input.kind) + 1 > STAFFING_LIMITS[input.kind]) {
      throw new BadUserInputError(`${clusterCode} has ${count(input.kind)} of ${STAFFING_LIMITS[input.kind]} ${input.kind} positions. ${rule}`, 'kind');
    }
    if (total + 1 > framework.max_total) {
      throw new BadUserInputError(`${clusterCode} has ${total} of ${framework.max_total} positions. ${rule}`, 'kind');
    }
    const position = await tx.osmPosition.create({ data: { clusterCode, kind: input.kind, titleTh, unit: input.unit, holderName, createdBy: author } });
    await recordChange(tx, context.identity, author, {
      entityType: 'OsmPosition',
      entityId: position.id,
      planId: null,
      clusterCode,
      action: 'ADD_OFFICE_POSITION',
      before: null,
      after: position,
    });
    return position;
  });
}

/** Removes a position from a cluster's OSM. @returns the removed position. */
export async function removeOfficePosition(context: StrategyContext, input: RemoveOfficePositionInput): Promise<OsmPosition> {
  assertSignedInForCommittee(context);
  const position = await context.prisma.osmPosition.findUnique({ where: { id: parseId(input.positionId, 'positionId') } });
  if (!position) throw new NotFoundError("positionId names no position; read the cluster's office positions to find the id.", 'positionId');
  const { author } = authorizeClusterWrite(context.identity, position.clusterCode);
  return context.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Cluster" WHERE "code" = ${position.clusterCode} FOR UPDATE`;
    const { count } = await tx.osmPosition.deleteMany({ where: { id: position.id } });
    if (count === 0) throw new NotFoundError('positionId names no position any more: it was removed meanwhile.', 'positionId');
    await recordChange(tx, context.identity, author, {
      entityType: 'OsmPosition',
      entityId: position.id,
      planId: null,
      clusterCode: position.clusterCode,
      action: 'REMOVE_OFFICE_POSITION',
      before: position,
      after: null,
    });
    return position;
  });
}
