import { createHash } from 'node:crypto';
import { parseClusterCode } from '../../../kit/clusters';
import { beforeKeyset, NEWEST_FIRST_ORDER, parsePage, toConnection, type Connection } from '../../../kit/connection';
import { bangkokDays } from '../../../kit/fiscal';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../../kit/errors';
import type { Identity } from '../../../kit/identity';
import { cleanOptionalText, cleanText, parseId } from '../../../kit/validate';
import { isUniqueViolation } from '../../../kit/database';
import { authorizeStaffWrite, participantOf, readableWhere, readsAllClusters, readsUnpublished } from '../access';
import type { ParticipationContext } from '../context';
import { type Comment, CommentStatus, type Prisma } from '../generated/prisma/client';
import { displayNameOf, parseEmail, parseFullName, parsePhone } from '../personal/contact';
import { resolveSubject } from '../subject';
import { type CommentFilter, type ModerateCommentInput, ModerationAction, type PostCommentInput, type ReportCommentInput, type SupportCommentInput } from './comment.input';

/**
 * Comments, supports, reports and moderation (issue 11, items 2 and 7).
 *
 * Rules, in one place:
 * - An anonymous (`public`) comment waits as PENDING until the cluster's OSM staff publish it; a
 *   signed-in author's (citizen, staff, agency, admin) is PUBLISHED at once: a citizen answers for
 *   its words through its identity provider, the public through nobody.
 * - Threads are one level deep: a reply names a top-level comment of the same subject.
 * - The same text from the same author within {@link DUPLICATE_WINDOW_MS} is refused (CONFLICT).
 * - One support and one report per person; the {@link REPORT_THRESHOLD}th report sends a
 *   PUBLISHED comment back to PENDING for review.
 */

/** Longest comment, in characters. */
export const BODY_MAX = 2000;
/** Longest moderation or report reason, in characters. */
export const REASON_MAX = 500;
/** How long the same text from the same author is refused after it was posted: 10 minutes. */
export const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;
/** The report that sends a PUBLISHED comment back to PENDING for the cluster's staff to review. */
export const REPORT_THRESHOLD = 3;
/** Who the moderation fields name when reports, not a person, sent a comment back to PENDING. */
export const REPORTS_MODERATOR = 'system:reports';

/** Whether the caller may read a comment: PUBLISHED ones everyone; others the cluster's staff, agencies and admins. */
export function maySeeComment(identity: Identity, comment: Pick<Comment, 'status' | 'clusterCode'>): boolean {
  return comment.status === CommentStatus.PUBLISHED || readsUnpublished(identity, comment.clusterCode);
}

/** The Prisma condition of the comments the caller may read (the SQL twin of {@link maySeeComment}). */
export function commentReadWhere(identity: Identity): Prisma.CommentWhereInput {
  return readableWhere<Prisma.CommentWhereInput>(identity, { status: CommentStatus.PUBLISHED });
}

/**
 * Listing comments across subjects (no `subjectId`): only for callers who may read every subject
 * the comments are on, because a published comment can sit on a subject the caller may not read
 * (an officer's comment on a draft plan). Agencies and admins read every cluster's drafts; OSM
 * staff list their own cluster's comments; everyone else names the subject, which is checked with
 * its owner.
 *
 * @throws BadUserInputError naming `subjectId` for the public, citizens and province officers.
 */
function crossSubjectWhere(identity: Identity): Prisma.CommentWhereInput {
  if (readsAllClusters(identity)) return {};
  if (identity.role === 'osm-staff' && identity.clusterCode) return { clusterCode: identity.clusterCode };
  throw new BadUserInputError(
    'Give subjectId: comments are listed one subject at a time (a plan, strategic issue, project or hearing you can read), or through that subject\'s own `comments` field.',
    'subjectId',
  );
}

/** Whether the caller sees who moderated a comment and why: the cluster's OSM staff and admins. */
export function maySeeModeration(identity: Identity, clusterCode: string): boolean {
  return identity.role === 'admin' || (identity.role === 'osm-staff' && identity.clusterCode === clusterCode);
}

/**
 * Who a comment comes from, for the duplicate rule: the citizen's `sub`, the officer's
 * `role:subject`, else the anonymous client's key (set by the gateway); when none of these is
 * known, the subject itself, so that the same text cannot be posted twice on it by anyone
 * unidentified.
 */
function authorKeyOf(identity: Identity, subjectId: string): string {
  const { personKey } = participantOf(identity);
  if (personKey && personKey !== 'sub:') return personKey;
  if (identity.client) return `client:${identity.client}`;
  return `subject:${subjectId}`;
}

