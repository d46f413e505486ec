import { assertFreshVersion } from '../../../kit/concurrency';
import { BadUserInputError, ConflictError, NotFoundError, UnauthenticatedError } from '../../../kit/errors';
import { bangkokDate } from '../../../kit/fiscal';
import type { ClusterWrite, Identity } from '../../../kit/identity';
import { cleanOptionalText, cleanText, parseDate, parseId, parseMoney } from '../../../kit/validate';
import { isUniqueViolation } from '../../../kit/database';
import { authorizeProjectWrite } from '../access';
import {
  type Contract,
  type Instalment,
  type InstalmentStatus,
  Prisma,
  type PrismaClient,
  ProjectStatus,
} from '../generated/prisma/client';
import { recordHistory } from '../history/history.service';
import type { AddInstalmentInput, AmendContractInput, RecordContractInput, SetInstalmentStatusInput } from './contract.input';

/**
 * Contracts, amendments and instalments. Every write checks rights first (access.ts), validates
 * all input before the database, and runs in one transaction that locks the contract's row
 * (`SELECT … FOR UPDATE`, {@link lockContracts}) and records history: so a disbursement and an
 * amendment of the same contract never interleave, and a refused write leaves no row at all.
 */

/** The statuses a project must have for a contract to be recorded: its budget is approved and it is not closed. */
export const CONTRACTABLE_STATUSES: readonly ProjectStatus[] = [ProjectStatus.APPROVED, ProjectStatus.CONTRACTED, ProjectStatus.IN_PROGRESS];

/** The earliest date a contract, amendment or disbursement may carry (the OSMs were founded in 2007). */
const EARLIEST = '2007-01-01';

/** Interactive transactions that take row locks may wait for another writer: wait up to 20 s to start, 60 s to run. */
export const LOCKING_TRANSACTION = { maxWait: 20_000, timeout: 60_000 } as const;

/** The dates a record of something already done may carry: from 2007 to today in Bangkok. */
export function pastDateRange(now = new Date()): { min: string; max: string } {
  return { min: EARLIEST, max: bangkokDate(now) };
}

/** An amount of baht that must be more than zero, through `parseMoney`. */
export function parsePositiveMoney(value: string, field: string): Prisma.Decimal {
  const amount = new Prisma.Decimal(parseMoney(value, field));
  if (amount.lte(0)) throw new BadUserInputError(`${field} must be more than zero; got ${amount.toFixed(2)}.`, field);
  return amount;
}

/**
 * Takes the row locks of contracts for the rest of the transaction, in id order (so two writers
 * locking the same contracts never deadlock). A second writer of the same contract waits here until
 * the first commits, then reads the totals the first wrote: this is what keeps the paid total at
 * or under the value when two disbursements arrive at once, on PostgreSQL and PGlite alike.
 *
 * @returns the ids that exist.
 */
export async function lockContracts(tx: Prisma.TransactionClient, contractIds: readonly string[]): Promise<Set<string>> {
  if (contractIds.length === 0) return new Set();
  const sorted = [...new Set(contractIds)].sort();
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Contract" WHERE "id" IN (${Prisma.join(sorted)}) ORDER BY "id" FOR UPDATE`;
  return new Set(rows.map((row) => row.id));
}

/** What has been paid against each contract (zero for one with no disbursement), read inside the caller's transaction. */
export async function paidTotals(tx: Prisma.TransactionClient | PrismaClient, contractIds: readonly string[]): Promise<Map<string, Prisma.Decimal>> {
  const totals = new Map<string, Prisma.Decimal>(contractIds.map((id) => [id, new Prisma.Decimal(0)]));
  if (contractIds.length === 0) return totals;
  const sums = await tx.disbursement.groupBy({ by: ['contractId'], where: { contractId: { in: [...contractIds] } }, _sum: { amountBaht: true } });
  for (const sum of sums) totals.set(sum.contractId, new Prisma.Decimal(sum._sum.amountBaht ?? 0));
  return totals;
}

