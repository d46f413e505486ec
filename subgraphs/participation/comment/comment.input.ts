import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { CommentStatus, SubjectKind } from '../generated/prisma/enums';

@InputType({ description: 'A comment to post on a plan, strategic issue, project or hearing, or a reply to a comment there.' })
export class PostCommentInput {
  @Field(() => ID, { description: 'What the comment is about: the id of a DevelopmentPlan, StrategicIssue, Project or Hearing the caller can read.' })
  subjectId!: string;

  @Field(() => String, { description: 'The text: plain, 1 to 2,000 characters, line breaks allowed; no control characters.' })
  body!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Reply to this comment: a top-level comment on the same subject, PUBLISHED (or visible to the caller). Threads are one level deep: reply to a reply\'s parent.',
  })
  parentId?: string | null;

  @Field(() => String, { nullable: true, description: 'The name to show (up to 60 characters); "ผู้ไม่ประสงค์ออกนาม" (anonymous) when omitted.' })
  displayName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Anonymous commenters only, optional: full name (personal data, seen only by the cluster's OSM staff and admins).",
  })
  fullName?: string | null;

  @Field(() => String, { nullable: true, description: "Anonymous commenters only, optional: a Thai phone number, for the cluster's OSM staff to reply (personal data)." })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: "Anonymous commenters only, optional: an e-mail address, for the cluster's OSM staff to reply (personal data)." })
  email?: string | null;
}

/** What a moderator does with a comment. */
export enum ModerationAction {
  PUBLISH = 'PUBLISH',
  HIDE = 'HIDE',
}

registerEnumType(ModerationAction, {
  name: 'ModerationAction',
  description: 'What a moderator does with a comment.',
  valuesConfig: {
    PUBLISH: { description: 'Show it to everyone (a PENDING or HIDDEN comment becomes PUBLISHED).' },
    HIDE: { description: 'Hide it from the public (a PENDING or PUBLISHED comment becomes HIDDEN); needs a reason.' },
  },
});

@InputType({ description: 'A moderation decision on one comment.' })
export class ModerateCommentInput {
  @Field(() => ID, { description: 'The comment.' })
  commentId!: string;

  @Field(() => ModerationAction, { description: 'PUBLISH or HIDE.' })
  action!: ModerationAction;

  @Field(() => String, { nullable: true, description: 'Why (up to 500 characters): required to HIDE, optional to PUBLISH; recorded with who decided and when.' })
  reason?: string | null;
}

@InputType({ description: 'A support (เห็นด้วย) for a published comment: one per person.' })
export class SupportCommentInput {
  @Field(() => ID, { description: 'The comment to support.' })
  commentId!: string;
}

@InputType({ description: 'A report of a published comment (spam, abuse, personal data…): one per person.' })
export class ReportCommentInput {
  @Field(() => ID, { description: 'The comment to report.' })
  commentId!: string;

  @Field(() => String, { description: 'What is wrong with it: plain text, 1 to 500 characters.' })
  reason!: string;
}

@InputType({ description: 'What to narrow a list of comments by; all given conditions must hold.' })
export class CommentFilter {
  @Field(() => String, { nullable: true, description: 'Only comments on subjects of this cluster, e.g. "N1".' })
  clusterCode?: string | null;

  @Field(() => CommentStatus, {
    nullable: true,
    description: "Only comments in this status. Callers who are not the cluster's OSM staff, an agency or an admin only ever see PUBLISHED comments.",
  })
  status?: CommentStatus | null;

  @Field(() => SubjectKind, { nullable: true, description: 'Only comments on this kind of subject.' })
  subjectKind?: SubjectKind | null;

  @Field(() => String, { nullable: true, description: 'Only comments posted on or after this day (YYYY-MM-DD, Asia/Bangkok).' })
  postedFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Only comments posted on or before this day (YYYY-MM-DD, Asia/Bangkok).' })
  postedTo?: string | null;

  @Field(() => String, { nullable: true, description: 'Text to find in the comment (Thai or English, case-insensitive, up to 100 characters).' })
  search?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'True: top-level comments only (no replies); false: replies only; omitted: both.' })
  topLevel?: boolean | null;
}