/**
 * The "one per person" key of supports and reports: `sub:<sub>` for citizens, `<role>:<subject>`
 * for officers, `client:<key>` for the public (the gateway's pseudonymous key of the client's
 * address). A public caller without a client key (a direct call to the subgraph) counts as one
 * person, `client:unidentified`.
 */
function voterKeyOf(identity: Identity): string {
  const { personKey } = participantOf(identity);
  if (personKey && personKey !== 'sub:') return personKey;
  return `client:${identity.client ?? 'unidentified'}`;
}

/**
 * The digest that finds the same text from the same author: SHA-256 of the author key and the
 * body with case, invisible characters and runs of spaces and line breaks folded, so that
 * "ขอบคุณครับ" and " ขอบคุณ\u200Bครับ " are the same text. The author key is part of the digest
 * (the table has no author column for the public), which keeps the check one indexed lookup.
 */
export function bodyDigest(authorKey: string, body: string): string {
  const folded = body.normalize('NFC').toLowerCase().replace(/\p{Cf}/gu, '').replace(/\s+/gu, ' ').trim();
  return createHash('sha256').update(`${authorKey}\n${folded}`).digest('hex');
}

/** The name shown for a signed-in author who gave none. */
function defaultNameOf(identity: Identity, subjectCluster: string): string {
  switch (identity.role) {
    case 'citizen':
      return 'ประชาชนผู้ลงชื่อเข้าใช้';
    case 'osm-staff':
      return `เจ้าหน้าที่สำนักงานบริหารยุทธศาสตร์กลุ่มจังหวัด ${identity.clusterCode ?? subjectCluster}`;
    case 'admin':
      return 'ผู้ดูแลระบบ';
    default:
      return `เจ้าหน้าที่ (${identity.role})`;
  }
}

/** The same text again within the window: CONFLICT naming `body`. */
class DuplicateCommentError extends ConflictError {
  constructor() {
    super(
      `You posted this same text less than ${DUPLICATE_WINDOW_MS / 60000} minutes ago; it is not posted twice. Change the text, or wait and post it again if you meant to.`,
    );
    Object.assign(this.extensions, { field: 'body' });
  }
}

/**
 * Posts a comment or a reply. Input is checked before any database call or subject lookup; the
 * subject is found through its owner as the caller, so a draft plan or a project not yet approved
 * is refused for the public like an unknown id.
 *
 * @throws BadUserInputError for an empty, oversized or control-character body, bad contact
 *   details, a subject or parent the caller cannot read, a parent on another subject or a reply
 *   as parent; ConflictError for the same text within the duplicate window;
 *   PeerUnavailableError when the subject's owner does not answer.
 */
export async function postComment(context: ParticipationContext, input: PostCommentInput): Promise<Comment> {
  const { prisma, identity, loaders } = context;
  const body = cleanText(input.body, 'body', { max: BODY_MAX, multiline: true });
  const fullName = parseFullName(input.fullName, 'fullName');
  const phone = cleanOptionalText(input.phone, 'phone', { max: 40 }) === null ? null : parsePhone(input.phone as string, 'phone');
  const email = cleanOptionalText(input.email, 'email', { max: 254 }) === null ? null : parseEmail(input.email as string, 'email');
  const chosenName = cleanOptionalText(input.displayName, 'displayName', { max: 60 });
  const parentId = input.parentId === null || input.parentId === undefined ? null : parseId(input.parentId, 'parentId');
  const subject = await resolveSubject(context, input.subjectId, 'subjectId');
  if (parentId) {
    const parent = await loaders.commentById.load(parentId);
    if (!parent || !maySeeComment(identity, parent)) throw new BadUserInputError('parentId names no comment you can read; reply to a published comment.', 'parentId');
    if (parent.subjectId !== subject.id) throw new BadUserInputError('parentId names a comment on another subject; a reply goes on the subject of the comment it answers.', 'parentId');
    if (parent.parentId) {
      throw new BadUserInputError(`parentId names a reply; threads are one level deep: reply to the comment it answers, ${parent.parentId}.`, 'parentId');
    }
  }
  const participant = participantOf(identity);
  // The public stays anonymous unless it chooses a name: a full name left for the staff is never shown.
  const displayName =
    identity.role === 'public' ? displayNameOf(chosenName, null) : chosenName || fullName ? displayNameOf(chosenName, fullName) : defaultNameOf(identity, subject.clusterCode);
  const digest = bodyDigest(authorKeyOf(identity, subject.id), body);
  return prisma.$transaction(async (tx) => {
    // Two identical posts at the same moment: the second waits for the first and then sees it.
    await tx.$queryRaw`SELECT 1 AS "locked" FROM pg_advisory_xact_lock(hashtext(${digest}))`;
    const recent = await tx.comment.findFirst({ where: { bodyDigest: digest, createdAt: { gte: new Date(Date.now() - DUPLICATE_WINDOW_MS) } }, select: { id: true } });
    if (recent) throw new DuplicateCommentError();
    return tx.comment.create({
      data: {
        clusterCode: subject.clusterCode,
        subjectKind: subject.kind,
        subjectId: subject.id,
        parentId,
        body,
        bodyDigest: digest,
        status: identity.role === 'public' ? CommentStatus.PENDING : CommentStatus.PUBLISHED,
        authorRole: identity.role,
        displayName,
        fullName,
        phone,
        email,
        citizenSub: participant.citizenSub,
      },
    });
  });
}

