import { GraphQLJSON } from 'graphql-scalars';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { canReadProject, maySeeSupplierDetails } from '../access';
import type { BudgetContext } from '../context';
import { Contract } from '../contract/contract.type';
import type { Contract as ContractRow, Project as ProjectRow } from '../generated/prisma/client';
import { Project } from '../project/project.type';
import { buildRelease } from './ocds.release';

/** The fields contracts add to Project: its contracts, and the project as an OCDS release. */
@Resolver(() => Project)
export class ProjectContractsResolver {
  @FieldResolver(() => [Contract], { description: 'The contracts of the project, in the order they were signed; empty when you may not read the project.' })
  async contracts(@Root() project: ProjectRow, @Ctx() { loaders, identity }: BudgetContext): Promise<ContractRow[]> {
    return canReadProject(identity, project) ? loaders.contractsOfProject.load(project.id) : [];
  }

  @FieldResolver(() => GraphQLJSON, {
    nullable: true,
    description:
      "The project as an Open Contracting Data Standard 1.1 release (JSON): ocid, id, date, tag, initiationType, buyer, parties, planning.budget, and per contract an award and a contract with amendments, milestones (instalments) and implementation.transactions (disbursements). Never holds suppliers' bank accounts; suppliers' tax ids only for OSM staff of the cluster, the Budget Bureau and admins. Null when you may not read the project.",
  })
  async ocdsRelease(@Root() project: ProjectRow, @Ctx() { loaders, identity }: BudgetContext): Promise<Record<string, unknown> | null> {
    if (!canReadProject(identity, project)) return null;
    const contracts = await loaders.contractsOfProject.load(project.id);
    const children = await Promise.all(
      contracts.map(async (contract) => {
        const [amendments, instalments, disbursements] = await Promise.all([
          loaders.amendmentsOfContract.load(contract.id),
          loaders.instalmentsOfContract.load(contract.id),
          loaders.disbursementsOfContract.load(contract.id),
        ]);
        return { contract, amendments, instalments, disbursements };
      }),
    );
    return buildRelease({ project, contracts: children, withSupplierIdentifiers: maySeeSupplierDetails(identity, project.clusterCode) });
  }
}
