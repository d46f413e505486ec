import { randomUUID } from 'node:crypto';
import { BadUserInputError } from '../../../kit/errors';
import type { Identity } from '../../../kit/identity';
import { personalDataScope } from '../access';
import { PersonalDataRequestKind, type Prisma, type PrismaClient, type SubjectKind } from '../generated/prisma/client';
import { ANONYMOUS_NAME, parseEmail, parsePhone } from './contact';
import { type PersonalDataCount, type PersonalDataErasure, type PersonalDataExport, type PersonalDataRecord, type PersonalDataRequestInput, PersonalDataRecordType } from './personal-data.type';

/**
 * Data subjects' requests under the PDPA (issue 11, item 6): finding every participation record
 * that holds a person's data, to hand it over (export) or clear it (erasure), and recording that
 * the request was answered — without keeping the e-mail address or phone number asked about.
 *
 * A person is found by the normalised e-mail address or phone number (personal/contact.ts) on the
 * `email`/`phone` columns of Registration, Comment, SurveyResponse and CitizenFeedback, and then by
 * the citizen account (`citizenSub`) of the records found, so what they posted signed in without
 * contact details is found too, and the comments that account supported or reported
 * (CommentSupport, CommentReport, keyed `sub:<account>`). OSM staff reach the records their own cluster collected; admins
 * all (access.ts {@link personalDataScope}).
 */

/** A transaction or the client: both run the queries. */
type Db = Prisma.TransactionClient | PrismaClient;

/** Who is looked for: the normalised identifiers and the cluster scope. */
interface Search {
  readonly email: string | null;
  readonly phone: string | null;
  readonly scope: string | null;
  readonly matchedBy: string;
}

/** The graph type each comment subject kind names. */
const SUBJECT_TYPES: Record<SubjectKind, string> = { PLAN: 'DevelopmentPlan', STRATEGIC_ISSUE: 'StrategicIssue', PROJECT: 'Project', HEARING: 'Hearing' };

/** Checks rights first, then the identifiers. */
function parseRequest(identity: Identity, input: PersonalDataRequestInput): Search {
  const scope = personalDataScope(identity);
  const given = (value: string | null | undefined) => (value === null || value === undefined || value.trim() === '' ? null : value);
  const email = given(input.email) === null ? null : parseEmail(input.email as string, 'email');
  const phone = given(input.phone) === null ? null : parsePhone(input.phone as string, 'phone');
  if (!email && !phone) {
    throw new BadUserInputError('Give the e-mail address, the phone number or both by which the person took part (email, phone).', 'email');
  }
  return { email, phone, scope, matchedBy: [email && 'email', phone && 'phone'].filter(Boolean).join('+') };
}

/** The condition every table shares: in scope, and the person's contact details or citizen accounts. */
function matching(search: Search, subs: readonly string[]) {
  const who: { email?: string; phone?: string; citizenSub?: { in: string[] } }[] = [];
  if (search.email) who.push({ email: search.email });
  if (search.phone) who.push({ phone: search.phone });
  if (subs.length > 0) who.push({ citizenSub: { in: [...subs] } });
  return { ...(search.scope ? { clusterCode: search.scope } : {}), OR: who };
}

/** The citizen accounts of the records the contact details match (in scope). */
async function citizenSubsOf(db: Db, search: Search): Promise<string[]> {
  const where = { ...matching(search, []), citizenSub: { not: null } };
  const select = { citizenSub: true } as const;
  // One after the other: inside a transaction the queries share one connection anyway.
  const rows = [
    ...(await db.registration.findMany({ where, select })),
    ...(await db.comment.findMany({ where, select })),
    ...(await db.surveyResponse.findMany({ where, select })),
    ...(await db.citizenFeedback.findMany({ where, select })),
  ];
  return [...new Set(rows.map((row) => row.citizenSub as string))];
}

/** Records by kind, as stored in PersonalDataRequest.counts. */
function countsOf(registrations: number, comments: number, responses: number, feedback: number, supports: number, reports: number): Record<PersonalDataRecordType, number> {
  return {
    [PersonalDataRecordType.REGISTRATION]: registrations,
    [PersonalDataRecordType.COMMENT]: comments,
    [PersonalDataRecordType.SURVEY_RESPONSE]: responses,
    [PersonalDataRecordType.CITIZEN_FEEDBACK]: feedback,
    [PersonalDataRecordType.COMMENT_SUPPORT]: supports,
    [PersonalDataRecordType.COMMENT_REPORT]: reports,
  };
}

