import { BadUserInputError } from '../../../kit/errors';
import { cleanText, parseDate, parseId, parseMoney } from '../../../kit/validate';
import { parseGfmisDocumentNo } from '../disbursement/disbursement.service';
import { InstalmentStatus, Prisma, type PrismaClient } from '../generated/prisma/client';
import { parseContractNo } from './contract.service';
import sampleFile from './contract.sample.json';

/** Who the sample records say created them (as the project samples, ../sample.ts). */
const SAMPLE_AUTHOR = 'sample-data';

const money = (value: string, field: string) => new Prisma.Decimal(parseMoney(value, field));
const date = (value: string, field: string) => parseDate(value, field);

/**
 * Loads the sample contracts of `contract.sample.json` with their amendments, instalments and
 * disbursements (`isSample: true` where the table has the flag), after the sample projects: a step
 * of ../sample.ts `SAMPLE_STEPS`. Some projects are behind plan on purpose (see the file's `_meta`).
 *
 * Idempotent like the other sample steps: fixed ids, `skipDuplicates`, nothing existing is changed.
 * The data goes through the checks user input would: money and dates parsed strictly, the paid
 * total and the instalments within each contract's value, the amendment ending at the value stored.
 *
 * @throws BadUserInputError when the sample file breaks one of those rules.
 */
export async function seedSampleContracts(prisma: PrismaClient): Promise<void> {
  const contracts = sampleFile.contracts.map((contract) => {
    const valueBaht = money(contract.valueBaht, 'valueBaht');
    const paid = contract.disbursements.reduce((sum, d) => sum.plus(money(d.amountBaht, 'amountBaht')), new Prisma.Decimal(0));
    const planned = contract.instalments.reduce((sum, i) => sum.plus(money(i.amountBaht, 'amountBaht')), new Prisma.Decimal(0));
    const last = contract.amendments[contract.amendments.length - 1];
    if (paid.gt(valueBaht) || planned.gt(valueBaht) || (last && !money(last.valueAfterBaht, 'valueAfterBaht').equals(valueBaht))) {
      throw new BadUserInputError(`Sample contract ${contract.contractNo}: payments, instalments or its last amendment do not agree with its value.`, 'valueBaht');
    }
    return contract;
  });
  const projects = await prisma.project.findMany({ where: { id: { in: contracts.map((c) => parseId(c.projectId)) } }, select: { id: true, clusterCode: true } });
  const clusterOf = new Map(projects.map((project) => [project.id, project.clusterCode]));
  let present = contracts.filter((contract) => clusterOf.has(contract.projectId));
  await prisma.contract.createMany({
    skipDuplicates: true,
    data: present.map((c) => ({
      id: parseId(c.id),
      projectId: c.projectId,
      clusterCode: clusterOf.get(c.projectId) as string,
      contractNo: parseContractNo(c.contractNo),
      supplierName: cleanText(c.supplierName, 'supplierName', { max: 300 }),
      supplierTaxId: c.supplierTaxId,
      valueBaht: money(c.valueBaht, 'valueBaht'),
      signedOn: date(c.signedOn, 'signedOn'),
      startsOn: date(c.startsOn, 'startsOn'),
      endsOn: date(c.endsOn, 'endsOn'),
      createdBy: SAMPLE_AUTHOR,
      isSample: true,
    })),
  });
  // A contract number a user already recorded keeps the user's contract: the sample one (and its children) is left out.
  const stored = new Set((await prisma.contract.findMany({ where: { id: { in: present.map((c) => c.id) } }, select: { id: true } })).map((row) => row.id));
  present = present.filter((contract) => stored.has(contract.id));
  await prisma.contractAmendment.createMany({
    skipDuplicates: true,
    data: present.flatMap((c) =>
      c.amendments.map((a) => ({
        id: parseId(a.id),
        contractId: c.id,
        amendedOn: date(a.amendedOn, 'amendedOn'),
        reason: cleanText(a.reason, 'reason', { max: 2000 }),
        valueBeforeBaht: money(a.valueBeforeBaht, 'valueBeforeBaht'),
        valueAfterBaht: money(a.valueAfterBaht, 'valueAfterBaht'),
        endsOnBefore: date(a.endsOnBefore, 'endsOnBefore'),
        endsOnAfter: date(a.endsOnAfter, 'endsOnAfter'),
        createdBy: SAMPLE_AUTHOR,
      })),
    ),
  });
  await prisma.instalment.createMany({
    skipDuplicates: true,
    data: present.flatMap((c) =>
      c.instalments.map((i) => {
        if (!(Object.values(InstalmentStatus) as string[]).includes(i.status)) throw new BadUserInputError(`Sample instalment status ${i.status} is not an InstalmentStatus.`, 'status');
        return {
          id: parseId(i.id),
          contractId: c.id,
          number: i.number,
          dueOn: date(i.dueOn, 'dueOn'),
          amountBaht: money(i.amountBaht, 'amountBaht'),
          status: i.status as InstalmentStatus,
          createdBy: SAMPLE_AUTHOR,
          isSample: true,
        };
      }),
    ),
  });
  await prisma.disbursement.createMany({
    skipDuplicates: true,
    data: present.flatMap((c) =>
      c.disbursements.map((d) => ({
        id: parseId(d.id),
        contractId: c.id,
        paidOn: date(d.paidOn, 'paidOn'),
        amountBaht: money(d.amountBaht, 'amountBaht'),
        gfmisDocumentNo: parseGfmisDocumentNo(d.gfmisDocumentNo),
        createdBy: SAMPLE_AUTHOR,
        isSample: true,
      })),
    ),
  });
}