/** What history rows record of a contract: everything but the supplier's bank account. */
export function contractSnapshot(contract: Contract) {
  const { id, projectId, clusterCode, contractNo, supplierName, supplierTaxId, valueBaht, signedOn, startsOn, endsOn, version } = contract;
  return { id, projectId, clusterCode, contractNo, supplierName, supplierTaxId, valueBaht, signedOn, startsOn, endsOn, version };
}

/** @throws UnauthenticatedError for the public, before anything is read. */
function assertSignedIn(identity: Identity, what: string): void {
  if (identity.role === 'public') throw new UnauthenticatedError(`${what} needs a signed-in OSM officer: send an Authorization: Bearer <token> header.`);
}

/** A contract a write touches, with the write the caller may make. */
export interface ContractWrite extends ClusterWrite {
  readonly contract: Contract;
}

/**
 * The first step of every write to a contract or what hangs off it: refuses the public, loads the
 * contract and checks that the caller may write its project's cluster (admins, its OSM staff).
 *
 * @throws UnauthenticatedError, BadUserInputError for a malformed id, NotFoundError, ForbiddenError.
 */
export async function authorizeContractWrite(prisma: PrismaClient, identity: Identity, contractId: string, what: string, field = 'contractId'): Promise<ContractWrite> {
  assertSignedIn(identity, what);
  const id = parseId(contractId, field);
  const contract = await prisma.contract.findUnique({ where: { id } });
  if (!contract) throw new NotFoundError(`${field} names no contract; list a project's contracts with Project.contracts to find the id.`, field);
  return { contract, ...authorizeProjectWrite(identity, { clusterCode: contract.clusterCode }) };
}

/** Tax ids of Thai juristic persons and citizens: 13 digits, optionally written with dashes or spaces. */
function parseTaxId(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{13}$/.test(digits)) {
    throw new BadUserInputError('supplierTaxId is the 13-digit Thai tax id, e.g. "0105556123456" (dashes and spaces allowed).', 'supplierTaxId');
  }
  return digits;
}

/** The contract number: one line of text, up to 60 characters (Thai numbers look like "45/2569" or "สป.12/2569"). */
export function parseContractNo(value: string, field = 'contractNo'): string {
  return cleanText(value, field, { max: 60 });
}

/**
 * Records a contract of a project the caller may write. The project must be APPROVED, CONTRACTED
 * or IN_PROGRESS; the number must be new in the cluster.
 *
 * @throws UnauthenticatedError / ForbiddenError / NotFoundError; BadUserInputError for any bad field,
 *   a project in another status, a period that ends before it starts, or a number already used.
 */
export async function recordContract(prisma: PrismaClient, identity: Identity, input: RecordContractInput): Promise<Contract> {
  assertSignedIn(identity, 'Recording a contract');
  const projectId = parseId(input.projectId, 'projectId');
  const project = await prisma.project.findUnique({ where: { id: projectId } });
  if (!project) throw new NotFoundError('projectId names no project; find the id with Query.projects.', 'projectId');
  const { clusterCode, author } = authorizeProjectWrite(identity, { clusterCode: project.clusterCode });
  const range = pastDateRange();
  const signedOn = parseDate(input.signedOn, 'signedOn', range);
  const startsOn = input.startsOn ? parseDate(input.startsOn, 'startsOn') : null;
  const endsOn = input.endsOn ? parseDate(input.endsOn, 'endsOn') : null;
  if (startsOn && startsOn < signedOn) throw new BadUserInputError('startsOn may not be before signedOn: a contract period starts once it is signed.', 'startsOn');
  if (endsOn && endsOn < (startsOn ?? signedOn)) throw new BadUserInputError(`endsOn may not be before ${startsOn ? 'startsOn' : 'signedOn'}.`, 'endsOn');
  const data = {
    projectId,
    clusterCode,
    contractNo: parseContractNo(input.contractNo),
    supplierName: cleanText(input.supplierName, 'supplierName', { max: 300 }),
    supplierTaxId: parseTaxId(input.supplierTaxId),
    supplierBankAccount: cleanOptionalText(input.supplierBankAccount, 'supplierBankAccount', { max: 60 }),
    valueBaht: parsePositiveMoney(input.valueBaht, 'valueBaht'),
    signedOn,
    startsOn,
    endsOn,
    createdBy: author,
  };
  if (!CONTRACTABLE_STATUSES.includes(project.status)) {
    throw new BadUserInputError(
      `A contract is recorded for a project whose budget is approved (${CONTRACTABLE_STATUSES.join(', ')}); project ${project.code} is ${project.status}.`,
      'projectId',
    );
  }
  try {
    return await prisma.$transaction(async (tx) => {
      const taken = await tx.contract.findUnique({ where: { clusterCode_contractNo: { clusterCode, contractNo: data.contractNo } }, select: { id: true } });
      if (taken) throw duplicateNumber(data.contractNo, clusterCode);
      const contract = await tx.contract.create({ data });
      await recordHistory(tx, {
        entityType: 'Contract',
        entityId: contract.id,
        projectId,
        clusterCode,
        action: 'RECORD_CONTRACT',
        identity,
        before: null,
        after: contractSnapshot(contract),
      });
      return contract;
    });
  } catch (error) {
    // Two recordings of one number at once: the unique index refuses the second.
    if (isUniqueViolation(error)) throw duplicateNumber(data.contractNo, clusterCode);
    throw error;
  }
}

