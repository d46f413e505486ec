import 'reflect-metadata';
import { defineSubgraph } from '../../kit/subgraph';
import { canReadProject } from './access';
import { BudgetLineResolver } from './budget-line/budget-line.resolver';
import { Cluster } from './cluster/cluster.type';
import { ContractAmendmentResolver, ContractResolver, InstalmentResolver } from './contract/contract.resolver';
import { DisbursementResolver } from './disbursement/disbursement.resolver';
import { Agency, Indicator, Province, StrategicIssue } from './entities';
import { PrismaClient } from './generated/prisma/client';
import { createLoaders } from './loaders';
import { BudgetHistoryResolver } from './history/history.resolver';
import { ImportResolver } from './import/import.resolver';
import { ProjectContractsResolver } from './ocds/project-contracts.resolver';
import { ProjectResolver } from './project/project.resolver';
import { seedSample } from './sample';
import {
  AgencyBudgetResolver,
  ClusterBudgetResolver,
  IndicatorProjectsResolver,
  ProvinceBudgetResolver,
  StrategicIssueBudgetResolver,
} from './summary/summary.resolver';

/**
 * The budget subgraph: projects and their funding; adds `projects` and `budget` to Cluster.
 */
export const budgetSubgraph = defineSubgraph({
  name: 'budget',
  PrismaClient,
  resolvers: [
    ProjectResolver,
    BudgetLineResolver,
    BudgetHistoryResolver,
    ClusterBudgetResolver,
    ProvinceBudgetResolver,
    AgencyBudgetResolver,
    StrategicIssueBudgetResolver,
    IndicatorProjectsResolver,
    ContractResolver,
    ContractAmendmentResolver,
    InstalmentResolver,
    DisbursementResolver,
    ProjectContractsResolver,
    ImportResolver,
  ],
  orphanedTypes: [Cluster, Province, Agency, StrategicIssue, Indicator],
  references: {
    Project: {
      // A project the caller may not read (before APPROVED, for the public) resolves to null.
      __resolveReference: async (ref, { loaders, identity }) => {
        const project = await loaders.projectById.load(String(ref.id));
        return project && canReadProject(identity, project) ? project : null;
      },
    },
    Cluster: { __resolveReference: (ref) => ({ code: String(ref.code) }) },
    Province: { __resolveReference: (ref) => ({ code: String(ref.code) }) },
    Agency: { __resolveReference: (ref) => ({ code: String(ref.code) }) },
    StrategicIssue: { __resolveReference: (ref) => ({ id: String(ref.id) }) },
    Indicator: { __resolveReference: (ref) => ({ id: String(ref.id) }) },
  },
  createLoaders,
  seedSample,
});