/** The keys under which a citizen account's supports and reports of comments are stored. */
function accountKeys(subs: readonly string[]): string[] {
  return subs.map((sub) => `sub:${sub}`);
}

/** Supports and reports of comments the caller may reach: by the comment's cluster. */
function commentScope(search: Search) {
  return search.scope ? { comment: { clusterCode: search.scope } } : {};
}

/** Every kind with its count (0 when none), and the total. */
function tally(counts: Record<PersonalDataRecordType, number>): { counts: PersonalDataCount[]; total: number } {
  const list = Object.values(PersonalDataRecordType).map((type) => ({ type, count: counts[type] }));
  return { counts: list, total: list.reduce((sum, { count }) => sum + count, 0) };
}

/** Records the request answered; never the identifiers asked about. */
function recordRequest(db: Db, identity: Identity, search: Search, kind: PersonalDataRequestKind, counts: Record<PersonalDataRecordType, number>) {
  return db.personalDataRequest.create({
    data: {
      kind,
      requestedBy: identity.subject ?? identity.role,
      requesterRole: identity.role,
      clusterScope: search.scope,
      matchedBy: search.matchedBy,
      counts,
    },
  });
}

/**
 * Finds every record of the person the caller may reach, with the personal fields in full, and
 * records the request (kind EXPORT).
 *
 * @throws UnauthenticatedError for the public, ForbiddenError for roles other than admin and OSM
 *   staff; BadUserInputError when neither identifier is given or one is malformed.
 */
export async function exportPersonalData(prisma: PrismaClient, identity: Identity, input: PersonalDataRequestInput): Promise<PersonalDataExport> {
  const search = parseRequest(identity, input);
  const subs = await citizenSubsOf(prisma, search);
  const where = matching(search, subs);
  const keys = accountKeys(subs);
  const newest = [{ createdAt: 'desc' }, { id: 'desc' }] as const;
  const ofComment = { comment: { select: { clusterCode: true } } } as const;
  const [registrations, comments, responses, feedback, supports, reports] = await Promise.all([
    prisma.registration.findMany({ where, orderBy: [...newest] }),
    prisma.comment.findMany({ where, orderBy: [...newest] }),
    prisma.surveyResponse.findMany({ where, orderBy: [...newest] }),
    prisma.citizenFeedback.findMany({ where, orderBy: [...newest] }),
    keys.length === 0
      ? []
      : prisma.commentSupport.findMany({ where: { supporterKey: { in: keys }, ...commentScope(search) }, include: ofComment, orderBy: [{ createdAt: 'desc' }, { commentId: 'desc' }] }),
    keys.length === 0 ? [] : prisma.commentReport.findMany({ where: { reporterKey: { in: keys }, ...commentScope(search) }, include: ofComment, orderBy: [...newest] }),
  ]);
  /** What a support or report holds of the person: the account it was made with, and when. */
  const byAccount = (row: { commentId: string; createdAt: Date; comment: { clusterCode: string } }, key: string) => ({
    clusterCode: row.comment.clusterCode,
    createdAt: row.createdAt,
    subjectType: 'Comment',
    subjectId: row.commentId,
    displayName: ANONYMOUS_NAME,
    fullName: null,
    phone: null,
    email: null,
    citizenSub: key.slice('sub:'.length),
    nationalIdLast4: null,
  });
  const base = (row: { id: string; clusterCode: string; createdAt: Date; displayName: string; fullName: string | null; phone: string | null; email: string | null; citizenSub: string | null }) => ({
    id: row.id,
    clusterCode: row.clusterCode,
    createdAt: row.createdAt,
    displayName: row.displayName,
    fullName: row.fullName,
    phone: row.phone,
    email: row.email,
    citizenSub: row.citizenSub,
    nationalIdLast4: null,
    text: null,
  });
  const records: PersonalDataRecord[] = [
    ...registrations.map((row) => ({ ...base(row), type: PersonalDataRecordType.REGISTRATION, subjectType: 'Hearing', subjectId: row.hearingId, nationalIdLast4: row.nationalIdLast4 })),
    ...comments.map((row) => ({ ...base(row), type: PersonalDataRecordType.COMMENT, subjectType: SUBJECT_TYPES[row.subjectKind], subjectId: row.subjectId, text: row.body })),
    ...responses.map((row) => ({ ...base(row), type: PersonalDataRecordType.SURVEY_RESPONSE, subjectType: 'Survey', subjectId: row.surveyId })),
    ...feedback.map((row) => ({ ...base(row), type: PersonalDataRecordType.CITIZEN_FEEDBACK, subjectType: 'Project', subjectId: row.projectId, text: row.body })),
    ...supports.map((row) => ({ ...byAccount(row, row.supporterKey), type: PersonalDataRecordType.COMMENT_SUPPORT, id: row.commentId, text: null })),
    ...reports.map((row) => ({ ...byAccount(row, row.reporterKey), type: PersonalDataRecordType.COMMENT_REPORT, id: row.id, text: row.reason })),
  ];
  const counts = countsOf(registrations.length, comments.length, responses.length, feedback.length, supports.length, reports.length);
  const request = await recordRequest(prisma, identity, search, PersonalDataRequestKind.EXPORT, counts);
  return { requestId: request.id, matchedBy: search.matchedBy, clusterScope: search.scope, records, ...tally(counts) };
}