function duplicateNumber(contractNo: string, clusterCode: string): BadUserInputError {
  return new BadUserInputError(`Contract number "${contractNo}" is already recorded in cluster ${clusterCode}; contract numbers are unique per cluster.`, 'contractNo');
}

/**
 * Amends a contract's value and/or end date, keeping the values before and after. The contract is
 * locked while the paid total is read: the new value may not go below what was paid, even when a
 * disbursement is recorded at the same moment.
 *
 * @throws CONFLICT for a stale `version`; BadUserInputError for nothing to change, a value under the paid total, bad dates.
 */
export async function amendContract(prisma: PrismaClient, identity: Identity, input: AmendContractInput): Promise<Contract> {
  const { contract, author } = await authorizeContractWrite(prisma, identity, input.contractId, 'Amending a contract');
  assertFreshVersion(`Contract ${contract.id}`, contract.version, input.version);
  const amendedOn = parseDate(input.amendedOn, 'amendedOn', { min: contract.signedOn.toISOString().slice(0, 10), max: pastDateRange().max });
  const reason = cleanText(input.reason, 'reason', { max: 2000, multiline: true });
  const valueAfter = input.valueBaht === null || input.valueBaht === undefined ? null : parsePositiveMoney(input.valueBaht, 'valueBaht');
  const endsOnAfter = input.endsOn ? parseDate(input.endsOn, 'endsOn') : null;
  if (valueAfter === null && endsOnAfter === null) {
    throw new BadUserInputError('An amendment changes something: give valueBaht, endsOn or both.', 'valueBaht');
  }
  if (endsOnAfter && endsOnAfter < (contract.startsOn ?? contract.signedOn)) {
    throw new BadUserInputError('endsOn may not be before the contract period starts.', 'endsOn');
  }
  return prisma.$transaction(async (tx) => {
    await lockContracts(tx, [contract.id]);
    const current = await tx.contract.findUniqueOrThrow({ where: { id: contract.id } });
    if (current.version !== input.version) {
      throw new ConflictError(`Contract ${contract.id} changed while this write ran (now version ${current.version}); read it again and retry.`, current.version);
    }
    const paid = (await paidTotals(tx, [contract.id])).get(contract.id) as Prisma.Decimal;
    if (valueAfter && valueAfter.lt(paid)) {
      throw new BadUserInputError(
        `valueBaht ${valueAfter.toFixed(2)} is below what has been paid against the contract (${paid.toFixed(2)}); a contract is not amended below its payments.`,
        'valueBaht',
      );
    }
    const amendment = await tx.contractAmendment.create({
      data: {
        contractId: contract.id,
        amendedOn,
        reason,
        valueBeforeBaht: current.valueBaht,
        valueAfterBaht: valueAfter ?? current.valueBaht,
        endsOnBefore: current.endsOn,
        endsOnAfter: endsOnAfter ?? current.endsOn,
        createdBy: author,
      },
    });
    const updated = await tx.contract.update({
      where: { id: contract.id },
      data: { valueBaht: amendment.valueAfterBaht, endsOn: amendment.endsOnAfter, version: { increment: 1 } },
    });
    await recordHistory(tx, {
      entityType: 'Contract',
      entityId: contract.id,
      projectId: contract.projectId,
      clusterCode: contract.clusterCode,
      action: 'AMEND_CONTRACT',
      identity,
      before: contractSnapshot(current),
      after: { ...contractSnapshot(updated), amendment: { id: amendment.id, amendedOn: amendment.amendedOn, reason } },
    });
    return updated;
  }, LOCKING_TRANSACTION);
}

