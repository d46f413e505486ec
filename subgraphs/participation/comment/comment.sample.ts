import { parseClusterCode } from '../../../kit/clusters';
import { cleanText, parseId } from '../../../kit/validate';
import { CommentStatus, SubjectKind, type PrismaClient } from '../generated/prisma/client';
import { displayNameOf, parseEmail, parseFullName, parsePhone } from '../personal/contact';
import sampleFile from './comment.sample.json';
import { BODY_MAX, bodyDigest } from './comment.service';

/** Who the sample moderation decisions say made them. */
const SAMPLE_MODERATOR = 'sample-data';

interface SampleComment {
  id: string;
  clusterCode: string;
  subjectKind: string;
  subjectId: string;
  parentId?: string;
  status: string;
  authorRole: string;
  displayName?: string;
  fullName?: string;
  phone?: string;
  email?: string;
  body: string;
  supporters: number;
  createdAt: string;
  moderatedAt?: string;
}

function oneOf<Value extends string>(values: Record<string, Value>, value: string, field: string): Value {
  if (!Object.values(values).includes(value as Value)) throw new Error(`comment.sample.json: ${field} ${value} is not one of ${Object.values(values).join(', ')}.`);
  return value as Value;
}

/**
 * Loads the sample comments in `comment.sample.json` (marked `isSample: true`) and their sample
 * supports, through the checks `postComment` applies to the same fields. Idempotent: fixed ids,
 * `skipDuplicates`; top-level comments are inserted before replies.
 *
 * @throws BadUserInputError when the sample file breaks a rule a user's input would.
 */
export async function seedCommentSample(prisma: PrismaClient): Promise<void> {
  const comments = (sampleFile.comments as SampleComment[]).map((comment) => {
    const fullName = parseFullName(comment.fullName ?? null);
    return {
      id: parseId(comment.id),
      clusterCode: parseClusterCode(comment.clusterCode),
      subjectKind: oneOf(SubjectKind, comment.subjectKind, 'subjectKind'),
      subjectId: parseId(comment.subjectId, 'subjectId'),
      parentId: comment.parentId ? parseId(comment.parentId, 'parentId') : null,
      body: cleanText(comment.body, 'body', { max: BODY_MAX, multiline: true }),
      bodyDigest: bodyDigest(`sample:${comment.id}`, comment.body),
      status: oneOf(CommentStatus, comment.status, 'status'),
      authorRole: comment.authorRole,
      displayName: displayNameOf(comment.displayName, comment.authorRole === 'public' ? null : fullName),
      fullName,
      phone: comment.phone ? parsePhone(comment.phone) : null,
      email: comment.email ? parseEmail(comment.email) : null,
      citizenSub: comment.authorRole === 'citizen' ? `sample-citizen-${comment.id.slice(-4)}` : null,
      moderatedBy: comment.moderatedAt ? SAMPLE_MODERATOR : null,
      moderatedAt: comment.moderatedAt ? new Date(comment.moderatedAt) : null,
      supportCount: comment.supporters,
      createdAt: new Date(comment.createdAt),
      isSample: true,
    };
  });
  await prisma.comment.createMany({ skipDuplicates: true, data: comments.filter((comment) => !comment.parentId) });
  await prisma.comment.createMany({ skipDuplicates: true, data: comments.filter((comment) => comment.parentId) });
  await prisma.commentSupport.createMany({
    skipDuplicates: true,
    data: comments.flatMap((comment) =>
      Array.from({ length: comment.supportCount }, (_, i) => ({ commentId: comment.id, supporterKey: `sample:${i + 1}`, createdAt: comment.createdAt })),
    ),
  });
}