/**
 * Erases the person's data from every record the caller may reach, in one transaction: full
 * name, phone, e-mail, national ID (hash and last digits) and citizen account cleared, the
 * display name replaced by {@link ANONYMOUS_NAME}, `erasedAt` set, and the "one per person" keys
 * of registrations and survey answers replaced by `erased:<id>` (they held the e-mail, phone or
 * account). Comments and feedback stay, their text unchanged, now anonymous; the citizen account's
 * supports and reports of comments stay too, under keys that name no one. Records the request
 * (kind ERASE) in the same transaction. A second request finds nothing.
 *
 * @throws as {@link exportPersonalData}.
 */
export async function erasePersonalData(prisma: PrismaClient, identity: Identity, input: PersonalDataRequestInput): Promise<PersonalDataErasure> {
  const search = parseRequest(identity, input);
  const erasedAt = new Date();
  const cleared = { displayName: ANONYMOUS_NAME, fullName: null, phone: null, email: null, citizenSub: null, erasedAt };
  return prisma.$transaction(async (tx) => {
    const subs = await citizenSubsOf(tx, search);
    const where = matching(search, subs);
    const select = { id: true } as const;
    const registrations = await tx.registration.findMany({ where, select });
    for (const { id } of registrations) {
      await tx.registration.update({ where: { id }, data: { ...cleared, nationalIdHash: null, nationalIdLast4: null, registrantKey: `erased:${id}` } });
    }
    const responses = await tx.surveyResponse.findMany({ where, select });
    for (const { id } of responses) {
      await tx.surveyResponse.update({ where: { id }, data: { ...cleared, respondentKey: `erased:${id}` } });
    }
    // The duplicate-text digest is derived from the author's key (a citizen's sub): it goes too.
    const comments = await tx.comment.findMany({ where, select });
    for (const { id } of comments) {
      await tx.comment.update({ where: { id }, data: { ...cleared, bodyDigest: `erased:${id}` } });
    }
    // Supports and reports name a signed-in citizen by `sub:<subject>`: keep them (counts stay
    // right), under a key that names no one.
    const keys = accountKeys(subs);
    const ofScope = commentScope(search);
    const supports = keys.length > 0 ? await tx.commentSupport.findMany({ where: { supporterKey: { in: keys }, ...ofScope }, select: { commentId: true, supporterKey: true } }) : [];
    for (const support of supports) {
      await tx.commentSupport.update({ where: { commentId_supporterKey: support }, data: { supporterKey: `erased:${randomUUID()}` } });
    }
    const reports = keys.length > 0 ? await tx.commentReport.updateMany({ where: { reporterKey: { in: keys }, ...ofScope }, data: { reporterKey: 'erased' } }) : { count: 0 };
    const feedback = await tx.citizenFeedback.updateMany({ where, data: cleared });
    const counts = countsOf(registrations.length, comments.length, responses.length, feedback.count, supports.length, reports.count);
    const request = await recordRequest(tx, identity, search, PersonalDataRequestKind.ERASE, counts);
    return { requestId: request.id, matchedBy: search.matchedBy, clusterScope: search.scope, erasedAt, ...tally(counts) };
  });
}