/**
 * Adds an instalment to a contract; all instalments together may not exceed the contract's value.
 *
 * @throws BadUserInputError for a number already used, a non-positive amount, or instalments over the value.
 */
export async function addInstalment(prisma: PrismaClient, identity: Identity, input: AddInstalmentInput): Promise<Instalment> {
  const { contract, author } = await authorizeContractWrite(prisma, identity, input.contractId, 'Adding an instalment');
  const dueOn = parseDate(input.dueOn, 'dueOn');
  if (dueOn < contract.signedOn) throw new BadUserInputError('dueOn may not be before the contract was signed.', 'dueOn');
  const amount = parsePositiveMoney(input.amountBaht, 'amountBaht');
  if (input.number !== null && input.number !== undefined && (!Number.isInteger(input.number) || input.number < 1 || input.number > 999)) {
    throw new BadUserInputError(`number is the instalment's number from 1 to 999; got ${input.number}.`, 'number');
  }
  return prisma.$transaction(async (tx) => {
    await lockContracts(tx, [contract.id]);
    const current = await tx.contract.findUniqueOrThrow({ where: { id: contract.id } });
    const existing = await tx.instalment.findMany({ where: { contractId: contract.id }, select: { number: true, amountBaht: true } });
    const number = input.number ?? existing.reduce((max, row) => Math.max(max, row.number), 0) + 1;
    if (existing.some((row) => row.number === number)) {
      throw new BadUserInputError(`The contract already has instalment ${number}; give another number or omit it for the next free one.`, 'number');
    }
    const total = existing.reduce((sum, row) => sum.plus(row.amountBaht), amount);
    if (total.gt(current.valueBaht)) {
      throw new BadUserInputError(
        `The instalments would total ${total.toFixed(2)} baht, more than the contract's value ${current.valueBaht.toFixed(2)}; lower the amount or amend the contract first.`,
        'amountBaht',
      );
    }
    const instalment = await tx.instalment.create({ data: { contractId: contract.id, number, dueOn, amountBaht: amount, createdBy: author } });
    await recordHistory(tx, {
      entityType: 'Instalment',
      entityId: instalment.id,
      projectId: contract.projectId,
      clusterCode: contract.clusterCode,
      action: 'ADD_INSTALMENT',
      identity,
      before: null,
      after: instalment,
    });
    return instalment;
  }, LOCKING_TRANSACTION);
}

/**
 * Records an instalment's inspection result.
 *
 * @throws NotFoundError for an unknown instalment; the rights of its contract's cluster.
 */
export async function setInstalmentStatus(prisma: PrismaClient, identity: Identity, input: SetInstalmentStatusInput): Promise<Instalment> {
  assertSignedIn(identity, 'Setting an instalment status');
  const id = parseId(input.instalmentId, 'instalmentId');
  const instalment = await prisma.instalment.findUnique({ where: { id }, include: { contract: true } });
  if (!instalment) throw new NotFoundError("instalmentId names no instalment; list a contract's instalments with Contract.instalments.", 'instalmentId');
  const { contract, ...before } = instalment;
  authorizeProjectWrite(identity, { clusterCode: contract.clusterCode });
  const status: InstalmentStatus = input.status;
  return prisma.$transaction(async (tx) => {
    const updated = await tx.instalment.update({ where: { id }, data: { status } });
    await recordHistory(tx, {
      entityType: 'Instalment',
      entityId: id,
      projectId: contract.projectId,
      clusterCode: contract.clusterCode,
      action: 'SET_INSTALMENT_STATUS',
      identity,
      before,
      after: updated,
    });
    return updated;
  });
}
