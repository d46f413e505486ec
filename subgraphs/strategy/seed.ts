import clustersFile from '../../prisma/strategy/seed/clusters.json';
import agenciesFile from '../../prisma/strategy/seed/national-agencies.json';
import strategyFile from '../../prisma/strategy/seed/national-strategy.json';
import provincesFile from '../../prisma/strategy/seed/provinces.json';
import sdgFile from '../../prisma/strategy/seed/sdg-goals.json';
import type { PrismaClient } from './generated/prisma/client';

/** Statuses under which the sources confirm a lead province (see clusters.json `_meta`). */
const CONFIRMED_LEAD_STATUSES = new Set(['head-confirmed-post-2560', 'centre-stated-secondary']);

/**
 * Loads the reference data in prisma/strategy/seed (clusters, provinces, agencies, national
 * strategy, 13th Plan milestones, the 17 SDGs) in one transaction. Idempotent: rows that exist are left as
 * they are, so a restart keeps any change made since; a half-seeded database cannot happen.
 */
export async function seedReferenceData(prisma: PrismaClient): Promise<void> {
  const unverifiedMembers = new Set(clustersFile.clusters.flatMap((cluster) => cluster.members_unverified_codes ?? []));
  const clusterOf = new Map(
    clustersFile.clusters.flatMap((cluster) => cluster.member_province_codes.map((code) => [code, cluster.code] as const)),
  );

  await prisma.$transaction([
    prisma.cluster.createMany({
      skipDuplicates: true,
      data: clustersFile.clusters.map((cluster) => ({
        code: cluster.code,
        nameTh: cluster.name_th,
        nameEn: cluster.name_en.value,
        nameEnVerified: !cluster.name_en.unverified,
        regionTh: cluster.region_th,
        regionEn: cluster.region_en,
        membersBasis: cluster.members_basis,
        leadProvinceCode: cluster.lead_province.province_code,
        leadProvinceStatus: cluster.lead_province.status,
        leadProvinceVerified:
          !cluster.lead_province.unverified &&
          cluster.lead_province.province_code !== null &&
          CONFIRMED_LEAD_STATUSES.has(cluster.lead_province.status),
        leadProvinceBasis: cluster.lead_province.basis,
      })),
    }),
    prisma.province.createMany({
      skipDuplicates: true,
      data: provincesFile.provinces.map((province) => ({
        code: province.code,
        nameTh: province.name_th,
        nameEn: province.name_en,
        regionTh: province.region_th,
        regionEn: province.region_en,
        clusterCode: clusterOf.get(province.code) ?? null,
        clusterMembershipVerified: clusterOf.has(province.code) && !unverifiedMembers.has(province.code),
        note: 'note' in province ? (province.note as string) : null,
      })),
    }),
    prisma.agency.createMany({
      skipDuplicates: true,
      data: agenciesFile.agencies.map((agency) => ({
        code: agency.code,
        nameTh: agency.name_th,
        nameEn: agency.name_en,
        abbreviationTh: agency.abbreviation_th ?? null,
        abbreviationEn: agency.abbreviation_en ?? null,
        role: agency.role,
        parentCode: agency.parent ?? null,
        unverifiedFields: agency.unverified_fields.map(toCamelCase),
        sources: agency.sources,
      })),
    }),
    prisma.nationalStrategy.createMany({
      skipDuplicates: true,
      data: strategyFile.national_strategy.strategies.map((strategy) => ({
        code: strategy.code,
        number: strategy.number,
        nameTh: strategy.name_th,
        nameEn: strategy.name_en,
      })),
    }),
    prisma.planMilestone.createMany({
      skipDuplicates: true,
      data: strategyFile.nesd_plan_13.milestones.map((milestone) => ({
        code: milestone.code,
        number: milestone.number,
        nameTh: milestone.name_th,
        nameEnInformal: milestone.name_en_informal,
        verified: !strategyFile.nesd_plan_13.milestones_basis.unverified,
      })),
    }),
    prisma.sdgGoal.createMany({
      skipDuplicates: true,
      data: sdgFile.goals.map((goal) => ({
        number: goal.number,
        code: goal.code,
        nameEn: goal.name_en,
        titleEn: goal.title_en,
        nameTh: goal.name_th ?? null,
      })),
    }),
  ]);
}

function toCamelCase(field: string): string {
  return field.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
