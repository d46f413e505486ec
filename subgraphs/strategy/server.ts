import 'reflect-metadata';
import { defineSubgraph } from '../../kit/subgraph';
import { AgencyResolver } from './agency/agency.resolver';
import { ClusterResolver, LeadProvinceClaimResolver } from './cluster/cluster.resolver';
import {
  AgendaItemResolver,
  ClusterCommitteeResolver,
  CommitteeMemberResolver,
  CommitteeResolver,
  FollowUpResolver,
  MeetingResolver,
  ResolutionResolver,
} from './committee/committee.resolver';
import { PrismaClient } from './generated/prisma/client';
import { HistoryResolver } from './history/history.resolver';
import { IndicatorResolver, IndicatorTargetResolver, readableIndicator, TargetReconciliationResolver } from './indicator/indicator.resolver';
import { createLoaders } from './loaders';
import { NationalPlanResolver } from './national-plan/national-plan.resolver';
import { ClusterOfficeResolver, OsmOfficeResolver, OsmPositionResolver } from './office/office.resolver';
import { readablePlan } from './plan/plan.access';
import { ClusterPlansResolver, PlanResolver } from './plan/plan.resolver';
import { ProvinceResolver } from './province/province.resolver';
import { seedSample } from './sample';
import { seedReferenceData } from './seed';
import { ObjectiveResolver, readableIssue, readableObjective, StrategicIssueResolver } from './strategy-map/strategy-map.resolver';

/**
 * The strategy subgraph: the reference data (clusters, provinces, agencies, national plans) and the
 * cluster development plans with their strategy maps, indicators and targets, and the cluster
 * committees (meetings, agendas, resolutions, follow-ups) the OSM is the secretariat of, and the
 * OSM office itself (units, orders, staffing framework, positions).
 * Entity references go through the same per-request loaders (and read rights) as the query fields.
 */
export const strategySubgraph = defineSubgraph({
  name: 'strategy',
  PrismaClient,
  resolvers: [
    ClusterResolver,
    LeadProvinceClaimResolver,
    ProvinceResolver,
    AgencyResolver,
    NationalPlanResolver,
    PlanResolver,
    ClusterPlansResolver,
    StrategicIssueResolver,
    ObjectiveResolver,
    IndicatorResolver,
    IndicatorTargetResolver,
    TargetReconciliationResolver,
    HistoryResolver,
    ClusterCommitteeResolver,
    CommitteeResolver,
    CommitteeMemberResolver,
    MeetingResolver,
    AgendaItemResolver,
    ResolutionResolver,
    FollowUpResolver,
    ClusterOfficeResolver,
    OsmOfficeResolver,
    OsmPositionResolver,
  ],
  references: {
    Cluster: { __resolveReference: (ref, { loaders }) => loaders.clusterByCode.load(String(ref.code)) },
    Province: { __resolveReference: (ref, { loaders }) => loaders.provinceByCode.load(String(ref.code)) },
    Agency: { __resolveReference: (ref, { loaders }) => loaders.agencyByCode.load(String(ref.code)) },
    DevelopmentPlan: { __resolveReference: (ref, context) => readablePlan(context, String(ref.id)) },
    StrategicIssue: { __resolveReference: (ref, context) => readableIssue(context, String(ref.id)) },
    Objective: { __resolveReference: (ref, context) => readableObjective(context, String(ref.id)) },
    Indicator: { __resolveReference: (ref, context) => readableIndicator(context, String(ref.id)) },
  },
  createLoaders,
  seed: seedReferenceData,
  seedSample,
});