/** Loads the comment a write names, or NOT_FOUND when there is none the caller can read. */
async function commentForWrite(context: ParticipationContext, commentId: string): Promise<Comment> {
  const comment = await context.prisma.comment.findUnique({ where: { id: parseId(commentId, 'commentId') } });
  if (!comment || !maySeeComment(context.identity, comment)) {
    throw new NotFoundError('commentId names no comment you can read; list comments with Query.comments to find the id.', 'commentId');
  }
  return comment;
}

/**
 * Publishes or hides a comment, recording who, when and why. Needs OSM staff of the comment's
 * cluster or an admin; HIDE needs a reason.
 *
 * @throws UnauthenticatedError for the public; ForbiddenError for other roles and other clusters'
 *   staff; NotFoundError for an unknown comment; BadUserInputError for HIDE without a reason;
 *   ConflictError when the comment already has that status, or another moderator changed it meanwhile.
 */
export async function moderateComment(context: ParticipationContext, input: ModerateCommentInput): Promise<Comment> {
  const { prisma, identity } = context;
  if (identity.role === 'public') {
    throw new UnauthenticatedError("Moderating comments needs a signed-in OSM officer of the comment's cluster: send an Authorization: Bearer <token> header.");
  }
  if (identity.role !== 'admin' && identity.role !== 'osm-staff') {
    throw new ForbiddenError(`Only the OSM staff of a comment's cluster (or an admin) moderate it; you have role "${identity.role}".`);
  }
  const commentId = parseId(input.commentId, 'commentId');
  const reason = cleanOptionalText(input.reason, 'reason', { max: REASON_MAX, multiline: true });
  if (input.action === ModerationAction.HIDE && !reason) {
    throw new BadUserInputError('Hiding a comment needs a reason: say why in `reason` (it is recorded with your name).', 'reason');
  }
  // Loaded whatever its status: another cluster's staff get FORBIDDEN rather than NOT_FOUND (an
  // official may learn that a comment exists; only its cluster's staff may act on it).
  const comment = await prisma.comment.findUnique({ where: { id: commentId } });
  if (!comment) throw new NotFoundError('commentId names no comment; list comments with Query.comments to find the id.', 'commentId');
  const { author } = authorizeStaffWrite(identity, comment.clusterCode);
  const to = input.action === ModerationAction.PUBLISH ? CommentStatus.PUBLISHED : CommentStatus.HIDDEN;
  if (comment.status === to) throw new ConflictError(`The comment is already ${to}; nothing changed.`);
  const { count } = await prisma.comment.updateMany({
    where: { id: comment.id, status: comment.status },
    data: { status: to, moderatedBy: author, moderatedAt: new Date(), moderationReason: reason },
  });
  if (count === 0) throw new ConflictError('Another moderator changed the comment while this decision ran; read it again and retry.');
  return prisma.comment.findUniqueOrThrow({ where: { id: comment.id } });
}

/** Loads a comment that supports and reports may name: PUBLISHED and readable. */
async function publishedComment(context: ParticipationContext, commentId: string, what: string): Promise<Comment> {
  const comment = await commentForWrite(context, commentId);
  if (comment.status !== CommentStatus.PUBLISHED) {
    throw new BadUserInputError(`Only PUBLISHED comments can be ${what}; this one is ${comment.status}.`, 'commentId');
  }
  return comment;
}

/**
 * Adds the caller's support to a published comment, once per person, and counts it in the same
 * transaction.
 *
 * @throws NotFoundError / BadUserInputError when the comment is unknown or not PUBLISHED;
 *   ConflictError when this person already supports it.
 */
export async function supportComment(context: ParticipationContext, input: SupportCommentInput): Promise<Comment> {
  const { prisma, identity } = context;
  const comment = await publishedComment(context, input.commentId, 'supported');
  try {
    const [, updated] = await prisma.$transaction([
      prisma.commentSupport.create({ data: { commentId: comment.id, supporterKey: voterKeyOf(identity) } }),
      prisma.comment.update({ where: { id: comment.id }, data: { supportCount: { increment: 1 } } }),
    ]);
    return updated;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError('You already support this comment; a person supports a comment once.');
    }
    throw error;
  }
}

/**
 * Reports a published comment, once per person. The {@link REPORT_THRESHOLD}th report sends it
 * back to PENDING, with the moderation fields saying so, until the cluster's staff decide.
 *
 * @throws BadUserInputError for an empty or oversized reason or a comment not PUBLISHED;
 *   NotFoundError for an unknown comment; ConflictError when this person already reported it.
 */
export async function reportComment(context: ParticipationContext, input: ReportCommentInput): Promise<Comment> {
  const { prisma, identity } = context;
  const reason = cleanText(input.reason, 'reason', { max: REASON_MAX, multiline: true });
  const comment = await publishedComment(context, input.commentId, 'reported');
  const reporterKey = voterKeyOf(identity);
  return prisma.$transaction(async (tx) => {
    // One report per person has no unique index: the comment's row lock orders concurrent reports.
    await tx.$queryRaw`SELECT 1 FROM "Comment" WHERE "id" = ${comment.id} FOR UPDATE`;
    if (await tx.commentReport.findFirst({ where: { commentId: comment.id, reporterKey }, select: { id: true } })) {
      throw new ConflictError('You already reported this comment; its OSM staff will review it.');
    }
    await tx.commentReport.create({ data: { commentId: comment.id, reason, reporterKey } });
    const counted = await tx.comment.update({ where: { id: comment.id }, data: { reportCount: { increment: 1 } } });
    if (counted.reportCount !== REPORT_THRESHOLD || counted.status !== CommentStatus.PUBLISHED) return counted;
    return tx.comment.update({
      where: { id: comment.id },
      data: {
        status: CommentStatus.PENDING,
        moderatedBy: REPORTS_MODERATOR,
        moderatedAt: new Date(),
        moderationReason: `Reported by ${REPORT_THRESHOLD} people; waiting for the cluster's OSM staff to review it.`,
      },
    });
  });
}

/** The Prisma conditions of a comment filter (validated first). */
function commentFilterWhere(filter: CommentFilter | null | undefined): Prisma.CommentWhereInput[] {
  if (!filter) return [];
  const where: Prisma.CommentWhereInput[] = [];
  if (filter.clusterCode !== null && filter.clusterCode !== undefined) where.push({ clusterCode: parseClusterCode(filter.clusterCode, 'filter.clusterCode') });
  if (filter.status !== null && filter.status !== undefined) where.push({ status: filter.status });
  if (filter.subjectKind !== null && filter.subjectKind !== undefined) where.push({ subjectKind: filter.subjectKind });
  const posted = bangkokDays(filter.postedFrom, filter.postedTo, { from: 'filter.postedFrom', to: 'filter.postedTo' });
  if (posted) where.push({ createdAt: posted });
  if (filter.search !== null && filter.search !== undefined) where.push({ body: { contains: cleanText(filter.search, 'filter.search', { max: 100 }), mode: 'insensitive' } });
  if (filter.topLevel === true) where.push({ parentId: null });
  if (filter.topLevel === false) where.push({ parentId: { not: null } });
  return where;
}

/**
 * The comments the caller may read, newest first, paged: on one subject (checked through its
 * owner as the caller, like a post) or, without `subjectId`, across subjects.
 *
 * @throws BadUserInputError for a bad filter or page, or a subject the caller cannot read.
 */
export async function listComments(
  context: ParticipationContext,
  subjectId: string | null | undefined,
  filter: CommentFilter | null | undefined,
  args: { first?: number | null; after?: string | null },
): Promise<Connection<Comment>> {
  const page = parsePage(args);
  const where: Prisma.CommentWhereInput[] = [commentReadWhere(context.identity), ...commentFilterWhere(filter)];
  if (subjectId !== null && subjectId !== undefined) where.push({ subjectId: (await resolveSubject(context, subjectId, 'subjectId')).id });
  else where.push(crossSubjectWhere(context.identity));
  const [rows, total] = await Promise.all([
    context.prisma.comment.findMany({ where: { AND: [...where, beforeKeyset(page.after)] }, orderBy: [...NEWEST_FIRST_ORDER], take: page.first + 1 }),
    context.prisma.comment.count({ where: { AND: where } }),
  ]);
  return toConnection(rows, page, total);
}
